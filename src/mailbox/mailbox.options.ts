import type { IpNetwork } from '../common/ip-networks.js';

export interface MailboxOptions {
  /** Microsoft Graph origin; the adapter appends `/v1.0/...`. */
  graphBaseUrl: string;
  /**
   * Where requests for `https://login.microsoftonline.com` really go. msal always sees the real
   * authority (it refuses anything but https on a known cloud); our network client rewrites the
   * origin, so a sovereign-cloud proxy or a local fake can stand in.
   */
  microsoftLoginBaseUrl: string;
  /** Connection tests give up after this long (15 s in the product documentation). */
  connectTimeoutMs: number;
  /** Each Graph or token HTTP request of a sync run gives up after this long. */
  requestTimeoutMs: number;
  /** Graph answers 429/503 this many times in a row before the request fails as THROTTLED. */
  graphMaxRetries: number;
  /** The longest `Retry-After` we sleep for; a longer one fails the request as THROTTLED. */
  graphMaxRetryAfterMs: number;
  /** Parallel Graph requests when fetching or marking many messages. */
  graphConcurrency: number;
  /**
   * Extra CA certificates (PEM) trusted for IMAP over TLS, for servers with a private CA.
   * The system trust store is always used as well.
   */
  imapTrustedCaCerts: string[];
  /**
   * Addresses an IMAP server may have although they are refused by default (link-local, cloud
   * metadata, unspecified, broadcast, multicast): see network-destination.ts.
   */
  imapAllowedNetworks: IpNetwork[];
}

/** DI token of the resolved {@link MailboxOptions}. */
export const MAILBOX_OPTIONS = Symbol('MAILBOX_OPTIONS');

export const MICROSOFT_LOGIN_ORIGIN = 'https://login.microsoftonline.com';

export const DEFAULT_MAILBOX_OPTIONS: MailboxOptions = {
  graphBaseUrl: 'https://graph.microsoft.com',
  microsoftLoginBaseUrl: MICROSOFT_LOGIN_ORIGIN,
  connectTimeoutMs: 15_000,
  requestTimeoutMs: 60_000,
  graphMaxRetries: 4,
  graphMaxRetryAfterMs: 120_000,
  graphConcurrency: 4,
  imapTrustedCaCerts: [],
  imapAllowedNetworks: [],
};

export function resolveMailboxOptions(options: Partial<MailboxOptions> = {}): MailboxOptions {
  const defined = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<MailboxOptions>;
  const resolved = { ...DEFAULT_MAILBOX_OPTIONS, ...defined };
  return {
    ...resolved,
    graphBaseUrl: resolved.graphBaseUrl.replace(/\/+$/, ''),
    microsoftLoginBaseUrl: resolved.microsoftLoginBaseUrl.replace(/\/+$/, ''),
  };
}
