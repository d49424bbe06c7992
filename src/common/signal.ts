import { Logger } from '@nestjs/common';
import { errorMessage } from './error-message.js';

/**
 * A typed in-process announcement: a component says what it just finished (a delivery pass, a
 * sync tick) and whoever cares (metrics, an operator's tooling, a test waiting for "the next
 * pass") listens, without the component knowing them. Listeners run synchronously, in order; one
 * that throws is logged and never stops the component or the other listeners.
 */
export class Signal<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly name: string) {}

  /** Returns the function that stops listening. */
  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        Logger.error(`A listener of ${this.name} failed: ${errorMessage(error)}`, 'Signal');
      }
    }
  }
}
