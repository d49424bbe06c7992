import { forgedSenderVerdict } from './sender-authentication.js';

describe('forgedSenderVerdict', () => {
  it('finds dmarc=fail or spf=fail in any Authentication-Results header', () => {
    expect(
      forgedSenderVerdict([
        'mx.corp.test; dkim=pass header.d=example.test',
        'mx.corp.test; spf=pass smtp.mailfrom=example.test; dmarc=fail (p=reject) header.from=example.test',
      ]),
    ).toBe('dmarc=fail');
    expect(forgedSenderVerdict(['mx.corp.test; SPF=Fail smtp.mailfrom=evil.test'])).toBe(
      'spf=fail',
    );
  });

  it('leaves passing, softfailing, DKIM-failing and missing results alone', () => {
    expect(forgedSenderVerdict(undefined)).toBeNull();
    expect(forgedSenderVerdict(['mx.corp.test; spf=softfail; dkim=fail; dmarc=pass'])).toBeNull();
    expect(forgedSenderVerdict(['mx.corp.test; dmarc=failure-is-not-a-result'])).toBeNull();
  });
});
