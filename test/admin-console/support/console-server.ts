import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from '../../support/test-app.js';

/** Puts a test app on a real port on 127.0.0.1, for a browser; returns its origin. */
export async function listenForBrowser(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const server = t.app.getHttpServer() as Server;
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}
