// What an application access token from the Microsoft identity platform says it may do. The token
// came straight from the token endpoint over TLS, so its payload is read without checking the
// signature: this is about telling the admin what is missing, not about trusting a stranger.

/** The application permission marking a reply read needs; Mail.Read alone can only list and read. */
export const MARK_READ_PERMISSION = 'Mail.ReadWrite';

/**
 * The application permissions (`roles` claim) granted to the app, or null when the token is not a
 * readable JWT. A token without the claim has none: Entra ID leaves the claim out when the list
 * would be empty.
 */
export function applicationRolesOf(accessToken: string): string[] | null {
  const parts = accessToken.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const roles = (payload as { roles?: unknown }).roles;
  if (roles === undefined) return [];
  if (!Array.isArray(roles)) return null;
  return roles.filter((role): role is string => typeof role === 'string');
}
