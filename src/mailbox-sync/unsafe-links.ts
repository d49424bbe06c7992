/**
 * Links a post must not carry. Posts are plain text, but whatever shows them may turn text that
 * looks like a link into one, and `javascript:`, `vbscript:` and `data:` links run code or show
 * content under the catalog's name. Plain-text mail clients write a link as `text <url>`, so a
 * hostile reply can carry `click <javascript:alert(2)>` as text.
 */

// Browsers ignore tabs, line breaks and other control characters inside a scheme (`java\tscript:`).
const SCHEME = (name: string) => [...name].join('[\\s\\u0000-\\u001f]*');
const UNSAFE_SCHEME = `(?:${['javascript', 'vbscript', 'data'].map(SCHEME).join('|')})[\\s\\u0000-\\u001f]*:`;
/** `<javascript:...>` with the space before it, and a bare `javascript:...` up to whitespace. */
const UNSAFE_LINK = new RegExp(
  `[ \\t]*<[\\s\\u0000-\\u001f]*${UNSAFE_SCHEME}[^>]*>|(?<![\\p{L}\\p{N}])${UNSAFE_SCHEME}(?=\\S)\\S*`,
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
