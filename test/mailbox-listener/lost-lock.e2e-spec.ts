import { MailboxListenerService } from '../../src/mailbox-sync/mailbox-listener.service.js';
import type { ListenerCheck } from '../../src/mailbox-sync/mailbox-listener.service.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { nextOf } from '../support/next-signal.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import {
  MAILBOX_PASSWORD,
  REPLY_TO,
  appEnv,
  enableBasicAuth,
} from '../mailbox-sync/support/sync-harness.js';
import {
  listenerOptions,
  listenerStatus,
  listenerUntil,
  terminateLockSession,
} from './support/listener-harness.js';

/**
 * A replica whose lock session was cut while it kept running (a network blip) finds out only at
 * its next check, after the other replica has taken over: stopping its own watch then must not
 * write over the new holder's status.
 */
describe('mailbox listener: a replica that lost its lock while running', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let databaseUrl: string;
  let slow: TestApp;
  let quick: TestApp;

  beforeAll(async () => {
    [dovecot, sendgrid] = await Promise.all([startDovecot(), SendGridFake.start()]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    databaseUrl = await createTestDatabase();
    const start = (name: string, checkMs: number) =>
      startTestApp({
        databaseUrl,
        env: appEnv(sendgrid, { MAILBOX_LISTENER: 'true', REPLICA_NAME: name }),
        configure: listenerOptions({ checkMs }),
      });
    // The first replica takes the listener at boot and then looks only every few seconds.
    slow = await start('replica-slow', 3_000);
    await enableBasicAuth(slow, dovecot, 'EMAIL_ADDRESS');
    await listenerUntil(slow, (listener) =>
      expect(listener).toMatchObject({ mode: 'IDLE', connected: true, holder: 'replica-slow' }),
    );
    quick = await start('replica-quick', 200);
  });
  afterAll(async () => {
    await quick?.close();
    await slow?.close();
    await dropTestDatabase(databaseUrl);
    await Promise.all([dovecot?.stop(), sendgrid?.close()]);
  });

  it('leaves the new holder shown as connected when it notices and stops', async () => {
    await terminateLockSession(databaseUrl);
    await listenerUntil(quick, (listener) =>
      expect(listener).toMatchObject({ mode: 'IDLE', connected: true, holder: 'replica-quick' }),
    );
    const noticed = await nextOf<ListenerCheck>(
      slow.app.get(MailboxListenerService).checks,
      'the next check of the replica that lost its lock',
    );
    expect(noticed).toMatchObject({ holder: false, watching: false });
    expect(await listenerStatus(quick)).toMatchObject({
      mode: 'IDLE',
      connected: true,
      holder: 'replica-quick',
    });
  });
});
