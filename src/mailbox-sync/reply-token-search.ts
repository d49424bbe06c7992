import { REPLY_TOKEN } from '../conversations/reply-token.js';
import type { TokenSource } from './incoming-email-reasons.js';
import type { MessageFacts } from './message-facts.js';

export interface TokenCandidate {
  /** Lower-cased, as tokens are issued. */
  token: string;
  source: TokenSource;
}

/** The tag of `local+tag@domain`, or null. */
export function plusTag(address: string): string | null {
  const at = address.lastIndexOf('@');
  const local = at >= 0 ? address.slice(0, at) : address;
  const plus = local.indexOf('+');
  return plus >= 0 ? local.slice(plus + 1) : null;
}

/** The part before `@` of `<local@domain>`. */
export function messageIdLocalPart(messageId: string): string {
  const id = messageId.replace(/^<|>$/g, '');
  const at = id.lastIndexOf('@');
  return at >= 0 ? id.slice(0, at) : id;
}

function asToken(candidate: string | null): string | null {
  if (candidate === null) return null;
  const lower = candidate.toLowerCase();
  return REPLY_TOKEN.test(lower) ? lower : null;
}

/**
 * Every reply token in the email, best first: plus tags in To, Cc, Delivered-To and X-Original-To
 * (EMAIL_ADDRESS mode), then In-Reply-To and References (MESSAGE_ID mode), newest reference first.
 * Both places are searched in both modes: the admin may have switched modes since the mention
 * email went out, and mail systems differ in which headers they keep.
 */
export function findReplyTokens(facts: MessageFacts): TokenCandidate[] {
  const found = new Map<string, TokenCandidate>();
  const add = (token: string | null, source: TokenSource) => {
    if (token !== null && !found.has(token)) found.set(token, { token, source });
  };
  const addressSources: Array<[TokenSource, string[]]> = [
    ['To', facts.to],
    ['Cc', facts.cc],
    ['Delivered-To', facts.deliveredTo],
    ['X-Original-To', facts.originalTo],
  ];
  for (const [source, addresses] of addressSources) {
    for (const address of addresses) add(asToken(plusTag(address)), source);
  }
  for (const id of facts.inReplyTo) add(asToken(messageIdLocalPart(id)), 'In-Reply-To');
  for (const id of [...facts.references].reverse())
    add(asToken(messageIdLocalPart(id)), 'References');
  return [...found.values()];
}

/**
 * Message ids this email answers that carry no token, nearest first (In-Reply-To, then
 * References newest first), limited to `domains` (where our outbound Message-IDs live) and to
 * `limit` entries so a long References chain costs a bounded number of lookups.
 */
export function answeredMessageIds(
  facts: MessageFacts,
  domains: readonly string[],
  limit = 5,
): string[] {
  const wanted = new Set(domains.map((domain) => domain.toLowerCase()));
  const ids: string[] = [];
  for (const id of [...facts.inReplyTo, ...[...facts.references].reverse()]) {
    const domain = id.replace(/^<|>$/g, '').split('@').pop()?.toLowerCase() ?? '';
    if (!wanted.has(domain) || asToken(messageIdLocalPart(id)) !== null || ids.includes(id))
      continue;
    ids.push(id);
    if (ids.length >= limit) break;
  }
  return ids;
}
