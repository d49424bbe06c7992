import { randomBytes } from 'node:crypto';
import { SecretCipher, SecretDecryptionError } from './secret-cipher.js';

describe('SecretCipher', () => {
  const key = randomBytes(32);

  it('round-trips a secret and never shows it in the sealed form', () => {
    const cipher = new SecretCipher(key);
    const sealed = cipher.seal('hunter2-ünïcødé');
    expect(sealed).not.toContain('hunter2');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(cipher.open(sealed)).toBe('hunter2-ünïcødé');
  });

  it('uses a fresh IV each time', () => {
    const cipher = new SecretCipher(key);
    expect(cipher.seal('same')).not.toBe(cipher.seal('same'));
  });

  it('refuses a tampered secret', () => {
    const cipher = new SecretCipher(key);
    const parts = cipher.seal('secret').split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.open(parts.join('.'))).toThrow(SecretDecryptionError);
  });

  it('opens secrets sealed with the previous key after rotation and says they need re-sealing', () => {
    const oldKey = randomBytes(32);
    const sealedBefore = new SecretCipher(oldKey).seal('secret');
    const rotated = new SecretCipher(key, oldKey);
    expect(rotated.open(sealedBefore)).toBe('secret');
    expect(rotated.isSealedWithCurrentKey(sealedBefore)).toBe(false);
    expect(rotated.isSealedWithCurrentKey(rotated.seal('secret'))).toBe(true);
  });

  it('names the problem when the key is unknown', () => {
    const sealed = new SecretCipher(randomBytes(32)).seal('secret');
    expect(() => new SecretCipher(key).open(sealed)).toThrow(
      /neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS/,
    );
  });
});
