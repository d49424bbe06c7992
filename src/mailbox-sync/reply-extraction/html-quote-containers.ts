import { classifyAttribution, headerFieldOf, isForwardMarker } from './attribution-patterns.js';
import { renderHtml, type QuoteContainer, type RenderedHtml } from './html-render.js';
import { isBlankLine, ruleLineCharacter } from './text-scan.js';

/**
 * Decides which of the containers a client put in an HTML reply hold quoted history, by their
 * content and position rather than by their class name alone, and turns the HTML into text where
 * history lines carry `> ` like a quote, for the same line rules as a plain-text reply.
 *
 * - A container that runs to the end of the message (Outlook's border-top separator, OWA's
 *   divRplyFwdMsg and appendonsend, Zimbra's divider, an <hr>) is history when the first line
 *   in it is a header field ("From:", "Von:", "寄件者:"), an attribution or a forward marker,
 *   and some of the person's text comes before it. A plain <hr> needs a known header label; a
 *   client's own separator also accepts an unknown "Label: value" line (a language we have no
 *   labels for).
 * - A container that holds history itself (Yahoo, GMX, Spark, ProtonMail, Zimbra, Lotus Notes)
 *   is history when the person's text is outside it and it starts with an attribution, a header
 *   field, a forward marker or a quote, or when it is the last thing in the message.
 * - Otherwise the container may hold the reply itself (OWA puts the reply in some of them), and
 *   its lines stay text. Blockquotes are quotes wherever they are (except indentation); the line
 *   rules decide whether a quote is context of an inline answer or history.
 */

export interface HtmlAsText {
  text: string;
  /** Whether any line is quoted (a blockquote or a container found to hold history). */
  hasQuotes: boolean;
}

/** Deeper quoting than this is shown at this depth. */
const MAX_QUOTE_PREFIX_DEPTH = 8;

export function htmlToReplyText(html: string): HtmlAsText {
  const rendered = renderHtml(html);
  const history = new Uint8Array(rendered.lines.length);
  markHistory(rendered, history);
  let hasQuotes = false;
  const lines = rendered.lines.map((line, index) => {
    const depth = Math.min(
      (rendered.depths[index] ?? 0) + (history[index] ?? 0),
      MAX_QUOTE_PREFIX_DEPTH,
    );
    if (depth === 0 || line === '') return line;
    hasQuotes = true;
    return `${'>'.repeat(depth)} ${line}`;
  });
  return { text: lines.join('\n'), hasQuotes };
}

/** The HTML as text without any decision, for when extraction fails. */
export function htmlToPlainText(html: string): string {
  return renderHtml(html).lines.join('\n');
}

/** Only the first containers are looked at; real mail has a handful. */
const MAX_CONTAINERS = 200;

function markHistory(rendered: RenderedHtml, history: Uint8Array): void {
  const { lines, depths } = rendered;
  // textBefore[i]: unquoted lines of content before line i, so any range is checked in O(1).
  const textBefore = new Uint32Array(lines.length + 1);
  for (let index = 0; index < lines.length; index++) {
    const isText = (depths[index] ?? 0) === 0 && isContentLine(lines[index] ?? '');
    textBefore[index + 1] = (textBefore[index] ?? 0) + (isText ? 1 : 0);
  }
  const hasReplyText = (from: number, to: number): boolean =>
    (textBefore[to] ?? 0) - (textBefore[from] ?? 0) > 0;
  for (const container of rendered.containers.slice(0, MAX_CONTAINERS)) {
    // Inside a blockquote, history is already quoted.
    if (container.depth > 0) continue;
    if (container.kind === 'element') {
      if (history[container.start] === 1) continue;
      const textOutside =
        hasReplyText(0, container.start) || hasReplyText(container.end, lines.length);
      if (!textOutside) continue;
      const isLast = !hasReplyText(container.end, lines.length);
      if (isLast || opensHistory(rendered, container, false)) {
        history.fill(1, container.start, container.end);
      }
      continue;
    }
    if (!hasReplyText(0, container.start)) continue;
    if (opensHistory(rendered, container, container.kind === 'rest')) {
      history.fill(1, container.start, lines.length);
      return;
    }
  }
}

/**
 * Whether the first line of content at the container's start opens quoted history: a header
 * field, an attribution, a forward marker or a quote. `acceptAnyLabel` also takes a short
 * "Label: value" line (a header in a language without known labels) after a client's separator.
 */
function opensHistory(
  { lines, depths }: RenderedHtml,
  container: QuoteContainer,
  acceptAnyLabel: boolean,
): boolean {
  const limit = container.kind === 'element' ? container.end : lines.length;
  for (let index = container.start; index < limit; index++) {
    const line = lines[index] ?? '';
    if (!isContentLine(line)) continue;
    // A container whose content starts with a blockquote holds a quote.
    if ((depths[index] ?? 0) > container.depth) return container.kind === 'element';
    const candidate = line.trim();
    return (
      headerFieldOf(candidate) !== undefined ||
      classifyAttribution(candidate) !== undefined ||
      isForwardMarker(candidate) ||
      (acceptAnyLabel && LABELLED_LINE.test(candidate))
    );
  }
  return false;
}

/** "Label: value" with a label of one to three short words. */
const LABELLED_LINE = /^[^\s:：]{1,20}(?: [^\s:：]{1,20}){0,2}\s?[:：]\s*\S/u;

function isContentLine(line: string): boolean {
  return !isBlankLine(line) && ruleLineCharacter(line) === undefined;
}

/** Cheap test for markup that may hold a quote, before parsing HTML next to a text part. */
const QUOTE_HINT =
  /<blockquote|<hr|gmail_quote|divrplyfwdmsg|appendonsend|border-top|yahoo_quoted|protonmail_quote|moz-cite-prefix|name="?quote|messagereplysection|data-marker|zmail_extra|domino-section|olk_src_body_section|mail-editor-reference-message-container|outlookmessageheader/i;

export function mayHoldQuote(html: string): boolean {
  return QUOTE_HINT.test(html);
}
