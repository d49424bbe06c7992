import { MAX_MARKER_LINE_LENGTH, stripQuotePrefix } from './text-scan.js';

/**
 * Our notifications start with "Please type your reply above this line". Clients quote it (`> `),
 * wrap it ("Please type your reply above\n> this line"), or keep our markers around it
 * ("-- ... --", "### ... ###"); everything from its first line down is history.
 */
export const PROMPT_LINE = 'Please type your reply above this line';

const PROMPT_PHRASE = /(?:please\s+)?type\s+your\s+reply\s+above\s+this\s+line/i;

/** Cheap per-line filter: a line carrying part of the prompt has at least one of these words. */
const PROMPT_WORD = /please|type|reply|above|line/i;

/** How many lines a client may wrap the prompt over. */
const MAX_PROMPT_LINES = 3;

/** Index of the line where the prompt starts, or -1. */
export function findPromptLine(lines: readonly string[]): number {
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.length > MAX_MARKER_LINE_LENGTH || !PROMPT_WORD.test(line)) continue;
    const first = stripQuotePrefix(line);
    let window = first;
    for (let next = index + 1; next < index + MAX_PROMPT_LINES && next < lines.length; next++) {
      const continuation = lines[next] ?? '';
      if (continuation.length > MAX_MARKER_LINE_LENGTH) break;
      window += ' ' + stripQuotePrefix(continuation);
    }
    const match = PROMPT_PHRASE.exec(window);
    if (match && match.index < first.length) return index;
  }
  return -1;
}

export function containsPromptLine(text: string): boolean {
  return PROMPT_PHRASE.test(text);
}
