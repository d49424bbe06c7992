/**
 * The catalogue of notification types as a frontend reads it, the checks that use it (subscribe,
 * publishEvent), and CATALOG_URL with a per-type link template in the emails that go out.
 */
import { createService, createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { DEFAULT_FAKE_API_KEY, SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import {
  contentOf,
  publish,
  PUBLISH_EVENT,
  sentRequestFor,
  waitForFinal,
} from './notifications-helpers.js';

const NOTIFICATION_TYPES = `{
  notificationTypes {
    key description recipients exemptFromKillSwitch subscribable publishable autoSubmitted
    payloadFields { name type required description }
    links { name template }
  }
}`;

interface NotificationTypeShape {
  key: string;
  description: string;
  recipients: string;
  exemptFromKillSwitch: boolean;
  subscribable: boolean;
  publishable: boolean;
  autoSubmitted: string;
  payloadFields: Array<{ name: string; type: string; required: boolean; description: string }>;
  links: Array<{ name: string; template: string }>;
}

describe('notification types: the catalogue, its checks, and catalog links', () => {
  let sendgrid: SendGridFake;
  let t: TestApp;
  let service: UserWithToken;
  let user: UserWithToken;

  beforeAll(async () => {
    sendgrid = await SendGridFake.start();
    t = await startTestApp({
      env: {
        SENDGRID_API_KEY: DEFAULT_FAKE_API_KEY,
        SENDGRID_BASE_URL: sendgrid.baseUrl,
        MAIL_FROM_ADDRESS: 'notifications@catalog.example.com',
        PUBLIC_URL: 'https://replyline.example.com',
        CATALOG_URL: 'https://catalog.example.com/',
        CATALOG_LINK_TEMPLATES: JSON.stringify({
          'notify_on_download_ready.export': '/data/exports/{exportId}?download=1',
        }),
      },
    });
    service = await createService(t);
    user = await createUser(t);
  });
  afterAll(async () => {
    await t?.close();
    await sendgrid?.close();
  });

  it('lists every type for any signed-in user: recipients, kill switch, subscribable, payload fields, links', async () => {
    const { data, errors } = await t.gql<{ notificationTypes: NotificationTypeShape[] }>(
      NOTIFICATION_TYPES,
      {},
      user.token,
    );
    expect(errors).toBeUndefined();
    const types = new Map(data!.notificationTypes.map((type) => [type.key, type]));
    expect([...types.keys()]).toEqual([
      'subscription_event',
      'notify_on_download_ready',
      'notify_on_download_failed',
      'scheduled_query_succeeded',
      'scheduled_query_failed',
      'system_health',
      'scheduled_job_status',
      'conversation_mention',
      'conversation_assignment',
      'reply_rejected',
      'test_email',
    ]);
    expect(types.get('notify_on_download_ready')).toEqual({
      key: 'notify_on_download_ready',
      description: 'A data export the user requested is ready for download.',
      recipients: 'NAMED_USERS',
      exemptFromKillSwitch: true,
      subscribable: false,
      publishable: true,
      autoSubmitted: 'auto-generated',
      payloadFields: [
        {
          name: 'exportId',
          type: 'STRING',
          required: true,
          description: "The export's id in the catalog",
        },
        {
          name: 'exportName',
          type: 'STRING',
          required: true,
          description: 'The name the user gave the export',
        },
        {
          name: 'expiresAt',
          type: 'STRING',
          required: false,
          description: 'Until when the file can be downloaded, as the catalog words it',
        },
      ],
      links: [
        {
          name: 'export',
          template: 'https://catalog.example.com/data/exports/{exportId}?download=1',
        },
      ],
    });
    expect(types.get('subscription_event')).toMatchObject({
      recipients: 'SUBSCRIBERS',
      subscribable: true,
      exemptFromKillSwitch: false,
    });
    expect(types.get('reply_rejected')).toMatchObject({
      recipients: 'REPLYLINE',
      publishable: false,
      autoSubmitted: 'auto-replied',
      links: [
        {
          name: 'conversation',
          template: 'https://catalog.example.com/conversations/{conversationId}',
        },
      ],
    });
    expect(
      [...types.values()].filter((type) => type.exemptFromKillSwitch).map((type) => type.key),
    ).toEqual(['notify_on_download_ready', 'notify_on_download_failed', 'test_email']);
  });

  it('answers the same exempt list in emailServerSettings, and refuses the catalogue without a token', async () => {
    const settings = await t.gql<{ emailServerSettings: { exemptNotificationTypes: string[] } }>(
      `{ emailServerSettings { exemptNotificationTypes } }`,
    );
    expect(settings.data!.emailServerSettings.exemptNotificationTypes).toEqual([
      'notify_on_download_ready',
      'notify_on_download_failed',
      'test_email',
    ]);
    const anonymous = await t.gql(NOTIFICATION_TYPES, {}, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses to subscribe to a notification type, naming the field', async () => {
    const { errors } = await t.gql(
      `mutation { subscribe(input: { eventType: "system_health" }) { id } }`,
      {},
      user.token,
    );
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(
      /^Cannot subscribe to system_health: it is a notification type/,
    );
    expect(errors?.[0]?.extensions?.fields?.eventType?.[0]).toMatch(
      /it goes to every Server Admin.*such as table_updated/,
    );
    const catalogEvent = await t.gql(
      `mutation { subscribe(input: { eventType: "table_updated" }) { eventType } }`,
      {},
      user.token,
    );
    expect(catalogEvent.errors).toBeUndefined();
  });

  it('refuses a publishEvent whose payload breaks the catalogue, naming every field', async () => {
    const wrongFields = await t.gql(
      PUBLISH_EVENT,
      {
        input: {
          type: 'notify_on_download_ready',
          payload: { exportId: 7 },
          recipientIds: [user.user.id],
        },
      },
      service.token,
    );
    expect(wrongFields.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: {
        'payload.exportId': ['must be a string'],
        'payload.exportName': ['is required for notify_on_download_ready'],
      },
    });
    const eventIsAType = await t.gql(
      PUBLISH_EVENT,
      { input: { type: 'subscription_event', payload: { eventType: 'test_email', title: 'x' } } },
      service.token,
    );
    expect(eventIsAType.errors?.[0]?.extensions?.fields).toEqual({
      'payload.eventType': [
        expect.stringMatching(/^is a notification type, not a catalog event type/),
      ],
    });
    for (const type of ['reply_rejected', 'test_email']) {
      const internal = await t.gql(PUBLISH_EVENT, { input: { type, payload: {} } }, service.token);
      expect(internal.errors?.[0]?.extensions?.fields?.type?.[0]).toMatch(
        new RegExp(`^${type} cannot be published`),
      );
    }
  });

  it('links to CATALOG_URL with the per-type template, never to PUBLIC_URL', async () => {
    const { deliveryIds } = await publish(t, service.token, {
      type: 'notify_on_download_ready',
      payload: { exportId: 'exp/42', exportName: 'Q3 revenue' },
      recipientIds: [user.user.id],
    });
    await waitForFinal(t, deliveryIds);
    const request = sentRequestFor(sendgrid, deliveryIds[0]);
    const text = contentOf(request, 'text/plain');
    expect(text).toContain(
      'Download: https://catalog.example.com/data/exports/exp%2F42?download=1',
    );
    expect(text).not.toContain('replyline.example.com');
    expect(request.body?.headers?.['Auto-Submitted']).toBe('auto-generated');

    const failed = await publish(t, service.token, {
      type: 'notify_on_download_failed',
      payload: { exportId: 'exp-43', exportName: 'Q4' },
      recipientIds: [user.user.id],
    });
    await waitForFinal(t, failed.deliveryIds);
    expect(contentOf(sentRequestFor(sendgrid, failed.deliveryIds[0]), 'text/plain')).toContain(
      'https://catalog.example.com/exports/exp-43',
    );
  });
});
