import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { TextField } from '../components/form-controls';
import { ErrorMessage, StatusMessage } from '../components/messages';

export function SignInPage({
  onSignIn,
  notice,
}: {
  onSignIn: (token: string) => Promise<string | undefined>;
  notice: string | undefined;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = 'Sign in · Replyline admin';
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) {
      setError('Enter an API token.');
      return;
    }
    setBusy(true);
    setError(undefined);
    const problem = await onSignIn(token.trim());
    setBusy(false);
    if (problem) setError(problem);
  };

  return (
    <main className="sign-in">
      <h1>
        Replyline <span className="muted">admin console</span>
      </h1>
      <form
        onSubmit={(event) => void submit(event)}
        className="card"
        aria-labelledby="sign-in-title"
      >
        <h2 id="sign-in-title">Sign in</h2>
        <p>
          Sign in with a Server Admin&apos;s API token. Replyline printed the first one when it
          started on an empty database; more are created on the Users and tokens page.
        </p>
        <TextField
          id="api-token"
          label="API token"
          type="password"
          value={token}
          onChange={setToken}
          autoComplete="current-password"
          placeholder="rl_…"
          hint="Kept in this browser tab only (session storage) until you sign out or close it."
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
        <ErrorMessage id="sign-in-error" error={error} />
        <StatusMessage text={notice} />
      </form>
    </main>
  );
}
