const REPLACEMENT_CHARACTER = '\uFFFD';
// Below this many unreadable characters a reply is posted as is: one odd byte in a long message
// (a pasted symbol the client mislabelled) should not cost the person their whole reply.
const MIN_UNREADABLE = 3;
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
  return unreadable >= MIN_UNREADABLE && unreadable / total > MAX_UNREADABLE_SHARE
    ? { unreadable, total }
    : null;
}
