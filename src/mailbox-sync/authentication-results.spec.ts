import {
  findSpoofing,
  forgedSenderVerdict,
  MICROSOFT_365,
  parseAuthenticationResults,
  trustedDmarcVerdict,
} from './authentication-results.js';

const TRUSTED = { trustedAuthservIds: ['mx.google.com', 'mx.corp.test'], requireDmarcPass: false };
const REQUIRED = { ...TRUSTED, requireDmarcPass: true };

function facts(from: string, ...authenticationResults: string[]) {
  return { from: [from], headers: { 'authentication-results': authenticationResults } };
}

describe('parseAuthenticationResults', () => {
  it('reads the authserv-id, each method and its properties, ignoring comments', () => {
    const parsed = parseAuthenticationResults(
      'mx.google.com (version; 1) ; dkim=pass header.i=@corp.test header.s=s1; spf=pass (google.com: domain of ada@corp.test designates 1.2.3.4; as permitted sender) smtp.mailfrom=ada@corp.test; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=corp.test',
    );
    expect(parsed?.authservId).toBe('mx.google.com');
    expect(parsed?.results.map((result) => `${result.method}=${result.result}`)).toEqual([
      'dkim=pass',
      'spf=pass',
      'dmarc=pass',
    ]);
    expect(parsed?.results[2]?.properties.get('header.from')).toBe('corp.test');
    expect(parsed?.results[2]?.text).toBe(
      'dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=corp.test',
    );
  });

  it('has no authserv-id for a header that starts with a result', () => {
    expect(parseAuthenticationResults('spf=pass smtp.mailfrom=corp.test; dmarc=pass')).toBeNull();
  });

  it('accepts `none` and a version after the authserv-id', () => {
    expect(parseAuthenticationResults('mx.corp.test 1; none')).toEqual({
      authservId: 'mx.corp.test',
      results: [],
    });
  });
});

describe('trustedDmarcVerdict', () => {
  it('takes the topmost header from a trusted server and ignores the others', () => {
    const verdict = trustedDmarcVerdict(
      [
        'evil.test; dmarc=pass header.from=corp.test',
        'MX.Corp.Test; dmarc=fail (p=quarantine) header.from=corp.test',
        'mx.corp.test; dmarc=pass header.from=corp.test',
      ],
      TRUSTED,
    );
    expect(verdict).toEqual({
      authservId: 'mx.corp.test',
      result: 'fail',
      text: 'dmarc=fail (p=quarantine) header.from=corp.test',
      headerFrom: 'corp.test',
    });
  });

  it('is null without a trusted header', () => {
    expect(trustedDmarcVerdict(['evil.test; dmarc=fail'], TRUSTED)).toBeNull();
  });

  describe('Microsoft 365, whose header has no authserv-id', () => {
    const EXCHANGE =
      'spf=pass (sender IP is 203.0.113.5) smtp.mailfrom=corp.test; dkim=pass (signature was verified) header.d=corp.test;dmarc=fail action=quarantine header.from=corp.test;compauth=fail reason=000';
    const WITH_365 = { trustedAuthservIds: [MICROSOFT_365] };

    it('trusts the topmost unnamed header when microsoft365 is listed', () => {
      expect(trustedDmarcVerdict([EXCHANGE], WITH_365)).toEqual({
        authservId: MICROSOFT_365,
        result: 'fail',
        text: 'dmarc=fail action=quarantine header.from=corp.test',
        headerFrom: 'corp.test',
      });
    });

    it('trusts no unnamed header unless microsoft365 is listed, and none below the topmost', () => {
      expect(trustedDmarcVerdict([EXCHANGE], TRUSTED)).toBeNull();
      expect(
        trustedDmarcVerdict(['evil.test; dmarc=pass header.from=corp.test', EXCHANGE], WITH_365),
      ).toBeNull();
    });
  });
});

describe('findSpoofing', () => {
  it('reads nothing when no authserv-id is trusted', () => {
    expect(
      findSpoofing(facts('ada@corp.test', 'mx.corp.test; dmarc=fail'), {
        trustedAuthservIds: [],
        requireDmarcPass: true,
      }),
    ).toBeNull();
  });

  it('rejects dmarc=fail from a trusted server', () => {
    expect(
      findSpoofing(
        facts('ada@corp.test', 'mx.corp.test; dmarc=fail header.from=corp.test'),
        TRUSTED,
      ),
    ).toMatchObject({ kind: 'dmarc-fail', verdict: { result: 'fail' } });
  });

  it('lets pass, none and a missing header through unless a pass is required', () => {
    for (const header of [
      'mx.corp.test; dmarc=pass',
      'mx.corp.test; dmarc=none',
      'mx.corp.test; spf=pass',
    ]) {
      expect(findSpoofing(facts('ada@corp.test', header), TRUSTED)).toBeNull();
    }
    expect(findSpoofing(facts('ada@corp.test'), TRUSTED)).toBeNull();
  });

  it('requires an aligned pass when the admin asks for one', () => {
    expect(
      findSpoofing(
        facts('ada@corp.test', 'mx.corp.test; dmarc=pass header.from=corp.test'),
        REQUIRED,
      ),
    ).toBeNull();
    expect(
      findSpoofing(facts('ada@corp.test', 'mx.corp.test; dmarc=none'), REQUIRED),
    ).toMatchObject({
      kind: 'no-aligned-pass',
      fromDomain: 'corp.test',
    });
    expect(
      findSpoofing(
        facts('ada@corp.test', 'mx.corp.test; dmarc=pass header.from=evil.test'),
        REQUIRED,
      ),
    ).toMatchObject({ kind: 'no-aligned-pass' });
    expect(findSpoofing(facts('ada@corp.test'), REQUIRED)).toEqual({
      kind: 'no-aligned-pass',
      verdict: null,
      fromDomain: 'corp.test',
    });
  });
});

describe('forgedSenderVerdict (holding back a rejection notice)', () => {
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

  it('counts an untrusted server too: a forged fail only holds a notice back', () => {
    expect(
      forgedSenderVerdict(['relay.somewhere.test; dmarc=fail (p=none) header.from=corp.test']),
    ).toBe('dmarc=fail');
  });

  it('reads through comments as findSpoofing does', () => {
    expect(
      forgedSenderVerdict([
        'mx.corp.test (the MX); spf=fail (sender not permitted) smtp.mailfrom=x.test',
      ]),
    ).toBe('spf=fail');
    expect(
      forgedSenderVerdict(['mx.corp.test; dkim=pass (spf=fail is only a comment)']),
    ).toBeNull();
  });

  it('reads a header without an authserv-id too, as Microsoft 365 writes its own', () => {
    expect(
      forgedSenderVerdict([
        'spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=example.test; dkim=none; dmarc=fail action=oreject header.from=example.test',
      ]),
    ).toBe('spf=fail');
  });

  it('leaves passing, softfailing, DKIM-failing and missing results alone', () => {
    expect(forgedSenderVerdict(undefined)).toBeNull();
    expect(forgedSenderVerdict(['mx.corp.test; spf=softfail; dkim=fail; dmarc=pass'])).toBeNull();
    expect(forgedSenderVerdict(['mx.corp.test; dmarc=failure-is-not-a-result'])).toBeNull();
  });
});
