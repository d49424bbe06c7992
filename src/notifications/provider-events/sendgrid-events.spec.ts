import { EventPostError, parseSendGridPost } from './sendgrid-events.js';

const DELIVERY = '6f1d2a8e-0000-4000-8000-000000000001';

function post(...events: Array<Record<string, unknown>>): Buffer {
  return Buffer.from(JSON.stringify(events));
}

function event(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    email: 'ada@example.com',
    timestamp: 1764550000,
    sg_event_id: `id-${String(fields.event)}`,
    sg_message_id: 'abc123.filterdrecv-1',
    delivery_id: DELIVERY,
    ...fields,
  };
}

describe('parseSendGridPost', () => {
  it('reads each delivery event with its verdict and the reason the admin reads', () => {
    const { events } = parseSendGridPost(
      post(
        event({ event: 'processed' }),
        event({ event: 'deferred', response: '451 4.7.1 Try later', attempt: '2' }),
        event({ event: 'delivered', response: '250 OK' }),
        event({ event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 No such user' }),
        event({
          event: 'bounce',
          type: 'blocked',
          status: '5.7.1',
          reason: '554 Spam',
          sg_event_id: 'id-blocked',
        }),
        event({ event: 'dropped', reason: 'Bounced Address' }),
        event({ event: 'spamreport' }),
      ),
    );
    expect(events.map((e) => [e.event, e.verdict?.status ?? null, e.detail])).toEqual([
      ['processed', null, null],
      ['deferred', 'DEFERRED', 'Deferred (attempt 2): 451 4.7.1 Try later'],
      ['delivered', 'DELIVERED', 'Delivered: 250 OK'],
      ['bounce', 'BOUNCED', 'Bounced (5.1.1): 550 No such user'],
      ['bounce', 'BOUNCED', 'Blocked (5.7.1): 554 Spam'],
      ['dropped', 'DROPPED', 'Dropped by SendGrid: Bounced Address'],
      ['spamreport', 'SPAM_REPORT', 'The recipient marked the email as spam'],
    ]);
    expect(events[1]).toMatchObject({
      deliveryId: DELIVERY,
      attempt: 2,
      occurredAt: new Date(1764550000 * 1000),
      providerMessageId: 'abc123.filterdrecv-1',
    });
  });

  it('counts foreign, engagement, malformed and repeated events apart', () => {
    const result = parseSendGridPost(
      post(
        event({ event: 'delivered' }),
        event({ event: 'delivered' }),
        event({ event: 'open' }),
        event({ event: 'delivered', delivery_id: undefined, sg_event_id: 'x' }),
        event({ event: 'delivered', delivery_id: 'not-a-uuid', sg_event_id: 'y' }),
        event({ event: 'delivered', timestamp: 'soon', sg_event_id: 'z' }),
      ),
    );
    expect(result.events).toHaveLength(1);
    expect(result).toMatchObject({ foreign: 2, ignored: 3 });
  });

  it('refuses a body that is not a JSON array', () => {
    expect(() => parseSendGridPost(Buffer.from('{'))).toThrow(EventPostError);
    expect(() => parseSendGridPost(Buffer.from('{"event":"delivered"}'))).toThrow(
      'The body is not a JSON array of events',
    );
  });
});
