import { GraphRequestException } from './graph-api.client.js';
import type { GraphApiClient } from './graph-api.client.js';
import { graphMessageRef, mailboxPath } from './graph-mailbox.provider.js';
import type { GraphMessage } from './graph-mailbox.provider.js';
import type { MailboxMessageRef, MicrosoftAccount } from './mailbox.types.js';

/**
 * Only what a ref needs and whether the message is read. `changeType=created` leaves out the
 * updates our own "mark read" makes, which would otherwise come back in every round.
 */
const DELTA_QUERY = '$select=id,receivedDateTime,internetMessageId,isRead&changeType=created';

interface DeltaMessage extends GraphMessage {
  isRead?: boolean;
  '@removed'?: { reason: string };
}

interface DeltaPage {
  value: DeltaMessage[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface DeltaRoundOptions {
  /** Asked for with `Prefer: odata.maxpagesize` (Graph's default page is 10 messages). */
  pageSize: number;
  /** Called with the unread messages of each page, and awaited, before the next page. */
  onPage(refs: MailboxMessageRef[]): Promise<void>;
}

/**
 * One round of the Inbox's message delta (GET .../mailFolders/inbox/messages/delta): from the
 * saved delta link, or, without one, the initial round (every message now in the Inbox). Follows
 * `@odata.nextLink` pages to the `@odata.deltaLink` that ends the round, and returns it. Throws
 * {@link GraphRequestException}; {@link isDeltaLinkExpired} says when to start over.
 */
export async function runDeltaRound(
  graph: GraphApiClient,
  account: MicrosoftAccount,
  deltaLink: string | null,
  options: DeltaRoundOptions,
): Promise<string> {
  let path: string =
    deltaLink ?? `${mailboxPath(account)}/mailFolders/inbox/messages/delta?${DELTA_QUERY}`;
  const headers = { prefer: `odata.maxpagesize=${options.pageSize}` };
  for (;;) {
    const page = await graph.json<DeltaPage>({ path, headers });
    const unread = page.value.filter((message) => !message['@removed'] && message.isRead === false);
    if (unread.length) {
      await options.onPage(unread.map((message) => graphMessageRef(account, 'INBOX', message)));
    }
    const next = page['@odata.nextLink'];
    if (next) {
      path = next;
      continue;
    }
    const end = page['@odata.deltaLink'];
    if (!end) {
      throw new GraphRequestException(
        502,
        'MissingDeltaLink',
        'The delta page had neither @odata.nextLink nor @odata.deltaLink',
        'Microsoft Graph ended a delta round without a delta link',
      );
    }
    return end;
  }
}

/** Graph's codes for "this delta (or skip) token is no longer valid: synchronise from scratch". */
const EXPIRED_CODES = new Set(['syncstatenotfound', 'syncstateinvalid', 'resyncrequired']);

/**
 * Whether Graph refused a delta link as expired: 410 Gone (Outlook answers `SyncStateNotFound`,
 * "The sync state generation is not found"), or one of the reset codes with another status.
 */
export function isDeltaLinkExpired(error: unknown): boolean {
  if (!(error instanceof GraphRequestException)) return false;
  return error.status === 410 || EXPIRED_CODES.has(error.graphCode.toLowerCase());
}
