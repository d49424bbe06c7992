/**
 * /metrics on the real application: closed without METRICS_TOKEN, refused without the token, and
 * numbers that move with real traffic (published events through the SendGrid fake, a retry
 * waiting in the outbox, a reply read from a real Dovecot and posted, a rejected one, an archive
 * run).
 */
import type { TestingModuleBuilder } from '@nestjs/testing';
import { METRIC_NAMES } from '../../src/metrics/metric-names.js';
import { METRICS_OPTIONS } from '../../src/metrics/metrics.options.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { eventually } from '../support/eventually.js';
import { createService, createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { EVENT_WEBHOOK_PATH, SendGridEventWebhook } from '../support/sendgrid-event-webhook.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { replyTo } from '../mailbox-sync/support/reply-factory.js';
import { sentRequestFor, waitForFinal } from '../notifications/notifications-helpers.js';
import {
  appEnv,
  appendAll,
  enableBasicAuth,
  expectNoErrors,
  MAILBOX_PASSWORD,
  mention,
  REPLY_TO,
  syncNow,
  syncOptions,
} from '../mailbox-sync/support/sync-harness.js';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789abcdef';
const PUBLISH = `mutation P($input: PublishEventInput!) { publishEvent(input: $input) { deliveryIds suppressedCount } }`;

/** The value of `name{labels}` in a scrape, 0 when the series is not there yet. */
function valueOf(text: string, name: string, labels = ''): number {
  const prefix = `${name}${labels ? `{${labels}}` : ''} `;
  const line = text.split('\n').find((candidate) => candidate.startsWith(prefix));
  return line === undefined ? 0 : Number(line.slice(prefix.length));
}

describe('/metrics', () => {
  it('is off without METRICS_TOKEN', async () => {
    const t = await startTestApp();
    try {
      const response = await t
        .http()
        .get('/metrics')
        .set('Authorization', `Bearer ${t.adminToken}`);
      expect(response.status).toBe(404);
      expect(response.text).toContain('set METRICS_TOKEN');
      expect(response.text).not.toContain('replyline_');
    } finally {
      await t.close();
    }
  });

  describe('with METRICS_TOKEN', () => {
    let dovecot: DovecotServer;
    let sendgrid: SendGridFake;
    let t: TestApp;
    let service: UserWithToken;
    const webhook = new SendGridEventWebhook();

    const scrape = async (): Promise<string> => {
      const response = await t
        .http()
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`);
      expect(response.status).toBe(200);
      return response.text;
    };
    const publishHealth = async () => {
      const response = await t.gql<{ publishEvent: { deliveryIds: string[] } }>(
        PUBLISH,
        {
          input: {
            type: 'system_health',
            payload: { status: 'degraded', summary: 'Search is slow' },
          },
        },
        service.token,
      );
      expectNoErrors(response);
      return response.data!.publishEvent.deliveryIds;
    };

    beforeAll(async () => {
      [dovecot, sendgrid] = await Promise.all([startDovecot(), SendGridFake.start()]);
      await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
      t = await startTestApp({
        env: appEnv(sendgrid, {
          METRICS_TOKEN,
          ADMIN_EMAIL: 'admin@corp.test',
          OUTBOX_RETRY_BASE_MS: '3600000',
          SENDGRID_WEBHOOK_PUBLIC_KEY: webhook.publicKey,
        }),
        // Fresh database reads on every scrape, so each step sees its own effect at once.
        configure: (builder: TestingModuleBuilder) =>
          syncOptions()(builder)
            .overrideProvider(METRICS_OPTIONS)
            .useValue({ refreshIntervalMs: 0 }),
      });
      service = await createService(t);
    });
    afterAll(async () => {
      await t?.close();
      await Promise.all([dovecot?.stop(), sendgrid?.close()]);
    });

    it('refuses a scrape without the token, with a wrong one, and with an admin API token', async () => {
      for (const authorization of [
        undefined,
        `Bearer ${METRICS_TOKEN}x`,
        `Bearer ${t.adminToken}`,
      ]) {
        let call = t.http().get('/metrics');
        if (authorization) call = call.set('Authorization', authorization);
        const response = await call;
        expect(response.status).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.text).toContain('"code":"UNAUTHENTICATED"');
        expect(response.text).not.toContain('replyline_');
      }
    });

    it('serves the Prometheus text format with process metrics and the listener gauge at 0', async () => {
      const response = await t
        .http()
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.text).toContain('# TYPE process_cpu_seconds_total counter');
      expect(response.text).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
      expect(valueOf(response.text, METRIC_NAMES.mailboxListenerConnected)).toBe(0);
    });

    it('counts deliveries by type and status, SendGrid answers by code, and suppressions', async () => {
      const before = await scrape();
      const sent = `type="system_health",status="sent"`;
      const [id] = await publishHealth();
      expect(id).toBeDefined();
      const after = await eventually(async () => {
        const text = await scrape();
        expect(valueOf(text, METRIC_NAMES.emailDeliveries, sent)).toBe(
          valueOf(before, METRIC_NAMES.emailDeliveries, sent) + 1,
        );
        return text;
      });
      expect(
        valueOf(after, METRIC_NAMES.emailDeliveries, `type="system_health",status="enqueued"`),
      ).toBe(
        valueOf(before, METRIC_NAMES.emailDeliveries, `type="system_health",status="enqueued"`) + 1,
      );
      expect(valueOf(after, METRIC_NAMES.sendGridResponses, 'code="202"')).toBe(
        valueOf(before, METRIC_NAMES.sendGridResponses, 'code="202"') + 1,
      );

      expectNoErrors(
        await t.gql(
          `mutation { setEmailNotificationsDisabled(disabled: true) { notificationsDisabled } }`,
        ),
      );
      try {
        await publishHealth();
        const suppressed = await scrape();
        expect(
          valueOf(
            suppressed,
            METRIC_NAMES.emailDeliveries,
            `type="system_health",status="suppressed"`,
          ),
        ).toBe(
          valueOf(
            before,
            METRIC_NAMES.emailDeliveries,
            `type="system_health",status="suppressed"`,
          ) + 1,
        );
      } finally {
        expectNoErrors(
          await t.gql(
            `mutation { setEmailNotificationsDisabled(disabled: false) { notificationsDisabled } }`,
          ),
        );
      }
    });

    it("counts SendGrid's verdicts from a signed Event Webhook post, and account refusals by class", async () => {
      const [id] = await publishHealth();
      const [row] = await waitForFinal(t, [id]);
      expect(row.status).toBe('SENT');
      const send = sentRequestFor(sendgrid, row.id);
      const before = await scrape();
      const verdict = (name: string, text: string) =>
        valueOf(text, METRIC_NAMES.sendGridVerdicts, `verdict="${name}"`);

      const signed = webhook.sign([
        webhook.event(send, 'deferred', { response: '451 4.7.1 Try again later' }),
        webhook.event(send, 'bounce', {
          type: 'bounce',
          status: '5.1.1',
          reason: '550 5.1.1 No such user',
        }),
        // Engagement is not a verdict: it leaves the counts alone.
        webhook.event(send, 'open'),
      ]);
      const response = await t
        .http()
        .post(EVENT_WEBHOOK_PATH)
        .set(signed.headers)
        .send(signed.body.toString('utf8'));
      expect(response.status).toBe(200);
      const after = await scrape();
      expect(verdict('deferred', after)).toBe(verdict('deferred', before) + 1);
      expect(verdict('bounced', after)).toBe(verdict('bounced', before) + 1);
      expect(verdict('delivered', after)).toBe(verdict('delivered', before));

      // A forged post is refused and counts nothing.
      const forged = webhook.forge([webhook.event(send, 'delivered')]);
      const refused = await t
        .http()
        .post(EVENT_WEBHOOK_PATH)
        .set(forged.headers)
        .send(forged.body.toString('utf8'));
      expect(refused.status).toBe(401);
      expect(verdict('delivered', await scrape())).toBe(verdict('delivered', before));

      const invalidKey = 'class="api_key_invalid"';
      sendgrid.failNext({ type: 'unauthorized' });
      const [refusedId] = await publishHealth();
      const [failed] = await waitForFinal(t, [refusedId]);
      expect(failed.status).toBe('FAILED');
      const refusals = await scrape();
      expect(valueOf(refusals, METRIC_NAMES.sendGridRefusals, invalidKey)).toBe(
        valueOf(before, METRIC_NAMES.sendGridRefusals, invalidKey) + 1,
      );
    });

    it('shows an email waiting for a retry in the outbox depth and its age, and the 429 that caused it', async () => {
      const idle = await scrape();
      expect(valueOf(idle, METRIC_NAMES.outboxEmails, 'state="pending"')).toBe(0);
      expect(valueOf(idle, METRIC_NAMES.outboxOldestEmailAge)).toBe(0);

      sendgrid.failNext({ type: 'rate-limited', retryAfterSeconds: 3600 });
      await publishHealth();
      const waiting = await eventually(async () => {
        const text = await scrape();
        expect(valueOf(text, METRIC_NAMES.outboxEmails, 'state="pending"')).toBe(1);
        expect(valueOf(text, METRIC_NAMES.sendGridResponses, 'code="429"')).toBe(1);
        expect(
          valueOf(text, METRIC_NAMES.emailDeliveries, `type="system_health",status="retried"`),
        ).toBe(1);
        return text;
      });
      expect(valueOf(waiting, METRIC_NAMES.outboxOldestEmailAge)).toBeGreaterThan(0);
    });

    it('counts a posted reply with its latency, a rejected one with its reason, and the runs', async () => {
      await enableBasicAuth(t, dovecot, 'EMAIL_ADDRESS');
      const author = await createUser(t);
      const recipient = await createUser(t);
      const first = await mention(t, sendgrid, author, recipient);
      const second = await mention(t, sendgrid, author, recipient);
      const before = await scrape();
      await appendAll(dovecot, [
        replyTo(first.mention, 'gmail', { text: 'The numbers are fine.' }),
        replyTo(second.mention, 'gmail', { text: '' }),
      ]);
      const run = await syncNow(t);
      expect(run).toMatchObject({ succeeded: true, posted: 1, rejected: 1 });

      const after = await scrape();
      const delta = (name: string, labels = '') =>
        valueOf(after, name, labels) - valueOf(before, name, labels);
      expect(delta(METRIC_NAMES.incomingEmails, 'status="posted",reason=""')).toBe(1);
      expect(delta(METRIC_NAMES.incomingEmails, 'status="rejected",reason="EMPTY_REPLY"')).toBe(1);
      expect(delta(`${METRIC_NAMES.replyLatency}_count`, 'start="date_header"')).toBe(1);
      // The empty reply's sender is an active user: told why, once.
      expect(delta(METRIC_NAMES.rejectionNotices, 'outcome="enqueued"')).toBe(1);
      expect(
        delta(METRIC_NAMES.jobRuns, 'job="mailbox_sync",trigger="manual",outcome="succeeded"'),
      ).toBe(1);
      expect(
        delta(`${METRIC_NAMES.jobRunDuration}_count`, 'job="mailbox_sync",outcome="succeeded"'),
      ).toBe(1);

      expectNoErrors(await t.gql(`mutation { runArchiveNow { succeeded } }`));
      expect(
        valueOf(
          await scrape(),
          METRIC_NAMES.jobRuns,
          'job="archive",trigger="manual",outcome="succeeded"',
        ),
      ).toBe(1);
    });
  });
});
