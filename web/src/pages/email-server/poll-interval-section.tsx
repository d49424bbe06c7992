import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { TextField } from '../../components/form-controls';
import { ErrorMessage, StatusMessage } from '../../components/messages';
import { fieldErrors } from '../../errors';
import type { EmailServerSettingsFieldsFragment } from '../../gql/graphql';
import { SetPollInterval } from './documents';

export function PollIntervalSection({ settings }: { settings: EmailServerSettingsFieldsFragment }) {
  const [minutes, setMinutes] = useState(String(settings.replyByEmail.pollIntervalMinutes));
  const [state, save] = useMutation(SetPollInterval);
  const [status, setStatus] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus(undefined);
    const result = await save({ minutes: Number(minutes) });
    if (!result.error) setStatus(`Saved: the mailbox is read every ${minutes} minutes.`);
  };
  return (
    <section className="card" aria-labelledby="sync-title">
      <h2 id="sync-title">Mailbox Synchronization</h2>
      <p>
        Replyline reads the reply mailbox on a schedule and posts the replies it finds. With Basic
        Auth, processed mail is archived every Sunday and archived mail older than 30 days is
        deleted; with Microsoft OAuth nothing is archived.
      </p>
      <form onSubmit={(event) => void submit(event)} className="inline-form">
        <TextField
          id="poll-interval"
          label="Poll interval (minutes)"
          type="number"
          min={1}
          max={60}
          value={minutes}
          onChange={setMinutes}
          hint="From 1 to 60; the default is 3. A change applies without a restart."
          errors={fieldErrors(state.error).minutes}
        />
        <button type="submit" disabled={state.fetching}>
          Save poll interval
        </button>
      </form>
      <ErrorMessage id="poll-interval-error" error={state.error} />
      <StatusMessage id="poll-interval-status" text={status} />
    </section>
  );
}
