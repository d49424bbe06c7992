// Embedded PostgreSQL start-up and memory: first start (initdb + start) and restart of the server
// alone, the same for the whole service (`node dist/main.js` until /health/ready answers 200),
// and the server's memory (RSS summed over its processes, and PSS, which counts shared memory
// once). Build first: `npm run build && node bench/embedded-start/run.mjs [--runs=N]`.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const { EmbeddedPostgres } = await import('../../dist/src/database/embedded-postgres.js');
const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const runs = Number(process.argv.find((arg) => arg.startsWith('--runs='))?.slice(7) ?? 5);
const quiet = () => undefined;

function dataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'replyline-embedded-start-'));
  chmodSync(dir, 0o755); // under root the server's OS user must enter it
  return dir;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** kB of VmRSS summed over the postmaster and its children, and their summed Pss. */
function memoryOf(postmaster) {
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster)
        pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  let rss = 0;
  let pss = 0;
  let processes = 0;
  for (const pid of pids) {
    const field = (file, name) =>
      Number(
        new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(
          readFileSync(`/proc/${pid}/${file}`, 'utf8'),
        )?.[1] ?? 0,
      );
    try {
      const [pidRss, pidPss] = [field('status', 'VmRSS'), field('smaps_rollup', 'Pss')];
      rss += pidRss;
      pss += pidPss;
      processes += 1;
    } catch {
      // a short-lived child (the start-up process) that has just exited
    }
  }
  return { processes, rssMb: rss / 1024, pssMb: pss / 1024 };
}

async function serverAlone() {
  const first = [];
  const restart = [];
  let memory;
  for (let i = 0; i < runs; i += 1) {
    const dir = dataDir();
    try {
      let started = performance.now();
      let server = await EmbeddedPostgres.start({ dataDir: dir, maxConnections: 40, onLog: quiet });
      first.push(performance.now() - started);
      await server.stop();
      started = performance.now();
      server = await EmbeddedPostgres.start({ dataDir: dir, maxConnections: 40, onLog: quiet });
      restart.push(performance.now() - started);
      memory ??= memoryOf(server.pid);
      await server.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { first, restart, memory };
}

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function bootService(dir) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode})`);
    try {
      if ((await globalThis.fetch(`http://127.0.0.1:${port}/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  return { child, ms: performance.now() - started };
}

async function stopService(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function wholeService() {
  const first = [];
  const restart = [];
  let memory;
  for (let i = 0; i < runs; i += 1) {
    const dir = dataDir();
    try {
      let service = await bootService(dir);
      first.push(service.ms);
      await stopService(service.child);
      service = await bootService(dir);
      restart.push(service.ms);
      const postmaster = Number(
        readFileSync(join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0],
      );
      memory ??= memoryOf(postmaster);
      await stopService(service.child);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { first, restart, memory };
}

const fmt = (values) =>
  `${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
const alone = await serverAlone();
const service = await wholeService();
console.log(`runs: ${runs}, median (min, max)`);
console.log(`embedded server, first start (initdb + start): ${fmt(alone.first)}`);
console.log(`embedded server, restart:                      ${fmt(alone.restart)}`);
console.log(`service to /health/ready, first start:        ${fmt(service.first)}`);
console.log(`service to /health/ready, restart:            ${fmt(service.restart)}`);
const mem = (m) =>
  `${m.processes} processes, RSS ${m.rssMb.toFixed(1)} MB summed, PSS ${m.pssMb.toFixed(1)} MB`;
console.log(`server memory, idle, no clients:               ${mem(alone.memory)}`);
console.log(`server memory, with the service connected:     ${mem(service.memory)}`);
