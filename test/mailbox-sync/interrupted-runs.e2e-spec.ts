import { DataSource } from 'typeorm';
import { ArchiveTrigger } from '../../src/archive/archive-trigger.enum.js';
import { ArchiveRun } from '../../src/archive/entities/archive-run.entity.js';
import { INTERRUPTED_RUN_ERROR, RunLifecycle } from '../../src/common/run-lifecycle.js';
import { MailboxSyncRun } from '../../src/mailbox-sync/entities/mailbox-sync-run.entity.js';
import { MailboxSyncTrigger } from '../../src/mailbox-sync/mailbox-sync-trigger.enum.js';
import { archiveStatus, runArchiveNow } from '../archive/archive-helpers.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import {
  appEnv,
  enableBasicAuth,
  expectNoErrors,
  MAILBOX_PASSWORD,
  REPLY_TO,
  RUN_FIELDS,
  syncNow,
  syncOptions,
} from './support/sync-harness.js';
import type { RunShape } from './support/sync-harness.js';

const MINUTE_MS = 60_000;

/**
 * A process killed mid-run (kill -9, a lost container) leaves its run row as it was: started,
 * with its last heartbeat, never finished. Those rows are made here the way such a process leaves
 * them; the running app must close them as interrupted instead of showing "running" for ever.
 */
describe('sync and archive runs left open by a killed process (real Dovecot)', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let t: TestApp;

  beforeAll(async () => {
    [dovecot, sendgrid] = await Promise.all([startDovecot(), SendGridFake.start()]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    t = await startTestApp({ env: appEnv(sendgrid), configure: syncOptions() });
    await enableBasicAuth(t, dovecot, 'EMAIL_ADDRESS');
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([dovecot?.stop(), sendgrid?.close()]);
  });

  const syncRuns = () => t.app.get(DataSource).getRepository(MailboxSyncRun);
  const archiveRuns = () => t.app.get(DataSource).getRepository(ArchiveRun);

  /** A sync run as a killed process leaves it: started, last heartbeat `silentFor` ago. */
  const leftOpenSyncRun = (startedAgo: number, silentFor: number) => {
    const lifecycle = RunLifecycle.start(
      MailboxSyncTrigger.SCHEDULED,
      new Date(Date.now() - startedAgo),
    );
    lifecycle.heartbeatAt = new Date(Date.now() - silentFor);
    return syncRuns().save(
      syncRuns().create({
        lifecycle,
        authMethod: null,
        fetched: 3,
        posted: 1,
        rejected: 0,
        failed: 0,
      }),
    );
  };

  const syncStatus = async () => {
    const response = await t.gql<{
      mailboxSyncStatus: { lastRun: RunShape & { heartbeatAt: string }; lastError: string | null };
    }>(`query { mailboxSyncStatus { lastError lastRun { ${RUN_FIELDS} heartbeatAt } } }`);
    expectNoErrors(response);
    return response.data!.mailboxSyncStatus;
  };

  it('closes a sync run silent for longer than a minute as interrupted, at its last heartbeat', async () => {
    const dead = await leftOpenSyncRun(10 * MINUTE_MS, 9 * MINUTE_MS);
    const status = await syncStatus();
    expect(status.lastRun).toMatchObject({
      id: dead.id,
      succeeded: false,
      error: INTERRUPTED_RUN_ERROR,
      finishedAt: dead.lifecycle.heartbeatAt.toISOString(),
      fetched: 3,
    });
    expect(status.lastError).toBe(INTERRUPTED_RUN_ERROR);
  });

  it('leaves a run with a recent heartbeat running, and the next run closes it once it holds the lock', async () => {
    const quiet = await leftOpenSyncRun(5 * MINUTE_MS, 5_000);
    expect((await syncStatus()).lastRun).toMatchObject({
      id: quiet.id,
      succeeded: null,
      finishedAt: null,
    });

    // Holding the lock, no other run can be alive: the open row belonged to a dead process.
    const run = await syncNow(t);
    expect(run).toMatchObject({ succeeded: true });
    expect((await syncRuns().findOneByOrFail({ id: quiet.id })).lifecycle).toMatchObject({
      succeeded: false,
      error: INTERRUPTED_RUN_ERROR,
    });
    // A finished run's heartbeat is its finish.
    const finished = await syncRuns().findOneByOrFail({ id: run.id });
    expect(finished.lifecycle.heartbeatAt.toISOString()).toBe(run.finishedAt);
    expect((await syncStatus()).lastError).toBeNull();
  });

  it('closes an archive run silent for longer than a minute without waiting for the next weekly run', async () => {
    const lifecycle = RunLifecycle.start(
      ArchiveTrigger.SCHEDULED,
      new Date(Date.now() - 30 * MINUTE_MS),
    );
    lifecycle.heartbeatAt = new Date(Date.now() - 29 * MINUTE_MS);
    const dead = await archiveRuns().save(
      archiveRuns().create({
        lifecycle,
        scheduledFor: lifecycle.startedAt,
        authMethod: null,
        folder: 'Archive',
        moveMethod: null,
        messagesMoved: 0,
        messagesDeleted: 0,
        messagesSkipped: 0,
        rawCopiesPurged: 0,
        skippedReason: null,
        notes: [],
      }),
    );
    const status = await archiveStatus(t);
    expect(status).toMatchObject({
      lastRunFinishedAt: lifecycle.heartbeatAt.toISOString(),
      lastError: INTERRUPTED_RUN_ERROR,
      lastRun: { id: dead.id, succeeded: false },
    });
    const { data, errors } = await runArchiveNow(t);
    expect(errors).toBeUndefined();
    expect(data!.runArchiveNow).toMatchObject({ succeeded: true });
  });
});
