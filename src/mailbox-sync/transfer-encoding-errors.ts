/**
 * Finds text parts whose base64 body is not base64. Node's decoder skips what it cannot read, so
 * `Content-Transfer-Encoding: base64` over a few words of plain text decodes without an error into
 * a handful of random bytes, which the charset then turns into gibberish such as "\ufffd\ufffd[jǺ".
 * Too short for any proportion of unreadable characters to be telling, the encoding error itself
 * is the evidence.
 */

export interface Base64Error {
  /** The part's content type, as declared (text/plain when none is). */
  contentType: string;
  /** Characters of the body outside the base64 alphabet (whitespace aside). */
  invalid: number;
  total: number;
}

const BASE64_BODY_CHARACTER = /[A-Za-z0-9+/=]/;
const BOUNDARY_PARAMETER = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i;

interface Section {
  contentType: string;
  base64: boolean;
  boundary: string | null;
}

/** The text parts (top level or inside multiparts) whose base64 body has non-base64 characters. */
export function findBase64Errors(raw: Buffer): Base64Error[] {
  const lines = raw.toString('latin1').split(/\r?\n/);
  const boundaries: string[] = [];
  const errors: Base64Error[] = [];
  let header: string[] = [];
  let inHeader = true;
  let section: Section | null = null;
  let body: string[] = [];

  const endBody = () => {
    if (section?.base64 && /^text\//i.test(section.contentType)) {
      const error = checkBase64(section.contentType, body);
      if (error) errors.push(error);
    }
    section = null;
    body = [];
  };

  for (const line of lines) {
    if (inHeader) {
      if (line !== '') {
        if (/^[ \t]/.test(line) && header.length) header[header.length - 1] += ` ${line.trim()}`;
        else header.push(line);
        continue;
      }
      inHeader = false;
      section = sectionOf(header);
      header = [];
      if (section.boundary) boundaries.push(section.boundary);
      continue;
    }
    const boundary = line.startsWith('--')
      ? boundaries.find((candidate) => line.trimEnd().startsWith(`--${candidate}`))
      : undefined;
    if (boundary !== undefined) {
      endBody();
      // After a closing boundary comes an epilogue, not a part header.
      inHeader = line.trimEnd() !== `--${boundary}--`;
      continue;
    }
    if (section) body.push(line);
  }
  if (!inHeader) endBody();
  return errors;
}

function sectionOf(header: readonly string[]): Section {
  const value = (name: string) =>
    header
      .find((line) => line.toLowerCase().startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  const contentType = value('content-type') || 'text/plain';
  const boundary = /^multipart\//i.test(contentType)
    ? (BOUNDARY_PARAMETER.exec(contentType)?.slice(1).find(Boolean) ?? null)
    : null;
  return {
    contentType: contentType.split(';')[0].trim().toLowerCase(),
    base64: /^base64$/i.test(value('content-transfer-encoding')),
    boundary,
  };
}

function checkBase64(contentType: string, lines: readonly string[]): Base64Error | null {
  let invalid = 0;
  let total = 0;
  for (const line of lines) {
    for (const character of line) {
      if (character.trim() === '') continue;
      total += 1;
      if (!BASE64_BODY_CHARACTER.test(character)) invalid += 1;
    }
  }
  return invalid > 0 ? { contentType, invalid, total } : null;
}
