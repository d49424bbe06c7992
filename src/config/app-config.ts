import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { parseIpNetworks } from '../common/ip-networks.js';
import type { IpNetwork } from '../common/ip-networks.js';
import type { LogLevel } from './environment.js';
import type { LinkTemplates } from './link-templates.js';
import { parseLinkTemplates } from './link-templates.js';
import { validateEnvironment } from './environment.js';

/** What one GraphQL operation may ask for; see "Limits" in the README. */
export interface GraphqlLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxFields: number;
  maxTokens: number;
  maxDirectives: number;
}

/**
 * The validated, typed configuration every module reads. Injected by class (it is its own DI
 * token), so services never touch `process.env`.
 */
export class AppConfig {
  constructor(
    readonly http: {
      port: number;
      publicUrl: string;
      graphqlPlayground: boolean;
      /** Express "trust proxy": which proxies' X-Forwarded-For may name the client address. */
      trustProxy: boolean | number | string;
    },
    readonly graphqlLimits: GraphqlLimits,
    readonly auth: {
      /** Failed token lookups one client address may cause per minute before it is refused. */
      failuresPerMinute: number;
    },
    readonly database: {
      /** Undefined means: run the embedded PostgreSQL in `dataDir/postgres`. */
      url: string | undefined;
      /** Connections in the application's pool. */
      poolSize: number;
    },
    readonly dataDir: string,
    readonly secrets: { key: string | undefined; previousKey: string | undefined },
    readonly mail: {
      sendGridApiKey: string | undefined;
      sendGridBaseUrl: string;
      fromAddress: string;
      fromName: string;
      /** SendGrid's Signed Event Webhook verification key (base64 DER SPKI); unset: refused. */
      eventWebhookPublicKey: string | undefined;
      /** Signed posts older (or newer) than this are refused as replays. */
      eventWebhookMaxAgeSeconds: number;
    },
    readonly bootstrap: { adminEmail: string; adminToken: string | undefined },
    readonly logLevel: LogLevel,
    readonly microsoft: { loginBaseUrl: string; graphBaseUrl: string },
    readonly mailbox: {
      connectTimeoutMs: number;
      syncBatchSize: number;
      incomingMaxBytes: number;
      incomingMaxAttempts: number;
      /** PEM file of extra CAs trusted for IMAP over TLS. */
      imapCaFile: string | undefined;
      /** Normally refused addresses (link-local, metadata) an IMAP server may have. */
      imapAllowedNetworks: IpNetwork[];
      /**
       * Whose Authentication-Results headers are believed (lower-case authserv-ids), and whether a
       * reply needs a DMARC pass from one of them.
       */
      authentication: { trustedAuthservIds: readonly string[]; requireDmarcPass: boolean };
    },
    readonly replyIntentTtlDays: number,
    readonly outbox: {
      pollMs: number;
      batchSize: number;
      concurrency: number;
      maxAttempts: number;
      retryBaseMs: number;
    },
    readonly archive: { cron: string; timeZone: string; folder: string; retentionDays: number },
    readonly listener: {
      /** Off: the scheduled poll alone reads the mailbox. */
      enabled: boolean;
      graphDeltaIntervalMs: number;
      /** Graph change notifications, where PUBLIC_URL is https. */
      graphChangeNotifications: boolean;
      /** Names this process in the listener status: REPLICA_NAME, or host name and pid. */
      replicaName: string;
    },
    /** How long SIGTERM/SIGINT wait for work in progress before the process exits anyway. */
    readonly shutdownGraceMs: number,
    /** `/metrics` answers only with this Bearer token; undefined turns the route off. */
    readonly metrics: { token: string | undefined },
    /**
     * The catalog's own web app, where links in emails point (conversations, exports, ...);
     * `publicUrl` stays Replyline's own address. `url` defaults to `publicUrl` when unset.
     */
    readonly catalog: { url: string; urlConfigured: boolean; linkTemplates: LinkTemplates },
    /** Rejection notices to one address per rolling hour; 0 turns them off. */
    readonly rejectionNoticesPerHour: number,
  ) {}
}

export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const e = validateEnvironment(env);
  const production = e.NODE_ENV === 'production';
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return new AppConfig(
    {
      port: e.PORT,
      publicUrl,
      graphqlPlayground: e.GRAPHQL_PLAYGROUND ?? !production,
      trustProxy: parseTrustProxy(e.TRUST_PROXY),
    },
    {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxCost: e.GRAPHQL_MAX_COST,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxFields: e.GRAPHQL_MAX_FIELDS,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
    },
    { failuresPerMinute: e.AUTH_FAILURES_PER_MINUTE },
    { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    resolve(e.DATA_DIR),
    { key: e.SECRETS_KEY, previousKey: e.SECRETS_KEY_PREVIOUS },
    {
      sendGridApiKey: e.SENDGRID_API_KEY,
      sendGridBaseUrl: (e.SENDGRID_BASE_URL ?? 'https://api.sendgrid.com').replace(/\/+$/, ''),
      fromAddress: e.MAIL_FROM_ADDRESS,
      fromName: e.MAIL_FROM_NAME,
      eventWebhookPublicKey: e.SENDGRID_WEBHOOK_PUBLIC_KEY?.trim(),
      eventWebhookMaxAgeSeconds: e.SENDGRID_WEBHOOK_MAX_AGE_SECONDS,
    },
    { adminEmail: e.ADMIN_EMAIL, adminToken: e.ADMIN_TOKEN },
    e.LOG_LEVEL,
    {
      loginBaseUrl: e.MICROSOFT_LOGIN_BASE_URL.replace(/\/+$/, ''),
      graphBaseUrl: e.MICROSOFT_GRAPH_BASE_URL.replace(/\/+$/, ''),
    },
    {
      connectTimeoutMs: e.MAILBOX_CONNECT_TIMEOUT_MS,
      syncBatchSize: e.MAILBOX_SYNC_BATCH_SIZE,
      incomingMaxBytes: e.INCOMING_MAX_BYTES,
      incomingMaxAttempts: e.INCOMING_MAX_ATTEMPTS,
      imapCaFile: e.IMAP_CA_FILE,
      imapAllowedNetworks: parseIpNetworks(e.IMAP_ALLOWED_NETWORKS ?? '').networks,
      authentication: {
        trustedAuthservIds: (e.INBOUND_TRUSTED_AUTHSERV_IDS ?? '')
          .split(',')
          .map((id) => id.trim().toLowerCase())
          .filter(Boolean),
        requireDmarcPass: e.INBOUND_REQUIRE_DMARC_PASS,
      },
    },
    e.REPLY_INTENT_TTL_DAYS,
    {
      pollMs: e.OUTBOX_POLL_MS,
      batchSize: e.OUTBOX_BATCH_SIZE,
      concurrency: e.OUTBOX_CONCURRENCY,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      retryBaseMs: e.OUTBOX_RETRY_BASE_MS,
    },
    {
      cron: e.ARCHIVE_CRON,
      timeZone: e.ARCHIVE_TIMEZONE,
      folder: e.ARCHIVE_FOLDER,
      retentionDays: e.RETENTION_DAYS,
    },
    {
      enabled: e.MAILBOX_LISTENER,
      graphDeltaIntervalMs: e.GRAPH_DELTA_INTERVAL_SECONDS * 1000,
      graphChangeNotifications: e.GRAPH_CHANGE_NOTIFICATIONS,
      replicaName: e.REPLICA_NAME ?? `${hostname()}:${process.pid}`,
    },
    e.SHUTDOWN_GRACE_MS,
    { token: e.METRICS_TOKEN },
    {
      url: (e.CATALOG_URL ?? publicUrl).replace(/\/+$/, ''),
      urlConfigured: e.CATALOG_URL !== undefined,
      linkTemplates: parseLinkTemplates(e.CATALOG_LINK_TEMPLATES).templates,
    },
    e.REJECTION_NOTICES_PER_HOUR,
  );
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
