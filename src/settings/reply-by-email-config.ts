import { MailboxAuthMethod } from '../mailbox/mailbox.types.js';
import type { EmailServerSettings } from './entities/email-server-settings.entity.js';
import { IntentTrackingMode } from './intent-tracking-mode.enum.js';

/** What other modules need to know about reply by email, without any credential. */
export interface ReplyByEmailConfig {
  enabled: boolean;
  authMethod: MailboxAuthMethod | null;
  /** The active tab's Reply To Email Address. */
  replyToAddress: string | null;
  /** The active tab's mode: the Basic Auth tab's choice, or MESSAGE_ID for OAuth 2.0. */
  intentTrackingMode: IntentTrackingMode;
  pollIntervalMinutes: number;
}

/** The values of the tab in use: each tab keeps its own, and the active one is what counts. */
export function replyByEmailConfigOf(row: EmailServerSettings): ReplyByEmailConfig {
  const microsoft = row.authMethod === MailboxAuthMethod.MICROSOFT_OAUTH;
  return {
    enabled: row.replyByEmailEnabled,
    authMethod: row.authMethod,
    replyToAddress: microsoft ? row.microsoftReplyToAddress : row.imapReplyToAddress,
    // The product fixes the OAuth 2.0 tab to message-id tracking.
    intentTrackingMode: microsoft ? IntentTrackingMode.MESSAGE_ID : row.imapIntentTrackingMode,
    pollIntervalMinutes: row.pollIntervalMinutes,
  };
}
