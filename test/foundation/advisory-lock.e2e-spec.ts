import { AdvisoryLockService } from '../../src/database/advisory-lock.service.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

describe('advisory locks across replicas (real Postgres)', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp({ databaseUrl: first.databaseUrl, env: { ADMIN_TOKEN: '' } });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('lets one holder at a time take a named lock, in one process or across two', async () => {
    const here = first.app.get(AdvisoryLockService);
    const there = second.app.get(AdvisoryLockService);

    const lock = await here.tryLock('job');
    expect(lock).not.toBeNull();
    expect(await here.tryLock('job')).toBeNull();
    expect(await there.tryLock('job')).toBeNull();
    expect(await there.withLock('job', () => Promise.resolve('ran'))).toEqual({ acquired: false });

    const other = await there.tryLock('another-job');
    expect(other).not.toBeNull();
    await other?.release();

    await lock?.release();
    await lock?.release();
    expect(await there.withLock('job', () => Promise.resolve('ran'))).toEqual({
      acquired: true,
      result: 'ran',
    });
  });

  it('releases the lock when the work throws', async () => {
    const locks = first.app.get(AdvisoryLockService);
    await expect(
      locks.withLock('failing', () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(
      await second.app.get(AdvisoryLockService).withLock('failing', () => Promise.resolve(1)),
    ).toEqual({
      acquired: true,
      result: 1,
    });
  });
});
