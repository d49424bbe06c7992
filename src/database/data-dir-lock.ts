import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedDatabaseError } from './embedded-database.error.js';

export class DataDirectoryInUseError extends EmbeddedDatabaseError {
  constructor(dataDir: string, pid: number) {
    super(
      `The data folder ${dataDir} is in use by another Replyline process (pid ${pid}). ` +
        'Stop that process first, or point DATA_DIR at another folder.',
    );
    this.name = 'DataDirectoryInUseError';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it still holds the folder.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock on a data folder, held for the life of the process. PostgreSQL's own
 * postmaster.pid keeps a second server off the cluster, but two Replyline processes would still
 * share the generated secrets key and the mail sink, and the second would take the first one's
 * running server for an orphan to stop. A lock left by a process that died (kill -9) is taken over.
 */
export class DataDirectoryLock {
  private constructor(private readonly path: string) {}

  static acquire(dataDir: string): DataDirectoryLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'replyline.lock');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new DataDirectoryLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
        if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
          throw new DataDirectoryInUseError(dataDir, holder);
        }
        rmSync(path, { force: true });
      }
    }
    throw new Error(`Could not lock the data folder ${dataDir}`);
  }

  release(): void {
    rmSync(this.path, { force: true });
  }
}
