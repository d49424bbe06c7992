/**
 * Bounds the structure of HTML before it is parsed: nesting deeper than 64 levels is flattened
 * (its text kept), closing tags with no open element are dropped, and very long void tags (inline
 * images as data: URIs, megabytes each) are dropped. The HTML parser keeps its open elements in
 * an array it searches and shifts, so thousands of nested or stray tags, which a hostile or broken
 * message can contain, would make parsing slow down with the square of their number.
 *
 * A linear scan over tag names only; it decides nothing about quotes.
 */

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Elements whose content is raw text where `<` does not start a tag. */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title']);

/** Real mail nests a few dozen levels at most; deeper markup is dropped, its text kept. */
const MAX_NESTING_DEPTH = 64;
/** A void tag longer than this carries data, not markup worth reading. */
const MAX_VOID_TAG_LENGTH = 4000;

export function boundHtmlStructure(html: string): string {
  const lower = html.toLowerCase();
  const openElements: string[] = [];
  // Counting open elements per name keeps stray closing tags from scanning the whole stack.
  const openCounts = new Map<string, number>();
  const kept: string[] = [];
  let copiedUpTo = 0;
  const dropTag = (tagStart: number, tagEnd: number): void => {
    if (tagStart > copiedUpTo) kept.push(html.slice(copiedUpTo, tagStart));
    copiedUpTo = tagEnd;
  };

  let position = 0;
  while (position < html.length) {
    const tagStart = html.indexOf('<', position);
    if (tagStart === -1) break;
    if (html.startsWith('<!--', tagStart)) {
      const commentEnd = html.indexOf('-->', tagStart + 4);
      position = commentEnd === -1 ? html.length : commentEnd + 3;
      continue;
    }
    const isClosing = html.charCodeAt(tagStart + 1) === 0x2f; /* / */
    const nameStart = tagStart + (isClosing ? 2 : 1);
    let nameEnd = nameStart;
    while (nameEnd < html.length && isTagNameCode(html.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd === nameStart) {
      position = tagStart + 1;
      continue;
    }
    const tagEnd = html.indexOf('>', nameEnd);
    if (tagEnd === -1) break;
    const tagName = lower.slice(nameStart, nameEnd);
    position = tagEnd + 1;

    if (isClosing) {
      if ((openCounts.get(tagName) ?? 0) === 0) {
        dropTag(tagStart, position);
        continue;
      }
      for (let closed = openElements.pop(); closed !== undefined; closed = openElements.pop()) {
        openCounts.set(closed, (openCounts.get(closed) ?? 1) - 1);
        if (closed === tagName) break;
      }
      continue;
    }
    const selfClosing = html.charCodeAt(tagEnd - 1) === 0x2f || VOID_ELEMENTS.has(tagName);
    if (selfClosing) {
      if (tagEnd - nameEnd >= MAX_VOID_TAG_LENGTH) dropTag(tagStart, position);
      continue;
    }
    if (openElements.length >= MAX_NESTING_DEPTH) {
      dropTag(tagStart, position);
    } else {
      openElements.push(tagName);
      openCounts.set(tagName, (openCounts.get(tagName) ?? 0) + 1);
    }
    if (RAW_TEXT_ELEMENTS.has(tagName)) {
      const rawEnd = lower.indexOf(`</${tagName}`, position);
      position = rawEnd === -1 ? html.length : rawEnd;
    }
  }
  if (copiedUpTo === 0) return html;
  kept.push(html.slice(copiedUpTo));
  return kept.join('');
}

function isTagNameCode(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2d ||
    code === 0x3a
  );
}
