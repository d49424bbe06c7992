import { useQuery } from 'urql';
import { ErrorMessage, Loading } from '../../components/messages';
import { Link } from '../../router';
import { EmailServerSettingsQuery } from './documents';
import { NotificationsSection } from './notifications-section';
import { OutboundSection } from './outbound-section';
import { PollIntervalSection } from './poll-interval-section';
import { ReplyByEmailSection } from './reply-by-email-section';

/** The Email Server tab of Admin Settings, as the product page describes it. */
export function EmailServerPage() {
  const [{ data, error, fetching }] = useQuery({ query: EmailServerSettingsQuery });
  const settings = data?.emailServerSettings;
  return (
    <>
      <h1>Email Server</h1>
      <p className="lead">
        Outbound email is delivered through SendGrid. Here you can turn notifications off and let
        people answer conversation mentions by replying to the email.
      </p>
      {!settings && fetching && <Loading what="the email server settings" />}
      {!settings && error && <ErrorMessage error={error} />}
      {settings && (
        <>
          <NotificationsSection settings={settings} />
          <OutboundSection />
          <ReplyByEmailSection settings={settings} />
          <PollIntervalSection settings={settings} />
          <p>
            Every change to these settings is recorded in the{' '}
            <Link to="/audit">settings audit</Link>.
          </p>
        </>
      )}
    </>
  );
}
