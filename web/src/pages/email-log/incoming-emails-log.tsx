import { useQuery } from 'urql';
import { ANY_DAY, DayRangeFields, dayWindow } from '../../components/day-range';
import type { DayRange } from '../../components/day-range';
import { SelectField } from '../../components/form-controls';
import { formatDateTime, orDash } from '../../components/format';
import { ErrorMessage, Loading } from '../../components/messages';
import { Pager, useAppliedFilter } from '../../components/pager';
import type { IncomingEmailReasonCode, IncomingEmailStatus } from '../../gql/graphql';
import { Link } from '../../router';
import { IncomingEmailsQuery } from './documents';
import { INCOMING_STATUS, optionsOf, REASON_CODE, StatusBadge } from './labels';

const PAGE_SIZE = 25;

export function IncomingEmailsLog() {
  const {
    pager,
    draft,
    setDraft,
    applied: filter,
    apply,
  } = useAppliedFilter<{
    status: IncomingEmailStatus | '';
    reasonCode: IncomingEmailReasonCode | '';
    days: DayRange;
  }>({ status: '', reasonCode: '', days: ANY_DAY });
  const [{ data, error, fetching }] = useQuery({
    query: IncomingEmailsQuery,
    variables: {
      first: PAGE_SIZE,
      after: pager.after,
      filter: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.reasonCode ? { reasonCode: filter.reasonCode } : {}),
        ...receivedWindow(filter.days),
      },
    },
  });
  const page = data?.incomingEmails;

  return (
    <section aria-labelledby="incoming-title">
      <h2 id="incoming-title">Incoming emails</h2>
      <form className="filters" onSubmit={apply} aria-label="Filter incoming emails">
        <SelectField
          id="incoming-status"
          label="Status"
          value={draft.status}
          options={optionsOf(INCOMING_STATUS, 'All statuses')}
          onChange={(status) => setDraft({ ...draft, status })}
        />
        <SelectField
          id="incoming-reason"
          label="Reason"
          value={draft.reasonCode}
          options={optionsOf(REASON_CODE, 'All reasons')}
          onChange={(reasonCode) => setDraft({ ...draft, reasonCode })}
        />
        <DayRangeFields
          idPrefix="incoming-received"
          value={draft.days}
          onChange={(days) => setDraft({ ...draft, days })}
        />
        <button type="submit">Apply filters</button>
      </form>
      {error && <ErrorMessage error={error} />}
      {!page && fetching && <Loading what="incoming emails" />}
      {page && (
        <>
          <table>
            <caption className="visually-hidden">Incoming emails, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">From</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                <th scope="col">Reason</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((email) => (
                <tr key={email.id}>
                  <td>
                    <Link to={`/email-log/incoming/${encodeURIComponent(email.id)}`}>
                      {formatDateTime(email.receivedAt)}
                    </Link>
                  </td>
                  <td>{orDash(email.from)}</td>
                  <td>{orDash(email.subject)}</td>
                  <td>
                    <StatusBadge status={email.status} label={INCOMING_STATUS[email.status]} />
                  </td>
                  <td>{email.reasonCode ? REASON_CODE[email.reasonCode] : '—'}</td>
                  <td>{email.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.nodes.length === 0 && (
            <p className="empty-state">No incoming emails match these filters.</p>
          )}
          <Pager
            pager={pager}
            label="Incoming email pages"
            hasNextPage={page.pageInfo.hasNextPage}
            endCursor={page.pageInfo.endCursor}
          />
        </>
      )}
    </section>
  );
}

function receivedWindow(days: DayRange): { receivedSince?: string; receivedBefore?: string } {
  const { since, before } = dayWindow(days);
  return {
    ...(since ? { receivedSince: since } : {}),
    ...(before ? { receivedBefore: before } : {}),
  };
}
