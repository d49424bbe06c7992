const REPLACEMENT_CHARACTER = '\uFFFD';
// Decided by proportion alone: one odd byte in a long message (a pasted symbol the client
// mislabelled) is a small share and is posted, while a short reply that is mostly unreadable
// ("\uFFFD\uFFFD[jǺ") is gibberish however few characters it has.
const MAX_UNREADABLE_SHARE = 0.2;

export interface UndecodableText {
  unreadable: number;
  total: number;
}

/**
 * Whether a reply's text is mostly bytes its declared charset could not decode (mailparser turns
 * them into U+FFFD). Posting that would put gibberish in a conversation under the user's name.
 */
export function findUndecodableText(text: string): UndecodableText | null {
  let unreadable = 0;
  let total = 0;
  for (const character of text) {
    if (character.trim() === '') continue;
    total += 1;
    if (character === REPLACEMENT_CHARACTER) unreadable += 1;
  }
  return unreadable > 0 && unreadable / total > MAX_UNREADABLE_SHARE ? { unreadable, total } : null;
}
