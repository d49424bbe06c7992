import { Injectable } from '@nestjs/common';

export interface TransportHealthSnapshot {
  lastError: { message: string; at: Date; deliveryId: string } | null;
  lastSuccessAt: Date | null;
}

/**
 * The outbound transport's last error and last success, as this process saw them: what
 * `emailServerSettings.outboundTransport` shows an admin wondering whether mail goes out. Kept in
 * memory on purpose: it describes this process's transport (its key, its network), it costs the
 * hot path nothing, and each delivery keeps its own error in the database anyway.
 */
@Injectable()
export class TransportHealth {
  private state: TransportHealthSnapshot = { lastError: null, lastSuccessAt: null };

  recordSuccess(at = new Date()): void {
    this.state = { ...this.state, lastSuccessAt: at };
  }

  recordFailure(deliveryId: string, message: string, at = new Date()): void {
    this.state = { ...this.state, lastError: { message, at, deliveryId } };
  }

  snapshot(): TransportHealthSnapshot {
    return this.state;
  }
}
