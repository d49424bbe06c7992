/**
 * Whether the receiving mail server found the sender forged: an `Authentication-Results` header
 * (RFC 8601) with `dmarc=fail` or `spf=fail`. Used only to hold back a rejection notice, the one
 * thing Replyline sends to a From address it did not choose: answering a forged From is
 * backscatter. A header can be faked, but a fake "fail" only suppresses a notice, so every one
 * counts; a "pass" is never trusted for anything. DKIM failures and SPF softfails are left alone:
 * forwarding and mailing lists cause them for genuine mail.
 */
const FORGED = /(?:^|[\s;])(dmarc|spf)\s*=\s*fail\b/i;

/** The failing verdict (`dmarc=fail`), or null when no header says the sender is forged. */
export function forgedSenderVerdict(
  authenticationResults: readonly string[] | undefined,
): string | null {
  for (const value of authenticationResults ?? []) {
    const match = FORGED.exec(value);
    if (match) return `${match[1].toLowerCase()}=fail`;
  }
  return null;
}
