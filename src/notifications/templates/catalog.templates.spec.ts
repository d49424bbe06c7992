import {
  renderDownloadFailed,
  renderDownloadReady,
  renderScheduledJobStatus,
  renderScheduledQueryFailed,
  renderScheduledQuerySucceeded,
  renderSubscriptionEvent,
  renderSystemHealth,
} from './catalog.templates.js';
import { CatalogLinks } from '../catalog-links.js';
import type { NotificationType } from '../notification-type.js';
import { subjectLine } from './rendering.js';

const links = new CatalogLinks('https://catalog.example.com');
const context = (type: NotificationType) => links.contextFor(type, { recipientName: 'Ada' });

describe('catalog notification emails', () => {
  it('download ready: subject, escaped name, link under PUBLIC_URL', () => {
    const email = renderDownloadReady(
      { exportId: 'exp-1', exportName: 'Q3 <sales>' },
      context('notify_on_download_ready'),
    );
    expect(email.subject).toBe('Your data export "Q3 <sales>" is ready for download');
    expect(email.text).toContain('Download: https://catalog.example.com/exports/exp-1');
    expect(email.html).toContain('Q3 &lt;sales&gt;');
    expect(email.html).not.toContain('<sales>');
  });

  it('download failed: gives the reason when there is one', () => {
    const email = renderDownloadFailed(
      { exportId: 'exp-2', exportName: 'Q3', reason: 'Query timed out' },
      context('notify_on_download_failed'),
    );
    expect(email.subject).toBe('Your data export "Q3" failed');
    expect(email.text).toContain('> Query timed out');
  });

  it('scheduled query succeeded and failed', () => {
    const ok = renderScheduledQuerySucceeded(
      { queryId: 'q1', queryName: 'Daily', rowCount: 12 },
      context('scheduled_query_succeeded'),
    );
    expect(ok.subject).toBe('Scheduled query "Daily" succeeded');
    expect(ok.text).toContain('returned 12 rows');
    expect(ok.text).toContain('https://catalog.example.com/queries/q1');
    const failed = renderScheduledQueryFailed(
      { queryId: 'q1', queryName: 'Daily', error: 'x < y' },
      context('scheduled_query_failed'),
    );
    expect(failed.subject).toBe('Scheduled query "Daily" failed');
    expect(failed.html).toContain('x &lt; y');
  });

  it('system health and scheduled job status', () => {
    expect(
      renderSystemHealth(
        { status: 'degraded', summary: 'Search is slow' },
        context('system_health'),
      ).subject,
    ).toBe('System health: degraded - Search is slow');
    expect(
      renderScheduledJobStatus(
        { jobName: 'Nightly sync', status: 'failed' },
        context('scheduled_job_status'),
      ).subject,
    ).toBe('Scheduled job "Nightly sync": failed');
  });

  it('subscription event: title as subject, object link and why the user gets it', () => {
    const email = renderSubscriptionEvent(
      {
        eventType: 'table_updated',
        title: 'sales.orders was updated',
        message: 'Two columns added',
      },
      links.contextFor('subscription_event', { recipientName: 'Ada', objectRef: 'table:42' }),
    );
    expect(email.subject).toBe('sales.orders was updated');
    expect(email.text).toContain('https://catalog.example.com/catalog/table%3A42');
    expect(email.text).toContain('subscribed to table_updated events on table:42');
    expect(email.text).toContain('https://catalog.example.com/profile/subscriptions');
  });

  it('every email has both parts, and the HTML is a whole document', () => {
    const email = renderDownloadReady(
      { exportId: 'e', exportName: 'n' },
      links.contextFor('notify_on_download_ready'),
    );
    expect(email.text).toContain('Hi,');
    expect(email.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(email.html.endsWith('</html>')).toBe(true);
  });
});

describe('subjectLine', () => {
  it('cuts long subjects with an ellipsis', () => {
    const subject = subjectLine('x'.repeat(500));
    expect(subject).toHaveLength(200);
    expect(subject.endsWith('…')).toBe(true);
  });
});
