import type { ExtractedReply, ExtractionRule, ReplyInput } from './extracted-reply.js';
import {
  boundHtmlStructure,
  hasHtmlQuoteContainer,
  stripHtmlQuoteContainers,
} from './html-quote-stripper.js';
import { htmlToPlainText } from './html-to-plain-text.js';
import { containsPromptLine } from './prompt-line.js';
import { extractReplyFromText, normalizeLineBreaks } from './text-reply-extractor.js';
import { isBlankLine } from './text-scan.js';

/**
 * Keeps only what the person wrote in a reply email. Pure and synchronous: no I/O, never throws,
 * bounded time on any input.
 *
 * The text part decides when it finds a cut (prompt line, attribution, header block, quote or
 * signature): it is what the client meant as plain text and costs no HTML work. The HTML part is
 * used when there is no text part, or when the text part shows no history but the HTML has a
 * client's quote container (some clients send a text part without quote markers). HTML is never
 * returned: quote containers are removed first, then the rest becomes plain text and goes through
 * the same text rules (prompt line, signatures, leftover attribution lines).
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
    if (fromText.rule !== 'none' || !hasHtml || !hasHtmlQuoteContainer(html)) return fromText;
    const fromHtml = extractReplyFromHtml(html);
    return fromHtml.rule === 'none' ? fromText : fromHtml;
  }
  if (hasHtml) return extractReplyFromHtml(html);
  return { text: '', removed: '', rule: 'none' };
}

/** The removed part is only shown to admins; its start is enough and keeps conversion cheap. */
const MAX_REMOVED_HTML_LENGTH = 64 * 1024;

function extractReplyFromHtml(html: string): ExtractedReply {
  const stripped = stripHtmlQuoteContainers(html);
  const fromText = extractReplyFromText(htmlToPlainText(stripped.html));
  if (!stripped.removedContainer) return fromText;

  const removedContainerText = htmlToPlainText(
    boundHtmlStructure(stripped.removedHtml.slice(0, MAX_REMOVED_HTML_LENGTH)),
  ).trim();
  const rule: ExtractionRule =
    fromText.rule === 'prompt-line' || containsPromptLine(removedContainerText)
      ? 'prompt-line'
      : 'html-quote';
  return {
    text: fromText.text,
    removed: [fromText.removed, removedContainerText].filter((part) => part !== '').join('\n\n'),
    rule,
  };
}

function fallbackText({ text, html }: ReplyInput): string {
  try {
    if (typeof text === 'string' && text.trim() !== '') return normalizeLineBreaks(text).trim();
    if (typeof html === 'string') return htmlToPlainText(boundHtmlStructure(html)).trim();
  } catch {
    // Nothing better to offer than an empty reply.
  }
  return '';
}
