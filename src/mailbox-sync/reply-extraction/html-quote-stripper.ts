/**
 * Removes the containers mail clients wrap quoted history in, before the HTML becomes text.
 * A linear tag scanner, not a DOM: it only needs tag names, a few attributes and nesting depth,
 * and must stay fast and safe on any input (unclosed tags, megabytes of markup).
 *
 * Two kinds of container:
 * - Everything from the marker to the end is history (Outlook desktop, OWA, new Outlook, Exchange,
 *   Zimbra): the marker is a separator and the quoted message follows it as siblings.
 * - Only the element itself is history (Gmail, Apple Mail, Thunderbird, Yahoo, ProtonMail, Zoho,
 *   GMX/WEB.DE, Spark, Fastmail and Roundcube's blockquote type=cite): the person may have written
 *   below it.
 * Gmail's and Thunderbird's signature blocks are the HTML form of a `-- ` signature: they are kept,
 * but a `-- ` line is put before them so the text rules remove them like any signature block.
 */

export interface StrippedHtml {
  html: string;
  removedHtml: string;
  removedContainer: boolean;
}

type ContainerKind = 'rest-of-message' | 'element' | 'signature';

/** Substrings that must occur (lowercased) for any container to exist; a fast exit for the rest. */
const CONTAINER_HINTS = [
  'gmail_quote',
  'gmail_attr',
  'divrplyfwdmsg',
  'appendonsend',
  'cite',
  'moz-cite-prefix',
  'yahoo_quoted',
  'protonmail_quote',
  'zwchr',
  '__quoted_text__',
  'border-top:',
  'border-top: ',
  'mail-editor-reference-message-container',
  'outlookmessageheader',
  'zmail_extra',
  'gmail_signature',
  'moz-signature',
  'divrpf',
  'name=',
];

export function hasHtmlQuoteContainer(html: string): boolean {
  const lower = html.toLowerCase();
  return CONTAINER_HINTS.some((hint) => lower.includes(hint));
}

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

const SIGNATURE_DELIMITER_HTML = '<div>-- </div>';

/** Elements whose content is raw text where `<` does not start a tag. */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title']);

/** Attributes are only read from tags shorter than this; longer tags are not containers. */
const MAX_TAG_LENGTH = 4000;

const ATTRIBUTE = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function readAttributes(tagBody: string): Map<string, string> {
  const attributes = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(tagBody); match; match = ATTRIBUTE.exec(tagBody)) {
    const name = (match[1] ?? '').toLowerCase();
    if (!attributes.has(name)) attributes.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

function containerKind(tagName: string, tagBody: string): ContainerKind | undefined {
  const lowerBody = tagBody.toLowerCase();
  if (!CONTAINER_HINTS.some((hint) => lowerBody.includes(hint))) return undefined;
  const attributes = readAttributes(tagBody);
  const id = (attributes.get('id') ?? '').toLowerCase();
  const className = (attributes.get('class') ?? '').toLowerCase();
  const marker = attributes.get('data-marker') ?? '';
  const name = (attributes.get('name') ?? '').toLowerCase();
  const style = (attributes.get('style') ?? '').toLowerCase().replace(/\s+/g, '');

  if (
    id.endsWith('divrplyfwdmsg') ||
    /^(?:x_)?divrpf\d/.test(id) ||
    id.endsWith('appendonsend') ||
    id.endsWith('mail-editor-reference-message-container') ||
    className.includes('outlookmessageheader') ||
    (tagName === 'hr' && id.endsWith('zwchr')) ||
    marker === '__QUOTED_TEXT__' ||
    (tagName === 'div' && style.includes('border:none') && style.includes('border-top:solid'))
  ) {
    return 'rest-of-message';
  }
  if (
    (tagName === 'blockquote' && (attributes.get('type') ?? '').toLowerCase() === 'cite') ||
    className.includes('gmail_quote') ||
    className.includes('gmail_attr') ||
    className.includes('moz-cite-prefix') ||
    className.includes('yahoo_quoted') ||
    id.includes('yahoo_quoted') ||
    className.includes('protonmail_quote') ||
    className.includes('zmail_extra') ||
    // GMX and WEB.DE quote in <div name="quote">, Spark in <div name="messageReplySection">.
    (tagName === 'div' && (name === 'quote' || name === 'messagereplysection'))
  ) {
    return 'element';
  }
  if (className.includes('gmail_signature') || className.includes('moz-signature')) {
    return 'signature';
  }
  return undefined;
}

/** Removes client quote containers; also bounds nesting depth (see `scanHtml`). */
export function stripHtmlQuoteContainers(html: string): StrippedHtml {
  return scanHtml(html, true);
}

/**
 * Bounds nesting depth and drops stray closing tags, leaving containers alone. The HTML-to-text
 * converter recurses per level and slows down sharply on thousands of nested or unmatched tags,
 * which a hostile or broken message can contain.
 */
export function boundHtmlStructure(html: string): string {
  return scanHtml(html, false).html;
}

/** Real mail nests a few dozen levels at most; deeper markup is dropped, its text kept. */
const MAX_NESTING_DEPTH = 64;

function scanHtml(html: string, removeContainers: boolean): StrippedHtml {
  const lower = html.toLowerCase();
  const detectContainers = removeContainers && CONTAINER_HINTS.some((hint) => lower.includes(hint));
  const openElements: string[] = [];
  // Counting open elements per name keeps stray closing tags from scanning the whole stack.
  const openCounts = new Map<string, number>();
  const kept: string[] = [];
  const removed: string[] = [];
  /** Start of the input not yet copied to `kept` (or being removed). */
  let copiedUpTo = 0;
  /** Depth of the element being removed, or -1 while keeping. */
  let removalDepth = -1;

  const keepUpTo = (index: number): void => {
    if (removalDepth !== -1) return;
    if (index > copiedUpTo) kept.push(html.slice(copiedUpTo, index));
    copiedUpTo = index;
  };
  /** Leaves one tag out of the kept HTML (inside a removed container it goes with the rest). */
  const dropTag = (tagStart: number, tagEnd: number): void => {
    if (removalDepth !== -1) return;
    keepUpTo(tagStart);
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
      if (removalDepth !== -1 && openElements.length < removalDepth) {
        removed.push(html.slice(copiedUpTo, position));
        copiedUpTo = position;
        removalDepth = -1;
      }
      continue;
    }

    const selfClosing = html.charCodeAt(tagEnd - 1) === 0x2f || VOID_ELEMENTS.has(tagName);
    if (selfClosing && tagEnd - nameEnd >= MAX_TAG_LENGTH) {
      // Inline images as data: URIs run to megabytes and would crowd the text out.
      dropTag(tagStart, position);
      continue;
    }
    const tooDeep = openElements.length >= MAX_NESTING_DEPTH;
    if (detectContainers && removalDepth === -1 && !tooDeep && tagEnd - nameEnd < MAX_TAG_LENGTH) {
      const kind = containerKind(tagName, html.slice(nameEnd, tagEnd));
      if (kind === 'rest-of-message') {
        keepUpTo(tagStart);
        removed.push(html.slice(tagStart));
        return { html: kept.join(''), removedHtml: removed.join(''), removedContainer: true };
      }
      if (kind === 'signature') {
        keepUpTo(tagStart);
        kept.push(SIGNATURE_DELIMITER_HTML);
      } else if (kind === 'element') {
        keepUpTo(tagStart);
        if (selfClosing) {
          removed.push(html.slice(tagStart, position));
          copiedUpTo = position;
          continue;
        }
        removalDepth = openElements.length + 1;
      }
    }
    if (selfClosing) continue;
    if (tooDeep) {
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

  if (removalDepth !== -1) {
    removed.push(html.slice(copiedUpTo));
  } else {
    keepUpTo(html.length);
  }
  return {
    html: kept.join(''),
    removedHtml: removed.join(''),
    removedContainer: removed.length > 0,
  };
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
