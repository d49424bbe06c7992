import { classifyAttribution } from './attribution-patterns.js';
import type { ExtractedReply } from './extracted-reply.js';
import { classifyLines } from './line-classes.js';
import { findPromptLine } from './prompt-line.js';
import { ReplyCut } from './reply-cut.js';
import { MAX_MARKER_LINE_LENGTH, isQuoteLine } from './text-scan.js';

/**
 * Plain-text reply extraction: every line is classified first (line-classes.ts: text, blank,
 * quote, code, attribution, header block, forward marker, rule, signature, footer, digest heading,
 * closing), then one rule over those classes decides what is the person's reply (reply-cut.ts).
 *
 * Our prompt line ("Please type your reply above this line") comes before both: everything from
 * its first line down is our own notification, and the rule runs on the lines above it (so the
 * attribution or header block the client put above the quote goes too). When nothing is above a
 * quoted prompt, the person may have written below the quoted notification.
 *
 * Signature policy: client signatures ("Sent from my iPhone") and everything below them are
 * removed, as are `-- ` blocks and the blocks under an underscore rule. A plain sign-off the
 * person typed ("Thanks, Ana", "Best regards,\nJef", "-Abhishek Kona", "—Ryan") is part of what
 * they wrote and is kept, also when they typed it below the quote they answered.
 */
export function extractReplyFromText(text: string): ExtractedReply {
  const lines = splitInlineAttributions(normalizeLineBreaks(text).split('\n'));
  const promptLine = findPromptLine(lines);
  if (promptLine >= 0) {
    const abovePrompt = cutAt(lines, promptLine);
    if (abovePrompt.hasText || !isQuoteLine(lines[promptLine] ?? '')) {
      return abovePrompt.reply.toReply('prompt-line');
    }
    const belowQuote = cutAt(lines, lines.length);
    if (belowQuote.hasText) return belowQuote.reply.toReply(belowQuote.rule);
    return abovePrompt.reply.toReply('prompt-line');
  }
  const whole = cutAt(lines, lines.length);
  return whole.reply.toReply(whole.rule);
}

/** Classifies lines [0, end) and applies the rule; lines from `end` on are history. */
function cutAt(lines: readonly string[], end: number) {
  const reply = new ReplyCut(classifyLines(lines, end));
  return { reply, ...reply.cut() };
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
