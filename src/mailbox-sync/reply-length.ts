/** A post holds at most this many characters (the same limit as a post written in the catalog). */
export const REPLY_MAX_CHARS = 20_000;

export const TRUNCATION_NOTE =
  '[… the rest of this email reply was cut: a post holds at most 20,000 characters]';

/**
 * Over-long replies are truncated with a visible note rather than rejected: the person wrote it
 * and gets no bounce from us, so dropping it would lose their words silently, while the cut is
 * visible in the conversation and the full email stays in the incoming email log.
 */
export function limitReplyLength(
  text: string,
  max = REPLY_MAX_CHARS,
): { text: string; truncatedFrom?: number } {
  if (text.length <= max) return { text };
  let keep = max - TRUNCATION_NOTE.length - 2;
  // Never split a surrogate pair: half an emoji would be an invalid character.
  const last = text.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep -= 1;
  return {
    text: `${text.slice(0, keep).trimEnd()}\n\n${TRUNCATION_NOTE}`,
    truncatedFrom: text.length,
  };
}
