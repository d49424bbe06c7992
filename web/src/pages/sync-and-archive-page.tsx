import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { formatDateTime, orDash } from '../components/format';
import { ErrorMessage, Loading, StatusMessage } from '../components/messages';
import { graphql } from '../gql';

const SyncAndArchiveQuery = graphql(`
  query SyncAndArchiveStatus {
    mailboxSyncStatus {
      enabled
      authMethod
      pollIntervalMinutes
      lastRunStartedAt
      lastRunFinishedAt
      lastSuccessAt
      lastError
      nextRunAt
      pendingEmails
      stuckEmails {
        count
        oldestReceivedAt
        reasons {
          reason
          count
        }
      }
      listener {
        mode
        connected
        connectedSince
        lastPushAt
        lastError
        lastErrorAt
        holder
      }
      lastRun {
        id
        trigger
        succeeded
        heartbeatAt
        fetched
        posted
        rejected
        failed
      }
    }
    archiveStatus {
      mailboxArchived
      schedule
      timeZone
      folder
      retentionDays
      nextRunAt
      lastRunStartedAt
      lastRunFinishedAt
      lastError
      skippedReason
      messagesMoved
      messagesDeleted
      rawCopiesPurged
    }
  }
`);

const SyncNow = graphql(`
  mutation SyncMailboxNow {
    syncMailboxNow {
      id
      succeeded
      error
      fetched
      posted
      rejected
      failed
    }
  }
`);

const RunArchiveNow = graphql(`
  mutation RunArchiveNow {
    runArchiveNow {
      id
      succeeded
      error
      skippedReason
      messagesMoved
      messagesDeleted
      rawCopiesPurged
    }
  }
`);

const LISTENER_MODES: Record<string, string> = {
  IDLE: 'IMAP IDLE: the server tells Replyline at once',
  DELTA: 'Microsoft Graph delta query, every few seconds',
  SUBSCRIPTION: 'Microsoft Graph change notifications',
  POLL: 'The poll alone',
};

/** How new mail reaches Replyline between polls, and on which replica. */
function listenerSummary(listener: {
  mode: string;
  connected: boolean;
  connectedSince?: string | null;
  holder?: string | null;
}): string {
  const mode = LISTENER_MODES[listener.mode] ?? listener.mode;
  const connection = listener.connected
    ? `, connected since ${formatDateTime(listener.connectedSince)}`
    : listener.mode === 'POLL'
      ? ''
      : ', reconnecting';
  return `${mode}${connection}${listener.holder ? ` (replica ${listener.holder})` : ''}`;
}

export function SyncAndArchivePage() {
  const [{ data, error, fetching }, refresh] = useQuery({ query: SyncAndArchiveQuery });
  const [syncState, syncNow] = useMutation(SyncNow);
  const [archiveState, archiveNow] = useMutation(RunArchiveNow);
  const [syncStatus, setSyncStatus] = useState<string>();
  const [archiveStatus, setArchiveStatus] = useState<string>();
  const reload = () => refresh({ requestPolicy: 'network-only' });

  const runSync = async () => {
    setSyncStatus(undefined);
    const run = (await syncNow({})).data?.syncMailboxNow;
    if (run) {
      setSyncStatus(
        run.succeeded
          ? `Sync finished: ${run.fetched} fetched, ${run.posted} posted, ${run.rejected} rejected, ${run.failed} failed.`
          : `Sync failed: ${orDash(run.error)}`,
      );
    }
    reload();
  };
  const runArchive = async () => {
    setArchiveStatus(undefined);
    const run = (await archiveNow({})).data?.runArchiveNow;
    if (run) {
      setArchiveStatus(
        run.skippedReason
          ? `Archive run finished, mailbox left alone (${run.skippedReason}); ${run.rawCopiesPurged} raw copies purged.`
          : run.succeeded
            ? `Archive finished: ${run.messagesMoved} moved, ${run.messagesDeleted} deleted, ${run.rawCopiesPurged} raw copies purged.`
            : `Archive failed: ${orDash(run.error)}`,
      );
    }
    reload();
  };

  const sync = data?.mailboxSyncStatus;
  const archive = data?.archiveStatus;
  return (
    <>
      <h1>Sync and archive</h1>
      {!data && fetching && <Loading what="the sync and archive status" />}
      {error && <ErrorMessage error={error} />}
      {sync && (
        <section className="card" aria-labelledby="sync-status-title">
          <h2 id="sync-status-title">Mailbox sync</h2>
          <dl className="facts">
            <dt>Reply via Email</dt>
            <dd>
              {sync.enabled
                ? `On (${sync.authMethod === 'MICROSOFT_OAUTH' ? 'OAuth 2.0' : 'Basic Auth'}), read every ${sync.pollIntervalMinutes} minutes`
                : 'Off: the mailbox is not read'}
            </dd>
            <dt>Next run</dt>
            <dd>{formatDateTime(sync.nextRunAt)}</dd>
            <dt>Last run</dt>
            <dd>
              {sync.lastRun
                ? sync.lastRun.succeeded === null
                  ? `${formatDateTime(sync.lastRunStartedAt)} (${sync.lastRun.trigger.toLowerCase()}): running, last sign of life ${formatDateTime(sync.lastRun.heartbeatAt)}`
                  : `${formatDateTime(sync.lastRunStartedAt)} (${sync.lastRun.trigger.toLowerCase()}): ${sync.lastRun.fetched} fetched, ${sync.lastRun.posted} posted, ${sync.lastRun.rejected} rejected, ${sync.lastRun.failed} failed`
                : 'Never'}
            </dd>
            <dt>Last success</dt>
            <dd>{formatDateTime(sync.lastSuccessAt)}</dd>
            <dt>Last error</dt>
            <dd className={sync.lastError ? 'error-text' : undefined}>{orDash(sync.lastError)}</dd>
            <dt>Waiting to be processed</dt>
            <dd>{sync.pendingEmails}</dd>
            <dt>Stuck unread in the mailbox</dt>
            <dd id="stuck-emails" className={sync.stuckEmails.count ? 'error-text' : undefined}>
              {sync.stuckEmails.count
                ? `${sync.stuckEmails.count}, the oldest received ${formatDateTime(sync.stuckEmails.oldestReceivedAt)}: ${sync.stuckEmails.reasons.map((entry) => `${entry.reason} (${entry.count})`).join('; ')}. Later syncs page past them and retry them once a day.`
                : 'None'}
            </dd>
            <dt>New mail between polls</dt>
            <dd>{listenerSummary(sync.listener)}</dd>
            <dt>Last pushed</dt>
            <dd>{formatDateTime(sync.listener.lastPushAt)}</dd>
            <dt>Listener error</dt>
            <dd className={sync.listener.lastError ? 'error-text' : undefined}>
              {sync.listener.lastError
                ? `${sync.listener.lastError} (${formatDateTime(sync.listener.lastErrorAt)})`
                : '—'}
            </dd>
          </dl>
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => void runSync()}
              disabled={syncState.fetching}
            >
              {syncState.fetching ? 'Syncing…' : 'Sync now'}
            </button>
          </div>
          <ErrorMessage id="sync-error" error={syncState.error} />
          <StatusMessage id="sync-status" text={syncStatus} />
        </section>
      )}
      {archive && (
        <section className="card" aria-labelledby="archive-status-title">
          <h2 id="archive-status-title">Archive</h2>
          <dl className="facts">
            <dt>Mailbox archived</dt>
            <dd>
              {archive.mailboxArchived
                ? `Yes: processed mail moves to "${archive.folder}"`
                : 'No: only with Reply via Email on and Basic Auth'}
            </dd>
            <dt>Schedule</dt>
            <dd>
              <code>{archive.schedule}</code> ({archive.timeZone}); archived mail is deleted after{' '}
              {archive.retentionDays} days
            </dd>
            <dt>Next run</dt>
            <dd>{formatDateTime(archive.nextRunAt)}</dd>
            <dt>Last run</dt>
            <dd>
              {archive.lastRunStartedAt
                ? `${formatDateTime(archive.lastRunStartedAt)}: ${archive.messagesMoved} moved, ${archive.messagesDeleted} deleted, ${archive.rawCopiesPurged} raw copies purged`
                : 'Never'}
            </dd>
            <dt>Left alone because</dt>
            <dd>{orDash(archive.skippedReason)}</dd>
            <dt>Last error</dt>
            <dd className={archive.lastError ? 'error-text' : undefined}>
              {orDash(archive.lastError)}
            </dd>
          </dl>
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => void runArchive()}
              disabled={archiveState.fetching}
            >
              {archiveState.fetching ? 'Archiving…' : 'Run archive now'}
            </button>
          </div>
          <ErrorMessage id="archive-error" error={archiveState.error} />
          <StatusMessage id="archive-status" text={archiveStatus} />
        </section>
      )}
    </>
  );
}
