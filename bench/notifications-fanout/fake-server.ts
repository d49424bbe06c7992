// The SendGrid fake in its own process, so the benchmark measures the service's CPU and memory,
// not the fake's. Started by fanout.ts over IPC; prints nothing.
import { SendGridFake } from '../../test/support/sendgrid-fake.js';

const fake = await SendGridFake.start({ latencyMs: Number(process.env.FAKE_LATENCY_MS ?? 0) });
process.send?.({ kind: 'ready', baseUrl: fake.baseUrl });
process.on('message', (message: { kind: string }) => {
  if (message.kind === 'count') {
    const sent = fake.sent();
    const ids = new Set(sent.map((request) => request.body?.custom_args?.delivery_id));
    process.send?.({ kind: 'count', accepted: sent.length, distinct: ids.size });
  } else if (message.kind === 'reset') {
    fake.reset();
    process.send?.({ kind: 'reset' });
  }
});
process.on('disconnect', () => {
  void fake.close().then(() => process.exit(0));
});
