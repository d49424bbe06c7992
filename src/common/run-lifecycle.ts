import { Logger } from '@nestjs/common';
import { Column, IsNull, LessThan } from 'typeorm';
import type { FindOptionsWhere, Repository } from 'typeorm';
import { errorMessage } from './error-message.js';

/**
 * The columns every scheduled job's run row shares (`mailbox_sync_runs`, `archive_runs`): how it
 * was triggered, when it started and finished, and whether it succeeded or why not. Embedded
 * without a prefix (`@Column(() => RunLifecycle, { prefix: false })`), so the columns keep their
 * plain names: trigger, started_at, heartbeat_at, finished_at, succeeded, error.
 */
export class RunLifecycle<Trigger extends string = string> {
  /** SCHEDULED (the job's timer) or MANUAL (an admin's "run now"). */
  @Column({ type: 'varchar' })
  trigger!: Trigger;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  /**
   * The last sign of life of a run in progress, renewed every RUN_HEARTBEAT_MS. A run without
   * one for STALE_RUN_MS died with its process and is closed as interrupted.
   */
  @Column({ type: 'timestamptz' })
  heartbeatAt!: Date;

  /** Null while the run is in progress. */
  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** Null while the run is in progress. */
  @Column({ type: 'boolean', nullable: true })
  succeeded!: boolean | null;

  /** Every problem of a failed run, one a line; null when it succeeded. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** A run that starts now. */
  static start<Trigger extends string>(trigger: Trigger, now = new Date()): RunLifecycle<Trigger> {
    return Object.assign(new RunLifecycle<Trigger>(), {
      trigger,
      startedAt: now,
      heartbeatAt: now,
      finishedAt: null,
      succeeded: null,
      error: null,
    });
  }

  /** Ends the run: it succeeded when nothing went wrong, else its error lists every problem. */
  finish(errors: readonly string[], now = new Date()): void {
    this.finishedAt = now;
    this.heartbeatAt = now;
    this.succeeded = errors.length === 0;
    this.error = errors.length ? errors.join('\n') : null;
  }
}

/** The lifecycle as the flat fields a run's GraphQL type shows. */
export function runLifecycleFields<Trigger extends string>(
  lifecycle: RunLifecycle<Trigger>,
): Pick<
  RunLifecycle<Trigger>,
  'trigger' | 'startedAt' | 'heartbeatAt' | 'finishedAt' | 'succeeded' | 'error'
> {
  const { trigger, startedAt, heartbeatAt, finishedAt, succeeded, error } = lifecycle;
  return { trigger, startedAt, heartbeatAt, finishedAt, succeeded, error };
}

/** How often a run in progress renews its heartbeat. */
export const RUN_HEARTBEAT_MS = 15_000;
/** A run whose heartbeat is older than this stopped with its process: four beats missed. */
export const STALE_RUN_MS = 4 * RUN_HEARTBEAT_MS;

export const INTERRUPTED_RUN_ERROR =
  'Interrupted: the process running it stopped before it finished (no heartbeat since the time shown)';

/** A table of runs: rows with an id and an embedded lifecycle. */
type RunRepository = Repository<{ id: string; lifecycle: RunLifecycle }>;

/**
 * Renews the heartbeat of run `id` every `intervalMs` until stopped. Failing to write it only
 * costs the run its "alive" status after STALE_RUN_MS, so errors are logged, never thrown.
 */
export function startHeartbeat(
  runs: RunRepository,
  id: string,
  intervalMs = RUN_HEARTBEAT_MS,
): { stop(): void } {
  const beat = () => {
    runs
      .update(
        { id, lifecycle: { finishedAt: IsNull() } },
        { lifecycle: { heartbeatAt: new Date() } },
      )
      .catch((error: unknown) => {
        new Logger('RunHeartbeat').warn(
          `Run ${id}: heartbeat not recorded: ${errorMessage(error)}`,
        );
      });
  };
  const timer = setInterval(beat, intervalMs);
  // A heartbeat never keeps a process alive that has nothing else to do.
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * Closes runs left open by a process that died: with `staleBefore`, those whose last heartbeat is
 * older; without it, every open run (for a caller holding the job's lock, where no other run can
 * be alive). They end unsuccessful, finished at their last heartbeat. Returns how many.
 */
export async function closeInterruptedRuns(
  runs: RunRepository,
  staleBefore?: Date,
): Promise<number> {
  const where = {
    lifecycle: {
      finishedAt: IsNull(),
      ...(staleBefore ? { heartbeatAt: LessThan(staleBefore) } : {}),
    },
  } as FindOptionsWhere<{ id: string; lifecycle: RunLifecycle }>;
  const open = await runs.find({ where, select: { id: true, lifecycle: { heartbeatAt: true } } });
  for (const run of open) {
    await runs.update(
      { id: run.id, lifecycle: { finishedAt: IsNull() } },
      {
        lifecycle: {
          finishedAt: run.lifecycle.heartbeatAt,
          succeeded: false,
          error: INTERRUPTED_RUN_ERROR,
        },
      },
    );
  }
  return open.length;
}
