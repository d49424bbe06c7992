import { useCallback, useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { clearSessionToken, readSessionToken, storeSessionToken } from './auth/session-token';
import { SignInPage } from './auth/sign-in-page';
import { verifyAdminToken } from './auth/verify-admin-token';
import type { SignedInAdmin } from './auth/verify-admin-token';
import { createGraphqlClient } from './graphql-client';
import { Shell } from './shell';

const SESSION_ENDED =
  'Your session ended: the token was revoked or its user deactivated. Sign in with a valid token.';

export function App() {
  const [admin, setAdmin] = useState<SignedInAdmin | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const [checkingStoredToken, setCheckingStoredToken] = useState(() => readSessionToken() !== null);
  const [notice, setNotice] = useState<string>();

  const signOut = useCallback((message?: string) => {
    clearSessionToken();
    setToken(null);
    setAdmin(null);
    setNotice(message);
  }, []);

  const signIn = useCallback(async (candidate: string): Promise<string | undefined> => {
    const result = await verifyAdminToken(candidate);
    if (!result.ok) return result.message;
    storeSessionToken(candidate);
    setNotice(undefined);
    setToken(candidate);
    setAdmin(result.admin);
    return undefined;
  }, []);

  // A reload keeps the session: check the stored token again (it may have been revoked since).
  useEffect(() => {
    const stored = readSessionToken();
    if (!stored) return;
    void verifyAdminToken(stored).then((result) => {
      if (result.ok) {
        setToken(stored);
        setAdmin(result.admin);
      } else {
        signOut(result.message);
      }
      setCheckingStoredToken(false);
    });
  }, [signOut]);

  const client = useMemo(
    () => (token ? createGraphqlClient(token, () => signOut(SESSION_ENDED)) : null),
    [token, signOut],
  );

  if (checkingStoredToken) return <p className="loading">Signing in…</p>;
  if (!client || !admin) return <SignInPage onSignIn={signIn} notice={notice} />;
  return (
    <Provider value={client}>
      <Shell admin={admin} onSignOut={() => signOut('You signed out.')} />
    </Provider>
  );
}
