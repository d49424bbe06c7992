import { Column } from 'typeorm';

/**
 * The columns every scheduled job's run row shares (`mailbox_sync_runs`, `archive_runs`): how it
 * was triggered, when it started and finished, and whether it succeeded or why not. Embedded
 * without a prefix (`@Column(() => RunLifecycle, { prefix: false })`), so the columns keep their
 * plain names: trigger, started_at, finished_at, succeeded, error.
 */
export class RunLifecycle<Trigger extends string = string> {
  /** SCHEDULED (the job's timer) or MANUAL (an admin's "run now"). */
  @Column({ type: 'varchar' })
  trigger!: Trigger;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

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
      finishedAt: null,
      succeeded: null,
      error: null,
    });
  }

  /** Ends the run: it succeeded when nothing went wrong, else its error lists every problem. */
  finish(errors: readonly string[], now = new Date()): void {
    this.finishedAt = now;
    this.succeeded = errors.length === 0;
    this.error = errors.length ? errors.join('\n') : null;
  }
}

/** The lifecycle as the flat fields a run's GraphQL type shows. */
export function runLifecycleFields<Trigger extends string>(
  lifecycle: RunLifecycle<Trigger>,
): Pick<RunLifecycle<Trigger>, 'trigger' | 'startedAt' | 'finishedAt' | 'succeeded' | 'error'> {
  const { trigger, startedAt, finishedAt, succeeded, error } = lifecycle;
  return { trigger, startedAt, finishedAt, succeeded, error };
}
