import { connect, createServer } from 'node:net';
import { eventually } from './eventually.js';

/**
 * Asks the kernel for a currently free TCP port on 127.0.0.1 by binding port 0 and closing it.
 * Another process can still take the port before the caller binds it, so servers started on
 * such a port should retry with a fresh one when the bind fails.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('No port assigned'))));
    });
  });
}

/**
 * Resolves once something accepts TCP connections on host:port; rejects after timeoutMs or when
 * `signal` aborts (so a caller that gave up does not leave a poll loop running).
 */
export async function waitForPort(
  host: string,
  port: number,
  timeoutMs = 10_000,
  signal?: AbortSignal,
): Promise<void> {
  await eventually(
    async () => {
      if (!(await accepts(host, port))) {
        throw new Error(`Nothing accepted connections on ${host}:${port}`);
      }
      return true;
    },
    { timeoutMs, signal },
  );
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
