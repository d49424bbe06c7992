import type { Block, RenderedEmail, TemplateContext } from './rendering.js';
import { buttonsTo, compose, escapeHtml, greeting, paragraph, quote } from './rendering.js';

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
    blocks.push(...buttonsTo('Open in the catalog', context.link('object', payload)));
  const manage = context.link('subscriptions', payload);
  const what = context.objectRef
    ? `${payload.eventType} events on ${context.objectRef}`
    : `${payload.eventType} events`;
  const why = `You receive this because you subscribed to ${what}.`;
  return compose(
    payload.title,
    blocks,
    manage === null
      ? { text: why, html: escapeHtml(why) }
      : {
          text: `${why} Manage your subscriptions: ${manage}`,
          html: `${escapeHtml(why)} <a href="${escapeHtml(manage)}">Manage your subscriptions</a>`,
        },
  );
}

export function renderDownloadReady(
  payload: DownloadReadyPayload,
  context: TemplateContext,
): RenderedEmail {
  const blocks = [
    paragraph(greeting(context)),
    paragraph(`Your data export ${payload.exportName} is ready for download.`),
    ...buttonsTo('Download', context.link('export', payload)),
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
  blocks.push(...buttonsTo('See the export', context.link('export', payload)));
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
    ...buttonsTo('Open the query', context.link('query', payload)),
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
  blocks.push(...buttonsTo('Open the query', context.link('query', payload)));
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
  blocks.push(...buttonsTo('Open the admin settings', context.link('admin', payload)));
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
  blocks.push(...buttonsTo('Open the admin settings', context.link('admin', payload)));
  return compose(`Scheduled job "${payload.jobName}": ${payload.status}`, blocks);
}
