import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { CheckboxField, RadioGroup, TextField } from '../../components/form-controls';
import type { EmailServerSettingsFieldsFragment, IntentTrackingMode } from '../../gql/graphql';
import { OutcomeMessages } from './connection-outcome';
import type { Outcome } from './connection-outcome';
import { SaveBasicAuth, TestBasicAuth } from './documents';
import { useTestAndSave } from './use-test-and-save';

type Saved = EmailServerSettingsFieldsFragment['replyByEmail'];

export const INTENT_TRACKING_OPTIONS = [
  { value: 'EMAIL_ADDRESS', label: 'Use email address for tracking reply message intent' },
  {
    value: 'MESSAGE_ID',
    label: 'Use message-id in email header for tracking reply message intent',
  },
] as const satisfies ReadonlyArray<{ value: IntentTrackingMode; label: string }>;

function draftFrom(saved: Saved) {
  return {
    replyToAddress: saved.replyToAddress ?? '',
    imapHost: saved.basic.imapHost ?? '',
    imapPort: String(saved.basic.imapPort ?? 993),
    imapSsl: saved.basic.imapSsl,
    allowUnencryptedLogin: saved.basic.allowUnencryptedLogin,
    username: saved.basic.username ?? '',
    password: '',
    intentTrackingMode: saved.intentTrackingMode,
  };
}

/** The Basic Auth tab: an IMAP mailbox with a user name and password. */
export function BasicAuthForm({ settings, editable }: { settings: Saved; editable: boolean }) {
  const [draft, setDraft] = useState(() => draftFrom(settings));
  const [, test] = useMutation(TestBasicAuth);
  const [, save] = useMutation(SaveBasicAuth);
  const set =
    <K extends keyof typeof draft>(key: K) =>
    (value: (typeof draft)[K]) =>
      setDraft((current) => ({ ...current, [key]: value }));

  const storedForBasic = settings.basic.passwordSet;
  // A stored password belongs to one server and account, and to the way it may travel: changing
  // either, or newly allowing it to travel unencrypted, asks for it again.
  const serverMoved =
    draft.imapHost !== (settings.basic.imapHost ?? '') ||
    draft.imapPort !== String(settings.basic.imapPort ?? '') ||
    draft.imapSsl !== settings.basic.imapSsl ||
    draft.username !== (settings.basic.username ?? '');
  const unencryptedNewlyAllowed =
    draft.allowUnencryptedLogin && !settings.basic.allowUnencryptedLogin;
  const serverChanged = storedForBasic && (serverMoved || unencryptedNewlyAllowed);
  const passwordAgain = serverMoved
    ? 'The IMAP server or user name changed: enter the password again.'
    : 'Sign-in without TLS was turned on: enter the password again.';
  const passwordRequired = !storedForBasic || serverChanged;

  const input = () => ({
    replyToAddress: draft.replyToAddress.trim(),
    imapHost: draft.imapHost.trim(),
    imapPort: Number(draft.imapPort),
    imapSsl: draft.imapSsl,
    // Sent every time: omitted means off, and a save must keep what the admin sees.
    allowUnencryptedLogin: draft.allowUnencryptedLogin,
    username: draft.username.trim(),
    intentTrackingMode: draft.intentTrackingMode,
    ...(draft.password ? { password: draft.password } : {}),
  });

  const checkLocally = (): Outcome | undefined => {
    const fields: Record<string, string[]> = {};
    if (
      !Number.isInteger(Number(draft.imapPort)) ||
      Number(draft.imapPort) < 1 ||
      Number(draft.imapPort) > 65535
    )
      fields.imapPort = ['Enter a port from 1 to 65535 (usually 993 with SSL, 143 without).'];
    if (passwordRequired && !draft.password)
      fields.password = [
        serverChanged ? passwordAgain : 'Enter the password of the reply-to mailbox account.',
      ];
    return Object.keys(fields).length
      ? { error: 'Check the fields marked below.', fields }
      : undefined;
  };

  const { outcome, busy, runTest, runSave } = useTestAndSave({
    checkLocally,
    savedText: 'Saved: the connection works and Reply via Email is on with Basic Auth.',
    onSaved: () => setDraft((current) => ({ ...current, password: '' })),
  });
  const onTest = () =>
    void runTest(async () => {
      const result = await test({ input: input() });
      return { data: result.data?.testBasicAuthConnection, error: result.error };
    });
  const onSave = (event: FormEvent) => {
    event.preventDefault();
    void runSave(() => save({ input: input() }));
  };

  return (
    <form onSubmit={onSave} aria-label="Basic Auth" noValidate>
      <fieldset disabled={!editable} className="plain">
        <legend className="visually-hidden">Basic Auth settings</legend>
        <TextField
          id="basic-reply-to"
          label="Reply To Email Address"
          type="email"
          value={draft.replyToAddress}
          onChange={set('replyToAddress')}
          hint="The dedicated mailbox, with IMAP access, that receives the replies."
          errors={outcome.fields.replyToAddress}
        />
        <fieldset>
          <legend>IMAP Server</legend>
          <div className="row">
            <TextField
              id="imap-host"
              label="IMAP Server"
              value={draft.imapHost}
              onChange={set('imapHost')}
              hint="Host name of the IMAP server."
              errors={outcome.fields.imapHost}
            />
            <TextField
              id="imap-port"
              label="IMAP Server port"
              type="number"
              min={1}
              max={65535}
              value={draft.imapPort}
              onChange={set('imapPort')}
              errors={outcome.fields.imapPort}
            />
          </div>
          <CheckboxField
            id="imap-ssl"
            label="Server uses SSL"
            checked={draft.imapSsl}
            onChange={set('imapSsl')}
            hint="Usually on for port 993, off for 143."
          />
          <CheckboxField
            id="imap-allow-unencrypted"
            label="Allow sign-in without TLS"
            checked={draft.allowUnencryptedLogin}
            onChange={set('allowUnencryptedLogin')}
            hint="With SSL off, the password is only sent after STARTTLS. Allow this only on a network you trust, for a server that offers no STARTTLS: the password then crosses it unencrypted."
          />
        </fieldset>
        <fieldset>
          <legend>IMAP Email Account</legend>
          <div className="row">
            <TextField
              id="imap-username"
              label="User Name"
              value={draft.username}
              onChange={set('username')}
              errors={outcome.fields.username}
            />
            <TextField
              id="imap-password"
              label="Password"
              type="password"
              autoComplete="new-password"
              value={draft.password}
              onChange={set('password')}
              required={passwordRequired}
              placeholder={storedForBasic && !serverChanged ? 'Saved (hidden)' : ''}
              hint={
                serverChanged
                  ? passwordAgain
                  : storedForBasic
                    ? 'A password is saved; it is never shown. Leave this empty to keep it.'
                    : undefined
              }
              errors={outcome.fields.password}
            />
          </div>
        </fieldset>
        <RadioGroup
          id="basic-intent"
          legend="Intent Tracking Mode"
          value={draft.intentTrackingMode}
          options={INTENT_TRACKING_OPTIONS}
          onChange={set('intentTrackingMode')}
          hint="Gmail and Amazon SES: email address. Microsoft Exchange and Office 365: message-id. Otherwise try the first, and switch if replies bounce as recipient not found."
        />
        <div className="actions">
          <button type="button" onClick={onTest} disabled={Boolean(busy)}>
            {busy === 'test' ? 'Testing…' : 'Test'}
          </button>
          <button type="submit" className="primary" disabled={Boolean(busy)}>
            {busy === 'save' ? 'Saving…' : 'Save'}
          </button>
        </div>
      </fieldset>
      <OutcomeMessages idPrefix="basic-auth" outcome={outcome} />
    </form>
  );
}
