import { ErrorCode, ModuleException } from '../common/domain.exception.js';

export enum SettingsErrorCode {
  CONNECTION_FAILED = 'CONNECTION_FAILED',
  MISSING_SECRET = 'MISSING_SECRET',
  /** The stored secret belongs to another server or app registration than the input names. */
  SECRET_NOT_REUSABLE = 'SECRET_NOT_REUSABLE',
  INVALID_POLL_INTERVAL = 'INVALID_POLL_INTERVAL',
}

const GRAPHQL_CODE: Record<SettingsErrorCode, ErrorCode> = {
  [SettingsErrorCode.CONNECTION_FAILED]: ErrorCode.CONNECTION_FAILED,
  [SettingsErrorCode.MISSING_SECRET]: ErrorCode.BAD_USER_INPUT,
  [SettingsErrorCode.SECRET_NOT_REUSABLE]: ErrorCode.BAD_USER_INPUT,
  [SettingsErrorCode.INVALID_POLL_INTERVAL]: ErrorCode.BAD_USER_INPUT,
};

export class SettingsException extends ModuleException(GRAPHQL_CODE) {}
