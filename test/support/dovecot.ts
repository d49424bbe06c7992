/**
 * A throwaway Dovecot IMAP server for e2e tests: `startDovecot()` writes a private config, users
 * file and self-signed certificate into a temp dir, runs `dovecot -F -c <conf>` as a child
 * process on two free ports (plain IMAP and implicit-TLS IMAPS) on 127.0.0.1, and `stop()` ends
 * it and removes everything. Each call is an independent server, so test files can run in
 * parallel.
 *
 * Requirements: `/usr/sbin/dovecot` (2.3) and `openssl` installed; the tests run as root, because
 * Dovecot switches to the `nobody` user to access mail (which is why every directory above the
 * mail root must be traversable by `nobody`).
 *
 * ```ts
 * const dovecot = await startDovecot();
 * await dovecot.addUser('reply@example.test', 'secret');
 * await dovecot.append('reply@example.test', 'INBOX', rawMime, { internalDate: new Date('2024-01-01') });
 * // ... connect to dovecot.host / dovecot.plainPort (doSTARTTLS: false) or dovecot.tlsPort (trust caCert)
 * await dovecot.stop();
 * ```
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { eventually } from './eventually.js';
import { freePort, waitForPort } from './free-port.js';
import { descendantsOf, killLeftovers } from './process-tree.js';
import { sharedTestCertificate } from './tls-cert.js';

const run = promisify(execFile);

const DOVECOT_BINARY = '/usr/sbin/dovecot';
/** uid/gid of `nobody`/`nogroup` on Debian, the identity the static userdb gives every user. */
const NOBODY_UID = 65534;
const NOGROUP_GID = 65534;

/**
 * Dovecot 2.3.19's own post-login capability list, for `imap_capability` with one taken out.
 * `imap_capability` replaces the advertised list only: Dovecot still executes a MOVE (or IDLE)
 * command if a client sends one anyway, but imapflow (like every careful client) checks the
 * capability first: without MOVE it falls back to COPY + \Deleted + UID EXPUNGE, and Replyline
 * does not try IDLE, which is what the tests need to exercise.
 */
const CAPABILITIES = [
  'IMAP4rev1',
  'SASL-IR',
  'LOGIN-REFERRALS',
  'ID',
  'ENABLE',
  'IDLE',
  'SORT',
  'SORT=DISPLAY',
  'THREAD=REFERENCES',
  'THREAD=REFS',
  'THREAD=ORDEREDSUBJECT',
  'MULTIAPPEND',
  'URL-PARTIAL',
  'CATENATE',
  'UNSELECT',
  'CHILDREN',
  'NAMESPACE',
  'UIDPLUS',
  'LIST-EXTENDED',
  'I18NLEVEL=1',
  'CONDSTORE',
  'QRESYNC',
  'ESEARCH',
  'ESORT',
  'SEARCHRES',
  'WITHIN',
  'CONTEXT=SEARCH',
  'LIST-STATUS',
  'BINARY',
  'SNIPPET=FUZZY',
  'PREVIEW=FUZZY',
  'PREVIEW',
  'STATUS=SIZE',
  'SAVEDATE',
  'LITERAL+',
  'NOTIFY',
  'MOVE',
];

export interface DovecotOptions {
  /** Do not advertise the MOVE capability (RFC 6851), to test the COPY + EXPUNGE fallback. */
  withoutMove?: boolean;
  /** Do not advertise the IDLE capability (RFC 2177), to test a listener that must poll. */
  withoutIdle?: boolean;
  /**
   * No TLS at all (`ssl = no`): the plain port offers no STARTTLS and there is no IMAPS port, as on
   * a legacy server; `tlsPort` is then 0.
   */
  withoutTls?: boolean;
}

export interface AppendOptions {
  /** Append with the \Seen flag (default: unread). */
  seen?: boolean;
  /** The message's IMAP internal date (arrival date), e.g. an old one to test retention. */
  internalDate?: Date;
}

export interface DovecotMessage {
  uid: number;
  flags: string[];
  internalDate: Date;
  size: number;
  messageId: string | undefined;
  subject: string | undefined;
}

export interface DovecotServer {
  host: string;
  /**
   * Plain IMAP; it offers STARTTLS (with the certificate below) unless started `withoutTls`.
   * Clients that must stay plain pass `doSTARTTLS: false`.
   */
  plainPort: number;
  /** Implicit TLS (IMAPS) with the certificate below; 0 when started `withoutTls`. */
  tlsPort: number;
  /**
   * PEM of the server's self-signed certificate, the one every Dovecot of this test process
   * shares (see sharedTestCertificate): trust it to connect over TLS.
   */
  caCert: string;
  /** Creates a mailbox user (log in with the full address) with a PLAIN password. */
  addUser(email: string, password: string): Promise<void>;
  /** Appends a raw message to a folder of a user created with addUser (folder created if missing). */
  append(
    email: string,
    folder: string,
    raw: string | Buffer,
    options?: AppendOptions,
  ): Promise<number>;
  /** Lists a folder of a user, oldest UID first; an empty list when the folder does not exist. */
  listFolder(email: string, folder: string): Promise<DovecotMessage[]>;
  /**
   * Makes one message's flags impossible to store: its maildir file becomes immutable (chattr +i),
   * so the rename that records \Seen fails. Dovecot still answers the STORE with OK, but the next
   * session sees the message unread again, as on a server with a broken or read-only store.
   */
  freezeFlags(email: string, uid: number): Promise<void>;
  /** The server's log so far, for diagnosing a failing test. */
  log(): Promise<string>;
  /**
   * Stops the server (SIGTERM: Dovecot closes every client connection) and starts it again on the
   * same ports with the same mail, as an operator's restart does; resolves once it listens.
   */
  restart(): Promise<void>;
  /** Ends the server (SIGTERM, then SIGKILL after 5 s) and removes its temp dir. Idempotent. */
  stop(): Promise<void>;
}

export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  if (!existsSync(DOVECOT_BINARY)) {
    throw new Error(
      `Dovecot is not installed at ${DOVECOT_BINARY} (apt-get install -y dovecot-imapd)`,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new Error('The Dovecot test harness must run as root (Dovecot accesses mail as nobody)');
  }
  const dir = await mkdtemp(join(tmpdir(), 'replyline-dovecot-'));
  try {
    // mkdtemp makes the dir 0700; Dovecot's mail processes run as nobody and must traverse it.
    await chmod(dir, 0o755);
    const mailRoot = join(dir, 'mail');
    await mkdir(mailRoot, { mode: 0o755 });
    await chown(mailRoot, NOBODY_UID, NOGROUP_GID);
    const cert = await sharedTestCertificate();
    // One passwd-file per user: Dovecot reloads a passwd-file only when its mtime changes, so
    // users appended to one shared file within the same second would stay unknown.
    const usersDir = join(dir, 'users');
    await mkdir(usersDir, { mode: 0o755 });

    // A port can be taken between freePort() and Dovecot's bind: retry with fresh ports.
    for (let attempt = 1; ; attempt++) {
      const plainPort = await freePort();
      const tlsPort = options.withoutTls ? 0 : await freePort();
      const confPath = join(dir, 'dovecot.conf');
      await writeFile(
        confPath,
        dovecotConfig({ dir, mailRoot, usersDir, plainPort, tlsPort, cert, options }),
      );
      const child = spawn(DOVECOT_BINARY, ['-F', '-c', confPath], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const stopWaiting = new AbortController();
      const started = await Promise.race([
        Promise.all(
          [plainPort, tlsPort]
            .filter((port) => port !== 0)
            .map((port) => waitForPort('127.0.0.1', port, 10_000, stopWaiting.signal)),
        ).then(
          () => true,
          () => false,
        ),
        exited.then(() => false),
      ]);
      stopWaiting.abort();
      if (started) {
        return server({
          dir,
          mailRoot,
          usersDir,
          plainPort,
          tlsPort,
          caCert: cert.certPem,
          child,
          exited,
          confPath,
        });
      }
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
      if (attempt >= 3) {
        throw new Error(`Dovecot did not start:\n${output}\n${log}`);
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function dovecotConfig(input: {
  dir: string;
  mailRoot: string;
  usersDir: string;
  plainPort: number;
  tlsPort: number;
  cert: { certPath: string; keyPath: string };
  options: DovecotOptions;
}): string {
  const { dir, mailRoot, usersDir, plainPort, tlsPort, cert, options } = input;
  return `# Generated by test/support/dovecot.ts for one test run
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = replyline-test-${plainPort}
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
${options.withoutTls ? 'ssl = no' : `ssl = yes\nssl_cert = <${cert.certPath}\nssl_key = <${cert.keyPath}`}
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${usersDir}/%Lu
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${mailRoot}/%d/%n
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${plainPort}
  }
${
  options.withoutTls
    ? ''
    : `  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort}
    ssl = yes
  }
`
}}
# Every test connects from 127.0.0.1: without this, each wrong-password test would make later
# logins of all tests wait up to 15 s (Dovecot's per-IP auth penalty). The fixed 2 s delay of a
# failed login stays, as on real servers.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
${capabilityLine(options)}`;
}

function capabilityLine(options: DovecotOptions): string {
  const left = CAPABILITIES.filter(
    (capability) =>
      !(options.withoutMove && capability === 'MOVE') &&
      !(options.withoutIdle && capability === 'IDLE'),
  );
  return left.length < CAPABILITIES.length ? `imap_capability = ${left.join(' ')}\n` : '';
}

function server(input: {
  dir: string;
  mailRoot: string;
  usersDir: string;
  plainPort: number;
  tlsPort: number;
  caCert: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  confPath: string;
}): DovecotServer {
  const { dir, mailRoot, usersDir, plainPort, tlsPort, caCert, confPath } = input;
  let { child, exited } = input;
  /** Files made immutable by freezeFlags; made mutable again before the temp dir is removed. */
  const frozen: string[] = [];
  const host = '127.0.0.1';
  const passwords = new Map<string, string>();
  /** The mtime (whole seconds) last given to each passwd-file, so every change gets a new one. */
  const passwordSeconds = new Map<string, number>();
  let stopped: Promise<void> | undefined;

  /**
   * Stops the master, then what it leaves behind: under `-F`, Dovecot's master exits on SIGTERM
   * but its imap (one per logged-in client), log and stats processes stay, so clients would keep
   * their sessions. A real restart (systemd stops the whole service) ends them all.
   */
  async function shutDown(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const tree = child.pid === undefined ? [] : descendantsOf(child.pid);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    killLeftovers(tree, `replyline-test-${plainPort}/`);
  }

  async function withClient<T>(email: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const password = passwords.get(email);
    if (password === undefined)
      throw new Error(`Unknown Dovecot user ${email}: call addUser first`);
    const client = new ImapFlow({
      host,
      port: plainPort,
      secure: false,
      doSTARTTLS: false,
      auth: { user: email, pass: password },
      logger: false,
    });
    try {
      await client.connect();
    } catch (error) {
      client.close();
      throw error;
    }
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  return {
    host,
    plainPort,
    tlsPort,
    caCert,
    async addUser(email, password) {
      if (!/^[^\s:/]+$/.test(email) || /\n/.test(password)) {
        throw new Error(`Invalid user for passwd-file: ${email}`);
      }
      passwords.set(email, password);
      const file = join(usersDir, email.toLowerCase());
      await writeFile(file, `${email}:{PLAIN}${password}\n`, { mode: 0o644 });
      // Dovecot re-reads a passwd-file when its mtime or size changed, looking at most once a
      // second: a change within the same second as the last one gets the next second's mtime, and
      // this resolves only once Dovecot accepts the new password (a real login), not after a sleep.
      const seconds = Math.max(Math.floor(Date.now() / 1000), (passwordSeconds.get(file) ?? 0) + 1);
      passwordSeconds.set(file, seconds);
      await utimes(file, seconds, seconds);
      await eventually(() => withClient(email, () => Promise.resolve(true)), {
        intervalMs: 100,
      });
    },
    async append(email, folder, raw, appendOptions = {}) {
      return withClient(email, async (client) => {
        if (folder.toUpperCase() !== 'INBOX')
          await client.mailboxCreate(folder).catch(() => undefined);
        const result = await client.append(
          folder,
          raw,
          appendOptions.seen ? ['\\Seen'] : [],
          appendOptions.internalDate,
        );
        if (!result || typeof result.uid !== 'number')
          throw new Error(`APPEND to ${folder} failed`);
        return result.uid;
      });
    },
    async listFolder(email, folder) {
      return withClient(email, async (client) => {
        let lock;
        try {
          lock = await client.getMailboxLock(folder);
        } catch {
          return [];
        }
        try {
          const exists = client.mailbox ? client.mailbox.exists : 0;
          if (!exists) return [];
          const messages = await client.fetchAll(
            '1:*',
            { uid: true, flags: true, internalDate: true, size: true, envelope: true },
            { uid: true },
          );
          return messages
            .map((message) => ({
              uid: message.uid,
              flags: [...(message.flags ?? [])],
              internalDate: new Date(message.internalDate ?? 0),
              size: message.size ?? 0,
              messageId: message.envelope?.messageId,
              subject: message.envelope?.subject,
            }))
            .sort((a, b) => a.uid - b.uid);
        } finally {
          lock.release();
        }
      });
    },
    async restart() {
      await shutDown();
      child = spawn(DOVECOT_BINARY, ['-F', '-c', confPath], { stdio: 'ignore' });
      const current = child;
      exited = new Promise<number | null>((resolve) => current.once('exit', resolve));
      await Promise.all(
        [plainPort, tlsPort]
          .filter((port) => port !== 0)
          .map((port) => waitForPort(host, port, 10_000)),
      );
    },
    async freezeFlags(email, uid) {
      // Selecting the folder moves newly appended mail from new/ to cur/, where flags live.
      await withClient(email, async (client) => {
        await client.mailboxOpen('INBOX');
      });
      const [local, domain] = email.split('@');
      const maildir = join(mailRoot, domain, local, 'Maildir');
      // dovecot-uidlist lines: `<uid> [extension fields] :<file base name>`.
      const uidlist = await readFile(join(maildir, 'dovecot-uidlist'), 'utf8');
      const line = uidlist.split('\n').find((entry) => entry.startsWith(`${uid} `));
      const base = line?.slice(line.indexOf(':') + 1);
      const file =
        base && (await readdir(join(maildir, 'cur'))).find((name) => name.startsWith(base));
      if (!file) throw new Error(`No maildir file for UID ${uid} of ${email}`);
      const path = join(maildir, 'cur', file);
      await run('chattr', ['+i', path]);
      frozen.push(path);
    },
    async log() {
      return readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
    },
    stop() {
      stopped ??= (async () => {
        await shutDown();
        for (const path of frozen) await run('chattr', ['-i', path]).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
