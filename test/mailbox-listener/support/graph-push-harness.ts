/**
 * A Replyline that Microsoft Graph (the fake) can call: the in-process app listens on a port
 * behind an https proxy, and PUBLIC_URL names the proxy, so the listener subscribes to change
 * notifications and the fake POSTs its validation requests and notifications there.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WatchTimings } from '../../../src/mailbox/mailbox-watcher.js';
import { startHttpsProxy } from '../../support/https-proxy.js';
import type { HttpsProxy } from '../../support/https-proxy.js';
import { newMicrosoftApp, startMicrosoftFake } from '../../support/microsoft-fake.js';
import type { FakeApp, MicrosoftFake } from '../../support/microsoft-fake.js';
import { SendGridFake } from '../../support/sendgrid-fake.js';
import { startTestApp } from '../../support/test-app.js';
import type { TestApp } from '../../support/test-app.js';
import { REPLY_TO, appEnv, expectNoErrors } from '../../mailbox-sync/support/sync-harness.js';
import { listenerOptions } from './listener-harness.js';

export interface SubscribedApp {
  t: TestApp;
  graph: MicrosoftFake;
  sendgrid: SendGridFake;
  proxy: HttpsProxy;
  microsoftApp: FakeApp;
  /** "Test and Save" on the OAuth 2.0 tab. */
  enable(): Promise<void>;
  close(): Promise<void>;
}

export async function startSubscribedApp(timings: Partial<WatchTimings>): Promise<SubscribedApp> {
  const [graph, sendgrid, proxy] = await Promise.all([
    startMicrosoftFake(),
    SendGridFake.start(),
    startHttpsProxy(),
  ]);
  const microsoftApp = newMicrosoftApp();
  graph.registerApp(microsoftApp);
  graph.addMailbox(REPLY_TO);
  graph.push.trust(proxy.caCert);
  const t = await startTestApp({
    env: appEnv(sendgrid, {
      MAILBOX_LISTENER: 'true',
      PUBLIC_URL: proxy.origin,
      MICROSOFT_LOGIN_BASE_URL: graph.url,
      MICROSOFT_GRAPH_BASE_URL: graph.url,
    }),
    configure: listenerOptions({ timings }),
  });
  await t.app.listen(0, '127.0.0.1');
  proxy.forwardTo(((t.app.getHttpServer() as Server).address() as AddressInfo).port);
  return {
    t,
    graph,
    sendgrid,
    proxy,
    microsoftApp,
    async enable() {
      const saved = await t.gql(
        `mutation($input: MicrosoftReplyByEmailInput!) { saveMicrosoftReplyByEmail(input: $input) { replyByEmail { enabled } } }`,
        { input: { replyToAddress: REPLY_TO, ...microsoftApp } },
      );
      expectNoErrors(saved);
    },
    async close() {
      await t.close();
      await Promise.all([graph.stop(), sendgrid.close(), proxy.close()]);
    },
  };
}
