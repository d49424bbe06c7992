import type { FetchMessageObject } from 'imapflow';
import type { ImapAccount, MailboxMessageRef } from './mailbox.types.js';

/** What a ref needs of a FETCH answer: `uid`, `size`, `internalDate` and `envelope`. */
export const REF_FETCH_QUERY = { uid: true, size: true, internalDate: true, envelope: true };

/** `imap:<user>@<host>:<folder>`: the start of every key of that folder. */
export function imapFolderIdentity(account: ImapAccount, folder: string): string {
  return `imap:${account.username}@${account.host}:${folder}`;
}

/**
 * The ref of a fetched message. Sessions and watches build keys here, and only here: the same
 * message must get the same key however it was found, or the intake would store it twice.
 */
export function imapMessageRef(
  account: ImapAccount,
  folder: string,
  uidValidity: string,
  message: FetchMessageObject,
): MailboxMessageRef {
  return {
    key: `${imapFolderIdentity(account, folder)}:${uidValidity}:${message.uid}`,
    folder,
    uid: message.uid,
    uidValidity,
    size: message.size,
    receivedAt: new Date(message.internalDate ?? 0),
    messageId: message.envelope?.messageId || undefined,
    from: message.envelope?.from?.[0]?.address?.toLowerCase() || undefined,
    subject: message.envelope?.subject || undefined,
  };
}
