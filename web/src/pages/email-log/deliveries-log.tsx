import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ANY_DAY, DayRangeFields, dayWindow } from '../../components/day-range';
import type { DayRange } from '../../components/day-range';
import { SelectField, TextField } from '../../components/form-controls';
import { formatDateTime, orDash } from '../../components/format';
import { ErrorMessage, Loading, StatusMessage } from '../../components/messages';
import { Pager, useAppliedFilter } from '../../components/pager';
import type {
  EmailDeliveriesQuery,
  EmailDeliveryStatus,
  EmailProviderStatus,
} from '../../gql/graphql';
import { EmailDeliveriesQuery as Query, ResendDelivery } from './documents';
import { DELIVERY_STATUS, FAILURE_CLASS, optionsOf, PROVIDER_STATUS, StatusBadge } from './labels';

const PAGE_SIZE = 25;
type Delivery = EmailDeliveriesQuery['emailDeliveries']['nodes'][number];

export function DeliveriesLog() {
  const {
    pager,
    draft,
    setDraft,
    applied: filter,
    apply,
  } = useAppliedFilter<{
    status: EmailDeliveryStatus | '';
    providerStatus: EmailProviderStatus | '';
    type: string;
    recipient: string;
    days: DayRange;
  }>({ status: '', providerStatus: '', type: '', recipient: '', days: ANY_DAY });
  const [selected, setSelected] = useState<Delivery>();
  const [{ data, error, fetching }] = useQuery({
    query: Query,
    variables: {
      first: PAGE_SIZE,
      after: pager.after,
      filter: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.providerStatus ? { providerStatus: filter.providerStatus } : {}),
        ...(filter.type.trim() ? { type: filter.type.trim() } : {}),
        ...(filter.recipient.trim() ? { recipient: filter.recipient.trim() } : {}),
        ...createdWindow(filter.days),
      },
    },
  });
  const applyFilter = (event: FormEvent) => {
    setSelected(undefined);
    apply(event);
  };
  const page = data?.emailDeliveries;

  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Outgoing deliveries</h2>
      <form className="filters" onSubmit={applyFilter} aria-label="Filter deliveries">
        <SelectField
          id="delivery-status"
          label="Status"
          value={draft.status}
          options={optionsOf(DELIVERY_STATUS, 'All statuses')}
          onChange={(status) => setDraft({ ...draft, status })}
        />
        <SelectField
          id="delivery-provider-status"
          label="SendGrid verdict"
          value={draft.providerStatus}
          options={optionsOf(PROVIDER_STATUS, 'Any verdict')}
          onChange={(providerStatus) => setDraft({ ...draft, providerStatus })}
        />
        <TextField
          id="delivery-type"
          label="Notification type"
          value={draft.type}
          onChange={(type) => setDraft({ ...draft, type })}
          placeholder="e.g. conversation_mention"
        />
        <TextField
          id="delivery-recipient"
          label="Recipient"
          value={draft.recipient}
          onChange={(recipient) => setDraft({ ...draft, recipient })}
          placeholder="address or user id"
        />
        <DayRangeFields
          idPrefix="delivery-created"
          value={draft.days}
          onChange={(days) => setDraft({ ...draft, days })}
        />
        <button type="submit">Apply filters</button>
      </form>
      {error && <ErrorMessage error={error} />}
      {!page && fetching && <Loading what="deliveries" />}
      {page && (
        <>
          <table>
            <caption className="visually-hidden">Outgoing deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Type</th>
                <th scope="col">Recipient</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">
                  <span className="visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((delivery) => (
                <tr key={delivery.id} aria-selected={selected?.id === delivery.id}>
                  <td>{formatDateTime(delivery.createdAt)}</td>
                  <td>
                    <code>{delivery.type}</code>
                  </td>
                  <td>{delivery.recipient}</td>
                  <td>{delivery.subject}</td>
                  <td>
                    <StatusBadge
                      status={delivery.status}
                      label={DELIVERY_STATUS[delivery.status]}
                    />{' '}
                    {delivery.providerStatus && (
                      <StatusBadge
                        status={delivery.providerStatus}
                        label={PROVIDER_STATUS[delivery.providerStatus]}
                      />
                    )}
                  </td>
                  <td>{delivery.attempts}</td>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(delivery)}>
                      Details
                      <span className="visually-hidden"> of the email to {delivery.recipient}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.nodes.length === 0 && (
            <p className="empty-state">No deliveries match these filters.</p>
          )}
          <Pager
            pager={pager}
            label="Deliveries pages"
            hasNextPage={page.pageInfo.hasNextPage}
            endCursor={page.pageInfo.endCursor}
          />
        </>
      )}
      {selected && <DeliveryDetail delivery={selected} onClose={() => setSelected(undefined)} />}
    </section>
  );
}

function DeliveryDetail({ delivery, onClose }: { delivery: Delivery; onClose: () => void }) {
  const [resendState, resend] = useMutation(ResendDelivery);
  const [status, setStatus] = useState<string>();
  const resendable = delivery.status === 'FAILED' || delivery.status === 'SUPPRESSED';
  const runResend = async () => {
    setStatus(undefined);
    const result = await resend({ id: delivery.id });
    const again = result.data?.resendDelivery;
    if (again) {
      setStatus(`Resent as a new delivery (${again.id}): ${DELIVERY_STATUS[again.status]}.`);
    }
  };
  return (
    <section className="card detail" aria-labelledby="delivery-detail-title">
      <div className="card-header">
        <h3 id="delivery-detail-title">Delivery to {delivery.recipient}</h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={delivery.status} label={DELIVERY_STATUS[delivery.status]} />
        </dd>
        <dt>Notification type</dt>
        <dd>
          <code>{delivery.type}</code>
        </dd>
        <dt>Recipient</dt>
        <dd>
          {delivery.recipientName
            ? `${delivery.recipientName} <${delivery.recipient}>`
            : delivery.recipient}
        </dd>
        <dt>Subject</dt>
        <dd>{delivery.subject}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(delivery.createdAt)}</dd>
        <dt>Sent</dt>
        <dd>{formatDateTime(delivery.sentAt)}</dd>
        <dt>Transport</dt>
        <dd>{orDash(delivery.transport)}</dd>
        <dt>Provider message id</dt>
        <dd>{orDash(delivery.providerMessageId)}</dd>
        <dt>Attempts</dt>
        <dd>{delivery.attempts}</dd>
        {delivery.status === 'PENDING' && (
          <>
            <dt>Next attempt</dt>
            <dd>{formatDateTime(delivery.nextAttemptAt)}</dd>
          </>
        )}
        <dt>Last transport answer</dt>
        <dd>{orDash(delivery.lastError)}</dd>
        {delivery.failureClass && (
          <>
            <dt>SendGrid refused</dt>
            <dd>{FAILURE_CLASS[delivery.failureClass]}</dd>
          </>
        )}
        <dt>SendGrid verdict</dt>
        <dd>
          {delivery.providerStatus ? (
            <>
              <StatusBadge
                status={delivery.providerStatus}
                label={PROVIDER_STATUS[delivery.providerStatus]}
              />{' '}
              {formatDateTime(delivery.providerStatusAt)}
              {delivery.providerStatusReason && <div>{delivery.providerStatusReason}</div>}
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>Why not sent</dt>
        <dd>{orDash(delivery.suppressionReason)}</dd>
        {delivery.resentFromId && (
          <>
            <dt>Resend of</dt>
            <dd>
              <code>{delivery.resentFromId}</code>
            </dd>
          </>
        )}
      </dl>
      {resendable && (
        <div className="actions">
          <button
            type="button"
            className="primary"
            onClick={() => void runResend()}
            disabled={resendState.fetching}
          >
            {resendState.fetching ? 'Resending…' : 'Resend'}
          </button>
          <span className="hint">
            Sends it again as a new delivery linked to this one; the kill switch still applies.
          </span>
        </div>
      )}
      <ErrorMessage id="resend-error" error={resendState.error} />
      <StatusMessage id="resend-status" text={status} />
      <h4>Text, as sent</h4>
      <pre className="email-text" aria-label="Text, as sent" tabIndex={0}>
        {delivery.textBody}
      </pre>
    </section>
  );
}

function createdWindow(days: DayRange): { createdSince?: string; createdBefore?: string } {
  const { since, before } = dayWindow(days);
  return {
    ...(since ? { createdSince: since } : {}),
    ...(before ? { createdBefore: before } : {}),
  };
}
