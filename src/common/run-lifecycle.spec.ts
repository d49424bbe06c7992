import { RunLifecycle, runLifecycleFields } from './run-lifecycle.js';

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
