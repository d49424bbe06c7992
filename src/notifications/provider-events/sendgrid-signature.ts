import { verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

export type SignatureVerdict =
  { ok: true } | { ok: false; reason: 'UNSIGNED' | 'FORGED' | 'STALE'; message: string };

/**
 * SendGrid's Signed Event Webhook: an ECDSA P-256 signature (SHA-256, base64 of the DER form) over
 * the timestamp header followed by the exact bytes of the body, in
 * `X-Twilio-Email-Event-Webhook-Signature`, with the timestamp (Unix seconds) in
 * `X-Twilio-Email-Event-Webhook-Timestamp` (twilio.com/docs/sendgrid/for-developers/
 * tracking-events/getting-started-event-webhook-security-features). Checked with node:crypto, the
 * same check @sendgrid/eventwebhook makes.
 *
 * A correctly signed post whose timestamp is further than `maxAgeSeconds` from now (either way) is
 * refused as a replay: SendGrid documents no window, so it is configurable. A replay inside the
 * window changes nothing, because each event is recorded once by its sg_event_id.
 */
export function verifySendGridSignature(input: {
  publicKey: KeyObject;
  signature: string | undefined;
  timestamp: string | undefined;
  body: Buffer;
  nowMs: number;
  maxAgeSeconds: number;
}): SignatureVerdict {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) {
    return {
      ok: false,
      reason: 'UNSIGNED',
      message: 'The post carries no Signed Event Webhook signature and timestamp',
    };
  }
  let valid = false;
  if (/^\d{1,12}$/.test(timestamp.trim())) {
    try {
      valid = verify(
        'sha256',
        Buffer.concat([Buffer.from(timestamp.trim(), 'utf8'), input.body]),
        input.publicKey,
        Buffer.from(signature.trim(), 'base64'),
      );
    } catch {
      valid = false;
    }
  }
  if (!valid) {
    return {
      ok: false,
      reason: 'FORGED',
      message: 'The signature does not verify with SENDGRID_WEBHOOK_PUBLIC_KEY',
    };
  }
  const ageSeconds = Math.abs(input.nowMs / 1000 - Number(timestamp.trim()));
  if (ageSeconds > input.maxAgeSeconds) {
    return {
      ok: false,
      reason: 'STALE',
      message: `The signed timestamp is ${Math.round(ageSeconds)} s from now, beyond SENDGRID_WEBHOOK_MAX_AGE_SECONDS (${input.maxAgeSeconds} s)`,
    };
  }
  return { ok: true };
}
