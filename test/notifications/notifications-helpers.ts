import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually.js';
import type { RecordedRequest, SendGridFake } from '../support/sendgrid-fake.js';
import type { TestApp } from '../support/test-app.js';

export const PUBLISH_EVENT = `
  mutation Publish($input: PublishEventInput!) {
    publishEvent(input: $input) { type recipientCount suppressedCount deliveryIds }
  }`;

export interface PublishedEvent {
  publishEvent: {
    type: string;
    recipientCount: number;
    suppressedCount: number;
    deliveryIds: string[];
  };
}

export interface DeliveryRow {
  id: string;
  type: string;
  recipient_email: string;
  subject: string;
  status: 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'SUPPRESSED';
  suppression_reason: string | null;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  transport: string | null;
  sent_at: Date | null;
}

/** Publishes through GraphQL and fails the test on any error. */
export async function publish(
  t: TestApp,
  token: string,
  input: Record<string, unknown>,
): Promise<PublishedEvent['publishEvent']> {
  const { data, errors } = await t.gql<PublishedEvent>(PUBLISH_EVENT, { input }, token);
  if (errors) throw new Error(`publishEvent failed: ${JSON.stringify(errors)}`);
  return (data as PublishedEvent).publishEvent;
}

export async function deliveryRows(t: TestApp, ids: string[]): Promise<DeliveryRow[]> {
  return t.app.get(DataSource).query<DeliveryRow[]>(
    `SELECT id, type, recipient_email, subject, status, suppression_reason, attempts, last_error,
         provider_message_id, transport, sent_at
       FROM email_deliveries WHERE id = ANY($1::uuid[]) ORDER BY recipient_email`,
    [ids],
  );
}

/** Waits until every row is in a final state, and returns them. */
export async function waitForFinal(
  t: TestApp,
  ids: string[],
  timeoutMs = 15_000,
): Promise<DeliveryRow[]> {
  return eventually(
    async () => {
      const rows = await deliveryRows(t, ids);
      if (rows.length !== ids.length || !rows.every((row) => FINAL.has(row.status))) {
        throw new Error(
          `Deliveries not final: ${JSON.stringify(rows.map((row) => [row.status, row.attempts, row.last_error]))}`,
        );
      }
      return rows;
    },
    { timeoutMs, intervalMs: 50 },
  );
}

const FINAL = new Set(['SENT', 'FAILED', 'SUPPRESSED']);

export function deliveryIdOf(request: RecordedRequest): string | undefined {
  return request.body?.custom_args?.delivery_id;
}

/** Every request the fake received for one delivery, in arrival order. */
export function requestsFor(fake: SendGridFake, deliveryId: string): RecordedRequest[] {
  return fake.requests().filter((request) => deliveryIdOf(request) === deliveryId);
}

/** The one accepted request for a delivery; fails if there is none or more than one. */
export function sentRequestFor(fake: SendGridFake, deliveryId: string): RecordedRequest {
  const accepted = fake.sent().filter((request) => deliveryIdOf(request) === deliveryId);
  if (accepted.length !== 1) {
    throw new Error(`expected one accepted request for ${deliveryId}, got ${accepted.length}`);
  }
  return accepted[0];
}

export function contentOf(request: RecordedRequest, type: 'text/plain' | 'text/html'): string {
  return request.body?.content?.find((block) => block.type === type)?.value ?? '';
}

/** Counts how many times the fake received each delivery id (accepted or not). */
export function countByDeliveryId(requests: RecordedRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const id = deliveryIdOf(request);
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
