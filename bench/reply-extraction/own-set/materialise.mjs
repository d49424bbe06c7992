// Materialises the own evaluation set (MANIFEST.tsv) from snapshots of the origin repositories
// into inputs/ (gitignored): the files are other projects' test data, so they are not committed.
//
//   node bench/reply-extraction/own-set/materialise.mjs [--mirror=/work/.mirror]
//
// Each origin `github.com/OWNER/NAME@COMMIT:PATH` is read with `git show COMMIT:PATH` from the bare
// git directory MIRROR/OWNER+NAME/repo (the layout the snapshot tool leaves). Nothing is built or
// run from those repositories: data files are copied, and for kind=html-part the text/html part of
// the message is decoded and written out. Expectations written as a rule in the manifest are
// resolved here, once, into NAME.expected.txt:
//   =whole                  the input file itself (no history or signature in it)
//   =text-part              the message's text part as mailparser decodes it
//   =text-part|cut-at:X     that text part up to the first line starting with X
//   =decode:CHARSET         the text part when the message is relabelled as CHARSET (the set's
//                           wrongly labelled messages: what a reader sees in the right charset)
// Rows whose snapshot is missing are reported and skipped.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { simpleParser } from 'mailparser';

import { loadManifest } from './manifest.mjs';

const here = fileURLToPath(new URL('./', import.meta.url));
const mirror =
  process.argv.find((arg) => arg.startsWith('--mirror='))?.slice('--mirror='.length) ??
  '/work/.mirror';
const outputRoot = `${here}inputs/`;

function gitShow(origin) {
  const match = /^github\.com\/([^/]+)\/([^@]+)@([0-9a-f]{40}):(.+)$/.exec(origin);
  if (!match) throw new Error(`Unreadable origin: ${origin}`);
  const [, owner, name, commit, path] = match;
  const gitDir = `${mirror}/${owner}+${name}/repo`;
  if (!existsSync(gitDir)) return null;
  return execFileSync('git', ['-C', gitDir, 'show', `${commit}:${path}`], {
    maxBuffer: 64 * 1024 * 1024,
  });
}

const PARSE_OPTIONS = { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true };

async function resolveExpected(rule, raw) {
  if (!rule.startsWith('=')) return rule;
  if (rule === '=whole') return raw.toString('utf8');
  if (rule.startsWith('=decode:')) {
    const charset = rule.slice('=decode:'.length);
    const relabelled = raw.toString('latin1').replace(/charset="?[\w-]+"?/gi, `charset=${charset}`);
    return (await simpleParser(Buffer.from(relabelled, 'latin1'), PARSE_OPTIONS)).text ?? '';
  }
  const [base, cut] = rule.split('|cut-at:');
  if (base !== '=text-part') throw new Error(`Unknown expectation rule: ${rule}`);
  const text = (await simpleParser(raw, PARSE_OPTIONS)).text ?? '';
  if (cut === undefined) return text;
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((line) => line.startsWith(cut));
  return (at === -1 ? lines : lines.slice(0, at)).join('\n');
}

async function main() {
  rmSync(outputRoot, { recursive: true, force: true });
  let written = 0;
  const missing = [];
  for (const row of loadManifest()) {
    const raw = gitShow(row.origin);
    if (raw === null) {
      missing.push(row.id);
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
  if (missing.length > 0) {
    console.log(`Skipped ${missing.length} (no snapshot under ${mirror}): ${missing.join(', ')}`);
  }
}

export function expectedPathOf(file) {
  return file.replace(/\.(eml|txt|html)$/, '.expected.txt');
}

await main();
