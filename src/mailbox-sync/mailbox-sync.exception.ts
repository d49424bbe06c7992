import { ErrorCode, ModuleException } from '../common/domain.exception.js';

export enum MailboxSyncErrorCode {
  /** Another run (on this or another replica) holds the sync lock. */
  ALREADY_RUNNING = 'ALREADY_RUNNING',
  REPLY_BY_EMAIL_DISABLED = 'REPLY_BY_EMAIL_DISABLED',
  INCOMING_EMAIL_NOT_FOUND = 'INCOMING_EMAIL_NOT_FOUND',
  /** The raw message is gone (retention purge, or too large to keep): it cannot be processed again. */
  RAW_UNAVAILABLE = 'RAW_UNAVAILABLE',
}

const GRAPHQL_CODE: Record<MailboxSyncErrorCode, ErrorCode> = {
  [MailboxSyncErrorCode.ALREADY_RUNNING]: ErrorCode.CONFLICT,
  [MailboxSyncErrorCode.REPLY_BY_EMAIL_DISABLED]: ErrorCode.CONFLICT,
  [MailboxSyncErrorCode.INCOMING_EMAIL_NOT_FOUND]: ErrorCode.NOT_FOUND,
  [MailboxSyncErrorCode.RAW_UNAVAILABLE]: ErrorCode.CONFLICT,
};

export class MailboxSyncException extends ModuleException(GRAPHQL_CODE) {}
