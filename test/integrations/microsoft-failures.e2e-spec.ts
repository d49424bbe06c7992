import { randomUUID } from 'node:crypto';
import { Clock } from '../../src/common/clock.js';
import { syncOptions, syncNow } from '../mailbox-sync/support/sync-harness.js';
import { eventually } from '../support/eventually.js';
import { ManualClock } from '../support/manual-clock.js';
import { newMicrosoftApp, startMicrosoftFake } from '../support/microsoft-fake.js';
import type { FakeApp, MicrosoftFake } from '../support/microsoft-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

const MAILBOX = 'replies@contoso.test';

const TEST = `mutation($input: MicrosoftReplyByEmailInput!) { testMicrosoftConnection(input: $input) { ok message } }`;
const SAVE = `mutation($input: MicrosoftReplyByEmailInput!) { saveMicrosoftReplyByEmail(input: $input) { replyByEmail { enabled } } }`;
const TOKEN_STATUS = `query { emailServerSettings { replyByEmail { microsoft {
  clientSecretExpired lastTokenRequest { at ok failure message } } } } }`;

interface TokenStatus {
  clientSecretExpired: boolean;
  lastTokenRequest: { at: string; ok: boolean; failure: string | null; message: string | null };
}

/**
 * Issue 19, points 1 to 3: what the admin reads when Microsoft refuses, told apart by cause. The
 * app's Clock is a ManualClock, so "after the Retry-After" is a step, not a sleep.
 */
describe('Microsoft failures read as what they are (identity + Graph fake)', () => {
  let fake: MicrosoftFake;
  let t: TestApp;
  const clock = new ManualClock();

  const input = ({ tenantId, clientId, clientSecret }: FakeApp) => ({
    replyToAddress: MAILBOX,
    tenantId,
    clientId,
    clientSecret,
  });
  const sentence = (app: FakeApp) =>
    `Error connecting to Tenant ID: ${app.tenantId} with Client: ${app.clientId} credentials.`;
  const test = async (app: FakeApp) =>
    (
      await t.gql<{ testMicrosoftConnection: { ok: boolean; message: string } }>(TEST, {
        input: input(app),
      })
    ).data!.testMicrosoftConnection;
  const tokenStatus = async () =>
    (
      await t.gql<{ emailServerSettings: { replyByEmail: { microsoft: TokenStatus } } }>(
        TOKEN_STATUS,
      )
    ).data!.emailServerSettings.replyByEmail.microsoft;

  /** A new app registration, saved as the reply mailbox's credentials. */
  async function savedApp(extra: Partial<FakeApp> = {}): Promise<FakeApp> {
    const app = { ...newMicrosoftApp(), ...extra };
    fake.registerApp(app);
    const saved = await t.gql(SAVE, { input: input(app) });
    expect(saved.errors).toBeUndefined();
    return app;
  }

  beforeAll(async () => {
    fake = await startMicrosoftFake();
    fake.addMailbox(MAILBOX);
    t = await startTestApp({
      env: {
        MICROSOFT_LOGIN_BASE_URL: fake.url,
        MICROSOFT_GRAPH_BASE_URL: fake.url,
        MAILBOX_CONNECT_TIMEOUT_MS: '3000',
      },
      configure: (builder) => syncOptions()(builder).overrideProvider(Clock).useValue(clock),
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  it('keeps the product sentence, alone, for a wrong secret', async () => {
    const app = newMicrosoftApp();
    fake.registerApp(app);
    expect(await test({ ...app, clientSecret: 'not-the-secret' })).toEqual({
      ok: false,
      message: sentence(app),
    });
  });

  it("reports the token endpoint's HTML 503 page as an outage with the retry time, not as credentials", async () => {
    const app = newMicrosoftApp();
    fake.registerApp(app);
    fake.failNextToken({ status: 503, html: true });
    const result = await test(app);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(
      /^The Microsoft identity platform is unavailable \(HTTP 503: Service Unavailable: .*HTTP Error 503\. The service is unavailable\.\); Replyline asks again after \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in 60 s\)\. This says nothing about the Tenant ID, Client ID or Client Secret\.$/,
    );
    expect(result.message).not.toContain('credentials.');

    // The identity platform's own JSON for a 5xx reads the same way, with its AADSTS code.
    const other = newMicrosoftApp();
    fake.registerApp(other);
    fake.failNextToken({ status: 500 });
    const jsonOutage = await test(other);
    expect(jsonOutage.message).toMatch(
      /^The Microsoft identity platform is unavailable \(HTTP 500 \(AADSTS90033\): A transient error has occurred\. Please try again\.\); Replyline asks again after /,
    );
  });

  it('waits out a 429 from the token endpoint without asking, and asks again once its Retry-After has passed', async () => {
    const app = await savedApp();
    expect((await syncNow(t)).succeeded).toBe(true);
    // Graph refuses the cached token, so the next sync must get a new one: the endpoint throttles.
    fake.revokeTokens();
    fake.failNextToken({ status: 429, retryAfterSeconds: 120 });
    const before = fake.tokenRequestCount();

    const throttled = await syncNow(t);
    expect(throttled.succeeded).toBe(false);
    expect(throttled.error).toMatch(
      new RegExp(
        `^The Microsoft identity platform is throttling token requests for Client: ${app.clientId} in Tenant ID: ${app.tenantId} \\(HTTP 429 \\(AADSTS90055\\)\\); Replyline asks again after .* UTC \\(in 120 s\\)\\. The credentials were not checked\\.$`,
      ),
    );
    expect(fake.tokenRequestCount()).toBe(before + 1);
    await eventually(async () => (await tokenStatus()).lastTokenRequest?.failure === 'THROTTLED');

    // Within the window: refused again with the same cause, and nothing is sent.
    const held = await syncNow(t);
    expect(held.succeeded).toBe(false);
    expect(held.error).toMatch(/throttling token requests .* \(in 1[12]\d s\)/);
    expect(fake.tokenRequestCount()).toBe(before + 1);

    // After it (msal's own throttling cache, on the wall clock, would still refuse here).
    clock.advance(121_000);
    const after = await syncNow(t);
    expect(after).toMatchObject({ succeeded: true, error: null });
    expect(fake.tokenRequestCount()).toBe(before + 2);
    await eventually(async () => (await tokenStatus()).lastTokenRequest?.ok);
  });

  it('says that the client secret expired, in the test, the sync and emailServerSettings, and warns once', async () => {
    const app = await savedApp();
    fake.updateApp(app.clientId, { secretExpired: true });
    fake.revokeTokens();
    const expired = `${sentence(app)} The client secret has expired (AADSTS7000222): create a new one in Azure (App registrations > your app > Certificates & secrets) and save it here as the Client Secret.`;

    expect(await test(app)).toEqual({ ok: false, message: expired });
    const logsBefore = t.logs.length;
    for (let run = 0; run < 2; run++) {
      expect(await syncNow(t)).toMatchObject({ succeeded: false, error: expired });
    }
    const status = await eventually(async () => {
      const current = await tokenStatus();
      return current.clientSecretExpired ? current : undefined;
    });
    expect(status.lastTokenRequest).toMatchObject({
      ok: false,
      failure: 'SECRET_EXPIRED',
      message: expired,
    });
    // Each failed run is logged by the sync as before; the expiry itself is announced once.
    const warnings = t.logs
      .slice(logsBefore)
      .filter((line) => line.includes('"context":"MicrosoftTokenStatus"'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"level":"warn"');
    expect(warnings[0]).toContain(`${expired} Reply by email through Microsoft Graph stops`);

    // A new secret, created in Azure and saved: the state is good again.
    const renewed = `secret~${randomUUID()}`;
    fake.updateApp(app.clientId, { clientSecret: renewed, secretExpired: false });
    const saved = await t.gql(SAVE, { input: input({ ...app, clientSecret: renewed }) });
    expect(saved.errors).toBeUndefined();
    expect(await tokenStatus()).toMatchObject({
      clientSecretExpired: false,
      lastTokenRequest: { ok: true, failure: null },
    });
  });

  it('names an application access policy and its delay instead of asking for Mail.ReadWrite', async () => {
    const app = { ...newMicrosoftApp(), accessPolicy: ['finance@contoso.test'] };
    fake.registerApp(app);
    const result = await test(app);
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      `Connected to Tenant ID: ${app.tenantId} but cannot read the mailbox ${MAILBOX}: ErrorAccessDenied ` +
        '(Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.). ' +
        `An Exchange Online application access policy keeps Client: ${app.clientId} out of ${MAILBOX}: ` +
        "add the mailbox to the policy's mail-enabled security group (check with Test-ApplicationAccessPolicy " +
        `-Identity ${MAILBOX} -AppId ${app.clientId}). A policy change takes about 30 minutes, sometimes over ` +
        'an hour, to reach Microsoft Graph, even after Test-ApplicationAccessPolicy says Granted.',
    );
  });

  it('never puts a client secret in a response or a log line', () => {
    expect(t.logs.join('\n')).not.toMatch(/secret~[0-9a-f-]{36}/);
    expect(JSON.stringify(t.responses)).not.toMatch(/secret~[0-9a-f-]{36}/);
  });
});
