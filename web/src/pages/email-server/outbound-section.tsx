import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { TextField } from '../../components/form-controls';
import { formatDateTime, orDash } from '../../components/format';
import { ErrorMessage, StatusMessage } from '../../components/messages';
import { fieldErrors } from '../../errors';
import { OutboundTransportQuery, SendTestEmail } from './documents';

const KIND_LABEL = { SENDGRID: 'SendGrid', LOCAL_SINK: 'Local sink (no SendGrid API key)' };

/** Which transport sends mail, what it last said, and a test email through it. */
export function OutboundSection() {
  const [{ data, error }, refresh] = useQuery({ query: OutboundTransportQuery });
  const [state, send] = useMutation(SendTestEmail);
  const [to, setTo] = useState('');
  const [status, setStatus] = useState<string>();
  const transport = data?.emailServerSettings.outboundTransport;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus(undefined);
    const result = await send({ to });
    const delivery = result.data?.sendTestEmail;
    if (delivery) {
      setStatus(
        delivery.status === 'SENT'
          ? `Sent to ${to} through ${orDash(delivery.transport)}.`
          : `Not sent (${delivery.status}): ${orDash(delivery.lastError)}`,
      );
    }
    refresh({ requestPolicy: 'network-only' });
  };

  return (
    <section className="card" aria-labelledby="outbound-title">
      <h2 id="outbound-title">Outbound Email</h2>
      <ErrorMessage error={error} />
      {transport && (
        <dl className="facts">
          <dt>Transport</dt>
          <dd>
            {KIND_LABEL[transport.kind]} — {transport.description}
          </dd>
          <dt>Last error</dt>
          <dd>
            {transport.lastError
              ? `${transport.lastError} (${formatDateTime(transport.lastErrorAt)})`
              : 'none since the service started'}
          </dd>
          <dt>Last email sent</dt>
          <dd>{formatDateTime(transport.lastSuccessAt)}</dd>
        </dl>
      )}
      <form onSubmit={(event) => void submit(event)} className="inline-form">
        <TextField
          id="test-email-to"
          label="Send a test email to"
          type="email"
          value={to}
          onChange={setTo}
          hint="Sent at once, even while notifications are turned off; listed in the email log as test_email."
          errors={fieldErrors(state.error).to}
        />
        <button type="submit" disabled={state.fetching || to.trim() === ''}>
          {state.fetching ? 'Sending…' : 'Send test email'}
        </button>
      </form>
      <ErrorMessage id="test-email-error" error={state.error} />
      <StatusMessage id="test-email-status" text={status} />
    </section>
  );
}
