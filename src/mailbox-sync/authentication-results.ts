import { domainOf } from './message-facts.js';
import type { MessageFacts } from './message-facts.js';

/**
 * Reads the Authentication-Results header (RFC 8601) that the receiving mail server adds, to tell
 * a reply the user sent from one someone else sent in the user's name. Only a header whose
 * authserv-id the operator trusts counts: anyone can write an Authentication-Results header into
 * the mail they send, and only the receiving server removes forged copies of its own.
 *
 * Microsoft 365 writes its header without an authserv-id (`spf=pass (...) ...; dmarc=pass
 * action=none header.from=...`), against the RFC. It renames the Authentication-Results headers a
 * message arrives with (to Authentication-Results-Original), so in a Microsoft 365 mailbox the
 * topmost header is its own. Listing MICROSOFT_365 trusts exactly that one: the topmost header,
 * when it has no authserv-id.
 */

/** The INBOUND_TRUSTED_AUTHSERV_IDS entry that trusts Microsoft 365's unnamed topmost header. */
export const MICROSOFT_365 = 'microsoft365';

/** How inbound mail is judged on its authentication, from INBOUND_TRUSTED_AUTHSERV_IDS and friends. */
export interface AuthenticationPolicy {
  /** authserv-ids (lower-case) whose Authentication-Results are believed; empty: none are read. */
  trustedAuthservIds: readonly string[];
  /** Reject a reply unless a trusted header says dmarc=pass for its From domain. */
  requireDmarcPass: boolean;
}

/** A trusted header's DMARC verdict, as recorded in the rejection. */
export interface DmarcVerdict {
  authservId: string;
  /** `pass`, `fail`, `none`, `temperror`... lower-case; null: the header has no dmarc result. */
  result: string | null;
  /** The dmarc result as the header wrote it (`dmarc=fail (p=reject) header.from=corp.test`). */
  text: string | null;
  /** The domain the verdict is for (header.from), when given. */
  headerFrom: string | null;
}

export type SpoofingFinding =
  | { kind: 'dmarc-fail'; verdict: DmarcVerdict }
  | { kind: 'no-aligned-pass'; verdict: DmarcVerdict | null; fromDomain: string };

interface ParsedHeader {
  authservId: string;
  results: Array<{ method: string; result: string; text: string; properties: Map<string, string> }>;
}

/**
 * The reason to reject a reply as spoofed, or null. `dmarc=fail` from a trusted server always
 * rejects; with `requireDmarcPass`, so does anything short of a pass for the From domain.
 */
export function findSpoofing(
  facts: Pick<MessageFacts, 'from' | 'headers'>,
  policy: AuthenticationPolicy,
): SpoofingFinding | null {
  if (!policy.trustedAuthservIds.length) return null;
  const verdict = trustedDmarcVerdict(facts.headers['authentication-results'] ?? [], policy);
  if (verdict?.result === 'fail') return { kind: 'dmarc-fail', verdict };
  if (!policy.requireDmarcPass) return null;
  const fromDomain = facts.from[0] ? domainOf(facts.from[0]) : '';
  const aligned =
    verdict?.result === 'pass' && (!verdict.headerFrom || verdict.headerFrom === fromDomain);
  return aligned ? null : { kind: 'no-aligned-pass', verdict, fromDomain };
}

/**
 * The dmarc result of the topmost trusted header (the receiving server prepends its header, so
 * the topmost is the newest); null when no header is trusted.
 */
export function trustedDmarcVerdict(
  values: readonly string[],
  policy: Pick<AuthenticationPolicy, 'trustedAuthservIds'>,
): DmarcVerdict | null {
  for (const [index, value] of values.entries()) {
    const header = trustedHeader(value, index === 0, policy.trustedAuthservIds);
    if (!header) continue;
    const dmarc = header.results.find((result) => result.method === 'dmarc');
    return {
      authservId: header.authservId,
      result: dmarc?.result ?? null,
      text: dmarc?.text ?? null,
      headerFrom: dmarc?.properties.get('header.from')?.toLowerCase() ?? null,
    };
  }
  return null;
}

function trustedHeader(
  value: string,
  topmost: boolean,
  trustedAuthservIds: readonly string[],
): ParsedHeader | null {
  const named = parseAuthenticationResults(value);
  if (named) return trustedAuthservIds.includes(named.authservId) ? named : null;
  if (!topmost || !trustedAuthservIds.includes(MICROSOFT_365)) return null;
  return { authservId: MICROSOFT_365, results: parseResults(value, 0) };
}

/**
 * Whether a receiving server found the sender forged (`dmarc=fail` or `spf=fail`), to hold back a
 * rejection notice: the one email Replyline sends to a From address it did not choose, and
 * answering a forged From is backscatter. Unlike `findSpoofing`, every header counts here, trusted
 * or not, and with no INBOUND_TRUSTED_AUTHSERV_IDS configured: a forged "fail" can only hold a
 * notice back (the reply is rejected either way), never get anything sent or posted, so believing
 * it costs at most one notice, while ignoring a genuine one answers a forger's victim. A "pass"
 * is never read here. DKIM failures and SPF softfails are left alone: forwarding and mailing lists
 * cause them for genuine mail. Returns the failing result (`dmarc=fail`), or null.
 */
export function forgedSenderVerdict(values: readonly string[] | undefined): string | null {
  for (const value of values ?? []) {
    // Microsoft 365 writes its own header without an authserv-id: read those results too.
    const results = parseAuthenticationResults(value)?.results ?? parseResults(value, 0);
    const failing = results.find(
      (result) =>
        (result.method === 'dmarc' || result.method === 'spf') && result.result === 'fail',
    );
    if (failing) return `${failing.method}=fail`;
  }
  return null;
}

/**
 * `authserv-id [version] ; method=result [reason=...] ptype.property=value ... ; ...`, with
 * RFC 5322 comments anywhere. Null when there is no authserv-id (a header that starts with a
 * result is not from a server that names itself, so it cannot be trusted).
 */
export function parseAuthenticationResults(value: string): ParsedHeader | null {
  const head = splitOutsideQuotes(stripComments(value), ';')[0]?.trim().split(/\s+/)[0];
  if (!head || head.includes('=')) return null;
  return { authservId: head.toLowerCase(), results: parseResults(value, 1) };
}

/** The `method=result ...` statements of a header, from statement `first` on. */
function parseResults(value: string, first: number): ParsedHeader['results'] {
  const statements = splitOutsideQuotes(stripComments(value), ';').slice(first);
  const originals = splitOutsideQuotes(value, ';').slice(first);
  const results: ParsedHeader['results'] = [];
  statements.forEach((statement, index) => {
    const tokens = statement.trim().split(/\s+/).filter(Boolean);
    const first = tokens.shift();
    const match = first && /^([a-z0-9_-]+)(?:\/[0-9]+)?=([a-z0-9_-]+)$/i.exec(first);
    if (!match) return;
    const properties = new Map<string, string>();
    for (const token of tokens) {
      const equals = token.indexOf('=');
      if (equals > 0) {
        properties.set(token.slice(0, equals).toLowerCase(), unquote(token.slice(equals + 1)));
      }
    }
    results.push({
      method: match[1].toLowerCase(),
      result: match[2].toLowerCase(),
      text: (originals[index] ?? statement).trim().replace(/\s+/g, ' '),
      properties,
    });
  });
  return results;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Removes `( ... )` comments (nested, with quoted pairs), leaving quoted strings alone. */
function stripComments(value: string): string {
  let output = '';
  let depth = 0;
  let quoted = false;
  for (let index = 0; index < value.length; index++) {
    const character = value[index];
    if (character === '\\' && (depth > 0 || quoted)) {
      if (depth === 0) output += character + (value[index + 1] ?? '');
      index++;
      continue;
    }
    if (depth === 0 && character === '"') quoted = !quoted;
    if (!quoted && character === '(') {
      depth++;
      continue;
    }
    if (!quoted && character === ')' && depth > 0) {
      depth--;
      if (depth === 0) output += ' ';
      continue;
    }
    if (depth === 0) output += character;
  }
  return output;
}

function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let depth = 0;
  for (const character of value) {
    if (character === '"' && depth === 0) quoted = !quoted;
    else if (!quoted && character === '(') depth++;
    else if (!quoted && character === ')' && depth > 0) depth--;
    if (character === separator && !quoted && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  parts.push(current);
  return parts;
}
