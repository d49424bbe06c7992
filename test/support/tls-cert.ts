import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SelfSignedCert {
  certPath: string;
  keyPath: string;
  /** PEM of the certificate; being self-signed, it is also the CA a client must trust. */
  certPem: string;
}

/**
 * Writes a throwaway self-signed certificate for `localhost` / 127.0.0.1 into `dir` using the
 * openssl CLI (an EC key, because RSA key generation is noticeably slower).
 */
export async function createSelfSignedCert(dir: string): Promise<SelfSignedCert> {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]);
  } catch (error) {
    throw new Error(
      `Could not create a self-signed certificate with openssl (is it installed?): ${String(error)}`,
      { cause: error },
    );
  }
  return { certPath, keyPath, certPem: await readFile(certPath, 'utf8') };
}

let shared: Promise<SelfSignedCert> | undefined;

/**
 * One self-signed certificate for every Dovecot this test process starts, so that one CA file
 * (`IMAP_CA_FILE`, which test apps get by default) lets the apps verify all of them, over implicit
 * TLS and after STARTTLS alike, as an operator with a private CA would configure it.
 */
export function sharedTestCertificate(): Promise<SelfSignedCert> {
  shared ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replyline-test-ca-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return createSelfSignedCert(dir);
  })();
  return shared;
}
