import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { TextField } from '../../components/form-controls';
import { formatDateTime } from '../../components/format';
import { ErrorMessage, Loading, StatusMessage } from '../../components/messages';
import { ApiTokensQuery, CreateApiToken, RevokeApiToken } from './documents';

/** A user's API tokens: create one (shown once, with a copy button) or revoke one. */
export function UserTokens({
  user,
  onClose,
}: {
  user: { id: string; username: string };
  onClose: () => void;
}) {
  const [{ data, error, fetching }, refresh] = useQuery({
    query: ApiTokensQuery,
    variables: { userId: user.id },
  });
  const [createState, create] = useMutation(CreateApiToken);
  const [revokeState, revoke] = useMutation(RevokeApiToken);
  const [name, setName] = useState('');
  const [newToken, setNewToken] = useState<string>();
  const [status, setStatus] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus(undefined);
    setNewToken(undefined);
    const result = await create({ userId: user.id, name: name.trim() || 'admin console' });
    const created = result.data?.createApiToken;
    if (created) {
      setNewToken(created.token);
      setName('');
      refresh({ requestPolicy: 'network-only' });
    }
  };
  const runRevoke = async (id: string, tokenName: string) => {
    setStatus(undefined);
    const result = await revoke({ id });
    if (!result.error) setStatus(`Revoked the token "${tokenName}": it stops working at once.`);
  };
  const copy = async () => {
    if (!newToken) return;
    try {
      await navigator.clipboard.writeText(newToken);
      setStatus('Copied the token to the clipboard.');
    } catch {
      setStatus('The browser refused the clipboard: select the token and copy it by hand.');
    }
  };

  return (
    <section className="card" aria-labelledby="tokens-title">
      <div className="card-header">
        <h2 id="tokens-title">API tokens of {user.username}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {!data && fetching && <Loading what="tokens" />}
      {error && <ErrorMessage error={error} />}
      {data && (
        <table>
          <caption className="visually-hidden">API tokens of {user.username}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Revoked</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.apiTokens.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{formatDateTime(token.createdAt)}</td>
                <td>{formatDateTime(token.lastUsedAt)}</td>
                <td>{formatDateTime(token.revokedAt)}</td>
                <td>
                  {!token.revokedAt && (
                    <button
                      type="button"
                      onClick={() => void runRevoke(token.id, token.name)}
                      disabled={revokeState.fetching}
                    >
                      Revoke<span className="visually-hidden"> the token {token.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data?.apiTokens.length === 0 && <p className="empty-state">No tokens yet.</p>}
      <form onSubmit={(event) => void submit(event)} className="inline-form">
        <TextField
          id="token-name"
          label="New token name"
          value={name}
          onChange={setName}
          placeholder="e.g. catalog export service"
        />
        <button type="submit" className="primary" disabled={createState.fetching}>
          Create token
        </button>
      </form>
      {newToken && (
        <div className="new-token" role="region" aria-label="New token">
          <TextField
            id="new-token"
            label="The new token (shown only now: copy it and keep it safe)"
            value={newToken}
            readOnly
          />
          <button type="button" onClick={() => void copy()}>
            Copy
          </button>
        </div>
      )}
      <ErrorMessage id="tokens-error" error={createState.error ?? revokeState.error} />
      <StatusMessage id="tokens-status" text={status} />
    </section>
  );
}
