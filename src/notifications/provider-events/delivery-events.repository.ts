import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rowsOf } from '../../common/query-result.js';
import { PROVIDER_STATUS_RANK } from '../provider-status.enum.js';
import type { SendGridEvent } from './sendgrid-events.js';

export type DeliveryEventSource = 'TRANSPORT' | 'SENDGRID';

/** One line of a delivery's history. */
export interface DeliveryEventRow {
  deliveryId: string;
  source: DeliveryEventSource;
  event: string;
  occurredAt: Date;
  receivedAt: Date;
  attempt: number | null;
  detail: string | null;
  providerMessageId: string | null;
}

/** How a batch of provider events landed. */
export interface RecordedBatch {
  /** Events naming a delivery that exists. */
  matched: number;
  /** Of those, recorded now (the rest were already recorded: repeats). */
  recorded: number;
  /** Deliveries whose verdict changed. */
  verdictsChanged: number;
}

// The stored verdict's rank, in SQL, from the same table the events are ranked with.
const STORED_RANK = `CASE d.provider_status ${Object.entries(PROVIDER_STATUS_RANK)
  .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
  .join(' ')} END`;

/**
 * `email_delivery_events` (the transport's and SendGrid's answers, per delivery) and the provider
 * verdict columns of `email_deliveries` it drives. Each statement takes a whole batch (arrays
 * through `unnest`), so a webhook post of a thousand events is three statements.
 */
@Injectable()
export class DeliveryEventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records the events that name an existing delivery, each once (by sg_event_id), and moves each
   * delivery's verdict forward by rank, time and id: the same batch in any order, or twice, ends
   * in the same state.
   */
  async recordProviderEvents(events: SendGridEvent[]): Promise<RecordedBatch> {
    if (events.length === 0) return { matched: 0, recorded: 0, verdictsChanged: 0 };
    return this.dataSource.transaction(async (manager) => {
      const counts = rowsOf<{ matched: string; recorded: string }>(
        await manager.query(
          `WITH e AS (
             SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::timestamptz[], $4::int[],
               $5::text[], $6::varchar[], $7::varchar[])
               AS e(delivery_id, event, occurred_at, attempt, detail, provider_message_id, provider_event_id)
           ), matched AS (
             SELECT e.* FROM e JOIN email_deliveries d ON d.id = e.delivery_id
           ), inserted AS (
             INSERT INTO email_delivery_events
               (delivery_id, source, event, occurred_at, attempt, detail, provider_message_id, provider_event_id)
             SELECT delivery_id, 'SENDGRID', event, occurred_at, attempt, detail, provider_message_id,
               provider_event_id
             FROM matched
             ON CONFLICT (provider_event_id) WHERE provider_event_id IS NOT NULL DO NOTHING
             RETURNING 1
           )
           SELECT (SELECT count(*) FROM matched) AS matched, (SELECT count(*) FROM inserted) AS recorded`,
          [
            events.map((event) => event.deliveryId),
            events.map((event) => event.event),
            events.map((event) => event.occurredAt),
            events.map((event) => event.attempt),
            events.map((event) => event.detail),
            events.map((event) => event.providerMessageId),
            events.map((event) => event.eventId),
          ],
        ),
      )[0];
      const verdicts = events.filter((event) => event.verdict);
      const changed = verdicts.length
        ? rowsOf<{ id: string }>(
            await manager.query(
              `WITH v AS (
                 SELECT * FROM unnest($1::uuid[], $2::email_provider_status[], $3::int[],
                   $4::timestamptz[], $5::varchar[], $6::text[])
                   AS v(delivery_id, status, rank, at, event_id, reason)
               ), best AS (
                 SELECT DISTINCT ON (delivery_id) * FROM v
                 ORDER BY delivery_id, rank DESC, at DESC, event_id DESC
               )
               UPDATE email_deliveries d SET provider_status = best.status,
                 provider_status_reason = best.reason, provider_status_at = best.at,
                 provider_status_event_id = best.event_id
               FROM best
               WHERE d.id = best.delivery_id AND (d.provider_status IS NULL
                 OR (${STORED_RANK}, d.provider_status_at, d.provider_status_event_id)
                    < (best.rank, best.at, best.event_id))
               RETURNING d.id`,
              [
                verdicts.map((event) => event.deliveryId),
                verdicts.map((event) => event.verdict?.status),
                verdicts.map((event) => event.verdict?.rank),
                verdicts.map((event) => event.occurredAt),
                verdicts.map((event) => event.eventId),
                verdicts.map((event) => event.detail),
              ],
            ),
          ).length
        : 0;
      return {
        matched: Number(counts?.matched ?? 0),
        recorded: Number(counts?.recorded ?? 0),
        verdictsChanged: changed,
      };
    });
  }

  /** The history of each delivery, oldest first, for many deliveries in one query. */
  async historyOf(deliveryIds: readonly string[]): Promise<Map<string, DeliveryEventRow[]>> {
    const rows = await this.dataSource.query<
      Array<{
        delivery_id: string;
        source: DeliveryEventSource;
        event: string;
        occurred_at: Date;
        received_at: Date;
        attempt: number | null;
        detail: string | null;
        provider_message_id: string | null;
      }>
    >(
      `SELECT delivery_id, source, event, occurred_at, received_at, attempt, detail, provider_message_id
       FROM email_delivery_events WHERE delivery_id = ANY($1::uuid[])
       ORDER BY delivery_id, occurred_at, id`,
      [deliveryIds],
    );
    const history = new Map<string, DeliveryEventRow[]>();
    for (const row of rows) {
      const list = history.get(row.delivery_id) ?? [];
      list.push({
        deliveryId: row.delivery_id,
        source: row.source,
        event: row.event,
        occurredAt: row.occurred_at,
        receivedAt: row.received_at,
        attempt: row.attempt,
        detail: row.detail,
        providerMessageId: row.provider_message_id,
      });
      history.set(row.delivery_id, list);
    }
    return history;
  }
}
