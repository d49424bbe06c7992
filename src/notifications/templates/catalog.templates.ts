import type { Block, RenderedEmail, TemplateContext } from './rendering.js';
import { button, compose, escapeHtml, greeting, link, paragraph, quote } from './rendering.js';

// Paths of the catalog's frontend that the emails link to, all under PUBLIC_URL.
const SUBSCRIPTIONS_PATH = ['profile', 'subscriptions'];

export interface SubscriptionEventPayload {
  /** The event type users subscribe to, e.g. `table_updated`. */
  eventType: string;
  /** One line saying what happened; it is the subject. */
  title: string;
  message?: string;
}

export interface DownloadReadyPayload {
  exportId: string;
  exportName: string;
  expiresAt?: string;
}

export interface DownloadFailedPayload {
  exportId: string;
  exportName: string;
  reason?: string;
}

export interface ScheduledQuerySucceededPayload {
  queryId: string;
  queryName: string;
  rowCount?: number;
}

export interface ScheduledQueryFailedPayload {
  queryId: string;
  queryName: string;
  error?: string;
}

export interface SystemHealthPayload {
  /** e.g. `degraded`, `down`, `recovered`. */
  status: string;
  summary: string;
  details?: string;
}

export interface ScheduledJobStatusPayload {
  jobName: string;
  /** e.g. `succeeded`, `failed`, `skipped`. */
  status: string;
  details?: string;
}

export function renderSubscriptionEvent(
  payload: SubscriptionEventPayload,
  context: TemplateContext,
): RenderedEmail {
  const blocks: Block[] = [paragraph(greeting(context)), paragraph(payload.title)];
  if (payload.message) blocks.push(quote(payload.message));
  if (context.objectRef)
    blocks.push(
      button('Open in the catalog', link(context.publicUrl, 'catalog', context.objectRef)),
    );
  const manage = link(context.publicUrl, ...SUBSCRIPTIONS_PATH);
  const what = context.objectRef
    ? `${payload.eventType} events on ${context.objectRef}`
    : `${payload.eventType} events`;
  return compose(payload.title, blocks, {
    text: `You receive this because you subscribed to ${what}. Manage your subscriptions: ${manage}`,
    html: `You receive this because you subscribed to ${escapeHtml(what)}. <a href="${escapeHtml(manage)}">Manage your subscriptions</a>`,
  });
}

export function renderDownloadReady(
  payload: DownloadReadyPayload,
  context: TemplateContext,
): RenderedEmail {
  const blocks = [
    paragraph(greeting(context)),
    paragraph(`Your data export ${payload.exportName} is ready for download.`),
    button('Download', link(context.publicUrl, 'exports', payload.exportId)),
  ];
  if (payload.expiresAt)
    blocks.push(paragraph(`The file is available until ${payload.expiresAt}.`));
  return compose(`Your data export "${payload.exportName}" is ready for download`, blocks);
}

export function renderDownloadFailed(
  payload: DownloadFailedPayload,
  context: TemplateContext,
): RenderedEmail {
  const blocks = [
    paragraph(greeting(context)),
    paragraph(`Your data export ${payload.exportName} failed.`),
  ];
  if (payload.reason) blocks.push(quote(payload.reason));
  blocks.push(button('See the export', link(context.publicUrl, 'exports', payload.exportId)));
  return compose(`Your data export "${payload.exportName}" failed`, blocks);
}

export function renderScheduledQuerySucceeded(
  payload: ScheduledQuerySucceededPayload,
  context: TemplateContext,
): RenderedEmail {
  const rows = payload.rowCount === undefined ? '' : ` and returned ${payload.rowCount} rows`;
  return compose(`Scheduled query "${payload.queryName}" succeeded`, [
    paragraph(greeting(context)),
    paragraph(`Your scheduled query ${payload.queryName} ran successfully${rows}.`),
    button('Open the query', link(context.publicUrl, 'queries', payload.queryId)),
  ]);
}

export function renderScheduledQueryFailed(
  payload: ScheduledQueryFailedPayload,
  context: TemplateContext,
): RenderedEmail {
  const blocks = [
    paragraph(greeting(context)),
    paragraph(`Your scheduled query ${payload.queryName} failed.`),
  ];
  if (payload.error) blocks.push(quote(payload.error));
  blocks.push(button('Open the query', link(context.publicUrl, 'queries', payload.queryId)));
  return compose(`Scheduled query "${payload.queryName}" failed`, blocks);
}

export function renderSystemHealth(
  payload: SystemHealthPayload,
  context: TemplateContext,
): RenderedEmail {
  const blocks = [
    paragraph(greeting(context)),
    paragraph(`System health is ${payload.status}: ${payload.summary}`),
  ];
  if (payload.details) blocks.push(quote(payload.details));
  blocks.push(button('Open the admin settings', link(context.publicUrl, 'admin')));
  return compose(`System health: ${payload.status} - ${payload.summary}`, blocks);
}

export function renderScheduledJobStatus(
  payload: ScheduledJobStatusPayload,
  context: TemplateContext,
): RenderedEmail {
  const blocks = [
    paragraph(greeting(context)),
    paragraph(`The scheduled job ${payload.jobName} ${payload.status}.`),
  ];
  if (payload.details) blocks.push(quote(payload.details));
  blocks.push(button('Open the admin settings', link(context.publicUrl, 'admin')));
  return compose(`Scheduled job "${payload.jobName}": ${payload.status}`, blocks);
}
