import {
  describeFailure,
  describePosted,
  describeRejection,
  IncomingEmailReasonCode,
  retryDelayMs,
} from './incoming-email-reasons.js';
import type { Rejection } from './incoming-email-reasons.js';

describe('describeRejection', () => {
  const token = 'abcdefghijklmnopqrstuvwxyz';
  const cases: Array<[Rejection, RegExp]> = [
    [
      {
        code: IncomingEmailReasonCode.TOO_LARGE,
        sizeBytes: 30 * 1024 * 1024,
        limitBytes: 25 * 1024 * 1024,
      },
      /^The email is 30 MB, over the 25 MB limit/,
    ],
    [
      { code: IncomingEmailReasonCode.TOO_LARGE, sizeBytes: 100_000, limitBytes: 64 * 1024 },
      /^The email is 98 KB, over the 64 KB limit/,
    ],
    [
      { code: IncomingEmailReasonCode.AUTO_REPLY, signal: 'Precedence: bulk' },
      /^Automatic reply \(Precedence: bulk\)/,
    ],
    [
      { code: IncomingEmailReasonCode.BOUNCE, signal: 'sender postmaster@x' },
      /^Delivery failure report/,
    ],
    [
      { code: IncomingEmailReasonCode.LOOP, signal: 'From is the reply-to address' },
      /^Sent by Replyline itself/,
    ],
    [{ code: IncomingEmailReasonCode.NO_INTENT }, /^No reply token in To, Cc, Delivered-To/],
    [
      { code: IncomingEmailReasonCode.NO_INTENT, lostPlusTag: true },
      /switch the Intent Tracking Mode/,
    ],
    [
      { code: IncomingEmailReasonCode.UNKNOWN_INTENT, token, source: 'To' },
      /^The reply token abcdef… \(from To\) was never issued/,
    ],
    [{ code: IncomingEmailReasonCode.EXPIRED_INTENT, token, source: 'In-Reply-To' }, /has expired/],
    [{ code: IncomingEmailReasonCode.CONVERSATION_GONE, token, source: 'To' }, /no longer exists/],
    [{ code: IncomingEmailReasonCode.USER_INACTIVE, token, source: 'To' }, /is deactivated/],
    [
      { code: IncomingEmailReasonCode.NOT_REPLYABLE, notificationType: 'conversation_assignment' },
      /"conversation_assignment" notification, which cannot be answered by email/,
    ],
    [
      {
        code: IncomingEmailReasonCode.SENDER_MISMATCH,
        from: ['eve@evil.test'],
        expected: 'ada@corp.test',
        username: 'ada',
      },
      /^Sent from eve@evil\.test, but the mention email went to ada <ada@corp\.test>/,
    ],
    [
      { code: IncomingEmailReasonCode.EMPTY_REPLY, removedChars: 120 },
      /Nothing was typed above the quoted email \(120/,
    ],
    [{ code: IncomingEmailReasonCode.EMPTY_REPLY, removedChars: 0 }, /^The email has no text\.$/],
    [
      { code: IncomingEmailReasonCode.MALFORMED, problem: 'no From address' },
      /^The email cannot be read: no From address\.$/,
    ],
    [
      { code: IncomingEmailReasonCode.DUPLICATE, messageId: '<m@x>', postedAs: 'id-1' },
      /same Message-ID <m@x> was already posted \(incoming email id-1\)/,
    ],
    [
      {
        code: IncomingEmailReasonCode.SPOOFED,
        from: ['ada@corp.test'],
        finding: {
          kind: 'dmarc-fail',
          verdict: {
            authservId: 'mx.corp.test',
            result: 'fail',
            text: 'dmarc=fail (p=reject) header.from=corp.test',
            headerFrom: 'corp.test',
          },
        },
      },
      /^The receiving server mx\.corp\.test reports "dmarc=fail \(p=reject\) header\.from=corp\.test" in Authentication-Results: the domain of ada@corp\.test did not vouch/,
    ],
    [
      {
        code: IncomingEmailReasonCode.SPOOFED,
        from: ['ada@corp.test'],
        finding: { kind: 'no-aligned-pass', verdict: null, fromDomain: 'corp.test' },
      },
      /^Replies must pass DMARC for the sender's domain \(INBOUND_REQUIRE_DMARC_PASS\), but no Authentication-Results header from a trusted server/,
    ],
  ];

  it.each(cases)('explains %j', (rejection, expected) => {
    expect(describeRejection(rejection)).toMatch(expected);
  });

  it('covers every reason code', () => {
    const covered = new Set(cases.map(([rejection]) => rejection.code));
    expect([...covered].sort()).toEqual(Object.values(IncomingEmailReasonCode).sort());
  });
});

describe('retries', () => {
  it('backs off 1, 4, 16, 64 minutes, capped at 6 hours', () => {
    expect([1, 2, 3, 4, 5, 9].map((attempt) => retryDelayMs(attempt) / 60_000)).toEqual([
      1, 4, 16, 64, 256, 360,
    ]);
  });

  it('says when it retries or gives up', () => {
    const at = new Date('2025-01-01T00:04:00Z');
    expect(
      describeFailure({ attempt: 2, maxAttempts: 5, error: 'connection reset', nextAttemptAt: at }),
    ).toBe(
      'Processing failed on attempt 2 of 5: connection reset. Retrying after 2025-01-01T00:04:00.000Z.',
    );
    expect(
      describeFailure({ attempt: 5, maxAttempts: 5, error: 'boom', nextAttemptAt: null }),
    ).toMatch(/Giving up/);
  });

  it('describes a posted reply, and a truncated one', () => {
    expect(describePosted({ username: 'ada', conversationTitle: 'Sales', source: 'To' })).toBe(
      'Posted as ada to "Sales" (reply token found in To).',
    );
    expect(
      describePosted({
        username: 'ada',
        conversationTitle: 'Sales',
        source: 'To',
        truncatedFrom: 25_000,
      }),
    ).toMatch(/had 25000 characters and was cut/);
  });
});
