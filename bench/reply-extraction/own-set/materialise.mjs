// Materialises the own evaluation set (MANIFEST.tsv) into inputs/ (gitignored): the files are
// other projects' test data and public mailing-list archives, so they are not committed.
//
//   node bench/reply-extraction/own-set/materialise.mjs [--mirror=/work/.mirror] [--sources=DIR]
//
// Each origin is `github.com/OWNER/NAME@COMMIT:PATH`. A file is taken from, in this order:
// 1. a snapshot of the repository: `git show COMMIT:PATH` in the bare git directory
//    MIRROR/OWNER+NAME/repo (the layout the snapshot tool leaves; repositories small enough to
//    fetch whole);
// 2. a copy brought file by file (repositories too large to fetch whole, read one file at a time):
//    SOURCES/OWNER+NAME/PATH, default own-set/sources/ (gitignored). The manifest's sha256 column
//    checks such a copy.
// Rows found in neither are listed at the end with the command that brings them.
//
// Nothing is built or run from those repositories: data files are copied, and for kind=html-part
// the text/html part of the message is decoded and written out. Expectations written as a rule in
// the manifest are resolved here, once, into NAME.expected.txt:
//   =whole                  the input file itself (no history or signature in it)
//   =text-part              the message's text part as mailparser decodes it
//   =text-part|from:X       that text part from the first line starting with X (a bottom post)
//   =text-part|cut-at:X     that text part up to the first line starting with X
//   =decode:CHARSET         the text part when the message is labelled CHARSET (the set's wrongly
//                           or un-labelled messages: what a reader sees in the right charset)
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { simpleParser } from 'mailparser';

import { loadManifest } from './manifest.mjs';

const here = fileURLToPath(new URL('./', import.meta.url));
const option = (name, fallback) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const mirror = option('mirror', '/work/.mirror');
const sources = option('sources', `${here}sources`);
const outputRoot = `${here}inputs/`;

function parseOrigin(origin) {
  const match = /^github\.com\/([^/]+)\/([^@]+)@([0-9a-f]{40}):(.+)$/.exec(origin);
  if (!match) throw new Error(`Unreadable origin: ${origin}`);
  const [, owner, name, commit, path] = match;
  return { owner, name, commit, path };
}

/** The file's bytes from a snapshot or a file-by-file copy, or null when neither is here. */
function readOrigin(row) {
  const { owner, name, commit, path } = parseOrigin(row.origin);
  const gitDir = `${mirror}/${owner}+${name}/repo`;
  if (existsSync(gitDir)) {
    return execFileSync('git', ['-C', gitDir, 'show', `${commit}:${path}`], {
      maxBuffer: 64 * 1024 * 1024,
    });
  }
  const copy = `${sources}/${owner}+${name}/${path}`;
  if (!existsSync(copy)) return null;
  const content = readFileSync(copy);
  const digest = createHash('sha256').update(content).digest('hex');
  if (row.sha256 && digest !== row.sha256) {
    throw new Error(`${row.id}: ${copy} does not match the manifest's sha256 (${digest})`);
  }
  return content;
}

const PARSE_OPTIONS = { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true };

async function textPart(raw) {
  return (await simpleParser(raw, PARSE_OPTIONS)).text ?? '';
}

/** The message relabelled as `charset`; a message with no label gets a Content-Type. */
function relabel(raw, charset) {
  const source = raw.toString('latin1');
  const relabelled = /charset=/i.test(source)
    ? source.replace(/charset="?[\w-]+"?/gi, `charset=${charset}`)
    : `Content-Type: text/plain; charset=${charset}\r\n${source}`;
  return Buffer.from(relabelled, 'latin1');
}

async function resolveExpected(rule, raw) {
  if (!rule.startsWith('=')) return rule;
  if (rule === '=whole') return raw.toString('utf8');
  if (rule.startsWith('=decode:')) return textPart(relabel(raw, rule.slice('=decode:'.length)));
  const [base, ...cuts] = rule.split('|');
  if (base !== '=text-part') throw new Error(`Unknown expectation rule: ${rule}`);
  let lines = (await textPart(raw)).split(/\r?\n/);
  for (const cut of cuts) {
    const [kind, prefix] = [cut.slice(0, cut.indexOf(':')), cut.slice(cut.indexOf(':') + 1)];
    const at = lines.findIndex((line) => line.startsWith(prefix));
    if (at === -1) throw new Error(`Expectation rule ${rule}: no line starts with "${prefix}"`);
    if (kind === 'from') lines = lines.slice(at);
    else if (kind === 'cut-at') lines = lines.slice(0, at);
    else throw new Error(`Unknown expectation rule: ${rule}`);
  }
  return lines.join('\n');
}

async function main() {
  rmSync(outputRoot, { recursive: true, force: true });
  let written = 0;
  const missing = [];
  for (const row of loadManifest()) {
    const raw = readOrigin(row);
    if (raw === null) {
      missing.push(row);
      continue;
    }
    let input = raw;
    if (row.kind === 'html-part') {
      const html = (await simpleParser(raw, PARSE_OPTIONS)).html;
      if (typeof html !== 'string') throw new Error(`${row.id}: no HTML part`);
      input = Buffer.from(html, 'utf8');
    }
    const file = `${outputRoot}${row.split}/${row.id}`;
    mkdirSync(file.slice(0, file.lastIndexOf('/')), { recursive: true });
    writeFileSync(file, input);
    writeFileSync(expectedPathOf(file), await resolveExpected(row.expected, raw));
    written++;
  }
  console.log(`Materialised ${written} cases into ${outputRoot}`);
  if (missing.length === 0) return;
  console.log(`Skipped ${missing.length} whose file is neither in a snapshot nor copied:`);
  for (const row of missing) {
    const { owner, name, commit, path } = parseOrigin(row.origin);
    console.log(
      `  ${row.id}: fetch github:${owner}/${name} (snapshot under ${mirror}/${owner}+${name}/repo), ` +
        `or save ${owner}/${name} ${path} at ${commit} as ${sources}/${owner}+${name}/${path}` +
        (row.sha256 ? ` (sha256 ${row.sha256})` : ''),
    );
  }
}

export function expectedPathOf(file) {
  return file.replace(/\.(eml|txt|html)$/, '.expected.txt');
}

await main();
