import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/**
 * An ECDSA P-256 public key given as base64 DER SubjectPublicKeyInfo, the form SendGrid shows for
 * its Signed Event Webhook ("Verification Key"); a PEM block of the same key is accepted too.
 * Throws with a reason an operator can act on.
 */
export function parseP256PublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    key = trimmed.startsWith('-----BEGIN')
      ? createPublicKey({ key: trimmed, format: 'pem' })
      : createPublicKey({
          key: Buffer.from(trimmed.replace(/\s+/g, ''), 'base64'),
          format: 'der',
          type: 'spki',
        });
  } catch {
    throw new Error('must be a public key in base64 DER (SPKI), as SendGrid shows it');
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('must be an ECDSA P-256 public key');
  }
  return key;
}

/** Why `text` is not a usable key, or undefined when it is. */
export function p256PublicKeyProblem(text: string): string | undefined {
  try {
    parseP256PublicKey(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
