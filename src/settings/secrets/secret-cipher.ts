import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;

export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    super(
      `A stored secret cannot be decrypted: ${reason}. Re-enter it in the email server settings.`,
    );
    this.name = 'SecretDecryptionError';
  }
}

/** Identifies a key without revealing it, so a stored secret says which key sealed it. */
function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * AES-256-GCM for secrets at rest (IMAP password, Microsoft client secret). The sealed form is
 * `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). Keys rotate by moving the old key to
 * the previous slot: secrets sealed with it still open, and `isSealedWithCurrentKey` tells the
 * caller which to re-seal.
 */
export class SecretCipher {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentKeyId: string;

  constructor(
    private readonly currentKey: Buffer,
    previousKey?: Buffer,
  ) {
    if (currentKey.length !== 32) throw new Error('The secrets key must be 32 bytes');
    this.currentKeyId = keyId(currentKey);
    this.keys.set(this.currentKeyId, currentKey);
    if (previousKey) this.keys.set(keyId(previousKey), previousKey);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.currentKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT_VERSION, this.currentKeyId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, sealedKeyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== FORMAT_VERSION || !sealedKeyId || !iv || !tag || ciphertext === undefined) {
      throw new SecretDecryptionError('unrecognised format');
    }
    const key = this.keys.get(sealedKeyId);
    if (!key) {
      throw new SecretDecryptionError(
        `it was sealed with a key that is neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS (key id ${sealedKeyId})`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretDecryptionError('it was altered or the key is wrong');
    }
  }

  isSealedWithCurrentKey(sealed: string): boolean {
    return sealed.split('.')[1] === this.currentKeyId;
  }
}
