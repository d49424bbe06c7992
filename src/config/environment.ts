import { plainToInstance, Transform, Type } from 'class-transformer';
import { p256PublicKeyProblem } from '../common/p256-public-key.js';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { parseIpNetworks } from '../common/ip-networks.js';
import { parseLinkTemplates } from './link-templates.js';

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
// Express's "trust proxy" forms: a boolean, a hop count, or a list of addresses and subnets.
const TRUST_PROXY_PATTERN =
  /^(?:true|false|\d{1,2}|(?:loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(?:\/\d{1,3})?)(?:\s*,\s*(?:loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(?:\/\d{1,3})?))*)$/;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalised)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalised)) return false;
  return value;
};

/**
 * Every environment variable Replyline reads, with its rule. Documented one by one in
 * `.env.example` and the README; keep the three in step. One class on purpose (hence the length):
 * one boot validates every variable at once and names every bad one.
 */
export class Environment {
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'must be a postgres:// or postgresql:// connection URL',
  })
  DATABASE_URL?: string;

  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE = 20;

  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: 'must be an absolute http(s) URL' },
  )
  PUBLIC_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './.data';

  @IsOptional()
  @Matches(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message: 'must be 32 bytes as 64 hex characters or 44 base64 characters',
  })
  SECRETS_KEY?: string;

  @IsOptional()
  @Matches(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message: 'must be 32 bytes as 64 hex characters or 44 base64 characters',
  })
  SECRETS_KEY_PREVIOUS?: string;

  @IsOptional()
  @IsString()
  SENDGRID_API_KEY?: string;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: 'must be an absolute http(s) URL' },
  )
  SENDGRID_BASE_URL?: string;

  /**
   * The verification key of SendGrid's Signed Event Webhook (base64 DER, as SendGrid shows it);
   * checked at boot to be an ECDSA P-256 public key. Unset: the webhook endpoint refuses posts.
   */
  @IsOptional()
  @IsString()
  SENDGRID_WEBHOOK_PUBLIC_KEY?: string;

  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(60)
  @Max(86400)
  SENDGRID_WEBHOOK_MAX_AGE_SECONDS = 600;

  @IsEmail({ require_tld: false }, { message: 'must be an email address' })
  MAIL_FROM_ADDRESS = 'notifications@localhost';

  @IsString()
  MAIL_FROM_NAME = 'Replyline';

  @IsEmail({ require_tld: false }, { message: 'must be an email address' })
  ADMIN_EMAIL = 'admin@localhost';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  ADMIN_TOKEN?: string;

  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1000)
  @Max(300000)
  SHUTDOWN_GRACE_MS = 10000;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  GRAPHQL_PLAYGROUND?: boolean;

  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(50)
  GRAPHQL_MAX_DEPTH = 12;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(10_000_000)
  GRAPHQL_MAX_COST = 50_000;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_ALIASES = 15;

  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(100_000)
  GRAPHQL_MAX_FIELDS = 500;

  @Type(() => Number)
  @IsInt()
  @Min(200)
  @Max(100_000)
  GRAPHQL_MAX_TOKENS = 1000;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_DIRECTIVES = 20;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  AUTH_FAILURES_PER_MINUTE = 30;

  @IsOptional()
  @Matches(TRUST_PROXY_PATTERN, {
    message:
      'must be true, false, a number of proxy hops, or a comma-separated list of proxy addresses (IP, CIDR, loopback, linklocal, uniquelocal)',
  })
  TRUST_PROXY?: string;

  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: 'must be an absolute http(s) URL' },
  )
  MICROSOFT_LOGIN_BASE_URL = 'https://login.microsoftonline.com';

  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: 'must be an absolute http(s) URL' },
  )
  MICROSOFT_GRAPH_BASE_URL = 'https://graph.microsoft.com';

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(120000)
  MAILBOX_CONNECT_TIMEOUT_MS = 15000;

  @IsOptional()
  @IsString()
  IMAP_CA_FILE?: string;

  /** Addresses and CIDR ranges an IMAP server may have although they are normally refused. */
  @IsOptional()
  @IsString()
  IMAP_ALLOWED_NETWORKS?: string;

  /**
   * authserv-ids of the receiving mail servers whose Authentication-Results header (RFC 8601) is
   * believed, comma-separated. Empty: the header is not read.
   */
  @IsOptional()
  @Matches(/^[^\s,;]+(\s*,\s*[^\s,;]+)*$/, {
    message: 'must be a comma-separated list of authserv-ids (e.g. mx.google.com)',
  })
  INBOUND_TRUSTED_AUTHSERV_IDS?: string;

  /** Reject a reply unless a trusted Authentication-Results header says dmarc=pass. */
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  INBOUND_REQUIRE_DMARC_PASS = false;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  REPLY_INTENT_TTL_DAYS = 90;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  MAILBOX_SYNC_BATCH_SIZE = 500;

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  INCOMING_MAX_BYTES = 25 * 1024 * 1024;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  INCOMING_MAX_ATTEMPTS = 5;

  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60000)
  OUTBOX_POLL_MS = 1000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  OUTBOX_BATCH_SIZE = 100;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  OUTBOX_CONCURRENCY = 32;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  OUTBOX_MAX_ATTEMPTS = 8;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  OUTBOX_RETRY_BASE_MS = 2000;

  /** The push listener (IMAP IDLE, Graph delta/notifications) beside the poll; off: poll only. */
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  MAILBOX_LISTENER = true;

  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(5)
  @Max(3600)
  GRAPH_DELTA_INTERVAL_SECONDS = 15;

  /** Graph change notifications; used only where PUBLIC_URL is https (Graph calls no other). */
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  GRAPH_CHANGE_NOTIFICATIONS = true;

  @IsOptional()
  @Matches(/^[\w.:@-]{1,100}$/, {
    message: 'must be 1 to 100 letters, digits or . _ : @ -',
  })
  REPLICA_NAME?: string;

  @IsString()
  ARCHIVE_CRON = '0 0 * * 0';

  @IsString()
  ARCHIVE_TIMEZONE = 'UTC';

  @IsString()
  @MinLength(1)
  ARCHIVE_FOLDER = 'Archive';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  RETENTION_DAYS = 30;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: 'must be an absolute http(s) URL' },
  )
  CATALOG_URL?: string;

  @IsOptional()
  @IsString()
  CATALOG_LINK_TEMPLATES?: string;

  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(100)
  REJECTION_NOTICES_PER_HOUR = 3;
}

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Validates every variable at once, so one boot tells the operator everything that is wrong. */
export function validateEnvironment(env: Record<string, string | undefined>): Environment {
  // An empty variable means "not set" (as in docker-compose files that list every variable).
  const input = Object.fromEntries(
    Object.entries(env).filter(
      ([key, value]) => DECLARED_KEYS.has(key) && value !== undefined && value.trim() !== '',
    ),
  );
  const environment = plainToInstance(Environment, input, { exposeDefaultValues: true });
  const errors = validateSync(environment, { forbidUnknownValues: false });
  const crossFieldProblems = crossFieldRules(input);
  if (errors.length > 0 || crossFieldProblems.length > 0) {
    throw new InvalidEnvironmentError([
      ...errors.map((error) => {
        // class-validator's built-in messages start with the property name; say it once.
        const reasons = Object.values(error.constraints ?? {}).map((reason) =>
          reason.startsWith(`${error.property} `)
            ? reason.slice(error.property.length + 1)
            : reason,
        );
        return `${error.property}: ${reasons.join('; ')}`;
      }),
      ...crossFieldProblems,
    ]);
  }
  return environment;
}

function crossFieldRules(input: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  // SendGrid refuses a sender that is not a verified identity, and the local default is not one:
  // without this rule every email would fail with a 400 long after the boot looked fine.
  if (input.SENDGRID_API_KEY && !input.MAIL_FROM_ADDRESS) {
    problems.push(
      'MAIL_FROM_ADDRESS: must be set to a verified SendGrid sender when SENDGRID_API_KEY is set',
    );
  }
  if (
    toBoolean({ value: input.INBOUND_REQUIRE_DMARC_PASS }) === true &&
    !input.INBOUND_TRUSTED_AUTHSERV_IDS
  ) {
    problems.push(
      'INBOUND_REQUIRE_DMARC_PASS: needs INBOUND_TRUSTED_AUTHSERV_IDS, or every reply would be rejected',
    );
  }
  const { invalid } = parseIpNetworks(input.IMAP_ALLOWED_NETWORKS ?? '');
  if (invalid.length) {
    problems.push(
      `IMAP_ALLOWED_NETWORKS: must list IP addresses or CIDR ranges (e.g. 169.254.10.0/24); not one: ${invalid.join(', ')}`,
    );
  }
  problems.push(...parseLinkTemplates(input.CATALOG_LINK_TEMPLATES).problems);
  const webhookKey = input.SENDGRID_WEBHOOK_PUBLIC_KEY;
  if (webhookKey !== undefined) {
    const problem = p256PublicKeyProblem(webhookKey);
    if (problem) problems.push(`SENDGRID_WEBHOOK_PUBLIC_KEY: ${problem}`);
  }
  return problems;
}

// Optional properties have no initialiser, so `Object.keys(new Environment())` cannot see them.
const OPTIONAL_KEYS = [
  'DATABASE_URL',
  'PUBLIC_URL',
  'SECRETS_KEY',
  'SECRETS_KEY_PREVIOUS',
  'SENDGRID_API_KEY',
  'SENDGRID_BASE_URL',
  'SENDGRID_WEBHOOK_PUBLIC_KEY',
  'ADMIN_TOKEN',
  'NODE_ENV',
  'GRAPHQL_PLAYGROUND',
  'IMAP_CA_FILE',
  'TRUST_PROXY',
  'REPLICA_NAME',
  'IMAP_ALLOWED_NETWORKS',
  'INBOUND_TRUSTED_AUTHSERV_IDS',
  'METRICS_TOKEN',
  'CATALOG_URL',
  'CATALOG_LINK_TEMPLATES',
];
const DECLARED_KEYS = new Set([...Object.keys(new Environment()), ...OPTIONAL_KEYS]);
