import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from './app-config.js';
import { InvalidEnvironmentError, validateEnvironment } from './environment.js';

describe('environment validation', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.http.publicUrl).toBe('http://localhost:3000');
    expect(config.http.graphqlPlayground).toBe(true);
    expect(config.database.url).toBeUndefined();
    expect(config.dataDir.endsWith('.data')).toBe(true);
    expect(config.bootstrap.adminEmail).toBe('admin@localhost');
    expect(config.mail.sendGridBaseUrl).toBe('https://api.sendgrid.com');
    expect(config.replyIntentTtlDays).toBe(90);
    expect(config.archive.retentionDays).toBe(30);
    expect(config.database.poolSize).toBe(20);
    expect(config.shutdownGraceMs).toBe(10_000);
    expect(config.metrics.token).toBeUndefined();
    expect(config.catalog).toEqual({
      url: 'http://localhost:3000',
      urlConfigured: false,
      linkTemplates: {},
    });
    expect(config.rejectionNoticesPerHour).toBe(3);
  });

  it('keeps PUBLIC_URL for Replyline and CATALOG_URL for the links in emails', () => {
    const config = loadConfig({
      PUBLIC_URL: 'https://replyline.example.com/',
      CATALOG_URL: 'https://catalog.example.com/',
    });
    expect(config.http.publicUrl).toBe('https://replyline.example.com');
    expect(config.catalog.url).toBe('https://catalog.example.com');
    expect(config.catalog.urlConfigured).toBe(true);
  });

  it('wants a metrics token of 32 characters or more, and a bounded notice rate', () => {
    expect(() => validateEnvironment({ METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN: must be at least 32 characters/,
    );
    expect(loadConfig({ REJECTION_NOTICES_PER_HOUR: '0' }).rejectionNoticesPerHour).toBe(0);
    expect(() => validateEnvironment({ REJECTION_NOTICES_PER_HOUR: '-1' })).toThrow(
      /REJECTION_NOTICES_PER_HOUR/,
    );
  });

  it('bounds the pool size and the shutdown grace period', () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: '2' }).database.poolSize).toBe(2);
    expect(() => validateEnvironment({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => validateEnvironment({ SHUTDOWN_GRACE_MS: '10' })).toThrow(/SHUTDOWN_GRACE_MS/);
  });

  it('lists every bad variable in one error, naming each and why', () => {
    let caught: unknown;
    try {
      validateEnvironment({ DATABASE_URL: 'mysql://nope', PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidEnvironmentError);
    const message = (caught as Error).message;
    expect(message).toContain(
      'DATABASE_URL: must be a postgres:// or postgresql:// connection URL',
    );
    expect(message).toMatch(/PORT: .*must be a whole number/);
    expect(message).toContain('LOG_LEVEL: must be one of error, warn, info, debug');
  });

  it('treats empty variables as unset and ignores unrelated ones', () => {
    const config = loadConfig({ DATABASE_URL: '', PORT: ' ', HOME: '/root' });
    expect(config.database.url).toBeUndefined();
    expect(config.http.port).toBe(3000);
  });

  it('requires a real sender address once SendGrid is configured', () => {
    expect(() => validateEnvironment({ SENDGRID_API_KEY: 'SG.key' })).toThrow(
      /MAIL_FROM_ADDRESS: must be set to a verified SendGrid sender/,
    );
    expect(() =>
      validateEnvironment({
        SENDGRID_API_KEY: 'SG.key',
        MAIL_FROM_ADDRESS: 'notifications@example.com',
      }),
    ).not.toThrow();
  });

  it('accepts only an ECDSA P-256 public key as the Event Webhook verification key', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
    const base64Der = p256.export({ format: 'der', type: 'spki' }).toString('base64');
    const pem = p256.export({ format: 'pem', type: 'spki' }).toString();
    expect(loadConfig({ SENDGRID_WEBHOOK_PUBLIC_KEY: ` ${base64Der}\n` }).mail).toMatchObject({
      eventWebhookPublicKey: base64Der,
      eventWebhookMaxAgeSeconds: 600,
    });
    expect(() => validateEnvironment({ SENDGRID_WEBHOOK_PUBLIC_KEY: pem })).not.toThrow();
    expect(() => validateEnvironment({ SENDGRID_WEBHOOK_PUBLIC_KEY: 'not a key' })).toThrow(
      'SENDGRID_WEBHOOK_PUBLIC_KEY: must be a public key in base64 DER (SPKI), as SendGrid shows it',
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(() =>
      validateEnvironment({
        SENDGRID_WEBHOOK_PUBLIC_KEY: rsa.export({ format: 'der', type: 'spki' }).toString('base64'),
      }),
    ).toThrow('SENDGRID_WEBHOOK_PUBLIC_KEY: must be an ECDSA P-256 public key');
    expect(() => validateEnvironment({ SENDGRID_WEBHOOK_MAX_AGE_SECONDS: '5' })).toThrow(
      /SENDGRID_WEBHOOK_MAX_AGE_SECONDS/,
    );
  });

  it('turns the playground off by default in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).http.graphqlPlayground).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', GRAPHQL_PLAYGROUND: 'true' }).http.graphqlPlayground,
    ).toBe(true);
  });

  it('accepts a 32-byte secrets key in hex or base64 only', () => {
    expect(() => validateEnvironment({ SECRETS_KEY: 'a'.repeat(64) })).not.toThrow();
    expect(() =>
      validateEnvironment({ SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') }),
    ).not.toThrow();
    expect(() => validateEnvironment({ SECRETS_KEY: 'short' })).toThrow(
      /SECRETS_KEY: must be 32 bytes/,
    );
  });

  it('has documented GraphQL and authentication limits, each overridable', () => {
    expect(loadConfig({}).graphqlLimits).toEqual({
      maxDepth: 12,
      maxCost: 50_000,
      maxAliases: 15,
      maxFields: 500,
      maxTokens: 1000,
      maxDirectives: 20,
    });
    expect(loadConfig({}).auth.failuresPerMinute).toBe(30);
    expect(loadConfig({ GRAPHQL_MAX_COST: '1000' }).graphqlLimits.maxCost).toBe(1000);
    expect(() =>
      validateEnvironment({ GRAPHQL_MAX_ALIASES: '-1', GRAPHQL_MAX_TOKENS: '10' }),
    ).toThrow(/GRAPHQL_MAX_ALIASES: .*\n.*GRAPHQL_MAX_TOKENS: /s);
  });

  it('reads TRUST_PROXY as Express does: a boolean, a hop count or a list of addresses', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).http.trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
    expect(() => validateEnvironment({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY: must be/);
  });

  it('reads IMAP_ALLOWED_NETWORKS as addresses and ranges, naming entries that are neither', () => {
    expect(loadConfig({}).mailbox.imapAllowedNetworks).toEqual([]);
    expect(
      loadConfig({ IMAP_ALLOWED_NETWORKS: '169.254.10.0/24, fe80::5' }).mailbox.imapAllowedNetworks,
    ).toEqual([
      { address: '169.254.10.0', prefix: 24, family: 'ipv4' },
      { address: 'fe80::5', prefix: 128, family: 'ipv6' },
    ]);
    expect(() =>
      validateEnvironment({ IMAP_ALLOWED_NETWORKS: '169.254.10.0/24,metadata.google.internal' }),
    ).toThrow(/IMAP_ALLOWED_NETWORKS: .*not one: metadata\.google\.internal/);
  });

  it('reads the trusted authserv-ids lower-cased, and refuses to require a DMARC pass without them', () => {
    expect(loadConfig({}).mailbox.authentication).toEqual({
      trustedAuthservIds: [],
      requireDmarcPass: false,
    });
    expect(
      loadConfig({
        INBOUND_TRUSTED_AUTHSERV_IDS: 'MX.Google.com, mx.corp.test',
        INBOUND_REQUIRE_DMARC_PASS: 'true',
      }).mailbox.authentication,
    ).toEqual({ trustedAuthservIds: ['mx.google.com', 'mx.corp.test'], requireDmarcPass: true });
    expect(() => validateEnvironment({ INBOUND_REQUIRE_DMARC_PASS: 'yes' })).toThrow(
      /INBOUND_REQUIRE_DMARC_PASS: needs INBOUND_TRUSTED_AUTHSERV_IDS/,
    );
    expect(() =>
      validateEnvironment({ INBOUND_TRUSTED_AUTHSERV_IDS: 'mx.corp.test; evil' }),
    ).toThrow(/INBOUND_TRUSTED_AUTHSERV_IDS: must be a comma-separated list of authserv-ids/);
  });
});
