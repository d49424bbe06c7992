import { useQuery } from 'urql';
import { formatDateTime, orDash } from '../components/format';
import { ErrorMessage, Loading } from '../components/messages';
import { Pager, usePager } from '../components/pager';
import { graphql } from '../gql';

const AuditQuery = graphql(`
  query EmailSettingsAudit($first: Int!, $after: String) {
    emailSettingsAudit(first: $first, after: $after) {
      nodes {
        id
        at
        action
        actorUsername
        changes {
          field
          oldValue
          newValue
          secret
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

/** Who changed which email server setting, and from what to what; secrets only as "changed". */
export function SettingsAuditPage() {
  const pager = usePager();
  const [{ data, error, fetching }] = useQuery({
    query: AuditQuery,
    variables: { first: 25, after: pager.after },
    requestPolicy: 'network-only',
  });
  const page = data?.emailSettingsAudit;
  return (
    <>
      <h1>Settings audit</h1>
      <p className="lead">Every change to the email server settings, newest first.</p>
      {!page && fetching && <Loading what="the audit" />}
      {error && <ErrorMessage error={error} />}
      {page && (
        <>
          <table>
            <caption className="visually-hidden">
              Email server settings changes, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.at)}</td>
                  <td>{orDash(entry.actorUsername)}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    <ul className="changes">
                      {entry.changes.map((change) => (
                        <li key={change.field}>
                          <code>{change.field}</code>:{' '}
                          {change.secret
                            ? 'changed (secret, not recorded)'
                            : `${orDash(change.oldValue)} → ${orDash(change.newValue)}`}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.nodes.length === 0 && <p className="empty-state">No changes yet.</p>}
          <Pager
            pager={pager}
            label="Audit pages"
            hasNextPage={page.pageInfo.hasNextPage}
            endCursor={page.pageInfo.endCursor}
          />
        </>
      )}
    </>
  );
}
