import type { ExtractedReply, ExtractionRule, ReplyInput } from './extracted-reply.js';
import { htmlToPlainText, htmlToReplyText, mayHoldQuote } from './html-quote-containers.js';
import { extractReplyFromText, normalizeLineBreaks } from './text-reply-extractor.js';
import { isBlankLine } from './text-scan.js';

/**
 * Keeps only what the person wrote in a reply email. Pure and synchronous: no I/O, never throws,
 * bounded time on any input.
 *
 * The text part decides when it finds a cut (prompt line, attribution, header block, quote or
 * signature): it is what the client meant as plain text and costs no HTML work. The HTML part is
 * used when there is no text part, or when the text part shows no history but the HTML may hold
 * a quote (some clients send a text part without quote markers). HTML is never returned: it is
 * read as a DOM, turned into lines where blockquotes and the containers found to hold history
 * (html-quote-containers.ts, by content and position) are quoted, and those lines go through the
 * same text rules (prompt line, attributions, header blocks, signatures, quotes).
 *
 * Forwarded messages: the note the person wrote above a forward marker ("---------- Forwarded
 * message ----------", "Begin forwarded message:", "-----Original Message-----" and translations)
 * is the reply; the forwarded message below is someone else's text and is removed like quoted
 * history (rule 'outlook-header'). A body that is only a forward, with no note, keeps the
 * forwarded text without its marker and header block: it is all the person sent, and an empty
 * reply would be rejected and lost. Tested in separators.spec.ts.
 *
 * See text-reply-extractor.ts for the text rules and the signature policy.
 */
export function extractReply(input: ReplyInput): ExtractedReply {
  try {
    return extractReplyOrThrow(input);
  } catch {
    // A reply must never be lost to a bug in a heuristic: fall back to the whole body.
    return { text: fallbackText(input), removed: '', rule: 'none' };
  }
}

export type BodyFormat = 'html' | 'text';

/** Extracts the reply from a body of unknown type (a file, a stored raw part). */
export function extractReplyFromBody(body: string): ExtractedReply {
  return detectBodyFormat(body) === 'html'
    ? extractReply({ html: body })
    : extractReply({ text: body });
}

const HTML_DOCUMENT_START =
  /^\s*<(?:!doctype\s+html|html|head|body|meta|div|p|table|span|blockquote|br|style|font|section)[\s>/]/i;
const HTML_CLOSING_TAG =
  /<\/(?:div|p|td|tr|table|blockquote|span|body|html|li|ul|ol|font|b|i|a)>/gi;
const FORMAT_SNIFF_LENGTH = 8192;

/** HTML when the body starts like a document or is dense with closing tags; text otherwise. */
export function detectBodyFormat(body: string): BodyFormat {
  const head = body.slice(0, FORMAT_SNIFF_LENGTH);
  if (HTML_DOCUMENT_START.test(head)) return 'html';
  const closingTags = head.match(HTML_CLOSING_TAG)?.length ?? 0;
  return closingTags >= 3 ? 'html' : 'text';
}

function extractReplyOrThrow({ text, html }: ReplyInput): ExtractedReply {
  const hasText = typeof text === 'string' && !isBlankLine(text);
  const hasHtml = typeof html === 'string' && html.trim() !== '';
  if (hasText) {
    const fromText = extractReplyFromText(text);
    if (hasHtml && isBlankLine(fromText.text)) {
      // A text part that holds only history (some clients write the reply into the HTML part
      // alone): the HTML part may still carry the person's words, and an empty reply is lost.
      const fromHtml = extractReplyFromHtml(html);
      return isBlankLine(fromHtml.text) ? fromText : fromHtml;
    }
    if (fromText.rule !== 'none' || !hasHtml || !mayHoldQuote(html)) return fromText;
    const fromHtml = extractReplyFromHtml(html);
    return fromHtml.rule === 'none' ? fromText : fromHtml;
  }
  if (hasHtml) return extractReplyFromHtml(html);
  return { text: '', removed: '', rule: 'none' };
}

function extractReplyFromHtml(html: string): ExtractedReply {
  const asText = htmlToReplyText(html);
  const reply = extractReplyFromText(asText.text);
  // A cut at a quote or an attribution in HTML is a cut at the client's quote structure.
  const rule: ExtractionRule =
    asText.hasQuotes && (reply.rule === 'attribution' || reply.rule === 'quote-block')
      ? 'html-quote'
      : reply.rule;
  return { ...reply, rule };
}

function fallbackText({ text, html }: ReplyInput): string {
  try {
    if (typeof text === 'string' && text.trim() !== '') return normalizeLineBreaks(text).trim();
    if (typeof html === 'string') return htmlToPlainText(html).trim();
  } catch {
    // Nothing better to offer than an empty reply.
  }
  return '';
}
