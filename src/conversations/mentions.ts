// A mention is `@` + username where the `@` does not follow a word character, so `ana@example.com`
// is an address, not a mention of `example`. Usernames may contain dots, dashes and underscores
// but end in a letter or digit, so a sentence's full stop after `@ana.` is not part of the name.
const MENTION =
  /(?<![\p{L}\p{N}_.@+-])@([A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?)(?![A-Za-z0-9_-]|[.][A-Za-z0-9]|@)/gu;

/** The distinct usernames `@`-mentioned in a post body, lower-cased, in order of first mention. */
export function extractMentionedUsernames(body: string): string[] {
  const seen = new Set<string>();
  for (const match of body.matchAll(MENTION)) {
    seen.add(match[1].toLowerCase());
  }
  return [...seen];
}
