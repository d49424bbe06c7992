/**
 * MIME as Exchange Online serves it from Graph's `GET /messages/{id}/$value`: not the bytes that
 * arrived, but a message Exchange regenerated from what it stored. What the Microsoft fake does
 * to a stored message before serving it, modelled on Microsoft's own example response
 * (learn.microsoft.com/graph/outlook-get-mime-message) and public reports
 * (microsoftgraph/microsoft-graph-docs#4880 quoted-printable soft breaks in URLs, #10330 the HTTP
 * answer is `Content-Type: text/plain` without a charset while the bytes are the message):
 *
 * - headers in Exchange's order: Received first, then From, To, Cc, Subject, Thread-Topic,
 *   Thread-Index, Date, Message-ID, In-Reply-To, References, Accept-Language, Content-Language,
 *   X-MS-* ..., the remaining original headers, then MIME-Version and Content-Type;
 * - Message-ID and In-Reply-To folded onto a continuation line, References one id per line;
 * - addresses and subject re-rendered (encoded words for non-ASCII names and subjects);
 * - bodies re-encoded: text that fits Latin-1 as `charset="iso-8859-1"` quoted-printable (as in
 *   Microsoft's example), anything else as UTF-8 base64, whatever the sender used;
 * - HTML re-serialised in Exchange's skeleton (its own meta charset and `P {margin-top:0}` style);
 * - boundaries `_000_<message id>_` (alternative) and `_004_<message id>_` (mixed).
 *
 * A message mailparser cannot read is served as stored (Exchange would have converted or refused
 * it at delivery; modelling that is beyond a fake).
 */
import { randomBytes } from 'node:crypto';
import type { AddressObject, ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import { encode as base64Encode, wrap as base64Wrap } from 'nodemailer/lib/base64';
import { encodeWords, foldLines } from 'nodemailer/lib/mime-funcs';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';

const REGENERATED = new Set([
  'received',
  'from',
  'to',
  'cc',
  'subject',
  'thread-topic',
  'thread-index',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'accept-language',
  'content-language',
  'x-ms-has-attach',
  'x-ms-tnef-correlator',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

export async function exchangeShapedMime(raw: Buffer): Promise<Buffer> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  } catch {
    return raw;
  }
  if (!parsed.headerLines.length || (!parsed.text && !parsed.html)) return raw;

  const id = (parsed.messageId ?? `<${randomBytes(8).toString('hex')}@exchange.test>`).replace(
    /[^A-Za-z0-9]/g,
    '',
  );
  const lines: string[] = [];
  for (const { key, line } of parsed.headerLines) if (key === 'received') lines.push(line);
  addAddress(lines, 'From', parsed.from);
  addAddress(lines, 'To', parsed.to);
  addAddress(lines, 'Cc', parsed.cc);
  const subject = parsed.subject ?? '';
  lines.push(foldLines(`Subject: ${encodeWords(subject, 'B', 52)}`, 76));
  lines.push(
    foldLines(`Thread-Topic: ${encodeWords(subject.replace(/^(re|aw|fw|fwd):\s*/i, ''), 'B', 52)}`),
  );
  lines.push(`Thread-Index: ${randomBytes(22).toString('base64')}`);
  if (parsed.date) lines.push(`Date: ${rfc5322Date(parsed.date)}`);
  if (parsed.messageId) lines.push(`Message-ID:\r\n\t${parsed.messageId}`);
  if (parsed.inReplyTo) lines.push(`In-Reply-To:\r\n\t${parsed.inReplyTo}`);
  const references =
    typeof parsed.references === 'string' ? [parsed.references] : parsed.references;
  if (references?.length) lines.push(`References: ${references.join('\r\n ')}`);
  lines.push('Accept-Language: en-US', 'Content-Language: en-US');
  lines.push(`X-MS-Has-Attach: ${parsed.attachments.length ? 'yes' : ''}`.trimEnd());
  lines.push('X-MS-Exchange-Organization-SCL: -1', 'X-MS-TNEF-Correlator:');
  for (const { key, line } of parsed.headerLines) {
    if (!REGENERATED.has(key)) lines.push(refold(line));
  }
  lines.push('MIME-Version: 1.0');

  const alternative = `_000_${id}_`;
  const textPart = bodyPart('text/plain', parsed.text ?? '');
  const body = parsed.html
    ? multipart('alternative', alternative, [
        textPart,
        bodyPart('text/html', exchangeHtml(parsed.html)),
      ])
    : textPart;
  const message = parsed.attachments.length
    ? multipart('mixed', `_004_${id}_`, [
        body,
        ...parsed.attachments.map((attachment) => {
          const name = attachment.filename ?? 'attachment';
          return (
            `Content-Type: ${attachment.contentType}; name="${name}"\r\n` +
            `Content-Description: ${name}\r\n` +
            `Content-Disposition: attachment; filename="${name}"; size=${attachment.size}\r\n` +
            'Content-Transfer-Encoding: base64\r\n\r\n' +
            base64Wrap(base64Encode(attachment.content), 76)
          );
        }),
      ])
    : body;
  return Buffer.from(`${lines.join('\r\n')}\r\n${message}\r\n`, 'utf8');
}

/** Headers and body of one text part, in the charset and encoding Exchange would pick. */
function bodyPart(type: 'text/plain' | 'text/html', text: string): string {
  const crlfText = text.replace(/\r?\n/g, '\r\n');
  if (fitsLatin1(crlfText)) {
    return (
      `Content-Type: ${type}; charset="iso-8859-1"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n` +
      qpWrap(qpEncode(Buffer.from(crlfText, 'latin1')), 76)
    );
  }
  return (
    `Content-Type: ${type}; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
    base64Wrap(base64Encode(Buffer.from(crlfText, 'utf8')), 76)
  );
}

function multipart(subtype: string, boundary: string, parts: string[]): string {
  return (
    `Content-Type: multipart/${subtype};\r\n\tboundary="${boundary}"\r\n\r\n` +
    parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('\r\n') +
    `\r\n--${boundary}--`
  );
}

/** The original body, in Exchange's skeleton with its own meta charset (which may now be wrong). */
function exchangeHtml(html: string): string {
  const inner = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const charset = fitsLatin1(inner) ? 'iso-8859-1' : 'utf-8';
  const reserialised = inner
    .replace(/<br\s*\/?>/gi, '<br>\n')
    .replace(/<\/(div|p|blockquote)>/gi, '</$1>\n')
    .replace(/\n{2,}/g, '\n');
  return (
    `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=${charset}">\n` +
    '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>\n' +
    `</head>\n<body dir="ltr">\n${reserialised}\n</body>\n</html>\n`
  );
}

function addAddress(
  lines: string[],
  name: string,
  field: AddressObject | AddressObject[] | undefined,
) {
  const objects = Array.isArray(field) ? field : field ? [field] : [];
  const addresses = objects.flatMap((object) => object.value);
  if (!addresses.length) return;
  const rendered = addresses
    .map(({ name: display, address }) => {
      if (!display) return `<${address ?? ''}>`;
      const word = /^[\x20-\x7e]*$/.test(display)
        ? /[(),.:;<>@[\\\]"]/.test(display)
          ? `"${display.replace(/(["\\])/g, '\\$1')}"`
          : display
        : encodeWords(display, 'B', 52);
      return `${word} <${address ?? ''}>`;
    })
    .join(', ');
  lines.push(foldLines(`${name}: ${rendered}`, 76));
}

function refold(line: string): string {
  return foldLines(line.replace(/\r?\n[ \t]+/g, ' '), 76);
}

function fitsLatin1(text: string): boolean {
  for (const char of text) if (char.codePointAt(0)! > 0xff) return false;
  return true;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mon, 4 Sep 2017 10:00:00 +0000", in UTC as Exchange writes it. */
function rfc5322Date(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}
