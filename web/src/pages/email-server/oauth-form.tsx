import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { RadioGroup, TextField } from '../../components/form-controls';
import type { EmailServerSettingsFieldsFragment } from '../../gql/graphql';
import { INTENT_TRACKING_OPTIONS } from './basic-auth-form';
import { OutcomeMessages } from './connection-outcome';
import type { Outcome } from './connection-outcome';
import { SaveMicrosoft, TestMicrosoft } from './documents';
import { useTestAndSave } from './use-test-and-save';

type Saved = EmailServerSettingsFieldsFragment['replyByEmail'];

/** The OAuth 2.0 tab: a Microsoft 365 mailbox read through Graph with an Azure app registration. */
export function OAuthForm({ settings, editable }: { settings: Saved; editable: boolean }) {
  const [draft, setDraft] = useState(() => ({
    replyToAddress: settings.replyToAddress ?? '',
    tenantId: settings.microsoft.tenantId ?? '',
    clientId: settings.microsoft.clientId ?? '',
    clientSecret: '',
  }));
  const [, test] = useMutation(TestMicrosoft);
  const [, save] = useMutation(SaveMicrosoft);
  const set = (key: keyof typeof draft) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const secretStored = settings.microsoft.clientSecretSet;

  const input = () => ({
    replyToAddress: draft.replyToAddress.trim(),
    tenantId: draft.tenantId.trim(),
    clientId: draft.clientId.trim(),
    ...(draft.clientSecret ? { clientSecret: draft.clientSecret } : {}),
  });
  const missingSecret = (): Outcome | undefined =>
    !secretStored && !draft.clientSecret
      ? {
          error: 'Check the fields marked below.',
          fields: { clientSecret: ['Enter the client secret value from the Azure portal.'] },
        }
      : undefined;

  const { outcome, busy, runTest, runSave } = useTestAndSave({
    checkLocally: missingSecret,
    savedText: 'Saved: the connection works and Reply via Email is on with OAuth 2.0.',
    onSaved: () => setDraft((current) => ({ ...current, clientSecret: '' })),
  });
  const onTest = () =>
    void runTest(async () => {
      const result = await test({ input: input() });
      return { data: result.data?.testMicrosoftConnection, error: result.error };
    });
  const onSave = (event: FormEvent) => {
    event.preventDefault();
    void runSave(() => save({ input: input() }));
  };

  return (
    <form onSubmit={onSave} aria-label="OAuth 2.0" noValidate>
      <fieldset disabled={!editable} className="plain">
        <legend className="visually-hidden">OAuth 2.0 settings</legend>
        <TextField
          id="oauth-reply-to"
          label="Reply To Email Address"
          type="email"
          value={draft.replyToAddress}
          onChange={set('replyToAddress')}
          hint="The dedicated Microsoft 365 mailbox that receives the replies."
          errors={outcome.fields.replyToAddress}
        />
        <TextField
          id="oauth-provider"
          label="Service Provider"
          value={settings.microsoft.serviceProvider}
          readOnly
        />
        <div className="row">
          <TextField
            id="oauth-tenant"
            label="Tenant ID"
            value={draft.tenantId}
            onChange={set('tenantId')}
            hint="Directory (tenant) ID of the app registration."
            errors={outcome.fields.tenantId}
          />
          <TextField
            id="oauth-client"
            label="Client ID"
            value={draft.clientId}
            onChange={set('clientId')}
            hint="Application (client) ID of the app registration."
            errors={outcome.fields.clientId}
          />
        </div>
        <TextField
          id="oauth-secret"
          label="Client Secret"
          type="password"
          autoComplete="new-password"
          value={draft.clientSecret}
          onChange={set('clientSecret')}
          placeholder={secretStored ? 'Saved (hidden)' : ''}
          hint={
            secretStored
              ? 'A client secret is saved; it is never shown. Leave this empty to keep it.'
              : undefined
          }
          errors={outcome.fields.clientSecret}
        />
        <RadioGroup
          id="oauth-intent"
          legend="Intent Tracking Mode"
          value="MESSAGE_ID"
          options={INTENT_TRACKING_OPTIONS.filter((option) => option.value === 'MESSAGE_ID')}
          disabled
          hint="Microsoft mail services allow the message-id in the email header: this mode is always used with Microsoft."
        />
        <div className="actions">
          <button type="button" onClick={onTest} disabled={Boolean(busy)}>
            {busy === 'test' ? 'Testing…' : 'Test'}
          </button>
          <button type="submit" className="primary" disabled={Boolean(busy)}>
            {busy === 'save' ? 'Testing and saving…' : 'Test and Save'}
          </button>
        </div>
      </fieldset>
      <OutcomeMessages idPrefix="oauth" outcome={outcome} />
    </form>
  );
}
