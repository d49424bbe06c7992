import { compile, type DomNode, type FormatCallback } from 'html-to-text';

/**
 * HTML mail as readable plain text: paragraphs and lists kept, links as "text <url>", quotes as
 * `> ` lines (so the text rules still see them), images as their alt text, and scripts, styles,
 * the head and tracking pixels dropped. No line wrapping: the conversation view wraps.
 */

/** Mail tracking pixels are 1x1 (or 0x0) images, or images hidden with CSS. */
function isTrackingImage(attributes: Record<string, string | undefined>): boolean {
  const width = Number.parseInt(attributes.width ?? '', 10);
  const height = Number.parseInt(attributes.height ?? '', 10);
  if ((width >= 0 && width <= 2) || (height >= 0 && height <= 2)) return true;
  const style = (attributes.style ?? '').toLowerCase().replace(/\s+/g, '');
  return (
    style.includes('display:none') ||
    /(?:^|;)(?:width|height):[0-2]px/.test(style) ||
    style.includes('visibility:hidden')
  );
}

const formatMailImage: FormatCallback = (element: DomNode, _walk, builder) => {
  const attributes = (element.attribs ?? {}) as Record<string, string | undefined>;
  if (isTrackingImage(attributes)) return;
  const alt = (attributes.alt ?? '').trim();
  if (alt !== '') builder.addInline(`[${alt}]`, { noWordTransform: true });
};

/**
 * The converter costs about 10 µs per element. Quote containers are removed before this point, so
 * a reply's own HTML is far smaller; anything beyond this is cut to keep the time bounded.
 */
const MAX_HTML_LENGTH = 512 * 1024;

const convertHtmlToText = compile({
  wordwrap: false,
  limits: { maxDepth: 100 },
  formatters: { mailImage: formatMailImage },
  selectors: [
    { selector: 'head', format: 'skip' },
    { selector: 'title', format: 'skip' },
    { selector: 'img', format: 'mailImage' },
    {
      selector: 'a',
      options: { hideLinkHrefIfSameAsText: true, noAnchorUrl: true, linkBrackets: ['<', '>'] },
    },
    { selector: 'blockquote', options: { trimEmptyLines: true } },
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((heading) => ({
      selector: heading,
      options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 },
    })),
    // Mail layouts nest tables for positioning; render cells as text runs, not as grids.
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'td', format: 'inlineSurround', options: { prefix: '', suffix: ' ' } },
    { selector: 'th', format: 'inlineSurround', options: { prefix: '', suffix: ' ' } },
  ],
});

export function htmlToPlainText(html: string): string {
  // Cut here rather than through the converter's own limit, which logs a warning to the console.
  return convertHtmlToText(html.length > MAX_HTML_LENGTH ? html.slice(0, MAX_HTML_LENGTH) : html);
}
