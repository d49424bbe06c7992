/**
 * Links a post must not carry. Posts are plain text, but whatever shows them may turn text that
 * looks like a link into one, and `javascript:`, `vbscript:` and `data:` links run code or show
 * content under the catalog's name. Plain-text mail clients write a link as `text <url>`, so a
 * hostile reply can carry `click <javascript:alert(2)>` as text.
 */

// Browsers ignore tabs, line breaks and other control characters inside a scheme (`java\tscript:`).
const GAP = '[\\s\\u0000-\\u001f]*';
const scheme = (...names: string[]) =>
  `(?:${names.map((name) => [...name].join(GAP)).join('|')})${GAP}:`;
const ANY_UNSAFE = scheme('javascript', 'vbscript', 'data');
const SCRIPT = scheme('javascript', 'vbscript');
/**
 * `<javascript:...>` with the space before it; a bare `javascript:...` up to whitespace; a bare
 * `data:` URI, which always has a comma (so "data:2024" in prose stays).
 */
const UNSAFE_LINK = new RegExp(
  [
    `[ \\t]*<${GAP}${ANY_UNSAFE}[^>]*>`,
    `(?<![\\p{L}\\p{N}])${SCRIPT}(?=\\S)\\S*`,
    `(?<![\\p{L}\\p{N}])${scheme('data')}[^\\s,]*,\\S*`,
  ].join('|'),
  'giu',
);

export interface SafeText {
  text: string;
  /** The links taken out, in order. */
  removed: string[];
}

export function removeUnsafeLinks(text: string): SafeText {
  const removed: string[] = [];
  const safe = text.replace(UNSAFE_LINK, (link) => {
    removed.push(link.trim());
    return '';
  });
  return { text: safe, removed };
}
