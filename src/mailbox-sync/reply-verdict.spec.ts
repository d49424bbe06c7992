import { IncomingEmailReasonCode } from './incoming-email-reasons.js';
import type { MessageFacts } from './message-facts.js';
import { REPLY_MAX_CHARS } from './reply-length.js';
import {
  judgeReply,
  rejectionForUnusableTokens,
  rejectionWithoutToken,
  screenMessage,
} from './reply-verdict.js';
import type { ResolvedIntent, UnusableToken } from './reply-verdict.js';

const OWN_MAIL = { replyToAddress: 'replies@corp.test', fromAddress: 'notifications@corp.test' };
const TOKEN = 'abcdefghijklmnopqrstuvwxyz';
const NO_AUTHENTICATION = { trustedAuthservIds: [], requireDmarcPass: false };

function facts(overrides: Partial<MessageFacts> = {}): MessageFacts {
  return {
    messageId: '<reply-1@mail.test>',
    from: ['ada@corp.test'],
    fromName: 'Ada',
    to: [`replies+${TOKEN}@corp.test`],
    cc: [],
    deliveredTo: [],
    originalTo: [],
    inReplyTo: [],
    references: [],
    subject: 'Re: Revenue',
    headers: {},
    attachmentTypes: [],
    ...overrides,
  };
}

const intent: ResolvedIntent = {
  user: { id: 'user-1', email: 'Ada@corp.test', username: 'ada' },
  conversation: { id: 'conversation-1', title: 'Revenue' },
  token: TOKEN,
  source: 'To',
};

function unusable(problem: UnusableToken['problem'], token: string): UnusableToken {
  return {
    candidate: { token, source: 'In-Reply-To' },
    problem,
    userId: `user-of-${token}`,
    conversationId: `conversation-of-${token}`,
  };
}

describe('screenMessage', () => {
  it('lets an ordinary reply through to the lookups', () => {
    expect(screenMessage(facts(), OWN_MAIL)).toBeNull();
  });

  it('rejects our own mail coming back before anything else', () => {
    expect(screenMessage(facts({ from: ['replies@corp.test'] }), OWN_MAIL)).toMatchObject({
      code: IncomingEmailReasonCode.LOOP,
    });
  });

  it('rejects mail without a readable sender as MALFORMED', () => {
    expect(screenMessage(facts({ from: [] }), OWN_MAIL)).toEqual({
      code: IncomingEmailReasonCode.MALFORMED,
      problem: 'it has no readable From address',
    });
  });
});

describe('rejectionWithoutToken', () => {
  it('says the plus tag was lost when the email answers a mention email', () => {
    expect(rejectionWithoutToken('conversation_mention')).toEqual({
      code: IncomingEmailReasonCode.NO_INTENT,
      lostPlusTag: true,
    });
  });

  it('names the notification type of any other email of ours it answers', () => {
    expect(rejectionWithoutToken('conversation_assignment')).toEqual({
      code: IncomingEmailReasonCode.NOT_REPLYABLE,
      notificationType: 'conversation_assignment',
    });
  });

  it('is a plain NO_INTENT for mail that answers nothing of ours', () => {
    expect(rejectionWithoutToken(null)).toEqual({ code: IncomingEmailReasonCode.NO_INTENT });
  });
});

describe('rejectionForUnusableTokens', () => {
  it('reports the first problem that says more than "unknown"', () => {
    const result = rejectionForUnusableTokens([
      unusable('UNKNOWN', 'first'),
      unusable('EXPIRED', 'second'),
      unusable('USER_INACTIVE', 'third'),
    ]);
    expect(result).toEqual({
      rejection: {
        code: IncomingEmailReasonCode.EXPIRED_INTENT,
        token: 'second',
        source: 'In-Reply-To',
      },
      binding: { userId: 'user-of-second', conversationId: 'conversation-of-second' },
    });
  });

  it('reports the first token when every one is unknown, bound to nobody', () => {
    const result = rejectionForUnusableTokens([
      { candidate: { token: 'first', source: 'To' }, problem: 'UNKNOWN' },
      { candidate: { token: 'second', source: 'Cc' }, problem: 'UNKNOWN' },
    ]);
    expect(result).toEqual({
      rejection: { code: IncomingEmailReasonCode.UNKNOWN_INTENT, token: 'first', source: 'To' },
      binding: { userId: null, conversationId: null },
    });
  });

  it('does not bind a rejection to a conversation that no longer exists', () => {
    const result = rejectionForUnusableTokens([unusable('CONVERSATION_GONE', 'gone')]);
    expect(result.rejection.code).toBe(IncomingEmailReasonCode.CONVERSATION_GONE);
    expect(result.binding).toEqual({ userId: 'user-of-gone', conversationId: null });
  });

  it('refuses an empty list, which the processor never passes', () => {
    expect(() => rejectionForUnusableTokens([])).toThrow(/at least one/);
  });
});

describe('judgeReply', () => {
  it('posts the text above the quote from the address the mention went to', () => {
    const verdict = judgeReply(
      facts(),
      { text: 'Checked, all good.\n\nOn Mon, Grace wrote:\n> Is this right?' },
      intent,
      NO_AUTHENTICATION,
    );
    expect(verdict).toMatchObject({ kind: 'post', text: 'Checked, all good.' });
    expect(verdict.kind === 'post' && verdict.truncatedFrom).toBeUndefined();
  });

  it('rejects a sender other than the user the token was issued to, bound to both', () => {
    const verdict = judgeReply(
      facts({ from: ['ada@corp.test', 'mallory@evil.test'] }),
      { text: 'Hi' },
      intent,
      NO_AUTHENTICATION,
    );
    expect(verdict).toEqual({
      kind: 'reject',
      rejection: {
        code: IncomingEmailReasonCode.SENDER_MISMATCH,
        from: ['ada@corp.test', 'mallory@evil.test'],
        expected: 'Ada@corp.test',
        username: 'ada',
      },
      binding: { userId: 'user-1', conversationId: 'conversation-1' },
    });
  });

  it('rejects a reply with nothing typed above the quote, keeping what was cut', () => {
    const verdict = judgeReply(
      facts(),
      { text: 'On Mon, Grace wrote:\n> Is this right?' },
      intent,
      NO_AUTHENTICATION,
    );
    expect(verdict).toMatchObject({
      kind: 'reject',
      rejection: { code: IncomingEmailReasonCode.EMPTY_REPLY },
      extraction: { text: '' },
    });
  });

  it('rejects text its charset could not decode as MALFORMED', () => {
    const verdict = judgeReply(
      facts(),
      { text: '\uFFFD\uFFFD\uFFFD\uFFFD ok' },
      intent,
      NO_AUTHENTICATION,
    );
    expect(verdict).toMatchObject({
      kind: 'reject',
      rejection: {
        code: IncomingEmailReasonCode.MALFORMED,
        problem: expect.stringContaining('4 of 6 characters are unreadable') as unknown,
      },
    });
  });

  it('cuts an over-long reply to what a post holds and says how long it was', () => {
    const text = 'word '.repeat(REPLY_MAX_CHARS / 2);
    const verdict = judgeReply(facts(), { text }, intent, NO_AUTHENTICATION);
    expect(verdict.kind).toBe('post');
    if (verdict.kind !== 'post') return;
    expect(verdict.text.length).toBeLessThanOrEqual(REPLY_MAX_CHARS);
    expect(verdict.truncatedFrom).toBe(text.trim().length);
  });

  it('rejects a reply a trusted receiving server reports as dmarc=fail as SPOOFED, bound to both', () => {
    const verdict = judgeReply(
      facts({
        headers: {
          'authentication-results': [
            'mx.corp.test; spf=fail smtp.mailfrom=corp.test; dmarc=fail (p=reject) header.from=corp.test',
          ],
        },
      }),
      { text: 'Approve everything.' },
      intent,
      { trustedAuthservIds: ['mx.corp.test'], requireDmarcPass: false },
    );
    expect(verdict).toMatchObject({
      kind: 'reject',
      rejection: {
        code: IncomingEmailReasonCode.SPOOFED,
        finding: { kind: 'dmarc-fail', verdict: { authservId: 'mx.corp.test', result: 'fail' } },
      },
      binding: { userId: 'user-1', conversationId: 'conversation-1' },
    });
  });
});
