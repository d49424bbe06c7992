import { readFile } from 'node:fs/promises';

import {
  extractReply,
  extractReplyFromBody,
  type ExtractedReply,
} from '../mailbox-sync/reply-extraction/index.js';
import { parseMessage } from '../mailbox-sync/message-decoding.js';

/**
 * `extract-reply FILE|- [--json]`: reads a raw .eml, a plain-text body or an HTML body (detected),
 * prints the extracted reply (or `{ text, removed, rule }` with --json) and exits 0.
 */

const USAGE = 'Usage: node dist/cli.js extract-reply FILE|- [--json]\n';

export async function run(args: readonly string[]): Promise<number> {
  const json = args.includes('--json');
  const files = args.filter((arg) => arg !== '--json');
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [file] = files;
  if (file === undefined || files.length !== 1 || (file.startsWith('-') && file !== '-')) {
    process.stderr.write(USAGE);
    return 2;
  }

  let content: Buffer;
  try {
    content = file === '-' ? await readStdin() : await readFile(file);
  } catch (error) {
    process.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }

  const reply = await extractReplyFromFile(content);
  process.stdout.write(json ? `${JSON.stringify(reply)}\n` : `${reply.text}\n`);
  return 0;
}

export async function extractReplyFromFile(content: Buffer): Promise<ExtractedReply> {
  if (looksLikeRawEmail(content)) {
    // The same decoding as the inbound pipeline: charset repair, multipart without parts.
    const parsed = await parseMessage(content);
    const html = typeof parsed.html === 'string' ? parsed.html : null;
    return extractReply({ text: parsed.text ?? null, html });
  }
  return extractReplyFromBody(content.toString('utf8'));
}

/** Header fields only a message (not a body that quotes one) starts with. */
const MESSAGE_ONLY_HEADERS = new Set([
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'received',
  'return-path',
  'message-id',
  'delivered-to',
  'dkim-signature',
  'x-mailer',
  'arc-seal',
  'authentication-results',
]);

/** A header field name: printable ASCII without a colon (RFC 5322), then the colon. */
const HEADER_LINE = /^([!-9;-~]{1,76}):/;
/** The "From sender date" line an mbox export puts before the header. */
const MBOX_FROM_LINE = /^From \S+ /;
/** Fields that name the body's format: a file starting with one alone is a MIME entity. */
const BODY_FORMAT_HEADERS = new Set(['content-type', 'mime-version']);

/**
 * An .eml starts with header fields up to the first empty line, including a field that a body
 * never starts with (a quoted "From:/Sent:/To:" block does not count). Exports differ: an mbox
 * "From " line may come first, and some tools unfold long fields without indenting the
 * continuation, so a few lines that are not fields are tolerated among many that are.
 */
export function looksLikeRawEmail(content: Buffer): boolean {
  const head = content.subarray(0, 16 * 1024).toString('latin1');
  const lines = head.split(/\r?\n/);
  if (MBOX_FROM_LINE.test(lines[0] ?? '')) lines.shift();
  let headerFields = 0;
  let otherLines = 0;
  let messageOnly = false;
  let bodyFormat = false;
  for (const line of lines) {
    if (line === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (headerFields === 0) return false;
      continue;
    }
    const field = HEADER_LINE.exec(line);
    if (!field) {
      if (headerFields === 0) return false;
      otherLines++;
      continue;
    }
    headerFields++;
    const name = (field[1] ?? '').toLowerCase();
    if (MESSAGE_ONLY_HEADERS.has(name)) messageOnly = true;
    if (BODY_FORMAT_HEADERS.has(name)) bodyFormat = true;
  }
  if (otherLines * 2 > headerFields) return false;
  return (headerFields >= 2 && messageOnly) || (headerFields >= 1 && bodyFormat);
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks);
}
