import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuthError, ConfidentialClientApplication } from '@azure/msal-node';
import { Clock } from '../common/clock.js';
import { MailboxErrorCode, MailboxException } from './mailbox.exception.js';
import { MAILBOX_OPTIONS, MICROSOFT_LOGIN_ORIGIN } from './mailbox.options.js';
import type { MailboxOptions } from './mailbox.options.js';
import type { MicrosoftAccount } from './mailbox.types.js';
import { MicrosoftTokenAttempts } from './microsoft-token-attempts.js';
import { isOutage, TokenFailureKind, tokenFailureMessage } from './microsoft-token-failure.js';
import type { TokenFailure } from './microsoft-token-failure.js';
import {
  MSAL_NETWORK_ERROR,
  MsalNetworkClient,
  TokenEndpointRefusal,
} from './msal-network.client.js';

export { credentialsMessage } from './microsoft-token-failure.js';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** Apps kept at once; more only happens when secrets rotate, and the oldest are forgotten. */
const MAX_CACHED_APPS = 32;
/** A remembered token is used through an outage only while it has at least this long to live. */
const MIN_REMAINING_MS = 60_000;

const CODE_OF: Record<TokenFailureKind, MailboxErrorCode> = {
  [TokenFailureKind.CREDENTIALS]: MailboxErrorCode.AUTHENTICATION_FAILED,
  [TokenFailureKind.SECRET_EXPIRED]: MailboxErrorCode.AUTHENTICATION_FAILED,
  [TokenFailureKind.ACCESS_BLOCKED]: MailboxErrorCode.PERMISSION_DENIED,
  [TokenFailureKind.THROTTLED]: MailboxErrorCode.THROTTLED,
  [TokenFailureKind.UNAVAILABLE]: MailboxErrorCode.CONNECTION_FAILED,
  [TokenFailureKind.UNREACHABLE]: MailboxErrorCode.CONNECTION_FAILED,
};

/**
 * Application tokens (client credentials) for Microsoft Graph. One msal
 * ConfidentialClientApplication per (tenant, client, secret) keeps its token cache, so a token is
 * reused across calls and runs, and msal renews it ahead of expiry (5 minutes by default). A new
 * secret means a new key, so a rotated secret is used at once.
 *
 * Failures are told apart by the token endpoint's answer (see microsoft-token-failure.ts): wrong
 * credentials keep the product page's sentence, an expired secret says so, and throttling or an
 * outage names itself and the time Replyline asks again, without asking before then.
 */
@Injectable()
export class MicrosoftTokenService {
  private readonly apps = new Map<string, ConfidentialClientApplication>();
  private readonly inFlight = new Map<string, Promise<string>>();
  /** The last token each app got, to ride out an outage that hits a proactive renewal. */
  private readonly lastTokens = new Map<string, { accessToken: string; expiresOn: number }>();
  private readonly networkClient: MsalNetworkClient;

  constructor(
    @Inject(MAILBOX_OPTIONS) options: MailboxOptions,
    private readonly clock: Clock,
    private readonly attempts: MicrosoftTokenAttempts,
  ) {
    this.networkClient = new MsalNetworkClient(
      options.microsoftLoginBaseUrl,
      options.connectTimeoutMs,
      clock,
    );
  }

  /**
   * An access token for Graph. `forceRefresh` skips the cache, for a token Graph refused (revoked
   * before its expiry). Throws {@link MailboxException} with the product's wording.
   */
  async acquireToken(
    account: MicrosoftAccount,
    options: { forceRefresh?: boolean } = {},
  ): Promise<string> {
    const key = appKey(account);
    const forceRefresh = options.forceRefresh ?? false;
    // Parallel Graph calls that all miss the cache (first call, or just before expiry) share one
    // token request instead of each sending its own.
    const inFlight = forceRefresh ? undefined : this.inFlight.get(key);
    if (inFlight) return inFlight;
    const request = this.request(key, account, forceRefresh);
    if (!forceRefresh) {
      this.inFlight.set(key, request);
      void request.finally(() => this.inFlight.delete(key)).catch(() => undefined);
    }
    return request;
  }

  private async request(
    key: string,
    account: MicrosoftAccount,
    forceRefresh: boolean,
  ): Promise<string> {
    let failure: TokenFailure;
    try {
      const result = await this.appFor(key, account).acquireTokenByClientCredential({
        scopes: [GRAPH_SCOPE],
        skipCache: forceRefresh,
      });
      if (!result?.accessToken) throw new Error('The token endpoint returned no access token');
      if (!result.fromCache) this.announce(key, account);
      this.lastTokens.set(key, {
        accessToken: result.accessToken,
        expiresOn: result.expiresOn?.getTime() ?? 0,
      });
      return result.accessToken;
    } catch (error) {
      failure = failureOf(error);
      if (!(error instanceof TokenEndpointRefusal && error.replayed)) {
        this.announce(key, account, failure);
      }
      if (isOutage(failure.kind) && !forceRefresh) {
        const remembered = this.lastTokens.get(key);
        if (remembered && remembered.expiresOn - this.clock.now() > MIN_REMAINING_MS) {
          return remembered.accessToken;
        }
      }
      const timedOut =
        failure.kind === TokenFailureKind.UNREACHABLE && failure.detail.includes('timed out');
      throw new MailboxException(
        timedOut ? MailboxErrorCode.TIMEOUT : CODE_OF[failure.kind],
        tokenFailureMessage(failure, account, this.clock.now()),
        { cause: error },
      );
    }
  }

  private announce(key: string, account: MicrosoftAccount, failure?: TokenFailure): void {
    this.attempts.outcomes.emit({
      tenantId: account.tenantId,
      clientId: account.clientId,
      credentialsFingerprint: key,
      at: new Date(this.clock.now()),
      ...(failure
        ? { failure, message: tokenFailureMessage(failure, account, this.clock.now()) }
        : {}),
    });
  }

  private appFor(key: string, account: MicrosoftAccount): ConfidentialClientApplication {
    let app = this.apps.get(key);
    if (!app) {
      app = new ConfidentialClientApplication({
        auth: {
          clientId: account.clientId,
          clientSecret: account.clientSecret,
          authority: `${MICROSOFT_LOGIN_ORIGIN}/${encodeURIComponent(account.tenantId)}`,
        },
        system: { networkClient: this.networkClient },
      });
      if (this.apps.size >= MAX_CACHED_APPS) {
        const oldest = this.apps.keys().next().value;
        if (oldest !== undefined) {
          this.apps.delete(oldest);
          this.lastTokens.delete(oldest);
        }
      }
    } else {
      this.apps.delete(key);
    }
    // Re-inserting keeps the Map in least-recently-used order for the eviction above.
    this.apps.set(key, app);
    return app;
  }
}

/** The secret is part of the key (hashed), so a rotated secret gets a fresh app and token. */
export function appKey(
  account: Pick<MicrosoftAccount, 'tenantId' | 'clientId' | 'clientSecret'>,
): string {
  return createHash('sha256')
    .update([account.tenantId, account.clientId, account.clientSecret].join('\0'))
    .digest('hex');
}

function failureOf(error: unknown): TokenFailure {
  if (error instanceof TokenEndpointRefusal) return error.failure;
  if (error instanceof AuthError && error.errorCode === MSAL_NETWORK_ERROR) {
    return { kind: TokenFailureKind.UNREACHABLE, detail: error.errorMessage };
  }
  // msal refused before sending: a tenant id it cannot parse into an authority, and the like.
  // Fixed the same way as a wrong tenant, by checking the three values.
  return {
    kind: TokenFailureKind.CREDENTIALS,
    detail: error instanceof Error ? error.message : String(error),
  };
}
