import type { INestApplicationContext, LoggerService } from '@nestjs/common';

const CONTEXT = 'Shutdown';

/**
 * SIGTERM and SIGINT stop the service within a bounded grace period: the application closes (the
 * outbox worker finishes the sends in flight, a mailbox run finishes the email in hand, the
 * embedded database stops last), and if that is not done when the period ends the process exits
 * anyway; unfinished work is picked up again on the next start (outbox leases, stored raw mail).
 * One line says that it stopped and why. Further signals while stopping change nothing: under
 * `npm start` a terminal's Ctrl+C reaches the service twice (from the terminal and forwarded by
 * npm), and the grace period already bounds the wait. Nest's own `enableShutdownHooks` waits
 * without limit, which let one stuck query hold a stop for minutes.
 */
export class GracefulShutdown {
  private app: INestApplicationContext | undefined;
  private stopping = false;

  constructor(
    private readonly logger: LoggerService,
    private readonly graceMs: number,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => void this.stop(signal));
    }
  }

  /** The application to close on a signal; a signal before this exits at once. */
  attach(app: INestApplicationContext): void {
    this.app = app;
  }

  private async stop(signal: NodeJS.Signals): Promise<void> {
    if (this.stopping) return;
    if (!this.app) {
      // Nothing runs yet that could finish; exiting stops an embedded database being started.
      this.logger.warn(`Replyline stopped: ${signal} during start-up`, CONTEXT);
      this.exit(1);
      return;
    }
    this.stopping = true;
    const seconds = Math.round(this.graceMs / 1000);
    this.logger.log(
      `${signal} received: finishing work in progress, for at most ${seconds} s`,
      CONTEXT,
    );
    const deadline = setTimeout(() => {
      this.logger.warn(
        `Replyline stopped: ${signal}, with work still running after the ${seconds} s grace ` +
          'period (it is picked up again on the next start)',
        CONTEXT,
      );
      this.exit(1);
    }, this.graceMs);
    try {
      await this.app.close();
      this.logger.log(`Replyline stopped: ${signal}`, CONTEXT);
      this.exit(0);
    } catch (error) {
      this.logger.error(
        `Replyline stopped: ${signal}, and closing failed: ${error instanceof Error ? error.message : String(error)}`,
        CONTEXT,
      );
      this.exit(1);
    } finally {
      clearTimeout(deadline);
    }
  }
}
