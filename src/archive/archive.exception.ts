import { ErrorCode, ModuleException } from '../common/domain.exception.js';

export enum ArchiveErrorCode {
  /** Another replica (or this one) holds the archive lock. */
  ALREADY_RUNNING = 'ALREADY_RUNNING',
  /** ARCHIVE_CRON, ARCHIVE_TIMEZONE or ARCHIVE_FOLDER cannot work; raised at boot. */
  INVALID_CONFIGURATION = 'INVALID_CONFIGURATION',
}

const GRAPHQL_CODE: Record<ArchiveErrorCode, ErrorCode> = {
  [ArchiveErrorCode.ALREADY_RUNNING]: ErrorCode.CONFLICT,
  [ArchiveErrorCode.INVALID_CONFIGURATION]: ErrorCode.INTERNAL_SERVER_ERROR,
};

export class ArchiveException extends ModuleException(GRAPHQL_CODE) {}
