import { ErrorCode, ModuleException } from '../common/domain.exception.js';

export enum ConversationsErrorCode {
  CONVERSATION_NOT_FOUND = 'CONVERSATION_NOT_FOUND',
  ASSIGNEE_NOT_FOUND = 'ASSIGNEE_NOT_FOUND',
}

const GRAPHQL_CODE: Record<ConversationsErrorCode, ErrorCode> = {
  [ConversationsErrorCode.CONVERSATION_NOT_FOUND]: ErrorCode.NOT_FOUND,
  [ConversationsErrorCode.ASSIGNEE_NOT_FOUND]: ErrorCode.NOT_FOUND,
};

export class ConversationsException extends ModuleException(GRAPHQL_CODE) {}
