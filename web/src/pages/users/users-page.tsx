import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage, Loading, StatusMessage } from '../../components/messages';
import type { UsersQuery as UsersResult } from '../../gql/graphql';
import { SetUserActive, UsersQuery } from './documents';
import { CreateUserForm, ROLE_LABELS } from './create-user-form';
import { UserTokens } from './user-tokens';

type User = UsersResult['users'][number];

export function UsersPage({ currentAdminId }: { currentAdminId: string }) {
  const [{ data, error, fetching }, refresh] = useQuery({ query: UsersQuery });
  const [activeState, setActive] = useMutation(SetUserActive);
  const [selectedId, setSelectedId] = useState<string>();
  const [status, setStatus] = useState<string>();
  const selected = data?.users.find((user) => user.id === selectedId);

  const toggleActive = async (user: User) => {
    setStatus(undefined);
    const result = await setActive({ id: user.id, active: !user.active });
    if (!result.error) {
      setStatus(
        user.active
          ? `${user.username} is deactivated: their tokens stop working at once.`
          : `${user.username} is active again.`,
      );
    }
  };

  return (
    <>
      <h1>Users and tokens</h1>
      <p className="lead">
        Everyone who uses Replyline&apos;s API: Server Admins, catalog users, and the catalog&apos;s
        internal services. A token is shown once, when it is created; only its hash is stored.
      </p>
      {!data && fetching && <Loading what="users" />}
      {error && <ErrorMessage error={error} />}
      {data && (
        <section aria-labelledby="users-title">
          <h2 id="users-title">Users</h2>
          <table>
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">User name</th>
                <th scope="col">Display name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.users.map((user) => (
                <tr key={user.id} aria-selected={user.id === selectedId}>
                  <td>{user.username}</td>
                  <td>{user.displayName}</td>
                  <td>{user.email}</td>
                  <td>{user.role ? ROLE_LABELS[user.role] : ''}</td>
                  <td>
                    <span className={`badge ${user.active ? 'badge-sent' : 'badge-failed'}`}>
                      {user.active ? 'Active' : 'Inactive'}
                    </span>
                  </td>
                  <td>
                    <div className="row-actions">
                      <button type="button" onClick={() => setSelectedId(user.id)}>
                        Tokens<span className="visually-hidden"> of {user.username}</span>
                      </button>
                      <button
                        type="button"
                        onClick={() => void toggleActive(user)}
                        disabled={activeState.fetching || user.id === currentAdminId}
                        title={
                          user.id === currentAdminId ? 'You cannot deactivate yourself' : undefined
                        }
                      >
                        {user.active ? 'Deactivate' : 'Activate'}
                        <span className="visually-hidden"> {user.username}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ErrorMessage id="user-active-error" error={activeState.error} />
          <StatusMessage id="user-active-status" text={status} />
        </section>
      )}
      {selected && (
        <UserTokens key={selected.id} user={selected} onClose={() => setSelectedId(undefined)} />
      )}
      <CreateUserForm
        onCreated={(id) => {
          refresh({ requestPolicy: 'network-only' });
          setSelectedId(id);
        }}
      />
    </>
  );
}
