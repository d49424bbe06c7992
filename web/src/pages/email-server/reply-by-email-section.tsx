import { useState } from 'react';
import { useMutation } from 'urql';
import { CheckboxField } from '../../components/form-controls';
import { ErrorMessage, StatusMessage } from '../../components/messages';
import { Tabs } from '../../components/tabs';
import type { EmailServerSettingsFieldsFragment } from '../../gql/graphql';
import { BasicAuthForm } from './basic-auth-form';
import { DisableReplyByEmail, ForgetMailboxCredentials } from './documents';
import { OAuthForm } from './oauth-form';

type AuthTab = 'basic' | 'oauth';
const TABS = [
  { id: 'basic', label: 'Basic Auth' },
  { id: 'oauth', label: 'OAuth 2.0' },
] as const;

/**
 * "Email Interactions": the "Enable Reply via Email" checkbox makes the fields editable; saving a
 * tab (after a successful connection test) turns the feature on with that tab's method.
 * Unchecking it turns reply by email off at once.
 */
export function ReplyByEmailSection({ settings }: { settings: EmailServerSettingsFieldsFragment }) {
  const saved = settings.replyByEmail;
  const [editing, setEditing] = useState(saved.enabled);
  const [tab, setTab] = useState<AuthTab>(
    saved.authMethod === 'MICROSOFT_OAUTH' ? 'oauth' : 'basic',
  );
  const [disableState, disable] = useMutation(DisableReplyByEmail);
  const [forgetState, forget] = useMutation(ForgetMailboxCredentials);
  const secretsStored = saved.basic.passwordSet || saved.microsoft.clientSecretSet;
  const [status, setStatus] = useState<string>();
  const editable = saved.enabled || editing;

  const toggle = async (checked: boolean) => {
    setStatus(undefined);
    if (checked) {
      setEditing(true);
      return;
    }
    setEditing(false);
    if (saved.enabled) {
      const result = await disable({});
      if (!result.error) setStatus('Reply via Email is off: the mailbox is no longer read.');
    }
  };

  const forgetCredentials = async () => {
    setStatus(undefined);
    const result = await forget({});
    if (!result.error) {
      setStatus('The stored password and client secret are deleted; saving again asks for them.');
    }
  };

  return (
    <section className="card" aria-labelledby="interactions-title">
      <h2 id="interactions-title">Email Interactions</h2>
      <p>
        People can post to a conversation by replying to the email that @-mentions them. Use a
        dedicated service mailbox, not a personal one: Replyline reads its unread Inbox messages.
      </p>
      <CheckboxField
        id="reply-enabled"
        label="Enable Reply via Email"
        checked={editable}
        disabled={disableState.fetching}
        onChange={(checked) => void toggle(checked)}
        hint={
          saved.enabled
            ? `On, with ${saved.authMethod === 'MICROSOFT_OAUTH' ? 'OAuth 2.0 (Microsoft)' : 'Basic Auth (IMAP)'}.`
            : 'Off. Check it to fill in a tab below, then save: the connection is tested first.'
        }
      />
      {!saved.enabled && secretsStored && (
        <div className="actions">
          <button
            type="button"
            onClick={() => void forgetCredentials()}
            disabled={forgetState.fetching}
          >
            Delete stored credentials
          </button>
          <span className="hint">
            Reply via Email is off but its password or client secret is still stored (encrypted).
            Deleting them is recorded in the settings audit.
          </span>
        </div>
      )}
      <ErrorMessage id="forget-credentials-error" error={forgetState.error} />
      <ErrorMessage id="reply-enabled-error" error={disableState.error} />
      <StatusMessage id="reply-enabled-status" text={status} />
      <Tabs
        idPrefix="auth"
        label="Authentication method"
        tabs={TABS}
        selected={tab}
        onSelect={setTab}
      >
        {tab === 'basic' ? (
          <BasicAuthForm settings={saved} editable={editable} />
        ) : (
          <OAuthForm settings={saved} editable={editable} />
        )}
      </Tabs>
    </section>
  );
}
