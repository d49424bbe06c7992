import { RunLifecycle, runLifecycleFields, startHeartbeat } from './run-lifecycle.js';

describe('RunLifecycle', () => {
  const startedAt = new Date('2026-12-06T00:00:00Z');
  const finishedAt = new Date('2026-12-06T00:01:00Z');

  it('starts in progress: neither finished nor judged', () => {
    expect(runLifecycleFields(RunLifecycle.start('MANUAL', startedAt))).toEqual({
      trigger: 'MANUAL',
      startedAt,
      heartbeatAt: startedAt,
      finishedAt: null,
      succeeded: null,
      error: null,
    });
  });

  it('succeeds when it finishes without problems', () => {
    const run = RunLifecycle.start('SCHEDULED', startedAt);
    run.finish([], finishedAt);
    expect(run).toMatchObject({
      finishedAt,
      heartbeatAt: finishedAt,
      succeeded: true,
      error: null,
    });
  });

  it('fails with every problem, one a line', () => {
    const run = RunLifecycle.start('SCHEDULED', startedAt);
    run.finish(['Could not open the mailbox: timed out', 'Purging failed'], finishedAt);
    expect(run).toMatchObject({
      finishedAt,
      succeeded: false,
      error: 'Could not open the mailbox: timed out\nPurging failed',
    });
  });
});

describe('startHeartbeat', () => {
  it('renews the heartbeat of the run while it is unfinished, until stopped', async () => {
    const beats: unknown[][] = [];
    let beaten: () => void = () => undefined;
    const firstBeat = new Promise<void>((resolve) => {
      beaten = resolve;
    });
    const runs = {
      update: (...args: unknown[]) => {
        beats.push(args);
        beaten();
        return Promise.reject(new Error('database down'));
      },
    };
    const heartbeat = startHeartbeat(
      runs as unknown as Parameters<typeof startHeartbeat>[0],
      'run-1',
      5,
    );
    // The write fails: that is logged, never thrown (an unhandled rejection would end the run).
    await firstBeat;
    heartbeat.stop();
    expect(beats[0]).toEqual([
      { id: 'run-1', lifecycle: { finishedAt: expect.anything() as unknown } },
      { lifecycle: { heartbeatAt: expect.any(Date) as unknown } },
    ]);
  });
});
