import { useState } from 'react';
import { useMutation } from 'urql';
import { CheckboxField } from '../../components/form-controls';
import { ErrorMessage, StatusMessage } from '../../components/messages';
import type { EmailServerSettingsFieldsFragment } from '../../gql/graphql';
import { SetNotificationsDisabled } from './documents';

/** "Turn Off All Email Notifications for All Users": saved as soon as it is clicked. */
export function NotificationsSection({
  settings,
}: {
  settings: EmailServerSettingsFieldsFragment;
}) {
  const [state, setDisabled] = useMutation(SetNotificationsDisabled);
  const [status, setStatus] = useState<string>();
  // The box follows the click at once; the server's answer then replaces it (or the error shows).
  const [requested, setRequested] = useState<boolean>();
  const toggle = async (disabled: boolean) => {
    setStatus(undefined);
    setRequested(disabled);
    const result = await setDisabled({ disabled });
    setRequested(undefined);
    if (!result.error) {
      setStatus(
        disabled
          ? 'Saved: email notifications are off for all users, except the types listed below.'
          : 'Saved: email notifications are on.',
      );
    }
  };
  return (
    <section className="card" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Email Notifications</h2>
      <CheckboxField
        id="notifications-disabled"
        label="Turn Off All Email Notifications for All Users"
        checked={requested ?? settings.notificationsDisabled}
        disabled={state.fetching}
        onChange={(checked) => void toggle(checked)}
        hint={
          <>
            When this is on, these notification types are still sent:{' '}
            {settings.exemptNotificationTypes.map((type, index) => (
              <span key={type}>
                {index > 0 && ', '}
                <code>{type}</code>
              </span>
            ))}
            . Reply via Email keeps working.
          </>
        }
      />
      <ErrorMessage id="notifications-error" error={state.error} />
      <StatusMessage id="notifications-status" text={status} />
    </section>
  );
}
