import type { DateRange } from '../common/date-range.js';
import type { MailboxAuthMethod, MailboxMessageRef } from '../mailbox/mailbox.types.js';
import type { IncomingEmailStatus } from './incoming-email-status.enum.js';
import type { IncomingEmailReasonCode } from './incoming-email-reasons.js';
import type { MessageFacts } from './message-facts.js';

// The shapes IncomingEmailRepository reads and writes: what intake stores, what a claim hands to
// processing, and what each outcome sets on the row.

/** Column widths of the header columns; a hostile header must not fail the row's update. */
export const MAX_MESSAGE_ID = 998;
export const MAX_ADDRESS = 320;

export interface IncomingEmailFilterValues {
  status?: IncomingEmailStatus;
  reasonCode?: IncomingEmailReasonCode;
  received?: DateRange;
}

/** A message read from the mailbox, as intake stores it. */
export interface NewIncomingEmail {
  ref: MailboxMessageRef;
  authMethod: MailboxAuthMethod;
  /** Null when it is not kept (too large). */
  raw: Buffer | null;
  sizeBytes: number | null;
  /** Set when it is rejected at once, without processing (too large). */
  rejection: { code: IncomingEmailReasonCode; reason: string } | null;
  /** What is known of a message not kept: its From address and subject, when known. */
  fromAddress?: string | null;
  subject?: string | null;
}

/** A row intake stored (not one already there). */
export interface StoredIncomingEmail {
  id: string;
  mailboxKey: string;
}

/** An email claimed for one processing attempt, with its raw bytes. */
export interface ClaimedIncomingEmail {
  id: string;
  raw: Buffer;
  /** Including the attempt just claimed. */
  attempts: number;
  /** The Message-ID the mailbox listed, used when the parsed message has none. */
  messageId: string | null;
  /** Arrival in the mailbox. */
  receivedAt: Date;
}

/** What the headers said; stored whatever the outcome. */
export interface HeaderColumns {
  messageId: string | null;
  fromAddress: string | null;
  fromName: string | null;
  toAddresses: string | null;
  subject: string | null;
}

/** The user and conversation the email was matched to. */
export interface BindingColumns {
  userId: string | null;
  conversationId: string | null;
}

/** What the reply extractor kept, cut and why. */
export interface ExtractionColumns {
  extractedText: string;
  removedText: string;
  extractionRule: string;
}

export interface PostedOutcome {
  headers: HeaderColumns;
  binding: BindingColumns;
  extraction: ExtractionColumns;
  postId: string;
  reason: string;
}

export interface RejectedOutcome {
  reasonCode: IncomingEmailReasonCode;
  reason: string;
  /** Left as stored when absent (the message could not be parsed). */
  headers?: HeaderColumns;
  binding?: BindingColumns;
  extraction?: ExtractionColumns;
}

export interface FailedOutcome {
  lastError: string;
  reason: string;
  /** Null: no retry, the attempts are used up. */
  nextAttemptAt: Date | null;
}

/** The header columns of a parsed email, cut to their column widths. */
export function headerColumnsOf(
  facts: MessageFacts,
  listedMessageId: string | null,
): HeaderColumns {
  return {
    messageId: (facts.messageId ?? listedMessageId)?.slice(0, MAX_MESSAGE_ID) ?? null,
    fromAddress: facts.from.length ? facts.from.join(', ').slice(0, MAX_ADDRESS) : null,
    fromName: facts.fromName?.slice(0, MAX_ADDRESS) ?? null,
    toAddresses: [...facts.to, ...facts.cc].join(', ') || null,
    subject: facts.subject,
  };
}
