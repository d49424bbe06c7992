import { Injectable } from '@nestjs/common';
import type { Cursor } from '../common/pagination.js';
import type { IncomingEmail } from './entities/incoming-email.entity.js';
import { IncomingEmailRepository } from './incoming-email.repository.js';
import type { StuckSummary } from './incoming-email.repository.js';
import type { IncomingEmailFilterValues } from './incoming-email-rows.js';
import { MailboxSyncErrorCode, MailboxSyncException } from './mailbox-sync.exception.js';

/** A processed email the archive may move, as the archive module sees it. */
export interface ArchivableEmail {
  id: string;
  mailboxKey: string;
  folder: string;
  imapUid: number | null;
  imapUidValidity: string | null;
  receivedAt: Date;
}

/**
 * The incoming email log. Public API of the module (exported for the archive module):
 *
 * - `findArchivable(limit)`: IMAP emails in a final status (POSTED, REJECTED, FAILED with no retry
 *   left) still in the INBOX and not archived, oldest first. Rebuild a `MailboxMessageRef` from `mailboxKey`, `folder`, `imapUid`,
 *   `imapUidValidity` and `receivedAt`; a ref whose UIDVALIDITY no longer matches the folder is
 *   refused by the mailbox session (STALE_REFERENCE) rather than touching the wrong message.
 * - `markArchived(ids, folder)`: records the move (folder and archivedAt).
 * - `purgeRawOlderThan(cutoff)`: drops the raw copy of emails received before `cutoff` that are
 *   done with (not RECEIVED, not FAILED awaiting a retry), keeping the row for the admin history.
 *
 * Everything else here serves this module's resolver and sync status.
 */
@Injectable()
export class IncomingEmailsService {
  constructor(private readonly emails: IncomingEmailRepository) {}

  findArchivable(limit: number): Promise<ArchivableEmail[]> {
    return this.emails.findArchivable(limit);
  }

  markArchived(ids: string[], folder: string): Promise<void> {
    return this.emails.markArchived(ids, folder);
  }

  purgeRawOlderThan(cutoff: Date): Promise<number> {
    return this.emails.purgeRawOlderThan(cutoff);
  }

  /** Newest first; `first + 1` rows so the caller can tell whether there is a next page. */
  list(filter: IncomingEmailFilterValues, first: number, after?: Cursor): Promise<IncomingEmail[]> {
    return this.emails.list(filter, first, after);
  }

  async get(id: string): Promise<IncomingEmail> {
    const email = await this.emails.findById(id);
    if (!email) {
      throw new MailboxSyncException(
        MailboxSyncErrorCode.INCOMING_EMAIL_NOT_FOUND,
        `Incoming email ${id} not found`,
      );
    }
    return email;
  }

  /** Whether the raw message is still stored (it is not selected with the entity). */
  hasRaw(id: string): Promise<boolean> {
    return this.emails.hasRaw(id);
  }

  /** Emails waiting for processing or for a retry. */
  countPending(): Promise<number> {
    return this.emails.countPending();
  }

  /** Stored emails stuck unread in the mailbox: how many, the oldest, and why. */
  stuckSummary(): Promise<StuckSummary> {
    return this.emails.stuckSummary();
  }
}
