import { generateKeyPairSync, sign } from 'node:crypto';
import { verifySendGridSignature } from './sendgrid-signature.js';

describe('verifySendGridSignature', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const body = Buffer.from('[{"event":"delivered","sg_event_id":"a"}]');
  const timestamp = '1764550000';
  const nowMs = Number(timestamp) * 1000;
  const signatureOf = (bytes: Buffer, at = timestamp, key = privateKey) =>
    sign('sha256', Buffer.concat([Buffer.from(at), bytes]), key).toString('base64');
  const check = (input: Partial<Parameters<typeof verifySendGridSignature>[0]>) =>
    verifySendGridSignature({
      publicKey,
      signature: signatureOf(body),
      timestamp,
      body,
      nowMs,
      maxAgeSeconds: 600,
      ...input,
    });

  it('accepts a signature over the timestamp and the exact body', () => {
    expect(check({})).toEqual({ ok: true });
    expect(check({ nowMs: nowMs + 600_000 })).toEqual({ ok: true });
  });

  it('refuses a post without signature or timestamp as unsigned', () => {
    expect(check({ signature: undefined })).toMatchObject({ ok: false, reason: 'UNSIGNED' });
    expect(check({ timestamp: '' })).toMatchObject({ ok: false, reason: 'UNSIGNED' });
  });

  it('refuses another key, another body, another timestamp and garbage as forged', () => {
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    expect(check({ signature: signatureOf(body, timestamp, otherKey) })).toMatchObject({
      reason: 'FORGED',
    });
    // JSON parsed and serialised again is other bytes: the signature must cover what arrived.
    expect(
      check({ body: Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1)) }),
    ).toMatchObject({ reason: 'FORGED' });
    expect(check({ timestamp: '1764550001' })).toMatchObject({ reason: 'FORGED' });
    expect(check({ signature: 'bm90IGEgc2lnbmF0dXJl' })).toMatchObject({ reason: 'FORGED' });
    expect(check({ timestamp: 'yesterday' })).toMatchObject({ reason: 'FORGED' });
  });

  it('refuses a genuine signature whose timestamp is outside the window, either way', () => {
    expect(check({ nowMs: nowMs + 601_000 })).toEqual({
      ok: false,
      reason: 'STALE',
      message:
        'The signed timestamp is 601 s from now, beyond SENDGRID_WEBHOOK_MAX_AGE_SECONDS (600 s)',
    });
    expect(check({ nowMs: nowMs - 700_000 })).toMatchObject({ reason: 'STALE' });
  });
});
