import {
  classifyAttribution,
  headerFieldOf,
  isDigestHeading,
  isForwardMarker,
  looksLikeAttributionStart,
  startsWithAttributionPrefix,
  type AttributionStrength,
  type HeaderField,
} from './attribution-patterns.js';
import type { ExtractedReply, ExtractionRule } from './extracted-reply.js';
import { findPromptLine } from './prompt-line.js';
import { isClientSignatureLine, isSignatureDelimiter } from './signature.js';
import {
  MAX_MARKER_LINE_LENGTH,
  isBlankLine,
  isQuoteLine,
  ruleLineCharacter,
  startsWithCodeFence,
  stripQuotePrefix,
} from './text-scan.js';

/**
 * Plain-text reply extraction, one pass over the lines.
 *
 * Order of decisions:
 * 1. Our prompt line ("Please type your reply above this line") cuts everything from its first
 *    line down; the text above it then goes through the steps below, so the attribution or
 *    header block the client put above the quote is removed too.
 * 2. Leading history: when the body starts with an attribution, an "Original message" marker,
 *    a header block or a rule line (a bottom-posted reply or a forward), those lines are dropped,
 *    and so is the quote right after an attribution unless more quotes follow (inline replies).
 * 3. The first hard stop ends the reply: a signature delimiter (`-- `), a client signature line
 *    ("Sent from my iPhone"), an "Original message" marker, a header block (From/Sent/To/Subject
 *    in 25 languages, with an address or a date), an underscore rule after a blank line, or a
 *    strong attribution line (one with a date or an address). An attribution followed by a `>`
 *    quote and then at least three more lines of the person's text, or text and another quote,
 *    is an inline reply: only the attribution line goes.
 * 4. Quotes after the person's last line of text are removed; quotes between lines of text stay
 *    (inline replies keep their context). A body that is nothing but a quote is returned as is,
 *    unless the quote holds an attribution (quoted history with no reply at all).
 *
 * Signature policy: client signatures and everything below them are removed, as are `-- `
 * blocks. A plain sign-off the person typed ("Thanks, Ana", "Best regards,\nJef",
 * "-Abhishek Kona", "—Ryan") is part of what they wrote and is kept.
 */
export function extractReplyFromText(text: string): ExtractedReply {
  const lines = splitInlineAttributions(normalizeLineBreaks(text).split('\n'));
  const promptLine = findPromptLine(lines);
  if (promptLine >= 0) {
    const abovePrompt = new ReplyLineScanner(lines, promptLine).scan();
    if (abovePrompt.hasText || !isQuoteLine(lines[promptLine] ?? '')) {
      return abovePrompt.toReply('prompt-line');
    }
    // Nothing above a quoted prompt: the person may have written below the quoted notification.
    const belowQuote = new ReplyLineScanner(lines, lines.length).scan();
    if (belowQuote.hasText) return belowQuote.toReply(belowQuote.rule);
    return abovePrompt.toReply('prompt-line');
  }
  const scan = new ReplyLineScanner(lines, lines.length).scan();
  return scan.toReply(scan.rule);
}

/**
 * "Thanks! On Tue, 3 Mar 2026 at 09:41, Jane <jane@example.com> wrote:": some clients (and HTML
 * turned into text) put the attribution on the line the reply ends on. The attribution part
 * becomes a line of its own so the line rules see it.
 */
const INLINE_ATTRIBUTION =
  /^(.*?[^\s>])\s+((?:On|Le|Am|El|Il|Em|Op|Den|Dne|W dniu|Vào)\s[^\n]{0,300}?\d[^\n]{0,300}?(?:wrote|writes|schrieb|a écrit|escribió|ha scritto|escreveu|schreef|skrev|napisał\(a\)|napisał|napsal\(a\)|kirjoitti|написал\(а\)|написал|đã viết)\s?:)\s*$/u;
const INLINE_ATTRIBUTION_HINT =
  /wrote|writes|schrieb|écrit|escribió|scritto|escreveu|schreef|skrev|napisa|napsal|kirjoitti|написал|viết/i;

function splitInlineAttributions(lines: string[]): string[] {
  let output: string[] | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const match =
      line.length <= MAX_MARKER_LINE_LENGTH &&
      line.endsWith(':') &&
      INLINE_ATTRIBUTION_HINT.test(line) &&
      !isQuoteLine(line)
        ? INLINE_ATTRIBUTION.exec(line)
        : null;
    if (match?.[1] && match[2] && classifyAttribution(match[2])) {
      output ??= lines.slice(0, index);
      output.push(match[1], match[2]);
    } else {
      output?.push(line);
    }
  }
  return output ?? lines;
}

/** Zero-width spaces clients scatter around edited text; they split words for any reader. */
const ZERO_WIDTH_SPACES = /[\u200b\u2060\ufeff]/g;

export function normalizeLineBreaks(text: string): string {
  let normalized = text;
  if (normalized.charCodeAt(0) === 0xfeff) normalized = normalized.slice(1);
  if (/[\u200b\u2060\ufeff]/.test(normalized))
    normalized = normalized.replace(ZERO_WIDTH_SPACES, '');
  if (normalized.includes('\r')) normalized = normalized.replace(/\r\n?/g, '\n');
  if (normalized.includes('\u00a0')) normalized = normalized.replace(/\u00a0/g, ' ');
  return normalized;
}

const BLANK = 0;
const QUOTE = 1;
const TEXT = 2;
/** Inside a ``` fence: shown as is, never read as a marker. */
const CODE = 3;

/** Header blocks are short; a longer run of "Label:" lines is content, not a quoted header. */
const MAX_HEADER_BLOCK_LINES = 12;
const HEADER_FIELD_BITS: Record<HeaderField, number> = {
  from: 1,
  to: 2,
  cc: 4,
  date: 8,
  subject: 16,
  'reply-to': 32,
};
/** Only the first quoted lines are checked for an attribution in a quote-only body. */
const QUOTE_ONLY_ATTRIBUTION_PROBE = 20;
/** A wrapped attribution spans at most this many non-blank lines. */
const MAX_ATTRIBUTION_LINES = 3;
const MAX_ATTRIBUTION_LINES_WITH_GAPS = 4;
/** Text under a quote counts as an inline answer from this many lines on. */
const MIN_INLINE_REPLY_LINES = 3;

const UNWRAPPED_LINK_LINE =
  /^\s*(?:<|\[\d{1,3}\]\s{0,4})?(?:https?:\/\/|www\.|mailto:)[^\s<>]{1,2000}>?\s*$/i;

/** A line ending in "<address>" or an open "<" / "(" is the start of a wrapped attribution. */
const ENDS_WITH_SENDER = /(?:<[^<>\s]{1,255}@[^<>\s]{1,255}>?|[<(])\s*$/;

interface AttributionSpan {
  lineCount: number;
  strength: AttributionStrength;
}

class ScanResult {
  constructor(
    private readonly lines: readonly string[],
    private readonly keep: Uint8Array,
    readonly rule: ExtractionRule,
    readonly hasText: boolean,
  ) {}

  toReply(rule: ExtractionRule): ExtractedReply {
    const kept: string[] = [];
    const removed: string[] = [];
    for (let index = 0; index < this.lines.length; index++) {
      (this.keep[index] === 1 ? kept : removed).push(this.lines[index] ?? '');
    }
    const text = tidyLines(kept);
    const removedText = tidyLines(removed);
    return { text, removed: removedText, rule: removedText === '' && text !== '' ? 'none' : rule };
  }
}

class ReplyLineScanner {
  private readonly kinds: Uint8Array;
  private readonly keep: Uint8Array;
  private lastQuoteLine = -1;
  private rule: ExtractionRule = 'none';

  /** Scans lines [0, end); lines from `end` on are already known to be history. */
  constructor(
    private readonly lines: readonly string[],
    private readonly end: number,
  ) {
    this.kinds = new Uint8Array(end);
    this.keep = new Uint8Array(lines.length);
    this.keep.fill(1, 0, end);
    this.classifyLines();
  }

  scan(): ScanResult {
    const replyStart = this.dropLeadingHistory();
    const replyEnd = this.findReplyEnd(replyStart);
    this.remove(replyEnd, this.end);
    const hasText = this.dropTrailingQuotes(replyStart, replyEnd);
    return new ScanResult(this.lines, this.keep, this.rule, hasText);
  }

  private classifyLines(): void {
    const fenceLines: number[] = [];
    for (let index = 0; index < this.end; index++) {
      const line = this.lines[index] ?? '';
      if (isBlankLine(line)) this.kinds[index] = BLANK;
      else if (isQuoteLine(line)) this.kinds[index] = QUOTE;
      else this.kinds[index] = TEXT;
      if (this.kinds[index] !== BLANK && startsWithCodeFence(line)) fenceLines.push(index);
    }
    // An unclosed fence is a stray ```, not code: only paired fences protect their content.
    for (let pair = 0; pair + 1 < fenceLines.length; pair += 2) {
      const open = fenceLines[pair] ?? 0;
      const close = fenceLines[pair + 1] ?? 0;
      for (let index = open; index <= close; index++) this.kinds[index] = CODE;
    }
    // A long link the client could not wrap sits unquoted between two quoted lines: it is part
    // of the quote ("> see\n<https://...>\n> thanks").
    for (let index = 1; index + 1 < this.end; index++) {
      if (
        this.kinds[index] === TEXT &&
        this.kinds[index - 1] === QUOTE &&
        this.kinds[index + 1] === QUOTE &&
        UNWRAPPED_LINK_LINE.test(this.line(index))
      ) {
        this.kinds[index] = QUOTE;
      }
    }
    for (let index = this.end - 1; index >= 0; index--) {
      if (this.kinds[index] === QUOTE) {
        this.lastQuoteLine = index;
        break;
      }
    }
  }

  private line(index: number): string {
    return this.lines[index] ?? '';
  }

  private remove(start: number, end: number): void {
    if (end > start) this.keep.fill(0, start, end);
  }

  private setRule(rule: ExtractionRule): void {
    if (this.rule === 'none') this.rule = rule;
  }

  private nextNonBlank(from: number): number {
    let index = from;
    while (index < this.end && this.kinds[index] === BLANK) index++;
    return index;
  }

  /** Bottom-posted replies and forwards start with history; skip it and return where text starts. */
  private dropLeadingHistory(): number {
    let index = this.nextNonBlank(0);
    while (index < this.end) {
      const attribution = this.attributionAt(index);
      if (attribution) {
        const afterAttribution = this.nextNonBlank(index + attribution.lineCount);
        const quoteFollows = afterAttribution < this.end && this.kinds[afterAttribution] === QUOTE;
        if (attribution.strength === 'strong' || quoteFollows) {
          this.remove(index, index + attribution.lineCount);
          this.setRule('attribution');
          index = afterAttribution;
          if (quoteFollows) {
            const quoteEnd = this.quoteBlockEnd(afterAttribution);
            // With more quotes below, this is an inline reply and the first quote is its context.
            if (this.lastQuoteLine < quoteEnd) {
              this.remove(afterAttribution, quoteEnd);
              index = this.nextNonBlank(quoteEnd);
            }
          }
          continue;
        }
      }
      const line = this.line(index);
      if (this.kinds[index] === TEXT && isForwardMarker(line)) {
        this.remove(index, index + 1);
        this.setRule('outlook-header');
        index = this.nextNonBlank(index + 1);
        continue;
      }
      const headerEnd = this.headerBlockEnd(index);
      if (headerEnd > 0) {
        this.remove(index, headerEnd);
        this.setRule('outlook-header');
        index = this.nextNonBlank(headerEnd);
        continue;
      }
      if (this.kinds[index] === TEXT && ruleLineCharacter(line) !== undefined) {
        this.remove(index, index + 1);
        index = this.nextNonBlank(index + 1);
        continue;
      }
      break;
    }
    return index;
  }

  /** Index of the first line that is no longer the person's reply. */
  private findReplyEnd(start: number): number {
    for (let index = start; index < this.end; index++) {
      const kind = this.kinds[index];
      if (kind === BLANK || kind === CODE) continue;
      if (kind === QUOTE) {
        index = this.quoteBlockEnd(index) - 1;
        continue;
      }
      const stop = this.hardStopAt(index, start);
      if (stop) {
        this.rule = stop;
        return index;
      }
      const attribution = this.attributionAt(index);
      if (!attribution) continue;
      const afterAttribution = this.nextNonBlank(index + attribution.lineCount);
      if (afterAttribution < this.end && this.kinds[afterAttribution] === QUOTE) {
        if (this.isInlineReplyAfter(this.quoteBlockEnd(afterAttribution))) {
          this.remove(index, index + attribution.lineCount);
          this.setRule('attribution');
          index += attribution.lineCount - 1;
          continue;
        }
        this.rule = 'attribution';
        return index;
      }
      // A weak attribution ("Jane wrote:") that ends the text lost its quote to an HTML container.
      if (attribution.strength === 'strong' || afterAttribution >= this.end) {
        this.rule = 'attribution';
        return index;
      }
    }
    return this.end;
  }

  /**
   * Drops quotes, rules and blank lines after the last line of text. Returns whether any text
   * remains.
   */
  private dropTrailingQuotes(start: number, end: number): boolean {
    let lastText = -1;
    for (let index = end - 1; index >= start; index--) {
      const kind = this.kinds[index];
      if (this.keep[index] !== 1 || kind === BLANK || kind === QUOTE) continue;
      if (kind === TEXT && ruleLineCharacter(this.line(index)) !== undefined) continue;
      lastText = index;
      break;
    }
    if (lastText === -1) {
      if (this.quotesHoldHistory(start, end)) {
        this.remove(start, end);
        this.setRule('quote-block');
      }
      return false;
    }
    for (let index = lastText + 1; index < end; index++) {
      if (this.keep[index] === 1 && this.kinds[index] === QUOTE) {
        this.setRule('quote-block');
        break;
      }
    }
    this.remove(lastText + 1, end);
    return true;
  }

  /** A quote-only body is quoted history (nothing new) when the quote starts with an attribution. */
  private quotesHoldHistory(start: number, end: number): boolean {
    let probed = 0;
    for (let index = start; index < end && probed < QUOTE_ONLY_ATTRIBUTION_PROBE; index++) {
      if (this.keep[index] !== 1 || this.kinds[index] !== QUOTE) continue;
      probed++;
      const unquoted = stripQuotePrefix(this.line(index));
      if (
        classifyAttribution(unquoted) === 'strong' ||
        isForwardMarker(unquoted) ||
        unquoted.trimEnd().toLowerCase() === 'begin forwarded message:'
      ) {
        return true;
      }
    }
    return false;
  }

  /** End (exclusive) of the quote block starting at `start`, across blank and rewrapped lines. */
  private quoteBlockEnd(start: number): number {
    let index = start;
    let blockEnd = start;
    while (index < this.end) {
      const kind = this.kinds[index];
      if (kind === QUOTE) {
        index++;
        blockEnd = index;
      } else if (kind === BLANK) {
        const next = this.nextNonBlank(index);
        if (next < this.end && this.kinds[next] === QUOTE) index = next;
        else break;
      } else if (this.isRewrappedQuoteLine(index)) {
        index++;
        blockEnd = index;
      } else {
        break;
      }
    }
    return blockEnd;
  }

  /**
   * Clients that rewrap a quote leave the tail of a long quoted line unprefixed between two quoted
   * lines ("> ... Nullam pharetra d\nignissim odio?\n>"). A reply typed between quotes starts a new
   * sentence instead.
   */
  private isRewrappedQuoteLine(index: number): boolean {
    if (index === 0 || index + 1 >= this.end) return false;
    if (this.kinds[index - 1] !== QUOTE || this.kinds[index + 1] !== QUOTE) return false;
    const line = this.line(index);
    if (line.length > 200) return false;
    const firstCharacter = line.trimStart().charAt(0);
    const startsLowercase =
      firstCharacter !== firstCharacter.toUpperCase() &&
      firstCharacter === firstCharacter.toLowerCase();
    return startsLowercase || stripQuotePrefix(this.line(index - 1)).length >= 60;
  }

  /**
   * Whether the person kept writing below a quote: another quote further down (answers between
   * quotes), or at least three lines of text. One or two lines under a quote are more often a
   * signature or a list footer than an answer.
   */
  private isInlineReplyAfter(start: number): boolean {
    let textLines = 0;
    for (let index = start; index < this.end; index++) {
      const kind = this.kinds[index];
      if (kind === BLANK) continue;
      if (kind === QUOTE) return textLines > 0;
      if (!this.isReplyTextAt(index)) return false;
      if (++textLines >= MIN_INLINE_REPLY_LINES) return true;
    }
    return false;
  }

  /** Whether the line is more of the person's own text (so the quote above it is context). */
  private isReplyTextAt(index: number): boolean {
    if (index >= this.end) return false;
    const kind = this.kinds[index];
    if (kind === CODE) return true;
    if (kind !== TEXT) return false;
    if (ruleLineCharacter(this.line(index)) !== undefined) return false;
    return this.hardStopAt(index, index) === undefined && this.attributionAt(index) === undefined;
  }

  private hardStopAt(index: number, regionStart: number): ExtractionRule | undefined {
    const line = this.line(index);
    if (line.length > MAX_MARKER_LINE_LENGTH) return undefined;
    if (isSignatureDelimiter(line)) return 'signature';
    const rule = ruleLineCharacter(line);
    if (rule !== undefined) {
      const next = this.nextNonBlank(index + 1);
      if (next < this.end && (isForwardMarker(this.line(next)) || this.headerBlockEnd(next) > 0)) {
        return 'outlook-header';
      }
      const previousIsBreak =
        index === regionStart ||
        this.kinds[index - 1] === BLANK ||
        ruleLineCharacter(this.line(index - 1)) !== undefined;
      // Mailing-list footers and hand-made signatures sit under a blank line and "____"; dashes
      // and equals signs are too often Markdown or tables to cut on.
      return rule === '_' && previousIsBreak ? 'signature' : undefined;
    }
    if (isForwardMarker(line)) return 'outlook-header';
    if (this.headerBlockEnd(index) > 0) return 'outlook-header';
    if (isDigestHeading(line) && index > regionStart) return 'quote-block';
    if (isClientSignatureLine(line)) return 'signature';
    return undefined;
  }

  /**
   * End (exclusive) of a quoted-message header block starting at `start` ("From: / Sent: / To: /
   * Subject:" and translations), or -1. Needs three header lines of two kinds including a sender
   * or subject, with an address or a dated Sent/Date line; one unlabelled line may sit between
   * them (a wrapped address or subject).
   */
  private headerBlockEnd(start: number): number {
    if (this.kinds[start] !== TEXT || headerFieldOf(this.line(start)) === undefined) return -1;
    let headerLines = 0;
    let fields = 0;
    let unlabelledRun = 0;
    let hasAddressOrDate = false;
    let index = start;
    for (; index < this.end && index < start + MAX_HEADER_BLOCK_LINES; index++) {
      if (this.kinds[index] !== TEXT) break;
      const line = this.line(index);
      const field = headerFieldOf(line);
      if (field) {
        headerLines++;
        fields |= HEADER_FIELD_BITS[field];
        unlabelledRun = 0;
        hasAddressOrDate ||= line.includes('@') || (field === 'date' && /\d/.test(line));
      } else if (++unlabelledRun > 1) {
        break;
      }
    }
    const distinctFields = countBits(fields);
    const namesMessage = (fields & (HEADER_FIELD_BITS.from | HEADER_FIELD_BITS.subject)) !== 0;
    // "From: Berlin / To: Paris / Date: Monday" in a reply is an itinerary, not a quoted header.
    if (headerLines < 3 || distinctFields < 2 || !namesMessage || !hasAddressOrDate) return -1;
    return index - unlabelledRun;
  }

  /** An attribution line, possibly wrapped over up to three lines, starting at `start`. */
  private attributionAt(start: number): AttributionSpan | undefined {
    if (this.kinds[start] !== TEXT) return undefined;
    const first = this.line(start);
    if (first.length > MAX_MARKER_LINE_LENGTH) return undefined;
    const single = classifyAttribution(first);
    if (single) return { lineCount: 1, strength: single };
    if (!looksLikeAttributionStart(first) || !/[\d@]/.test(first)) return undefined;

    const allowGaps = startsWithAttributionPrefix(first) && !/[.!?]\s*$/.test(first);
    const maxLines = allowGaps ? MAX_ATTRIBUTION_LINES_WITH_GAPS : MAX_ATTRIBUTION_LINES;
    let joined = first.trim();
    let joinedLines = 1;
    for (let index = start + 1; index < this.end && joinedLines < maxLines; index++) {
      const kind = this.kinds[index];
      if (kind === BLANK) {
        if (allowGaps) continue;
        return undefined;
      }
      const line = this.line(index);
      // Gmail wraps "<address\n>:" and "<\nmailto:...\n> wrote:": a short line starting with
      // '>' can be the attribution's tail rather than a quote.
      const isWrappedTail = kind === QUOTE && line.trim().length <= 40;
      if (kind === CODE || (kind === QUOTE && !isWrappedTail)) return undefined;
      if (line.length > MAX_MARKER_LINE_LENGTH) return undefined;
      // "Name <\naddress>" was wrapped inside the brackets: join without the space.
      joined += (/[<(]$/.test(joined) ? '' : ' ') + line.trim();
      joinedLines++;
      if (joined.length > MAX_MARKER_LINE_LENGTH) return undefined;
      const strength = classifyAttribution(joined);
      if (!strength) continue;
      if (!ENDS_WITH_SENDER.test(first) && this.laterLineStartsAttribution(start + 1, index)) {
        return undefined;
      }
      return { lineCount: index - start + 1, strength };
    }
    return undefined;
  }

  /**
   * When a line inside a joined span is a complete attribution by itself and starts like one,
   * the span's first line is the person's text, not part of the attribution.
   */
  private laterLineStartsAttribution(from: number, to: number): boolean {
    for (let index = from; index <= to; index++) {
      const line = this.line(index);
      if (this.kinds[index] !== TEXT) continue;
      if (!startsWithAttributionPrefix(line) && !/^\s*\d/.test(line)) continue;
      if (classifyAttribution(line)) return true;
    }
    return false;
  }
}

function countBits(value: number): number {
  let count = 0;
  for (let rest = value; rest !== 0; rest &= rest - 1) count++;
  return count;
}

/**
 * Trailing spaces off, invisible-only lines emptied, at most one blank line in a row (HTML turned
 * into text, and lines cut out of the middle, would otherwise leave gaps).
 */
function tidyLines(lines: readonly string[]): string {
  const output: string[] = [];
  let blankRun = 0;
  for (const line of lines) {
    if (isBlankLine(line)) {
      blankRun++;
      if (blankRun === 1 && output.length > 0) output.push('');
      continue;
    }
    blankRun = 0;
    output.push(line.trimEnd());
  }
  while (output.length > 0 && output[output.length - 1] === '') output.pop();
  return output.join('\n');
}
