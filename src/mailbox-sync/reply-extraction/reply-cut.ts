import { classifyAttribution, isForwardMarker } from './attribution-patterns.js';
import type { ExtractedReply, ExtractionRule } from './extracted-reply.js';
import {
  KIND_BLANK,
  KIND_CODE,
  KIND_QUOTE,
  KIND_TEXT,
  MARK_ATTRIBUTION,
  MARK_CLOSING,
  MARK_DIGEST,
  MARK_FOOTER_RULE,
  MARK_FORWARD,
  MARK_HEADER_BLOCK,
  MARK_NONE,
  MARK_RULE,
  MARK_SEPARATOR_RULE,
  MARK_SIGNATURE,
  type ClassifiedLines,
} from './line-classes.js';
import { isBlankLine, stripQuotePrefix } from './text-scan.js';

/**
 * Step two of plain-text reply extraction: one rule over the classified lines (line-classes.ts).
 *
 *   reply = the lines between the leading history and the first history start,
 *           without the quotes after the person's last line.
 *
 * - Leading history (a bottom post or a forward): attributions, forward markers, header blocks
 *   and rule lines at the top, and the quote right after a leading attribution unless more quotes
 *   follow (an inline reply).
 * - History start: a signature, a footer rule, a forward marker (or the rule above it), a header
 *   block, a digest heading, or an attribution that is strong or has a quote after it.
 * - Except an attribution whose quote the person answered below: with at least three lines of
 *   their text, or text and another quote, under it (an inline reply) only the attribution goes
 *   and the quote stays as context; with only a sign-off under it ("Regards, Roman") the
 *   attribution and the quote go and the sign-off stays.
 * - A body that is nothing but a quote is kept, unless the quote starts with an attribution or a
 *   forward marker (quoted history with nothing new).
 */
export class ReplyCut {
  private readonly keep: Uint8Array;
  private rule: ExtractionRule = 'none';
  private lastQuoteLine = -1;

  constructor(private readonly classes: ClassifiedLines) {
    this.keep = new Uint8Array(classes.lines.length);
    this.keep.fill(1, 0, classes.end);
    for (let index = classes.end - 1; index >= 0; index--) {
      if (classes.kinds[index] === KIND_QUOTE) {
        this.lastQuoteLine = index;
        break;
      }
    }
  }

  /** Applies the rule; `hasText` says whether any line of the person's text remains. */
  cut(): { hasText: boolean; rule: ExtractionRule } {
    const start = this.skipLeadingHistory();
    const end = this.findHistoryStart(start);
    this.remove(end, this.classes.end);
    const hasText = this.dropTrailingQuotes(start, end);
    return { hasText, rule: this.rule };
  }

  toReply(rule: ExtractionRule): ExtractedReply {
    const kept: string[] = [];
    const removed: string[] = [];
    const { lines } = this.classes;
    for (let index = 0; index < lines.length; index++) {
      (this.keep[index] === 1 ? kept : removed).push(lines[index] ?? '');
    }
    const text = tidyLines(kept);
    const removedText = tidyLines(removed);
    return { text, removed: removedText, rule: removedText === '' && text !== '' ? 'none' : rule };
  }

  private get end(): number {
    return this.classes.end;
  }

  private kind(index: number): number {
    return this.classes.kinds[index] ?? KIND_BLANK;
  }

  private mark(index: number): number {
    return this.classes.marks[index] ?? MARK_NONE;
  }

  private span(index: number): number {
    return this.classes.spans[index] ?? 1;
  }

  private remove(start: number, end: number): void {
    if (end > start) this.keep.fill(0, start, end);
  }

  private setRule(rule: ExtractionRule): void {
    if (this.rule === 'none') this.rule = rule;
  }

  private nextNonBlank(from: number): number {
    let index = from;
    while (index < this.end && this.kind(index) === KIND_BLANK) index++;
    return index;
  }

  private isQuoteAt(index: number): boolean {
    return index < this.end && this.kind(index) === KIND_QUOTE;
  }

  /** End (exclusive) of the quote block starting at `start`, across blank lines. */
  private quoteBlockEnd(start: number): number {
    let index = start;
    let blockEnd = start;
    while (index < this.end) {
      if (this.kind(index) === KIND_QUOTE) {
        blockEnd = ++index;
      } else if (this.kind(index) === KIND_BLANK && this.isQuoteAt(this.nextNonBlank(index))) {
        index = this.nextNonBlank(index);
      } else {
        break;
      }
    }
    return blockEnd;
  }

  /** Bottom posts and forwards start with history; skips it and returns where the reply starts. */
  private skipLeadingHistory(): number {
    let index = this.nextNonBlank(0);
    let afterAttribution = false;
    while (index < this.end) {
      const mark = this.mark(index);
      if (mark === MARK_ATTRIBUTION) {
        const after = this.nextNonBlank(index + this.span(index));
        const quoteFollows = this.isQuoteAt(after);
        if (!this.classes.strong[index] && !quoteFollows) break;
        this.remove(index, index + this.span(index));
        this.setRule('attribution');
        index = after;
        afterAttribution = quoteFollows;
        continue;
      }
      if (mark === MARK_FORWARD || mark === MARK_HEADER_BLOCK) {
        this.remove(index, index + (mark === MARK_HEADER_BLOCK ? this.span(index) : 1));
        this.setRule('outlook-header');
        index = this.nextNonBlank(index + (mark === MARK_HEADER_BLOCK ? this.span(index) : 1));
        continue;
      }
      if (mark === MARK_RULE || mark === MARK_FOOTER_RULE || mark === MARK_SEPARATOR_RULE) {
        this.remove(index, index + 1);
        index = this.nextNonBlank(index + 1);
        continue;
      }
      // The quote right after a leading attribution is what the person answered below, unless
      // more quotes follow (then it is the first piece of context of an inline reply). A quote on
      // top with no attribution stays: the person chose to keep it above their text.
      if (afterAttribution && this.kind(index) === KIND_QUOTE) {
        const quoteEnd = this.quoteBlockEnd(index);
        if (this.lastQuoteLine < quoteEnd) {
          this.remove(index, quoteEnd);
          index = this.nextNonBlank(quoteEnd);
          afterAttribution = false;
          continue;
        }
      }
      break;
    }
    return index;
  }

  /** Index of the first line that is no longer the person's reply. */
  private findHistoryStart(start: number): number {
    for (let index = start; index < this.end; index++) {
      const kind = this.kind(index);
      if (kind === KIND_BLANK || kind === KIND_CODE) continue;
      if (kind === KIND_QUOTE) {
        index = this.quoteBlockEnd(index) - 1;
        continue;
      }
      const stop = this.stopRuleAt(index, start);
      if (stop) {
        this.rule = stop;
        return index;
      }
      if (this.mark(index) !== MARK_ATTRIBUTION) continue;
      const span = this.span(index);
      const after = this.nextNonBlank(index + span);
      if (this.isQuoteAt(after)) {
        const quoteEnd = this.quoteBlockEnd(after);
        const answer = this.answerBelow(quoteEnd);
        if (answer === 'none') {
          this.rule = 'attribution';
          return index;
        }
        // An inline answer keeps its quote as context; a sign-off wraps history that goes.
        this.remove(index, answer === 'inline' ? index + span : quoteEnd);
        this.setRule('attribution');
        index = (answer === 'inline' ? index + span : quoteEnd) - 1;
        continue;
      }
      // A weak attribution ("Jane wrote:") that ends the text lost its quote to an HTML container.
      if (this.classes.strong[index] || after >= this.end) {
        this.rule = 'attribution';
        return index;
      }
    }
    return this.end;
  }

  private stopRuleAt(index: number, regionStart: number): ExtractionRule | undefined {
    switch (this.mark(index)) {
      case MARK_SIGNATURE:
      case MARK_FOOTER_RULE:
        return 'signature';
      case MARK_SEPARATOR_RULE:
      case MARK_FORWARD:
      case MARK_HEADER_BLOCK:
        return 'outlook-header';
      case MARK_DIGEST:
        return index > regionStart ? 'quote-block' : undefined;
      default:
        return undefined;
    }
  }

  /**
   * What the person wrote below a quote that ends at `start`: an inline answer (another quote
   * after some text, or at least three lines of text), only a sign-off (a closing and up to three
   * short lines for name and title), or nothing of theirs. One or two plain lines under a quote
   * are more often a quoted signature or a list footer than an answer.
   */
  private answerBelow(start: number): 'inline' | 'sign-off' | 'none' {
    let textLines = 0;
    let closingAt = -1;
    for (let index = start; index < this.end; index++) {
      const kind = this.kind(index);
      if (kind === KIND_BLANK) continue;
      if (kind === KIND_QUOTE) return textLines > 0 ? 'inline' : 'none';
      if (!this.isReplyTextAt(index)) break;
      if (textLines === 0 && this.mark(index) === MARK_CLOSING) closingAt = index;
      if (++textLines >= 3 && closingAt === -1) return 'inline';
      if (closingAt !== -1 && textLines > 4) return 'inline';
    }
    return closingAt !== -1 ? 'sign-off' : 'none';
  }

  /** Whether the line is more of the person's own text (so the quote above it is context). */
  private isReplyTextAt(index: number): boolean {
    const kind = this.kind(index);
    if (kind === KIND_CODE) return true;
    if (kind !== KIND_TEXT) return false;
    const mark = this.mark(index);
    return mark === MARK_NONE || mark === MARK_CLOSING;
  }

  /**
   * Drops quotes, rules and blank lines after the last line of text. Returns whether any text
   * remains.
   */
  private dropTrailingQuotes(start: number, end: number): boolean {
    let lastText = -1;
    for (let index = end - 1; index >= start; index--) {
      const kind = this.kind(index);
      if (this.keep[index] !== 1 || kind === KIND_BLANK || kind === KIND_QUOTE) continue;
      if (this.mark(index) === MARK_RULE || this.mark(index) === MARK_FOOTER_RULE) continue;
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
    let quoteFollows = false;
    for (let index = lastText + 1; index < end; index++) {
      if (this.keep[index] === 1 && this.kind(index) === KIND_QUOTE) {
        quoteFollows = true;
        break;
      }
    }
    if (quoteFollows) {
      this.setRule('quote-block');
      // "Понедельник, 2 апреля 2012, 14:20 от bob@example.com:" or "Zitat von Bob <bob@x.org>:"
      // right above the final quote is an attribution in a wording we have no pattern for.
      if (lastText > start && looksLikeUnknownAttribution(this.classes.lines[lastText] ?? '')) {
        this.remove(lastText, lastText + 1);
        lastText = this.previousTextLine(lastText, start);
      }
    }
    this.remove(lastText + 1, end);
    return lastText !== -1;
  }

  private previousTextLine(from: number, start: number): number {
    for (let index = from - 1; index >= start; index--) {
      if (
        this.keep[index] === 1 &&
        this.kind(index) !== KIND_BLANK &&
        this.kind(index) !== KIND_QUOTE
      ) {
        return index;
      }
    }
    return -1;
  }

  /** A quote-only body is quoted history (nothing new) when the quote starts with an attribution. */
  private quotesHoldHistory(start: number, end: number): boolean {
    let probed = 0;
    for (let index = start; index < end && probed < QUOTE_ONLY_ATTRIBUTION_PROBE; index++) {
      if (this.keep[index] !== 1 || this.kind(index) !== KIND_QUOTE) continue;
      probed++;
      const unquoted = stripQuotePrefix(this.classes.lines[index] ?? '');
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
}

const MAX_UNKNOWN_ATTRIBUTION_LENGTH = 200;
const ADDRESS = /[^\s<>()@]{1,64}@[^\s<>()@]{1,255}\.[^\s<>()@:]{2,}/;

/** A short line naming an address and ending in ':': it introduces the quote below it. */
function looksLikeUnknownAttribution(line: string): boolean {
  const trimmed = line.trim();
  return (
    trimmed.length <= MAX_UNKNOWN_ATTRIBUTION_LENGTH &&
    /[:：]$/.test(trimmed) &&
    ADDRESS.test(trimmed)
  );
}

/** Only the first quoted lines are checked for an attribution in a quote-only body. */
const QUOTE_ONLY_ATTRIBUTION_PROBE = 20;

/**
 * Trailing spaces off, invisible-only lines emptied, at most one blank line in a row (HTML turned
 * into text, and lines cut out of the middle, would otherwise leave gaps).
 */
export function tidyLines(lines: readonly string[]): string {
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
