import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { formatDateTime, orDash } from '../../components/format';
import { ErrorMessage, Loading, StatusMessage } from '../../components/messages';
import { readSessionToken } from '../../auth/session-token';
import { Link } from '../../router';
import { IncomingEmailQuery, ReprocessIncomingEmail } from './documents';
import { INCOMING_STATUS, REASON_CODE, StatusBadge } from './labels';

/** One incoming email: who sent it, whose reply token it carried, what was posted and cut away. */
export function IncomingEmailDetail({ id }: { id: string }) {
  const [{ data, error, fetching }] = useQuery({ query: IncomingEmailQuery, variables: { id } });
  const [reprocessState, reprocess] = useMutation(ReprocessIncomingEmail);
  const [status, setStatus] = useState<string>();
  // After "Reprocess", show what the mutation answered at once rather than the earlier read.
  const email = reprocessState.data?.reprocessIncomingEmail ?? data?.incomingEmail;
  const tokenUser = email?.user;

  const runReprocess = async () => {
    setStatus(undefined);
    const result = await reprocess({ id });
    const after = result.data?.reprocessIncomingEmail;
    if (after) {
      setStatus(
        `Reprocessed: ${INCOMING_STATUS[after.status]}${after.reasonCode ? ` (${REASON_CODE[after.reasonCode]})` : ''}.`,
      );
    }
  };

  const [downloadError, setDownloadError] = useState<string>();
  const downloadRaw = async (path: string) => {
    setDownloadError(undefined);
    // A plain link cannot carry the Bearer token: fetch it, then save the bytes as a file.
    const response = await fetch(path, {
      headers: { Authorization: `Bearer ${readSessionToken() ?? ''}` },
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as {
        errors?: Array<{ message?: string }>;
      } | null;
      setDownloadError(body?.errors?.[0]?.message ?? `The server answered ${response.status}`);
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = `incoming-email-${id}.eml`;
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <section aria-labelledby="incoming-detail-title">
      <p>
        <Link to="/email-log/incoming">← All incoming emails</Link>
      </p>
      <h2 id="incoming-detail-title">
        {email ? (email.subject ?? '(no subject)') : 'Incoming email'}
      </h2>
      {!email && fetching && <Loading what="the email" />}
      {error && <ErrorMessage error={error} />}
      {email && (
        <div className="card detail">
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={email.status} label={INCOMING_STATUS[email.status]} />
              {email.reasonCode && <> {REASON_CODE[email.reasonCode]}</>}
            </dd>
            <dt>What happened</dt>
            <dd>{orDash(email.reason)}</dd>
            <dt>From</dt>
            <dd>
              {email.fromName ? `${email.fromName} <${orDash(email.from)}>` : orDash(email.from)}
            </dd>
            <dt>To</dt>
            <dd>{orDash(email.to)}</dd>
            <dt>Reply token issued to</dt>
            <dd>
              {tokenUser
                ? `${tokenUser.username} <${tokenUser.email ?? '?'}>`
                : email.userId
                  ? `user ${email.userId}`
                  : 'no reply token matched'}
              {tokenUser && email.from && (
                <>
                  {' — '}
                  {tokenUser.email?.toLowerCase() === email.from.toLowerCase()
                    ? 'the sender is this user'
                    : 'the sender is someone else'}
                </>
              )}
            </dd>
            <dt>Conversation</dt>
            <dd>
              {email.conversationId
                ? `${email.conversation?.title ?? email.conversationId}${email.postId ? `, post ${email.postId}` : ''}`
                : '—'}
            </dd>
            <dt>Received</dt>
            <dd>{formatDateTime(email.receivedAt)}</dd>
            <dt>Processed</dt>
            <dd>{formatDateTime(email.processedAt)}</dd>
            <dt>Attempts</dt>
            <dd>{email.attempts}</dd>
            <dt>Last error</dt>
            <dd>{orDash(email.lastError)}</dd>
            <dt>Message-ID</dt>
            <dd>
              <code>{orDash(email.messageId)}</code>
            </dd>
            <dt>Mailbox</dt>
            <dd>
              {email.folder} ({email.authMethod === 'MICROSOFT_OAUTH' ? 'OAuth 2.0' : 'Basic Auth'})
              {email.archivedAt && `, archived ${formatDateTime(email.archivedAt)}`}
            </dd>
          </dl>
          <h3>Extracted reply</h3>
          <pre className="email-text" aria-label="Extracted reply" tabIndex={0}>
            {email.extractedText ?? '(nothing extracted)'}
          </pre>
          <p className="hint">Extractor rule: {orDash(email.extractionRule)}</p>
          <h3>Removed by the extractor</h3>
          <pre className="email-text removed" aria-label="Removed text" tabIndex={0}>
            {email.removedText || '(nothing removed)'}
          </pre>
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => void runReprocess()}
              disabled={reprocessState.fetching || Boolean(email.rawPurgedAt)}
            >
              {reprocessState.fetching ? 'Reprocessing…' : 'Reprocess'}
            </button>
            <span className="hint">
              {email.rawPurgedAt
                ? 'The raw message was deleted by retention: it cannot be processed again.'
                : 'Processes the stored message again, e.g. after reactivating its user. A posted reply is never posted twice.'}
            </span>
          </div>
          <div className="actions">
            <button
              type="button"
              disabled={!email.rawDownloadPath}
              onClick={() => email.rawDownloadPath && void downloadRaw(email.rawDownloadPath)}
            >
              Download raw message (.eml)
            </button>
            <span className="hint">
              {email.rawDownloadPath
                ? 'The message exactly as it arrived, headers and all.'
                : 'Not available: the message was too large to keep, or retention deleted it.'}
            </span>
          </div>
          <StatusMessage id="download-error" text={downloadError} />
          <ErrorMessage id="reprocess-error" error={reprocessState.error} />
          <StatusMessage id="reprocess-status" text={status} />
        </div>
      )}
    </section>
  );
}
