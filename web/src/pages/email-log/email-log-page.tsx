import { Link } from '../../router';
import { DeliveriesLog } from './deliveries-log';
import { IncomingEmailDetail } from './incoming-email-detail';
import { IncomingEmailsLog } from './incoming-emails-log';

/** Every email in and out, with its status and reason. `route` is the path below /email-log. */
export function EmailLogPage({ route }: { route: string }) {
  const incoming = route.startsWith('/incoming');
  const detailId = /^\/incoming\/([^/]+)$/.exec(route)?.[1];
  return (
    <>
      <h1>Email log</h1>
      <nav aria-label="Email log" className="sub-nav">
        <Link to="/email-log/outgoing" aria-current={incoming ? undefined : 'page'}>
          Outgoing deliveries
        </Link>
        <Link to="/email-log/incoming" aria-current={incoming ? 'page' : undefined}>
          Incoming emails
        </Link>
      </nav>
      {detailId ? (
        <IncomingEmailDetail id={decodeURIComponent(detailId)} />
      ) : incoming ? (
        <IncomingEmailsLog />
      ) : (
        <DeliveriesLog />
      )}
    </>
  );
}
