import {
  classifyAttribution,
  headerFieldOf,
  isDigestHeading,
  isForwardMarker,
  looksLikeAttributionStart,
  startsWithAttributionPrefix,
  type HeaderField,
} from './attribution-patterns.js';
import { isClientSignatureLine, isClosingLine, isSignatureDelimiter } from './signature.js';
import {
  MAX_MARKER_LINE_LENGTH,
  isBlankLine,
  isQuoteLine,
  ruleLineCharacter,
  startsWithCodeFence,
  stripQuotePrefix,
} from './text-scan.js';

/**
 * Step one of plain-text reply extraction: every line gets a class, before anything is cut.
 *
 * A line's kind is what it looks like on its own: blank, text, quote (`>`), or code (inside a
 * ``` fence, never read as a marker). Its mark is the part it plays in a message, found from the
 * line and the lines around it: the start of an attribution or a header block (with how many
 * lines it spans), a forward marker, the rule line above one of those, a signature, a mailing
 * list footer, a notification's digest heading, a plain rule line, or a closing ("Regards,")
 * right under a quote.
 * reply-cut.ts then decides the cut from these classes alone.
 */

export const KIND_BLANK = 0;
export const KIND_TEXT = 1;
export const KIND_QUOTE = 2;
export const KIND_CODE = 3;

export const MARK_NONE = 0;
/** First line of an attribution ("On ... wrote:"), possibly wrapped: see `span`, `strong`. */
export const MARK_ATTRIBUTION = 1;
/** First line of a quoted message's header block (From/Sent/To/Subject): see `span`. */
export const MARK_HEADER_BLOCK = 2;
/** "-----Original Message-----", "Begin forwarded message:" and translations. */
export const MARK_FORWARD = 3;
/** A rule line whose next non-blank line is a forward marker or a header block. */
export const MARK_SEPARATOR_RULE = 4;
/** A notification's digest heading ("Previous Replies"). */
export const MARK_DIGEST = 5;
/** `-- ` or a client signature ("Sent from my iPhone"). */
export const MARK_SIGNATURE = 6;
/** An underscore rule after a break: mailing-list footers and hand-made signature blocks. */
export const MARK_FOOTER_RULE = 7;
/** Any other rule line (`-----`, `=====`): decoration, not text. */
export const MARK_RULE = 8;
/** A closing the person typed under a quote ("Regards,", "Med venlig hilsen", "Pozdrawiam"). */
export const MARK_CLOSING = 9;

export interface ClassifiedLines {
  readonly lines: readonly string[];
  /** Lines [0, end) are classified; lines from `end` on are already known to be history. */
  readonly end: number;
  readonly kinds: Uint8Array;
  readonly marks: Uint8Array;
  /** Lines an attribution or header block covers, on its first line. */
  readonly spans: Uint16Array;
  /** Attribution with a date, an address or a framing rule (a weak one needs a quote after it). */
  readonly strong: Uint8Array;
}

/** Header blocks are short; a longer run of "Label:" lines is content, not a quoted header. */
const MAX_HEADER_BLOCK_LINES = 14;
const HEADER_FIELD_BITS: Record<HeaderField, number> = {
  from: 1,
  to: 2,
  cc: 4,
  date: 8,
  subject: 16,
  'reply-to': 32,
};
/** A wrapped attribution spans at most this many non-blank lines. */
const MAX_ATTRIBUTION_LINES = 3;
const MAX_ATTRIBUTION_LINES_WITH_GAPS = 4;

const UNWRAPPED_LINK_LINE =
  /^\s*(?:<|\[\d{1,3}\]\s{0,4})?(?:https?:\/\/|www\.|mailto:)[^\s<>]{1,2000}>?\s*$/i;

/** A line ending in "<address>" or an open "<" / "(" is the start of a wrapped attribution. */
const ENDS_WITH_SENDER = /(?:<[^<>\s]{1,255}@[^<>\s]{1,255}>?|[<(])\s*$/;

export function classifyLines(lines: readonly string[], end: number): ClassifiedLines {
  return new LineClassifier(lines, end).classify();
}

class LineClassifier {
  private readonly kinds: Uint8Array;
  private readonly marks: Uint8Array;
  private readonly spans: Uint16Array;
  private readonly strong: Uint8Array;

  constructor(
    private readonly lines: readonly string[],
    private readonly end: number,
  ) {
    this.kinds = new Uint8Array(end);
    this.marks = new Uint8Array(end);
    this.spans = new Uint16Array(end);
    this.strong = new Uint8Array(end);
  }

  classify(): ClassifiedLines {
    this.classifyKinds();
    for (let index = 0; index < this.end; index++) this.markLine(index);
    return {
      lines: this.lines,
      end: this.end,
      kinds: this.kinds,
      marks: this.marks,
      spans: this.spans,
      strong: this.strong,
    };
  }

  private line(index: number): string {
    return this.lines[index] ?? '';
  }

  private nextNonBlank(from: number): number {
    let index = from;
    while (index < this.end && this.kinds[index] === KIND_BLANK) index++;
    return index;
  }

  private classifyKinds(): void {
    const fenceLines: number[] = [];
    for (let index = 0; index < this.end; index++) {
      const line = this.line(index);
      if (isBlankLine(line)) this.kinds[index] = KIND_BLANK;
      else if (isQuoteLine(line)) this.kinds[index] = KIND_QUOTE;
      else this.kinds[index] = KIND_TEXT;
      if (this.kinds[index] !== KIND_BLANK && startsWithCodeFence(line)) fenceLines.push(index);
    }
    // An unclosed fence is a stray ```, not code: only paired fences protect their content.
    for (let pair = 0; pair + 1 < fenceLines.length; pair += 2) {
      const open = fenceLines[pair] ?? 0;
      const close = fenceLines[pair + 1] ?? 0;
      for (let index = open; index <= close; index++) this.kinds[index] = KIND_CODE;
    }
    // Between two quoted lines, a long link the client could not wrap and the unprefixed tail of
    // a rewrapped quoted line are part of the quote ("> see\n<https://...>\n> thanks").
    for (let index = 1; index + 1 < this.end; index++) {
      if (
        this.kinds[index] === KIND_TEXT &&
        this.kinds[index - 1] === KIND_QUOTE &&
        this.kinds[index + 1] === KIND_QUOTE &&
        (UNWRAPPED_LINK_LINE.test(this.line(index)) || this.isRewrappedQuoteTail(index))
      ) {
        this.kinds[index] = KIND_QUOTE;
      }
    }
  }

  /**
   * Clients that rewrap a quote leave the tail of a long quoted line unprefixed between two quoted
   * lines ("> ... Nullam pharetra d\nignissim odio?\n>"). A reply typed between quotes starts a
   * new sentence instead.
   */
  private isRewrappedQuoteTail(index: number): boolean {
    const line = this.line(index);
    if (line.length > 200) return false;
    const firstCharacter = line.trimStart().charAt(0);
    const startsLowercase =
      firstCharacter !== firstCharacter.toUpperCase() &&
      firstCharacter === firstCharacter.toLowerCase();
    return startsLowercase || stripQuotePrefix(this.line(index - 1)).length >= 60;
  }

  private markLine(index: number): void {
    if (this.kinds[index] !== KIND_TEXT) return;
    const line = this.line(index);
    if (line.length > MAX_MARKER_LINE_LENGTH) return;
    if (isSignatureDelimiter(line)) {
      this.marks[index] = MARK_SIGNATURE;
      return;
    }
    const rule = ruleLineCharacter(line);
    if (rule !== undefined) {
      this.marks[index] = this.ruleMark(index, rule);
      return;
    }
    if (isForwardMarker(line)) {
      this.marks[index] = MARK_FORWARD;
      return;
    }
    const headerEnd = this.headerBlockEnd(index);
    if (headerEnd > 0) {
      this.marks[index] = MARK_HEADER_BLOCK;
      this.spans[index] = headerEnd - index;
      return;
    }
    if (isDigestHeading(line)) {
      this.marks[index] = MARK_DIGEST;
      return;
    }
    if (isClientSignatureLine(line)) {
      this.marks[index] = MARK_SIGNATURE;
      return;
    }
    const attribution = this.attributionAt(index);
    if (attribution > 0) {
      this.marks[index] = MARK_ATTRIBUTION;
      this.spans[index] = attribution;
      return;
    }
    // Only a closing right under a quote changes the cut (a sign-off wrapping the quote).
    if (this.followsQuote(index) && isClosingLine(line)) this.marks[index] = MARK_CLOSING;
  }

  private followsQuote(index: number): boolean {
    let previous = index - 1;
    while (previous >= 0 && this.kinds[previous] === KIND_BLANK) previous--;
    return previous >= 0 && this.kinds[previous] === KIND_QUOTE;
  }

  private ruleMark(index: number, rule: string): number {
    const next = this.nextNonBlank(index + 1);
    if (
      next < this.end &&
      this.kinds[next] === KIND_TEXT &&
      (isForwardMarker(this.line(next)) || this.headerBlockEnd(next) > 0)
    ) {
      return MARK_SEPARATOR_RULE;
    }
    const previousIsBreak =
      index === 0 ||
      this.kinds[index - 1] === KIND_BLANK ||
      ruleLineCharacter(this.line(index - 1)) !== undefined;
    // Mailing-list footers and hand-made signatures sit under a blank line and "____"; dashes
    // and equals signs are too often Markdown or tables to cut on.
    return rule === '_' && previousIsBreak ? MARK_FOOTER_RULE : MARK_RULE;
  }

  /**
   * End (exclusive) of a quoted-message header block starting at `start` ("From: / Sent: / To: /
   * Subject:" and translations, in any order), or -1. Needs three header lines of two kinds
   * including a sender or subject, with an address or a dated Sent/Date line; one unlabelled line
   * may sit between them (a wrapped address or subject), and so may single blank lines (HTML
   * turned into text puts each field in a paragraph).
   */
  private headerBlockEnd(start: number): number {
    if (this.kinds[start] !== KIND_TEXT || headerFieldOf(this.line(start)) === undefined) return -1;
    let headerLines = 0;
    let fields = 0;
    let unlabelledRun = 0;
    let hasAddressOrDate = false;
    let blockEnd = start;
    for (let index = start; index < this.end && index < start + MAX_HEADER_BLOCK_LINES; index++) {
      const kind = this.kinds[index];
      if (kind === KIND_BLANK) {
        const next = index + 1;
        if (
          next < this.end &&
          headerFieldOf(this.line(next)) !== undefined &&
          unlabelledRun === 0
        ) {
          continue;
        }
        break;
      }
      if (kind !== KIND_TEXT) break;
      const line = this.line(index);
      const field = headerFieldOf(line);
      if (field) {
        headerLines++;
        fields |= HEADER_FIELD_BITS[field];
        unlabelledRun = 0;
        blockEnd = index + 1;
        hasAddressOrDate ||= line.includes('@') || (field === 'date' && /\d/.test(line));
      } else if (++unlabelledRun > 1) {
        break;
      } else {
        blockEnd = index + 1;
      }
    }
    if (unlabelledRun > 0) blockEnd -= unlabelledRun;
    const distinctFields = countBits(fields);
    const namesMessage = (fields & (HEADER_FIELD_BITS.from | HEADER_FIELD_BITS.subject)) !== 0;
    // "From: Berlin / To: Paris / Date: Monday" in a reply is an itinerary, not a quoted header.
    if (headerLines < 3 || distinctFields < 2 || !namesMessage || !hasAddressOrDate) return -1;
    return blockEnd;
  }

  /**
   * Lines an attribution starting at `start` spans (wrapped over up to three or four lines), or 0.
   * Sets `strong` for one with a date, an address or a framing rule.
   */
  private attributionAt(start: number): number {
    const first = this.line(start);
    const single = classifyAttribution(first);
    if (single) {
      this.strong[start] = single === 'strong' ? 1 : 0;
      return 1;
    }
    if (!looksLikeAttributionStart(first) || !/[\d@]/.test(first)) return 0;

    const allowGaps = startsWithAttributionPrefix(first) && !/[.!?]\s*$/.test(first);
    const maxLines = allowGaps ? MAX_ATTRIBUTION_LINES_WITH_GAPS : MAX_ATTRIBUTION_LINES;
    let joined = first.trim();
    let joinedLines = 1;
    for (let index = start + 1; index < this.end && joinedLines < maxLines; index++) {
      const kind = this.kinds[index];
      if (kind === KIND_BLANK) {
        if (allowGaps) continue;
        return 0;
      }
      const line = this.line(index);
      // Gmail wraps "<address\n>:" and "<\nmailto:...\n> wrote:": a short line starting with
      // '>' can be the attribution's tail rather than a quote.
      const isWrappedTail = kind === KIND_QUOTE && line.trim().length <= 40;
      if (kind === KIND_CODE || (kind === KIND_QUOTE && !isWrappedTail)) return 0;
      if (line.length > MAX_MARKER_LINE_LENGTH) return 0;
      // "Name <\naddress>" was wrapped inside the brackets: join without the space.
      joined += (/[<(]$/.test(joined) ? '' : ' ') + line.trim();
      joinedLines++;
      if (joined.length > MAX_MARKER_LINE_LENGTH) return 0;
      const strength = classifyAttribution(joined);
      if (!strength) continue;
      if (!ENDS_WITH_SENDER.test(first) && this.laterLineStartsAttribution(start + 1, index)) {
        return 0;
      }
      this.strong[start] = strength === 'strong' ? 1 : 0;
      return index - start + 1;
    }
    return 0;
  }

  /**
   * When a line inside a joined span is a complete attribution by itself and starts like one,
   * the span's first line is the person's text, not part of the attribution.
   */
  private laterLineStartsAttribution(from: number, to: number): boolean {
    for (let index = from; index <= to; index++) {
      const line = this.line(index);
      if (this.kinds[index] !== KIND_TEXT) continue;
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
