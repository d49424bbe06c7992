import { errorCode, errorText } from '../errors';
import { graphql } from '../gql';
import type { UserRole } from '../gql/graphql';
import { createGraphqlClient } from '../graphql-client';

export interface SignedInAdmin {
  id: string;
  username: string;
  displayName: string;
}

const MeQuery = graphql(`
  query Me {
    me {
      id
      username
      displayName
      role
    }
  }
`);

const ROLE_NAMES: Record<UserRole, string> = {
  SERVER_ADMIN: 'Server Admin',
  USER: 'User',
  SERVICE: 'Service',
};

/**
 * Asks the API who the token belongs to. Only Server Admins get in; anyone else is told why. The
 * API enforces the same rule on every admin operation: this check only spares a dead end.
 */
export async function verifyAdminToken(
  token: string,
): Promise<{ ok: true; admin: SignedInAdmin } | { ok: false; message: string }> {
  const result = await createGraphqlClient(token, () => undefined)
    .query(MeQuery, {}, { requestPolicy: 'network-only' })
    .toPromise();
  if (result.error) {
    if (errorCode(result.error) === 'UNAUTHENTICATED') {
      return {
        ok: false,
        message:
          'This token was not accepted: it is mistyped, was revoked, or its user is deactivated.',
      };
    }
    return { ok: false, message: errorText(result.error) };
  }
  const me = result.data?.me;
  if (!me) return { ok: false, message: 'Replyline gave no answer about this token.' };
  if (me.role !== 'SERVER_ADMIN') {
    return {
      ok: false,
      message: `This token belongs to ${me.username}, a ${me.role ? ROLE_NAMES[me.role] : 'user'}. The admin console is for Server Admins only: ask a Server Admin for an admin token.`,
    };
  }
  return { ok: true, admin: { id: me.id, username: me.username, displayName: me.displayName } };
}
