import { METRIC_NAMES } from './metric-names.js';
import { Metrics } from './metrics.js';

/** The value of `name{labels}` in the text exposition, or undefined when absent. */
function valueOf(text: string, name: string, labels = ''): number | undefined {
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('Metrics', () => {
  it('registers every name of METRIC_NAMES and the process metrics', async () => {
    const metrics = new Metrics();
    const names = (await metrics.registry.getMetricsAsJSON()).map((metric) => metric.name);
    expect(names).toEqual(expect.arrayContaining(Object.values(METRIC_NAMES)));
    expect(names).toEqual(
      expect.arrayContaining(['process_cpu_seconds_total', 'nodejs_heap_size_used_bytes']),
    );
  });

  it('counts what the modules report, with their labels', async () => {
    const metrics = new Metrics();
    metrics.countDelivery('conversation_mention', 'sent');
    metrics.countDelivery('conversation_mention', 'sent', 2);
    metrics.countDelivery('system_health', 'suppressed', 0);
    metrics.countSendGridResponse(202);
    metrics.countSendGridResponse('network');
    metrics.countIncomingEmail('REJECTED', 'EMPTY_REPLY');
    metrics.recordJobRun('mailbox_sync', {
      trigger: 'MANUAL',
      startedAt: new Date('2026-01-01T00:00:00.000Z'),
      finishedAt: new Date('2026-01-01T00:00:01.500Z'),
      succeeded: false,
    });
    metrics.observeReplyLatency(42, 'date_header');
    metrics.setMailboxListenerConnected(true);
    metrics.setOutboxDepth({ pending: 7, sending: 2, oldestAgeSeconds: 90 });
    const text = await metrics.scrape();
    expect(
      valueOf(text, METRIC_NAMES.emailDeliveries, 'type="conversation_mention",status="sent"'),
    ).toBe(3);
    expect(text).not.toContain('type="system_health"');
    expect(valueOf(text, METRIC_NAMES.sendGridResponses, 'code="202"')).toBe(1);
    expect(valueOf(text, METRIC_NAMES.sendGridResponses, 'code="network"')).toBe(1);
    expect(
      valueOf(text, METRIC_NAMES.incomingEmails, 'status="rejected",reason="EMPTY_REPLY"'),
    ).toBe(1);
    expect(
      valueOf(text, METRIC_NAMES.jobRuns, 'job="mailbox_sync",trigger="manual",outcome="failed"'),
    ).toBe(1);
    expect(
      valueOf(text, `${METRIC_NAMES.jobRunDuration}_sum`, 'job="mailbox_sync",outcome="failed"'),
    ).toBe(1.5);
    expect(valueOf(text, `${METRIC_NAMES.replyLatency}_count`, 'start="date_header"')).toBe(1);
    expect(valueOf(text, METRIC_NAMES.mailboxListenerConnected)).toBe(1);
    expect(valueOf(text, METRIC_NAMES.outboxEmails, 'state="pending"')).toBe(7);
    expect(valueOf(text, METRIC_NAMES.outboxOldestEmailAge)).toBe(90);
  });

  it('runs I/O-backed reads once for a storm of concurrent scrapes, and again only after the interval', async () => {
    let now = 0;
    const metrics = new Metrics({ refreshIntervalMs: 5_000, now: () => now });
    let reads = 0;
    let release: () => void = () => undefined;
    metrics.onScrape(async () => {
      reads += 1;
      await new Promise<void>((resolve) => (release = resolve));
      metrics.setOutboxDepth({ pending: reads, sending: 0, oldestAgeSeconds: null });
    });
    const storm = Array.from({ length: 50 }, () => metrics.scrape());
    release();
    const answers = await Promise.all(storm);
    expect(reads).toBe(1);
    for (const text of answers)
      expect(valueOf(text, METRIC_NAMES.outboxEmails, 'state="pending"')).toBe(1);

    now = 4_999;
    await metrics.scrape();
    expect(reads).toBe(1);
    now = 5_001;
    const later = metrics.scrape();
    release();
    expect(valueOf(await later, METRIC_NAMES.outboxEmails, 'state="pending"')).toBe(2);
    expect(reads).toBe(2);
  });

  it('keeps the last values when a read fails, and still answers', async () => {
    const metrics = new Metrics({ refreshIntervalMs: 0 });
    metrics.setOutboxDepth({ pending: 3, sending: 1, oldestAgeSeconds: 10 });
    metrics.onScrape(() => Promise.reject(new Error('database is down')));
    const text = await metrics.scrape();
    expect(valueOf(text, METRIC_NAMES.outboxEmails, 'state="pending"')).toBe(3);
  });
});
