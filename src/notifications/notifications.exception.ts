import { ErrorCode, ModuleException } from '../common/domain.exception.js';

export enum NotificationsErrorCode {
  UNKNOWN_TYPE = 'UNKNOWN_TYPE',
  INVALID_PAYLOAD = 'INVALID_PAYLOAD',
  INVALID_RECIPIENTS = 'INVALID_RECIPIENTS',
  NOT_PUBLISHABLE = 'NOT_PUBLISHABLE',
  NOT_SUBSCRIBABLE = 'NOT_SUBSCRIBABLE',
  DELIVERY_NOT_FOUND = 'DELIVERY_NOT_FOUND',
  NOT_RESENDABLE = 'NOT_RESENDABLE',
  RECIPIENT_INACTIVE = 'RECIPIENT_INACTIVE',
}

const GRAPHQL_CODE: Record<NotificationsErrorCode, ErrorCode> = {
  [NotificationsErrorCode.UNKNOWN_TYPE]: ErrorCode.BAD_USER_INPUT,
  [NotificationsErrorCode.INVALID_PAYLOAD]: ErrorCode.BAD_USER_INPUT,
  [NotificationsErrorCode.INVALID_RECIPIENTS]: ErrorCode.BAD_USER_INPUT,
  [NotificationsErrorCode.NOT_PUBLISHABLE]: ErrorCode.BAD_USER_INPUT,
  [NotificationsErrorCode.NOT_SUBSCRIBABLE]: ErrorCode.BAD_USER_INPUT,
  [NotificationsErrorCode.DELIVERY_NOT_FOUND]: ErrorCode.NOT_FOUND,
  [NotificationsErrorCode.NOT_RESENDABLE]: ErrorCode.BAD_USER_INPUT,
  [NotificationsErrorCode.RECIPIENT_INACTIVE]: ErrorCode.BAD_USER_INPUT,
};

export class NotificationsException extends ModuleException(GRAPHQL_CODE) {}
