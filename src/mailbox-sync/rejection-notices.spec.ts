import { IncomingEmailReasonCode } from './incoming-email-reasons.js';
import type { Rejection } from './incoming-email-reasons.js';
import { senderExplanation } from './rejection-notices.js';

describe('senderExplanation', () => {
  it('explains the reasons a sender can act on', () => {
    const actionable: Rejection[] = [
      { code: IncomingEmailReasonCode.NOT_REPLYABLE, notificationType: 'conversation_assignment' },
      { code: IncomingEmailReasonCode.EXPIRED_INTENT, token: 'abcdefgh', source: 'To' },
      { code: IncomingEmailReasonCode.UNKNOWN_INTENT, token: 'abcdefgh', source: 'To' },
      { code: IncomingEmailReasonCode.EMPTY_REPLY, removedChars: 10 },
      {
        code: IncomingEmailReasonCode.TOO_LARGE,
        sizeBytes: 30 * 1024 * 1024,
        limitBytes: 25 * 1024 * 1024,
      },
      { code: IncomingEmailReasonCode.MALFORMED, problem: 'no From' },
    ];
    for (const rejection of actionable) expect(senderExplanation(rejection)).toMatch(/\.$/);
    expect(senderExplanation(actionable[4])).toContain('30 MB, over the 25 MB limit');
  });

  it('never answers automated mail, a mismatched sender, or what only an admin can fix', () => {
    const silent: Rejection[] = [
      { code: IncomingEmailReasonCode.AUTO_REPLY, signal: 'Auto-Submitted' },
      { code: IncomingEmailReasonCode.BOUNCE, signal: 'mailer-daemon' },
      { code: IncomingEmailReasonCode.LOOP, signal: 'own address' },
      {
        code: IncomingEmailReasonCode.SENDER_MISMATCH,
        from: ['eve@evil.test'],
        expected: 'a@b',
        username: 'a',
      },
      { code: IncomingEmailReasonCode.NO_INTENT },
      { code: IncomingEmailReasonCode.USER_INACTIVE, token: 'abcdefgh', source: 'To' },
      { code: IncomingEmailReasonCode.CONVERSATION_GONE, token: 'abcdefgh', source: 'To' },
      { code: IncomingEmailReasonCode.DUPLICATE, messageId: '<a@b>', postedAs: 'x' },
    ];
    for (const rejection of silent) expect(senderExplanation(rejection)).toBeNull();
  });
});
