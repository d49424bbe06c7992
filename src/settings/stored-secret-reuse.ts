// When a save or test may use the stored password or client secret instead of one typed in. A
// stored secret is only ever sent where it was saved for: reusing it for another host, port, TLS
// mode or account would let anyone with an admin token send it to a server they control.

/** The Basic Auth values a stored IMAP password belongs to. */
export interface ImapSecretScope {
  host: string | null;
  port: number | null;
  ssl: boolean;
  username: string | null;
  allowUnencryptedLogin: boolean;
}

/** The OAuth 2.0 values a stored client secret belongs to. */
export interface MicrosoftSecretScope {
  tenantId: string | null;
  clientId: string | null;
}

/**
 * What changed since the password was stored, as admin-readable phrases; empty when it may be
 * reused. Turning on unencrypted sign-in counts too: it lets the password travel in clear.
 */
export function imapPasswordScopeChanges(
  stored: ImapSecretScope,
  input: ImapSecretScope,
): string[] {
  const changes: string[] = [];
  if (hostName(stored.host) !== hostName(input.host)) changes.push('the IMAP server');
  if (stored.port !== input.port) changes.push('the port');
  if (stored.ssl !== input.ssl) changes.push('"Server uses SSL"');
  if (stored.username !== input.username) changes.push('the user name');
  if (input.allowUnencryptedLogin && !stored.allowUnencryptedLogin) {
    changes.push('sign-in without TLS was turned on');
  }
  return changes;
}

/** What changed since the client secret was stored; empty when it may be reused. */
export function clientSecretScopeChanges(
  stored: MicrosoftSecretScope,
  input: MicrosoftSecretScope,
): string[] {
  const changes: string[] = [];
  if (caseless(stored.tenantId) !== caseless(input.tenantId)) changes.push('the Tenant ID');
  if (caseless(stored.clientId) !== caseless(input.clientId)) changes.push('the Client ID');
  return changes;
}

/** "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// Host names compare without case and without a trailing root dot; GUIDs and domains without case.
function hostName(host: string | null): string | null {
  return host === null ? null : host.toLowerCase().replace(/\.$/, '');
}

function caseless(value: string | null): string | null {
  return value === null ? null : value.toLowerCase();
}
