import { randomBytes } from 'node:crypto';
import type { MailAddress, OutboundEmail } from './mail-transport.js';

/**
 * A small RFC 5322 / MIME writer for the local sink: a multipart/alternative message with the text
 * and HTML parts in UTF-8 quoted-printable (readable in a text editor, 7-bit clean), RFC 2047
 * encoded words for non-ASCII subjects and display names, and headers folded at 78 characters.
 * Output uses CRLF line endings, as .eml files and mail clients expect.
 */
export interface EmlOptions {
  date: Date;
  /** Fixed in tests; random otherwise. */
  boundary?: string;
}

const CRLF = '\r\n';
const MAX_LINE = 78;
const QP_MAX_LINE = 76;
// 42 bytes -> 56 base64 characters -> 68-character encoded word, so even `Subject: ` plus the
// first word stays within 78 characters.
const ENCODED_WORD_MAX_BYTES = 42;

// Headers the writer produces itself from the message's fields; a copy in `headers` would
// contradict them.
const RESERVED_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'sender',
  'reply-to',
  'subject',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

export class EmlFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmlFormatError';
  }
}

export function writeEml(message: OutboundEmail, options: EmlOptions): string {
  const boundary = options.boundary ?? `=_replyline_${randomBytes(12).toString('hex')}`;
  const custom = Object.entries(message.headers);
  for (const [name] of custom) {
    if (!/^[!-9;-~]+$/.test(name))
      throw new EmlFormatError(`Invalid header name: ${JSON.stringify(name)}`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new EmlFormatError(`Header ${name} is set from the message itself, not from headers`);
    }
  }
  const hasMessageId = custom.some(([name]) => name.toLowerCase() === 'message-id');

  const lines: string[] = [
    structuredHeader('Date', formatDate(options.date)),
    addressHeader('From', message.from),
    addressHeader('To', message.to),
  ];
  if (message.replyTo) lines.push(structuredHeader('Reply-To', checkedAddress(message.replyTo)));
  lines.push(unstructuredHeader('Subject', message.subject));
  if (!hasMessageId) {
    lines.push(
      structuredHeader('Message-ID', `<${message.deliveryId}@${domainOf(message.from.email)}>`),
    );
  }
  for (const [name, value] of custom) lines.push(unstructuredHeader(name, value));
  lines.push(
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative;${CRLF} boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    encodeQuotedPrintable(message.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    encodeQuotedPrintable(message.html),
    `--${boundary}--`,
    '',
  );
  return lines.join(CRLF);
}

/**
 * Quoted-printable (RFC 2045 6.7) of UTF-8 text. Line breaks of any style become hard CRLF breaks;
 * longer lines get soft breaks. Because `=` is always escaped, a boundary starting with `=_` can
 * never occur in the output.
 */
export function encodeQuotedPrintable(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => encodeQuotedPrintableLine(line))
    .join(CRLF);
}

function encodeQuotedPrintableLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    const last = i === bytes.length - 1;
    const literal =
      (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
    const token = literal
      ? String.fromCharCode(byte)
      : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    // Room for the soft-break `=` at the end of a full line.
    if (current.length + token.length > QP_MAX_LINE - 1) {
      out.push(`${current}=`);
      current = '';
    }
    current += token;
  }
  out.push(current);
  return out.join(CRLF);
}

/** RFC 2047 B-encoded words, split on code points so every word decodes to valid UTF-8. */
export function encodeWords(text: string): string[] {
  const words: string[] = [];
  let chunk = '';
  let chunkBytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (chunkBytes + size > ENCODED_WORD_MAX_BYTES && chunk) {
      words.push(encodedWord(chunk));
      chunk = '';
      chunkBytes = 0;
    }
    chunk += char;
    chunkBytes += size;
  }
  if (chunk || words.length === 0) words.push(encodedWord(chunk));
  return words;
}

function encodedWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** Free text (Subject, Auto-Submitted, ...): plain when it is safe ASCII, encoded words otherwise. */
function unstructuredHeader(name: string, value: string): string {
  rejectLineBreaks(name, value);
  // Plain text that looks like an encoded word would be decoded by the reader: encode it too.
  if (/^[\x20-\x7e\t]*$/.test(value) && !value.includes('=?')) return fold(`${name}: `, value);
  return `${name}: ${encodeWords(value).join(`${CRLF} `)}`;
}

function structuredHeader(name: string, value: string): string {
  rejectLineBreaks(name, value);
  return fold(`${name}: `, value);
}

function addressHeader(name: string, address: MailAddress): string {
  const email = checkedAddress(address.email);
  if (!address.name) return `${name}: ${email}`;
  rejectLineBreaks(name, address.name);
  if (/^[\x20-\x7e]*$/.test(address.name) && !address.name.includes('=?')) {
    const quoted = `"${address.name.replace(/(["\\])/g, '\\$1')}"`;
    return fold(`${name}: `, `${quoted} <${email}>`);
  }
  return `${name}: ${[...encodeWords(address.name), `<${email}>`].join(`${CRLF} `)}`;
}

function checkedAddress(email: string): string {
  if (!/^[^\s<>()[\]\\,;:"@]+@[^\s<>()[\]\\,;:"@]+$/.test(email)) {
    throw new EmlFormatError(`Invalid email address: ${JSON.stringify(email)}`);
  }
  return email;
}

function rejectLineBreaks(name: string, value: string): void {
  // A CR or LF in a value would start a new header: refuse rather than let input forge headers.
  if (/[\r\n\0]/.test(value)) throw new EmlFormatError(`Header ${name} contains a line break`);
}

/** Folds at spaces so lines stay within 78 characters where the value allows it. */
function fold(prefix: string, value: string): string {
  const tokens = value.split(' ');
  let line = prefix + tokens[0];
  const lines: string[] = [];
  for (const token of tokens.slice(1)) {
    // Never fold before an empty token: a continuation line of only whitespace is not allowed.
    const hasContent = line.trim().length > prefix.trim().length;
    if (token && hasContent && line.length + 1 + token.length > MAX_LINE) {
      lines.push(line);
      line = ` ${token}`;
    } else {
      line += ` ${token}`;
    }
  }
  lines.push(line);
  return lines.join(CRLF);
}

function formatDate(date: Date): string {
  // toUTCString gives RFC 1123 with the obsolete zone "GMT"; RFC 5322 prefers a numeric offset.
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1) || 'localhost';
}
