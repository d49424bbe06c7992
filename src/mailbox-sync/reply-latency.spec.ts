import { replyLatency } from './reply-latency.js';

const arrival = new Date('2026-03-02T10:00:00Z');
const posted = new Date('2026-03-02T10:03:00Z');

describe('replyLatency', () => {
  it('counts from the Date header when it is plausible', () => {
    expect(replyLatency(new Date('2026-03-02T09:59:00Z'), arrival, posted)).toEqual({
      seconds: 240,
      start: 'date_header',
    });
    // A sender clock a little ahead of the mail server's is still trusted.
    expect(replyLatency(new Date('2026-03-02T10:04:00Z'), arrival, posted)).toEqual({
      seconds: 0,
      start: 'date_header',
    });
  });

  it('counts from the arrival when the Date is missing, invalid, far ahead or days old', () => {
    const fromArrival = { seconds: 180, start: 'arrival' };
    expect(replyLatency(null, arrival, posted)).toEqual(fromArrival);
    expect(replyLatency(new Date('nonsense'), arrival, posted)).toEqual(fromArrival);
    expect(replyLatency(new Date('2026-03-02T11:00:00Z'), arrival, posted)).toEqual(fromArrival);
    expect(replyLatency(new Date('2026-02-01T10:00:00Z'), arrival, posted)).toEqual(fromArrival);
  });
});
