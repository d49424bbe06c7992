import type { INestApplication } from '@nestjs/common';
import type { Signal } from '../../src/common/signal.js';
import type { MailboxSyncTick } from '../../src/mailbox-sync/mailbox-sync.scheduler.js';
import { MailboxSyncScheduler } from '../../src/mailbox-sync/mailbox-sync.scheduler.js';
import type { DeliveryPass } from '../../src/notifications/delivery.worker.js';
import { DeliveryWorker } from '../../src/notifications/delivery.worker.js';

/**
 * Resolves with the next value `signal` announces that `accept` takes. A safety net rejects after
 * `timeoutMs` with a message that names what never came, rather than a bare test timeout.
 */
export function nextOf<T>(
  signal: Signal<T>,
  what: string,
  accept: (value: T) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`No ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = signal.subscribe((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      stop();
      resolve(value);
    });
  });
}

/**
 * Wakes the app's delivery worker and resolves with its first claim pass that started after this
 * call: once it is here, the worker has looked at the outbox as it is now. "Nothing was sent" is
 * asserted after this, never after a sleep.
 */
export function nextDeliveryPass(app: INestApplication): Promise<DeliveryPass> {
  const worker = app.get(DeliveryWorker);
  const startedBefore = worker.passesStarted;
  const pass = nextOf(
    worker.passes,
    'delivery worker pass',
    (candidate) => candidate.number > startedBefore,
  );
  worker.wake();
  return pass;
}

/** Resolves with the mailbox sync scheduler's next finished tick (its timer must be on). */
export function nextSyncTick(app: INestApplication): Promise<MailboxSyncTick> {
  return nextOf(app.get(MailboxSyncScheduler).ticks, 'mailbox sync tick');
}
