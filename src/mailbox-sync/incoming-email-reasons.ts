import { registerEnumType } from '@nestjs/graphql';
import type { SpoofingFinding } from './authentication-results.js';

/** Why an incoming email was not posted. Stored in `incoming_emails.reason_code`. */
export enum IncomingEmailReasonCode {
  TOO_LARGE = 'TOO_LARGE',
  AUTO_REPLY = 'AUTO_REPLY',
  BOUNCE = 'BOUNCE',
  LOOP = 'LOOP',
  NO_INTENT = 'NO_INTENT',
  UNKNOWN_INTENT = 'UNKNOWN_INTENT',
  EXPIRED_INTENT = 'EXPIRED_INTENT',
  NOT_REPLYABLE = 'NOT_REPLYABLE',
  SENDER_MISMATCH = 'SENDER_MISMATCH',
  USER_INACTIVE = 'USER_INACTIVE',
  CONVERSATION_GONE = 'CONVERSATION_GONE',
  EMPTY_REPLY = 'EMPTY_REPLY',
  MALFORMED = 'MALFORMED',
  /** The same Message-ID was already posted (delivered twice, or stored again after a UIDVALIDITY reset). */
  DUPLICATE = 'DUPLICATE',
  /** The receiving server's Authentication-Results say the sender's domain did not vouch for it. */
  SPOOFED = 'SPOOFED',
}

registerEnumType(IncomingEmailReasonCode, { name: 'IncomingEmailReasonCode' });

/** Where a reply token was found. */
export type TokenSource =
  'To' | 'Cc' | 'Delivered-To' | 'X-Original-To' | 'In-Reply-To' | 'References';

/** A rejection with the details its reason text needs. */
export type Rejection =
  | { code: IncomingEmailReasonCode.TOO_LARGE; sizeBytes: number; limitBytes: number }
  | {
      code:
        | IncomingEmailReasonCode.AUTO_REPLY
        | IncomingEmailReasonCode.BOUNCE
        | IncomingEmailReasonCode.LOOP;
      signal: string;
    }
  | {
      code: IncomingEmailReasonCode.NO_INTENT;
      /** Set when the email answers one of our mention emails whose plus tag got lost. */
      lostPlusTag?: boolean;
    }
  | {
      code:
        | IncomingEmailReasonCode.UNKNOWN_INTENT
        | IncomingEmailReasonCode.EXPIRED_INTENT
        | IncomingEmailReasonCode.CONVERSATION_GONE
        | IncomingEmailReasonCode.USER_INACTIVE;
      token: string;
      source: TokenSource;
    }
  | { code: IncomingEmailReasonCode.NOT_REPLYABLE; notificationType: string }
  | {
      code: IncomingEmailReasonCode.SENDER_MISMATCH;
      from: readonly string[];
      expected: string;
      username: string;
    }
  | { code: IncomingEmailReasonCode.EMPTY_REPLY; removedChars: number }
  | { code: IncomingEmailReasonCode.MALFORMED; problem: string }
  | { code: IncomingEmailReasonCode.DUPLICATE; messageId: string; postedAs: string }
  | { code: IncomingEmailReasonCode.SPOOFED; finding: SpoofingFinding; from: readonly string[] };

const MB = 1024 * 1024;

export function megabytes(bytes: number): string {
  if (bytes < MB) return `${Math.ceil(bytes / 1024)} KB`;
  return `${Number((bytes / MB).toFixed(1))} MB`;
}

/** Shows a token the way admins can search for it without printing it whole in every row. */
function shortToken(token: string): string {
  return `${token.slice(0, 6)}…`;
}

/** The sentence an admin reads in the incoming email log. */
export function describeRejection(rejection: Rejection): string {
  switch (rejection.code) {
    case IncomingEmailReasonCode.TOO_LARGE:
      return `The email is ${megabytes(rejection.sizeBytes)}, over the ${megabytes(rejection.limitBytes)} limit: it was not downloaded or kept.`;
    case IncomingEmailReasonCode.AUTO_REPLY:
      return `Automatic reply (${rejection.signal}): out-of-office and other automatic answers are never posted.`;
    case IncomingEmailReasonCode.BOUNCE:
      return `Delivery failure report (${rejection.signal}): bounces are never posted.`;
    case IncomingEmailReasonCode.LOOP:
      return `Sent by Replyline itself (${rejection.signal}): ignored so that it cannot loop.`;
    case IncomingEmailReasonCode.NO_INTENT:
      return rejection.lostPlusTag
        ? 'It answers a mention email, but the reply token was lost: the reply-to address arrived without its +tag. If the mail server drops plus addressing, switch the Intent Tracking Mode to "Use message-id in email header".'
        : 'No reply token in To, Cc, Delivered-To, X-Original-To, In-Reply-To or References: it is not a reply to a mention email.';
    case IncomingEmailReasonCode.UNKNOWN_INTENT:
      return `The reply token ${shortToken(rejection.token)} (from ${rejection.source}) was never issued by Replyline.`;
    case IncomingEmailReasonCode.EXPIRED_INTENT:
      return `The reply token ${shortToken(rejection.token)} (from ${rejection.source}) has expired: the mention email is too old to answer by email.`;
    case IncomingEmailReasonCode.CONVERSATION_GONE:
      return `The conversation of reply token ${shortToken(rejection.token)} no longer exists.`;
    case IncomingEmailReasonCode.USER_INACTIVE:
      return `The user reply token ${shortToken(rejection.token)} was issued to is deactivated.`;
    case IncomingEmailReasonCode.NOT_REPLYABLE:
      return `It answers a "${rejection.notificationType}" notification, which cannot be answered by email (only mention emails can).`;
    case IncomingEmailReasonCode.SENDER_MISMATCH:
      return `Sent from ${rejection.from.length ? rejection.from.join(', ') : 'no address'}, but the mention email went to ${rejection.username} <${rejection.expected}>: only that address may reply.`;
    case IncomingEmailReasonCode.EMPTY_REPLY:
      return rejection.removedChars > 0
        ? `Nothing was typed above the quoted email (${rejection.removedChars} characters of quoted text and signatures removed).`
        : 'The email has no text.';
    case IncomingEmailReasonCode.MALFORMED:
      return `The email cannot be read: ${rejection.problem}.`;
    case IncomingEmailReasonCode.DUPLICATE:
      return `An email with the same Message-ID ${rejection.messageId} was already posted (incoming email ${rejection.postedAs}).`;
    case IncomingEmailReasonCode.SPOOFED:
      return describeSpoofing(rejection.finding, rejection.from);
  }
}

/** Quotes the trusted header's verdict, so the admin sees what the receiving server said. */
function describeSpoofing(finding: SpoofingFinding, from: readonly string[]): string {
  const sender = from.join(', ');
  if (finding.kind === 'dmarc-fail') {
    return `The receiving server ${finding.verdict.authservId} reports "${finding.verdict.text ?? 'dmarc=fail'}" in Authentication-Results: the domain of ${sender} did not vouch for this email, so someone else may have sent it in that name.`;
  }
  const said = finding.verdict
    ? `the receiving server ${finding.verdict.authservId} reports ${finding.verdict.text ? `"${finding.verdict.text}"` : 'no dmarc result'}`
    : 'no Authentication-Results header from a trusted server (INBOUND_TRUSTED_AUTHSERV_IDS) was found';
  return `Replies must pass DMARC for the sender's domain (INBOUND_REQUIRE_DMARC_PASS), but ${said} for ${sender} (domain ${finding.fromDomain || 'unknown'}).`;
}

/** Delay before retry `attempt` (1-based) of a FAILED email: 1, 4, 16, 64 minutes, at most 6 hours. */
export function retryDelayMs(attempt: number): number {
  const minutes = Math.min(4 ** Math.max(0, attempt - 1), 360);
  return minutes * 60_000;
}

export function describeFailure(input: {
  attempt: number;
  maxAttempts: number;
  error: string;
  nextAttemptAt: Date | null;
}): string {
  const what = `Processing failed on attempt ${input.attempt} of ${input.maxAttempts}: ${input.error}`;
  return input.nextAttemptAt
    ? `${what}. Retrying after ${input.nextAttemptAt.toISOString()}.`
    : `${what}. Giving up: reprocess it once the cause is fixed.`;
}

/** Where a posted reply went, for the log. */
export function describePosted(input: {
  username: string;
  conversationTitle: string;
  source: TokenSource;
  truncatedFrom?: number;
}): string {
  const truncated =
    input.truncatedFrom === undefined
      ? ''
      : ` The reply had ${input.truncatedFrom} characters and was cut to the post limit.`;
  return `Posted as ${input.username} to "${input.conversationTitle}" (reply token found in ${input.source}).${truncated}`;
}
