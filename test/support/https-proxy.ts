import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSelfSignedCert } from './tls-cert.js';

export interface HttpsProxy {
  /** `https://127.0.0.1:<port>`: a PUBLIC_URL that Graph (the fake) will call. */
  origin: string;
  /** The proxy's self-signed certificate, for the caller (the Microsoft fake) to trust. */
  caCert: string;
  /** Where requests go: an app listening on plain HTTP on 127.0.0.1. */
  forwardTo(port: number): void;
  close(): Promise<void>;
}

/**
 * TLS in front of an in-process app, as a load balancer terminates it in production: Graph only
 * calls https URLs, and the service itself speaks plain HTTP. Known before the app starts, so
 * the app's PUBLIC_URL can name it.
 */
export async function startHttpsProxy(): Promise<HttpsProxy> {
  const dir = await mkdtemp(join(tmpdir(), 'replyline-proxy-'));
  const cert = await createSelfSignedCert(dir);
  let target: number | undefined;
  const server: Server = createServer(
    { cert: cert.certPem, key: await readFile(cert.keyPath) },
    (incoming, outgoing) => {
      if (target === undefined) {
        outgoing.writeHead(502).end('No app behind the proxy yet');
        return;
      }
      const forwarded = request(
        {
          host: '127.0.0.1',
          port: target,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, 'x-forwarded-proto': 'https' },
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.writeHead(502).end('The app did not answer'));
      incoming.pipe(forwarded);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    caCert: cert.certPem,
    forwardTo(port) {
      target = port;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
