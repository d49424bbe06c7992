import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { SecretCipher } from './secret-cipher.js';

export function decodeKey(value: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
}

/**
 * The cipher for secrets at rest. The key is SECRETS_KEY; without it, a key generated on first
 * start into `DATA_DIR/secrets.key` (mode 0600), which suits one machine. Replicas must share
 * SECRETS_KEY, or one cannot read what another stored.
 */
export function createSecretCipher(config: AppConfig): SecretCipher {
  const previous = config.secrets.previousKey ? decodeKey(config.secrets.previousKey) : undefined;
  if (config.secrets.key) return new SecretCipher(decodeKey(config.secrets.key), previous);

  const path = join(config.dataDir, 'secrets.key');
  if (!existsSync(path)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    const logger = new Logger('Secrets');
    logger.log(
      `Generated a secrets key in ${path}. Back it up: stored mailbox credentials need it.`,
    );
    if (config.database.url) {
      logger.warn(
        'SECRETS_KEY is not set: set the same SECRETS_KEY on every replica sharing this database.',
      );
    }
  }
  return new SecretCipher(decodeKey(readFileSync(path, 'utf8').trim()), previous);
}
