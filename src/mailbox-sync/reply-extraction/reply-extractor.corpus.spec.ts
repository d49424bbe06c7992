import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { extractReply } from './index.js';
import {
  isLoosePass,
  isStrictPass,
  normalizeWhitespace,
} from '../../../bench/reply-extraction/scoring.mjs';

/**
 * The public corpus (test/fixtures/reply-extraction/corpus: real replies from the test suites of
 * discourse/email_reply_trimmer, github/email_reply_parser and crisp-oss/email-reply-parser, MIT).
 * Scored like bench/reply-extraction: strict = equal after trimming and collapsing whitespace,
 * loose = token-overlap F1 >= 0.9; byte-identical inputs count once.
 */

const corpusRoot = new URL('../../../test/fixtures/reply-extraction/corpus/', import.meta.url);

/**
 * The sources disagree on a short sign-off under the reply: email_reply_parser drops
 * "-Abhishek Kona", crisp keeps it and drops "Regards, John Doe, CEO". The extractor keeps the
 * person's sign-offs, so these rows are scored apart.
 */
const SIGN_OFF_ROWS = new Set([
  'email_reply_parser/email_1_1.txt',
  'email_reply_parser/email_1_3.txt',
  'crisp_email_reply_parser/email_1.txt',
  'crisp_email_reply_parser/email_3.txt',
  'crisp_email_reply_parser/email_with_regards.txt',
]);

interface CorpusCase {
  file: string;
  input: string;
  expected: string | undefined;
}

function readCorpus(): CorpusCase[] {
  const rows = readFileSync(new URL('MANIFEST.tsv', corpusRoot), 'utf8').trim().split('\n');
  const seen = new Set<string>();
  const cases: CorpusCase[] = [];
  for (const row of rows.slice(1)) {
    const [, file = '', expectedFile = ''] = row.split('\t');
    const input = readFileSync(new URL(file, corpusRoot), 'utf8');
    const digest = createHash('sha256').update(input).digest('hex');
    if (seen.has(digest)) continue;
    seen.add(digest);
    const expected =
      expectedFile === '' ? undefined : readFileSync(new URL(expectedFile, corpusRoot), 'utf8');
    cases.push({ file, input, expected });
  }
  return cases;
}

const corpus = readCorpus();
const scored = corpus.flatMap((testCase) => {
  if (testCase.expected === undefined) return [];
  const output = extractReply({ text: testCase.input }).text;
  return [
    {
      file: testCase.file,
      signOff: SIGN_OFF_ROWS.has(testCase.file),
      strict: isStrictPass(output, testCase.expected),
      loose: isLoosePass(output, testCase.expected),
    },
  ];
});

function rate(rows: typeof scored, score: 'strict' | 'loose'): number {
  return rows.filter((row) => row[score]).length / rows.length;
}

const mainRows = scored.filter((row) => !row.signOff);
const signOffRows = scored.filter((row) => row.signOff);
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

function output(file: string): string {
  const testCase = corpus.find((candidate) => candidate.file === file);
  if (!testCase) throw new Error(`${file} is not in the corpus (or is a duplicate)`);
  return extractReply({ text: testCase.input }).text;
}

describe('reply extraction on the public corpus', () => {
  it('counts 134 unique inputs with an expectation, 5 of them sign-off rows', () => {
    expect(scored).toHaveLength(134);
    expect(signOffRows).toHaveLength(5);
  });

  it(`passes ${percent(rate(mainRows, 'strict'))} strict and ${percent(rate(mainRows, 'loose'))} loose of the ${mainRows.length} scored rows`, () => {
    expect(mainRows.filter((row) => !row.strict).map((row) => row.file)).toEqual([]);
    expect(rate(mainRows, 'strict')).toBeGreaterThanOrEqual(0.99);
    expect(rate(mainRows, 'loose')).toBe(1);
  });

  it(`passes ${percent(rate(scored, 'strict'))} strict and ${percent(rate(scored, 'loose'))} loose with the sign-off rows`, () => {
    expect(rate(scored, 'strict')).toBeGreaterThanOrEqual(0.97);
    expect(rate(scored, 'loose')).toBeGreaterThanOrEqual(0.98);
  });

  it('keeps a short sign-off, as crisp expects and email_reply_parser does not', () => {
    expect(
      signOffRows
        .filter((row) => row.strict)
        .map((row) => row.file)
        .sort(),
    ).toEqual(['crisp_email_reply_parser/email_1.txt', 'crisp_email_reply_parser/email_3.txt']);
    expect(output('email_reply_parser/email_1_3.txt')).toBe(
      'Oh thanks.\n\nHaving the function would be great.\n\n-Abhishek Kona',
    );
  });

  it.each([
    [
      'email_reply_trimmer/embedded_email_german_4.txt',
      'Hi there! I am replying from my german Google Inbox.',
    ],
    ['email_reply_trimmer/embedded_email_norwegian.txt', 'Thanx :-)'],
    ['email_reply_trimmer/embedded_email_russian_2.txt', 'Yes.'],
    [
      'email_reply_trimmer/embedded_email_chinese.txt',
      'Hi Erlend Sogge Heggen,\nThank you for your reply.',
    ],
    [
      'email_reply_trimmer/embedded_email_spanish_2.txt',
      'Igual que siempre (inclusive ahora), sin nada raro :/',
    ],
    ['email_reply_trimmer/email_headers_2.txt', 'This is a reply from Outlook!'],
    [
      'email_reply_trimmer/signatures.txt',
      'This email was sent from way too much different devices ;)',
    ],
    ['email_reply_trimmer/spam_1.txt', ''],
    ['email_reply_trimmer/quote_only.txt', '> Email with only quote.'],
    ['email_reply_parser/email_1_7.txt', ':+1:'],
    [
      'email_reply_parser/email_sent_from_my_not_signature.txt',
      'Here is another email\n\nSent from my desk, is much easier then my mobile phone.',
    ],
    ['crisp_email_reply_parser/email_finnish.txt', undefined],
    ['crisp_email_reply_parser/email_norwegian_gmail.txt', undefined],
    ['crisp_email_reply_parser/email_ios_outlook_fr.txt', undefined],
    [
      'crisp_email_reply_parser/email_zoho.txt',
      'What is the best way to clear a Riak bucket of all key, values after\nrunning a test?',
    ],
  ])('extracts %s exactly', (file, expected) => {
    const testCase = corpus.find((candidate) => candidate.file === file);
    expect(output(file)).toBe((expected ?? testCase?.expected ?? '').trim());
  });

  it('keeps inline answers between quotes and drops the leading attribution', () => {
    expect(output('crisp_email_reply_parser/email_tricky_18_inline_reply.txt')).toBe(
      [
        "> What's your opinion on option A?",
        '',
        'I think option A is great.',
        '',
        '> What about option B?',
        '',
        'Option B has some drawbacks.',
        '',
        '> Should we go with option C?',
        '',
        'Option C is not suitable for our use case.',
      ].join('\n'),
    );
  });

  it('leaves look-alike content alone', () => {
    for (const file of [
      'crisp_email_reply_parser/email_tricky_2_url_with_wrote.txt',
      'crisp_email_reply_parser/email_tricky_3_code_block.txt',
      'crisp_email_reply_parser/email_tricky_4_from_in_body.txt',
      'crisp_email_reply_parser/email_tricky_6_regards_in_sentence.txt',
      'crisp_email_reply_parser/email_tricky_7_multiple_dashes.txt',
      'crisp_email_reply_parser/email_tricky_8_sent_from_in_content.txt',
    ]) {
      const testCase = corpus.find((candidate) => candidate.file === file);
      expect(normalizeWhitespace(output(file))).toBe(normalizeWhitespace(testCase?.input ?? ''));
    }
  });

  it('handles every input-only row without losing the reply', () => {
    for (const testCase of corpus.filter((candidate) => candidate.expected === undefined)) {
      const reply = extractReply({ text: testCase.input });
      expect(reply.text.length).toBeGreaterThan(0);
    }
  });
});
