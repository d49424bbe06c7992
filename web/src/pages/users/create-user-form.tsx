import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { SelectField, TextField } from '../../components/form-controls';
import { ErrorMessage, StatusMessage } from '../../components/messages';
import { fieldErrors } from '../../errors';
import type { UserRole } from '../../gql/graphql';
import { CreateUser } from './documents';

export const ROLE_LABELS: Record<UserRole, string> = {
  SERVER_ADMIN: 'Server Admin',
  USER: 'User',
  SERVICE: 'Service',
};

const EMPTY = { username: '', email: '', displayName: '', role: 'USER' as UserRole };

export function CreateUserForm({ onCreated }: { onCreated: (id: string) => void }) {
  const [draft, setDraft] = useState(EMPTY);
  const [state, create] = useMutation(CreateUser);
  const [status, setStatus] = useState<string>();
  const errors = fieldErrors(state.error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus(undefined);
    const result = await create({
      input: {
        username: draft.username.trim(),
        email: draft.email.trim(),
        role: draft.role,
        ...(draft.displayName.trim() ? { displayName: draft.displayName.trim() } : {}),
      },
    });
    const user = result.data?.createUser;
    if (user) {
      setDraft(EMPTY);
      setStatus(`Created ${user.username}: create their first token in the panel above.`);
      onCreated(user.id);
    }
  };

  return (
    <section className="card" aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create a user</h2>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="row">
          <TextField
            id="new-username"
            label="User name"
            value={draft.username}
            onChange={(username) => setDraft({ ...draft, username })}
            errors={errors.username}
          />
          <TextField
            id="new-email"
            label="Email"
            type="email"
            value={draft.email}
            onChange={(email) => setDraft({ ...draft, email })}
            errors={errors.email}
          />
        </div>
        <div className="row">
          <TextField
            id="new-display-name"
            label="Display name"
            value={draft.displayName}
            onChange={(displayName) => setDraft({ ...draft, displayName })}
            hint="Optional; the user name is used when empty."
            errors={errors.displayName}
          />
          <SelectField
            id="new-role"
            label="Role"
            value={draft.role}
            options={(Object.entries(ROLE_LABELS) as Array<[UserRole, string]>).map(
              ([value, label]) => ({
                value,
                label,
              }),
            )}
            onChange={(role) => setDraft({ ...draft, role })}
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={state.fetching}>
            Create user
          </button>
        </div>
        <ErrorMessage id="create-user-error" error={state.error} />
        <StatusMessage id="create-user-status" text={status} />
      </form>
    </section>
  );
}
