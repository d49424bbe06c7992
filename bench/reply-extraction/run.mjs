// Reply-extraction benchmark: our extractor against the npm packages people use for the job.
//
// Run from the repository root, after compiling the extractor:
//   npm run build && node bench/reply-extraction/run.mjs
// Options: --min-seconds=N (time per extractor for throughput, default 1), --json (machine output),
//          --show-failures (print our failing cases with a diff-friendly view).
//
// Scores, per extractor, on every corpus input that has an expectation (byte-identical inputs
// counted once): strict = output equals the expectation after trimming and collapsing whitespace;
// loose = token-overlap F1 >= 0.9. Rows where the sources disagree on short sign-offs are scored
// separately. Throughput is messages per second, in-process, over the same inputs.
//
// A second table scores our own fixtures (test/fixtures/reply-extraction: clients/*.eml as full
// MIME messages, languages/, wrapped/, prompt-line/). There each extractor gets what it can read:
// planer (through a jsdom document) and talonjs get the HTML part when there is one, the
// plain-text parsers get the text part (or the HTML converted to text when a message has none),
// and ours gets both parts. These fixtures were written alongside our extractor, so read that
// table as coverage of clients and languages, not as a neutral comparison.
//
// A third table scores the own evaluation set (own-set/MANIFEST.tsv: public messages from other
// projects, materialised into own-set/inputs/ by own-set/materialise.mjs). Ours reads each file
// exactly as `node dist/cli.js extract-reply FILE` does (raw .eml, plain text or HTML, detected);
// the peers get the message's decoded text or HTML part as above, or the file itself. Only the
// tuning half is scored unless --heldout is given: the held-out half is for the final figure. Each
// half is also reported per round of rows (own-set/manifest.mjs).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import EmailReplyParser from 'email-reply-parser';
import { JSDOM } from 'jsdom';
import nodeEmailReplyParser from 'node-email-reply-parser';
import planer from 'planer';
import talon from 'talonjs';
import { convert as htmlToText } from 'html-to-text';
import { simpleParser } from 'mailparser';

import { extractReply } from '../../dist/src/mailbox-sync/reply-extraction/index.js';
import {
  looksLikeRawEmail,
  extractReplyFromFile,
} from '../../dist/src/cli/extract-reply.command.js';
import { parseMessage } from '../../dist/src/mailbox-sync/message-decoding.js';
import { loadManifest } from './own-set/manifest.mjs';
import { isStrictPass, LOOSE_F1, tokenF1 } from './scoring.mjs';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixturesRoot = `${repositoryRoot}test/fixtures/reply-extraction/`;
const corpusRoot = `${fixturesRoot}corpus/`;

/**
 * The sources disagree on a short sign-off under the reply: email_reply_parser drops
 * "-Abhishek Kona", crisp keeps it, and crisp drops "Regards, John Doe, CEO" where
 * email_reply_trimmer keeps "Best regards, //Jef". Our policy keeps sign-offs.
 */
export const SIGN_OFF_ROWS = new Set([
  'email_reply_parser/email_1_1.txt',
  'email_reply_parser/email_1_3.txt',
  'crisp_email_reply_parser/email_1.txt',
  'crisp_email_reply_parser/email_3.txt',
  'crisp_email_reply_parser/email_with_regards.txt',
]);

const args = new Set(process.argv.slice(2));
const minSeconds = Number(
  process.argv.find((arg) => arg.startsWith('--min-seconds='))?.split('=')[1] ?? '1',
);

export function loadCorpus() {
  const manifest = readFileSync(`${corpusRoot}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1);
  const seen = new Set();
  const cases = [];
  for (const row of manifest) {
    const [source, inputFile, expectedFile] = row.split('\t');
    if (!expectedFile) continue;
    const input = readFileSync(corpusRoot + inputFile, 'utf8');
    const digest = createHash('sha256').update(input).digest('hex');
    if (seen.has(digest)) continue;
    seen.add(digest);
    cases.push({
      id: inputFile,
      source,
      input,
      expected: readFileSync(corpusRoot + expectedFile, 'utf8'),
      signOff: SIGN_OFF_ROWS.has(inputFile),
    });
  }
  return cases;
}

const crispParser = new EmailReplyParser();
const dom = new JSDOM('');

/** Every extractor takes a plain-text body and returns the reply as plain text. */
export const EXTRACTORS = [
  { name: 'replyline (ours)', extract: (body) => extractReply({ text: body }).text },
  { name: 'email-reply-parser', extract: (body) => crispParser.parseReply(body) },
  { name: 'node-email-reply-parser', extract: (body) => nodeEmailReplyParser(body, true) },
  { name: 'planer', extract: (body) => planer.extractFrom(body, 'text/plain') },
  { name: 'talonjs', extract: (body) => talon.quotations.extractFromPlain(body).body },
];

/** For HTML bodies: planer and talon work on the DOM, then their HTML output becomes text. */
export const HTML_EXTRACTORS = {
  planer: (html) =>
    htmlToText(planer.extractFrom(html, 'text/html', dom.window.document), { wordwrap: false }),
  talonjs: (html) => htmlToText(talon.quotations.extractFromHtml(html).body, { wordwrap: false }),
};

function safely(extract, body) {
  try {
    const output = extract(body);
    return { output: typeof output === 'string' ? output : '', error: false };
  } catch {
    return { output: '', error: true };
  }
}

function textFixtureCases() {
  const cases = [];
  for (const folder of ['languages', 'wrapped', 'prompt-line']) {
    for (const file of readdirSync(fixturesRoot + folder).sort()) {
      if (!file.endsWith('.txt') || file.endsWith('.expected.txt')) continue;
      const text = readFileSync(`${fixturesRoot}${folder}/${file}`, 'utf8');
      const expectedFile = `${fixturesRoot}${folder}/${file.replace(/\.txt$/, '.expected.txt')}`;
      cases.push({
        id: `${folder}/${file}`,
        message: { text, html: null },
        expected: readFileSync(expectedFile, 'utf8'),
      });
    }
  }
  return cases;
}

async function clientFixtureCases() {
  const cases = [];
  for (const file of readdirSync(`${fixturesRoot}clients`).sort()) {
    if (!file.endsWith('.eml')) continue;
    const parsed = await simpleParser(readFileSync(`${fixturesRoot}clients/${file}`), {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
    });
    const text = typeof parsed.text === 'string' && parsed.text.trim() !== '' ? parsed.text : null;
    const html = typeof parsed.html === 'string' ? parsed.html : null;
    const expectedFile = `${fixturesRoot}clients/${file.replace(/\.eml$/, '.expected.txt')}`;
    cases.push({
      id: `clients/${file}`,
      message: { text, html },
      expected: readFileSync(expectedFile, 'utf8'),
    });
  }
  return cases;
}

const ownSetRoot = `${repositoryRoot}bench/reply-extraction/own-set/inputs/`;
/** The round each own-set row was added in (manifest order), to report each round apart. */
const ownSetRounds = new Map(loadManifest().map((row) => [row.id, row.round]));

async function ownSetCases(split) {
  const folder = `${ownSetRoot}${split}/`;
  let sources;
  try {
    sources = readdirSync(folder).sort();
  } catch {
    return [];
  }
  const cases = [];
  for (const source of sources) {
    for (const file of readdirSync(folder + source).sort()) {
      if (file.endsWith('.expected.txt')) continue;
      const content = readFileSync(`${folder}${source}/${file}`);
      const expected = readFileSync(
        `${folder}${source}/${file.replace(/\.(eml|txt|html)$/, '.expected.txt')}`,
        'utf8',
      );
      cases.push({
        id: `${split}/${source}/${file}`,
        round: ownSetRounds.get(`${source}/${file}`) ?? 1,
        file: content,
        expected,
        message: await messageOf(content),
      });
    }
  }
  return cases;
}

/** The text and HTML a peer reads from a file: the message's parts, or the body itself. */
async function messageOf(content) {
  if (looksLikeRawEmail(content)) {
    const parsed = await parseMessage(content);
    const text = typeof parsed.text === 'string' && parsed.text.trim() !== '' ? parsed.text : null;
    return { text, html: typeof parsed.html === 'string' ? parsed.html : null };
  }
  const body = content.toString('utf8');
  return /^\s*</.test(body) ? { text: null, html: body } : { text: body, html: null };
}

async function scoreOwnSet(cases) {
  const results = [];
  for (const extractor of messageExtractors()) {
    if (extractor.name === 'replyline (ours)') {
      const outputs = new Map();
      for (const testCase of cases) {
        outputs.set(testCase, (await extractReplyFromFile(testCase.file)).text);
      }
      results.push({
        name: extractor.name,
        ...score(
          { extract: (message) => outputs.get(message) },
          cases.map((c) => ({ ...c, message: c })),
        ),
      });
    } else {
      results.push({ name: extractor.name, ...score(extractor, cases) });
    }
  }
  return results;
}

/** What each extractor reads from a parsed message (see the header comment). */
function messageExtractors() {
  const textOf = (message) => message.text ?? htmlToText(message.html ?? '', { wordwrap: false });
  return EXTRACTORS.map((extractor) => {
    if (extractor.name === 'replyline (ours)') {
      return { name: extractor.name, extract: (message) => extractReply(message).text };
    }
    const fromHtml = HTML_EXTRACTORS[extractor.name];
    return {
      name: extractor.name,
      extract: (message) =>
        fromHtml && message.html ? fromHtml(message.html) : extractor.extract(textOf(message)),
    };
  });
}

function score(extractor, cases) {
  const rows = {
    main: { strict: 0, loose: 0, total: 0 },
    signOff: { strict: 0, loose: 0, total: 0 },
  };
  const failures = [];
  let errors = 0;
  for (const testCase of cases) {
    const { output, error } = safely(extractor.extract, testCase.input ?? testCase.message);
    if (error) errors++;
    const bucket = testCase.signOff ? rows.signOff : rows.main;
    bucket.total++;
    const strict = isStrictPass(output, testCase.expected);
    const f1 = tokenF1(output, testCase.expected);
    if (strict) bucket.strict++;
    if (f1 >= LOOSE_F1) bucket.loose++;
    if (!strict) failures.push({ id: testCase.id, f1, output, expected: testCase.expected });
  }
  return { rows, failures, errors };
}

function throughput(extractor, cases) {
  const inputs = cases.map((testCase) => testCase.input);
  for (const input of inputs) safely(extractor.extract, input);
  let messages = 0;
  const started = performance.now();
  let elapsed;
  do {
    for (const input of inputs) safely(extractor.extract, input);
    messages += inputs.length;
    elapsed = performance.now() - started;
  } while (elapsed < minSeconds * 1000);
  return messages / (elapsed / 1000);
}

function percent(part, total) {
  return total === 0 ? 'n/a' : `${((100 * part) / total).toFixed(1)}%`;
}

async function main() {
  const cases = loadCorpus();
  const ownCases = [...(await clientFixtureCases()), ...textFixtureCases()];
  const ownSet = {};
  for (const split of args.has('--heldout') ? ['tune', 'heldout'] : ['tune']) {
    const splitCases = await ownSetCases(split);
    ownSet[`${split} half`] = splitCases;
    for (const round of [1, 2]) {
      ownSet[`${split} half, round ${round}`] = splitCases.filter((c) => c.round === round);
    }
  }
  const ownSetResults = {};
  for (const [split, splitCases] of Object.entries(ownSet)) {
    ownSetResults[split] = await scoreOwnSet(splitCases);
  }
  const ownResults = messageExtractors().map((extractor) => ({
    name: extractor.name,
    ...score(extractor, ownCases),
  }));
  const results = EXTRACTORS.map((extractor) => {
    const { rows, failures, errors } = score(extractor, cases);
    const all = {
      strict: rows.main.strict + rows.signOff.strict,
      loose: rows.main.loose + rows.signOff.loose,
      total: rows.main.total + rows.signOff.total,
    };
    return {
      name: extractor.name,
      rows,
      all,
      failures,
      errors,
      perSecond: throughput(extractor, cases),
    };
  });

  if (args.has('--json')) {
    console.log(
      JSON.stringify(
        {
          corpus: results.map(({ failures: _failures, ...rest }) => rest),
          ownFixtures: ownResults.map(({ failures: _failures, ...rest }) => rest),
          ownSet: Object.fromEntries(
            Object.entries(ownSetResults).map(([split, rows]) => [
              split,
              rows.map(({ failures: _failures, ...rest }) => rest),
            ]),
          ),
        },
        null,
        2,
      ),
    );
    return;
  }
  const scoredRows = results[0].rows.main.total;
  const signOff = results[0].rows.signOff.total;
  console.log(
    `Corpus: ${scoredRows + signOff} unique inputs with an expectation (${scoredRows} scored, ${signOff} sign-off rows apart).`,
  );
  console.log('');
  console.log(
    '| extractor | strict | loose (F1>=0.9) | sign-off rows strict/loose | all rows strict/loose | msg/s | errors |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const result of results) {
    const { rows, all } = result;
    console.log(
      `| ${result.name} | ${percent(rows.main.strict, rows.main.total)} (${rows.main.strict}/${rows.main.total}) | ` +
        `${percent(rows.main.loose, rows.main.total)} (${rows.main.loose}/${rows.main.total}) | ` +
        `${rows.signOff.strict}/${rows.signOff.total} / ${rows.signOff.loose}/${rows.signOff.total} | ` +
        `${percent(all.strict, all.total)} / ${percent(all.loose, all.total)} | ` +
        `${Math.round(result.perSecond).toLocaleString('en-US')} | ${result.errors} |`,
    );
  }
  console.log('');
  console.log(
    `Own fixtures: ${ownCases.length} messages (clients as .eml, languages, wrapped attributions, prompt lines).`,
  );
  console.log('');
  console.log('| extractor | strict | loose (F1>=0.9) | errors |');
  console.log('|---|---|---|---|');
  for (const result of ownResults) {
    const { main: rows } = result.rows;
    console.log(
      `| ${result.name} | ${percent(rows.strict, rows.total)} (${rows.strict}/${rows.total}) | ` +
        `${percent(rows.loose, rows.total)} (${rows.loose}/${rows.total}) | ${result.errors} |`,
    );
  }
  for (const [split, splitResults] of Object.entries(ownSetResults)) {
    const total = splitResults[0]?.rows.main.total ?? 0;
    console.log('');
    console.log(
      total === 0
        ? `Own evaluation set, ${split}: not materialised (run own-set/materialise.mjs).`
        : `Own evaluation set, ${split}: ${total} messages from public projects (see own-set/MANIFEST.tsv).`,
    );
    if (total === 0) continue;
    console.log('');
    console.log('| extractor | strict | loose (F1>=0.9) | errors |');
    console.log('|---|---|---|---|');
    for (const result of splitResults) {
      const { main: rows } = result.rows;
      console.log(
        `| ${result.name} | ${percent(rows.strict, rows.total)} (${rows.strict}/${rows.total}) | ` +
          `${percent(rows.loose, rows.total)} (${rows.loose}/${rows.total}) | ${result.errors} |`,
      );
    }
  }
  if (args.has('--show-failures')) {
    // Each half once (the per-round tables hold the same cases again).
    const ownSetFailures = Object.entries(ownSetResults)
      .filter(([split]) => !split.includes('round'))
      .flatMap(([, rows]) => rows[0].failures.filter((failure) => failure.f1 < LOOSE_F1));
    for (const failure of [...results[0].failures, ...ownResults[0].failures, ...ownSetFailures]) {
      console.log(`\n=== ${failure.id} (F1 ${failure.f1.toFixed(2)})`);
      console.log(`--- ours\n${failure.output}\n--- expected\n${failure.expected}`);
    }
  }
}

await main();
