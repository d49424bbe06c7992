import chardet from 'chardet';
import iconv from 'iconv-lite';
import { simpleParser, type ParsedMail } from 'mailparser';

/**
 * Parses a raw message and repairs the two kinds of damage real mail carries in its bodies, for
 * the inbound pipeline and the extract-reply CLI alike:
 * - A wrong charset label (UTF-8 labelled Big5 or us-ascii, Latin-1 with no label): when the
 *   decoded text looks implausible, the part is decoded again from its bytes, UTF-8 first (a valid
 *   multi-byte UTF-8 sequence is almost never legacy text), then the declared charset, then what
 *   `chardet` detects, keeping the first decoding with no unreadable characters.
 * - A multipart message whose body has no parts (a missing or wrong boundary): it is read as one
 *   text part instead of giving an empty reply.
 *
 * The repairs re-parse the message with its labels rewritten; messages whose text decodes cleanly
 * in a UTF-8 or ASCII label pay nothing more than one parse.
 */

export const MESSAGE_PARSER_OPTIONS = {
  // The reply extractor reads the HTML itself; converting it here as well would double the work.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  skipTextLinks: true,
} as const;

export async function parseMessage(raw: Buffer): Promise<ParsedMail> {
  let parsed = await simpleParser(raw, MESSAGE_PARSER_OPTIONS);
  let source = raw;
  if (isMultipartWithoutParts(parsed, raw)) {
    source = withTopLevelContentType(raw, 'text/plain');
    parsed = await simpleParser(source, MESSAGE_PARSER_OPTIONS);
  }
  if (mayHaveWrongCharset(parsed, source)) await repairCharsets(parsed, source);
  return parsed;
}

const REPLACEMENT_CHARACTER = '\uFFFD';
const MAX_HEADER_SCAN = 256 * 1024;
const CHARSET_PARAMETER = /(;\s*charset\s*=\s*)("?)([^";\s]+)\2/i;
const UTF8_OR_ASCII = /^(?:utf-?8|us-ascii|ascii)$/i;

/** Text a wrong charset produced: unreadable characters, or C1 control characters. */
export function looksMisdecoded(text: string): boolean {
  if (text.includes(REPLACEMENT_CHARACTER)) return true;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x80 && code <= 0x9f) return true;
  }
  return false;
}

function mayHaveWrongCharset(parsed: ParsedMail, raw: Buffer): boolean {
  const bodies = [parsed.text, typeof parsed.html === 'string' ? parsed.html : undefined];
  if (bodies.some((body) => typeof body === 'string' && looksMisdecoded(body))) return true;
  // A legacy label on text that is really UTF-8 decodes without errors into the wrong script.
  return declaredCharsets(raw).some((charset) => !UTF8_OR_ASCII.test(charset));
}

/** Charset labels of the message's header sections (top level and parts). */
function declaredCharsets(raw: Buffer): string[] {
  const charsets: string[] = [];
  forEachHeaderLine(raw.subarray(0, MAX_HEADER_SCAN).toString('latin1'), (line) => {
    const match = CHARSET_PARAMETER.exec(line);
    if (match?.[3]) charsets.push(match[3]);
    return line;
  });
  return charsets;
}

async function repairCharsets(parsed: ParsedMail, raw: Buffer): Promise<void> {
  const declared = declaredCharsets(raw).find((charset) => !UTF8_OR_ASCII.test(charset));
  // `binary` makes the parser hand back each byte as one character, so the bytes can be read again.
  const asBytes = await simpleParser(relabelTextParts(raw, 'binary'), MESSAGE_PARSER_OPTIONS);
  if (typeof asBytes.text === 'string' && typeof parsed.text === 'string') {
    parsed.text = decodeBytes(Buffer.from(asBytes.text, 'latin1'), declared) ?? parsed.text;
  }
  if (typeof asBytes.html === 'string' && typeof parsed.html === 'string') {
    parsed.html = decodeBytes(Buffer.from(asBytes.html, 'latin1'), declared) ?? parsed.html;
  }
}

/**
 * The first plausible decoding of a part's bytes: UTF-8, the declared charset, then detected.
 * Bytes that are all ASCII keep the declared decoding (null): 7-bit charsets such as ISO-2022-JP
 * are valid UTF-8 byte for byte, and only their own decoder reads them.
 */
export function decodeBytes(bytes: Buffer, declared: string | undefined): string | null {
  if (isAscii(bytes)) return null;
  const utf8 = bytes.toString('utf8');
  if (!utf8.includes(REPLACEMENT_CHARACTER)) return utf8;
  for (const charset of [declared, chardet.detect(bytes)]) {
    if (!charset || !iconv.encodingExists(charset)) continue;
    const decoded = iconv.decode(bytes, charset);
    if (!looksMisdecoded(decoded)) return decoded;
  }
  return null;
}

function isAscii(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte >= 0x80) return false;
  return true;
}

function isMultipartWithoutParts(parsed: ParsedMail, raw: Buffer): boolean {
  const contentType = parsed.headers.get('content-type');
  const type =
    typeof contentType === 'object' &&
    'value' in contentType &&
    typeof contentType.value === 'string'
      ? contentType.value
      : '';
  if (!/^multipart\//i.test(type)) return false;
  const hasBody = (parsed.text ?? '').trim() !== '' || typeof parsed.html === 'string';
  if (hasBody || (parsed.attachments ?? []).length > 0) return false;
  const bodyStart = headerEnd(raw);
  return bodyStart !== -1 && raw.subarray(bodyStart).toString('latin1').trim() !== '';
}

function headerEnd(raw: Buffer): number {
  const head = raw.subarray(0, MAX_HEADER_SCAN).toString('latin1');
  const match = /\r?\n\r?\n/.exec(head);
  return match ? match.index + match[0].length : -1;
}

/** Replaces the top-level Content-Type (keeping its charset) and drops the boundary. */
function withTopLevelContentType(raw: Buffer, type: string): Buffer {
  const end = headerEnd(raw);
  const head = raw.subarray(0, end).toString('latin1');
  const charset = CHARSET_PARAMETER.exec(head)?.[3];
  const replacement = `Content-Type: ${type}${charset ? `; charset=${charset}` : ''}`;
  const rewritten = head.replace(
    /^content-type:[^\n]*\n(?:[ \t][^\n]*\n)*/im,
    `${replacement}\r\n`,
  );
  return Buffer.concat([Buffer.from(rewritten, 'latin1'), raw.subarray(end)]);
}

/**
 * Sets the charset of every text part (and of a message with no Content-Type) to `charset`.
 * Only header sections are touched: the top-level header and the lines after a boundary.
 */
function relabelTextParts(raw: Buffer, charset: string): Buffer {
  const source = raw.toString('latin1');
  let hasTopLevelContentType = false;
  let inTopLevel = true;
  let inTextContentType = false;
  const relabelled = forEachHeaderLine(
    source,
    (line, continuation) => {
      if (continuation) {
        return inTextContentType ? line.replace(CHARSET_PARAMETER, `$1${charset}`) : line;
      }
      inTextContentType = false;
      if (!/^content-type:/i.test(line)) return line;
      if (inTopLevel) hasTopLevelContentType = true;
      if (!/^content-type:\s*text\//i.test(line)) return line;
      inTextContentType = true;
      // A charset on a folded line is relabelled there too; two equal labels do no harm.
      return CHARSET_PARAMETER.test(line)
        ? line.replace(CHARSET_PARAMETER, `$1${charset}`)
        : `${line.trimEnd()}; charset=${charset}`;
    },
    () => {
      inTopLevel = false;
    },
  );
  const output = hasTopLevelContentType
    ? relabelled
    : `Content-Type: text/plain; charset=${charset}\r\n${relabelled}`;
  return Buffer.from(output, 'latin1');
}

/**
 * Calls `visit` on each header line (folded continuations flagged) of the top-level header and of every
 * part header, and returns the text with the lines `visit` returned. A part header starts after a
 * boundary line (`--something`) and ends at the first empty line.
 */
function forEachHeaderLine(
  text: string,
  visit: (line: string, continuation: boolean) => string,
  onTopLevelEnd?: () => void,
): string {
  const lines = text.split('\n');
  let inHeader = true;
  let topLevel = true;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const bare = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (inHeader) {
      if (bare === '') {
        inHeader = false;
        if (topLevel) onTopLevelEnd?.();
        topLevel = false;
        continue;
      }
      const visited = visit(bare, /^[ \t]/.test(bare));
      if (visited !== bare) lines[index] = line.endsWith('\r') ? `${visited}\r` : visited;
    } else if (/^--[^\s-]\S*\s*$/.test(bare) || /^--[^\s]{2,}\s*$/.test(bare)) {
      inHeader = true;
    }
  }
  return lines.join('\n');
}
