/**
 * A listener that pretends to be an IMAP server on 127.0.0.1 and keeps every byte it is sent: the
 * "attacker's host" of the credential tests. It greets without STARTTLS (so nothing it receives was
 * encrypted), offers AUTH=PLAIN, and refuses every login, so a client that sends a password sends
 * it here in clear, where the test can look for it.
 *
 * ```ts
 * const capture = await startImapCapture();
 * // ... point a connection test at 127.0.0.1:capture.port
 * expect(capture.connections).toBe(0);
 * expect(capture.received()).not.toContain(password);
 * await capture.stop();
 * ```
 */
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ImapCapture {
  port: number;
  /** How many TCP connections were accepted. */
  readonly connections: number;
  /** Everything clients sent, decoded as latin1 so no byte is lost. */
  received(): string;
  /** Whether `secret` arrived, as typed or inside a base64 SASL PLAIN response. */
  sawSecret(secret: string): boolean;
  stop(): Promise<void>;
}

export async function startImapCapture(): Promise<ImapCapture> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] capture ready\r\n');
    const answer = imapAnswers(socket);
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      pending += chunk.toString('latin1');
      let end: number;
      while ((end = pending.indexOf('\r\n')) >= 0) {
        answer(pending.slice(0, end));
        pending = pending.slice(end + 2);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const received = () => Buffer.concat(chunks).toString('latin1');
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
    received,
    sawSecret(secret) {
      const text = received();
      if (text.includes(secret)) return true;
      // SASL PLAIN carries "authzid\0user\0password" in base64: decode every base64-looking word.
      return [...text.matchAll(/[A-Za-z0-9+/]{8,}={0,2}/g)].some((match) =>
        Buffer.from(match[0], 'base64').toString('latin1').includes(secret),
      );
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Just enough IMAP for a client to get as far as sending its credentials. */
function imapAnswers(socket: Socket): (line: string) => void {
  // The tag of an AUTHENTICATE waiting for its SASL response, sent untagged after "+ ".
  let authenticating: string | undefined;
  return (line) => {
    if (authenticating) {
      socket.write(`${authenticating} NO [AUTHENTICATIONFAILED] captured\r\n`);
      authenticating = undefined;
      return;
    }
    const [tag = '*', command = '', ...args] = line.split(' ');
    switch (command.toUpperCase()) {
      case 'CAPABILITY':
        socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
        return;
      case 'AUTHENTICATE':
        if (args.length > 1) {
          socket.write(`${tag} NO [AUTHENTICATIONFAILED] captured\r\n`);
        } else {
          authenticating = tag;
          socket.write('+ \r\n');
        }
        return;
      case 'LOGOUT':
        socket.end(`* BYE capture\r\n${tag} OK bye\r\n`);
        return;
      default:
        // LOGIN included: refused, after its arguments (the password) arrived.
        socket.write(`${tag} NO [AUTHENTICATIONFAILED] captured\r\n`);
    }
  };
}
