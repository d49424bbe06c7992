import type { ReplyIntentProblem } from '../conversations/reply-intents.service.js';
import { findSpoofing } from './authentication-results.js';
import type { AuthenticationPolicy } from './authentication-results.js';
import { detectAutomatedMail } from './automated-mail.js';
import type { OwnMail } from './automated-mail.js';
import { IncomingEmailReasonCode } from './incoming-email-reasons.js';
import type { Rejection, TokenSource } from './incoming-email-reasons.js';
import type { MessageFacts } from './message-facts.js';
import { extractReply } from './reply-extraction/index.js';
import type { ExtractedReply, ReplyInput } from './reply-extraction/index.js';
import { limitReplyLength } from './reply-length.js';
import type { TokenCandidate } from './reply-token-search.js';
import type { Base64Error } from './transfer-encoding-errors.js';
import { findUndecodableText } from './undecodable-text.js';
import { removeUnsafeLinks } from './unsafe-links.js';

// The accept-or-reject decisions of reply by email, as pure functions: the processor gathers the
// facts (parsed headers, token lookups) and records what these decide.

/** Who and where a reply token points to, as far as the decision needs to know. */
export interface ResolvedIntent {
  user: { id: string; email: string; username: string };
  conversation: { id: string; title: string };
  token: string;
  source: TokenSource;
}

/** The user and conversation an email was matched to, recorded even when it is rejected. */
export interface ReplyBinding {
  userId: string | null;
  conversationId: string | null;
}

/** A token that was looked up and could not be used, with what its intent pointed to. */
export interface UnusableToken {
  candidate: TokenCandidate;
  problem: ReplyIntentProblem;
  userId?: string;
  conversationId?: string | null;
}

/** The body of a reply: its text and HTML, and the text parts whose base64 did not decode. */
export interface ReplyBody extends ReplyInput {
  base64Errors?: readonly Base64Error[];
}

export type ReplyVerdict =
  | {
      kind: 'reject';
      rejection: Rejection;
      binding?: ReplyBinding;
      /** Set once the reply was extracted, so the admin sees what was cut. */
      extraction?: ExtractedReply;
    }
  | {
      kind: 'post';
      /** The text to post: extracted, trimmed and limited to what a post holds. */
      text: string;
      /** The extracted length, when it was over the limit and cut. */
      truncatedFrom?: number;
      extraction: ExtractedReply;
    };

const PROBLEM_CODES = {
  UNKNOWN: IncomingEmailReasonCode.UNKNOWN_INTENT,
  EXPIRED: IncomingEmailReasonCode.EXPIRED_INTENT,
  CONVERSATION_GONE: IncomingEmailReasonCode.CONVERSATION_GONE,
  USER_INACTIVE: IncomingEmailReasonCode.USER_INACTIVE,
} as const satisfies Record<ReplyIntentProblem, IncomingEmailReasonCode>;

/**
 * What can be decided from the headers alone, before any lookup: our own mail coming back,
 * bounces and automatic replies, and mail without a readable sender. Null: look further.
 */
export function screenMessage(facts: MessageFacts, ownMail: OwnMail): Rejection | null {
  const automated = detectAutomatedMail(facts, ownMail);
  if (automated) return automated;
  if (!facts.from.length) {
    return { code: IncomingEmailReasonCode.MALFORMED, problem: 'it has no readable From address' };
  }
  return null;
}

/**
 * An email without a reply token. `answeredType` is the notification type of the first of our
 * emails it answers (from In-Reply-To/References), or null when it answers none of ours.
 */
export function rejectionWithoutToken(answeredType: string | null): Rejection {
  if (answeredType === 'conversation_mention') {
    // A reply to a mention email without the token: the plus tag was dropped on the way.
    return { code: IncomingEmailReasonCode.NO_INTENT, lostPlusTag: true };
  }
  if (answeredType) {
    return { code: IncomingEmailReasonCode.NOT_REPLYABLE, notificationType: answeredType };
  }
  return { code: IncomingEmailReasonCode.NO_INTENT };
}

/**
 * None of the tokens could be used: the most telling problem is reported (an expired token says
 * more than a stray unknown one), else the first one found.
 */
export function rejectionForUnusableTokens(tried: readonly UnusableToken[]): {
  rejection: Rejection;
  binding: ReplyBinding;
} {
  const [first] = tried;
  if (!first) throw new Error('rejectionForUnusableTokens needs at least one token');
  const telling = tried.find((token) => token.problem !== 'UNKNOWN') ?? first;
  return {
    rejection: {
      code: PROBLEM_CODES[telling.problem],
      token: telling.candidate.token,
      source: telling.candidate.source,
    },
    binding: {
      userId: telling.userId ?? null,
      conversationId:
        telling.problem === 'CONVERSATION_GONE' ? null : (telling.conversationId ?? null),
    },
  };
}

/**
 * The verdict on an email whose token resolved: only the address the mention email went to may
 * answer it, only when the receiving server does not report it spoofed, and only a reply with
 * readable text of its own is posted.
 */
export function judgeReply(
  facts: MessageFacts,
  body: ReplyBody,
  intent: ResolvedIntent,
  authentication: AuthenticationPolicy,
): ReplyVerdict {
  const binding = { userId: intent.user.id, conversationId: intent.conversation.id };
  const expected = intent.user.email.toLowerCase();
  if (!facts.from.every((address) => address === expected)) {
    return {
      kind: 'reject',
      rejection: {
        code: IncomingEmailReasonCode.SENDER_MISMATCH,
        from: facts.from,
        expected: intent.user.email,
        username: intent.user.username,
      },
      binding,
    };
  }
  // The From header is only a claim: the receiving server's DMARC verdict says whether it holds.
  const spoofing = findSpoofing(facts, authentication);
  if (spoofing) {
    return {
      kind: 'reject',
      rejection: { code: IncomingEmailReasonCode.SPOOFED, finding: spoofing, from: facts.from },
      binding,
    };
  }

  const [badBase64] = body.base64Errors ?? [];
  if (badBase64) {
    return {
      kind: 'reject',
      rejection: {
        code: IncomingEmailReasonCode.MALFORMED,
        problem: `its ${badBase64.contentType} part is declared base64 but is not: ${badBase64.invalid} of ${badBase64.total} characters are outside the base64 alphabet`,
      },
      binding,
    };
  }

  const extraction = withoutUnsafeLinks(extractReply(body));
  if (!extraction.text.trim()) {
    return {
      kind: 'reject',
      rejection: {
        code: IncomingEmailReasonCode.EMPTY_REPLY,
        removedChars: extraction.removed.length,
      },
      binding,
      extraction,
    };
  }
  const undecodable = findUndecodableText(extraction.text);
  if (undecodable) {
    return {
      kind: 'reject',
      rejection: {
        code: IncomingEmailReasonCode.MALFORMED,
        problem: `its text cannot be decoded: ${undecodable.unreadable} of ${undecodable.total} characters are unreadable in the declared charset`,
      },
      binding,
      extraction,
    };
  }
  const limited = limitReplyLength(extraction.text.trim());
  return {
    kind: 'post',
    text: limited.text,
    truncatedFrom: limited.truncatedFrom,
    extraction,
  };
}

/** The extraction with javascript:/data: links taken out of the text and added to what was cut. */
function withoutUnsafeLinks(extraction: ExtractedReply): ExtractedReply {
  const safe = removeUnsafeLinks(extraction.text);
  if (!safe.removed.length) return extraction;
  const removed = [extraction.removed, ...safe.removed].filter(Boolean).join('\n');
  return { ...extraction, text: safe.text, removed };
}
