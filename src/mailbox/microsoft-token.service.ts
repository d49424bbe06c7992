import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuthError, ConfidentialClientApplication } from '@azure/msal-node';
import { MailboxErrorCode, MailboxException } from './mailbox.exception.js';
import { MAILBOX_OPTIONS, MICROSOFT_LOGIN_ORIGIN } from './mailbox.options.js';
import type { MailboxOptions } from './mailbox.options.js';
import type { MicrosoftAccount } from './mailbox.types.js';
import { MSAL_NETWORK_ERROR, MsalNetworkClient } from './msal-network.client.js';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** Apps kept at once; more only happens when secrets rotate, and the oldest are forgotten. */
const MAX_CACHED_APPS = 32;

/**
 * Application tokens (client credentials) for Microsoft Graph. One msal
 * ConfidentialClientApplication per (tenant, client, secret) keeps its token cache, so a token is
 * reused across calls and runs, and msal renews it ahead of expiry (5 minutes by default). A new
 * secret means a new key, so a rotated secret is used at once.
 */
@Injectable()
export class MicrosoftTokenService {
  private readonly apps = new Map<string, ConfidentialClientApplication>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly networkClient: MsalNetworkClient;

  constructor(@Inject(MAILBOX_OPTIONS) options: MailboxOptions) {
    this.networkClient = new MsalNetworkClient(
      options.microsoftLoginBaseUrl,
      options.connectTimeoutMs,
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
    try {
      const result = await this.appFor(key, account).acquireTokenByClientCredential({
        scopes: [GRAPH_SCOPE],
        skipCache: forceRefresh,
      });
      if (!result?.accessToken) throw new Error('The token endpoint returned no access token');
      return result.accessToken;
    } catch (error) {
      throw tokenError(account, error);
    }
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
        if (oldest !== undefined) this.apps.delete(oldest);
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
function appKey(account: MicrosoftAccount): string {
  return createHash('sha256')
    .update([account.tenantId, account.clientId, account.clientSecret].join('\0'))
    .digest('hex');
}

/** The product documentation's message for invalid tenant, client or secret. */
export function credentialsMessage(account: MicrosoftAccount): string {
  return `Error connecting to Tenant ID: ${account.tenantId} with Client: ${account.clientId} credentials.`;
}

function tokenError(account: MicrosoftAccount, error: unknown): MailboxException {
  if (error instanceof AuthError && error.errorCode === MSAL_NETWORK_ERROR) {
    const timedOut = error.errorMessage.includes('timed out');
    return new MailboxException(
      timedOut ? MailboxErrorCode.TIMEOUT : MailboxErrorCode.CONNECTION_FAILED,
      `${credentialsMessage(account)} The Microsoft identity platform could not be reached: ${error.errorMessage}.`,
      { cause: error },
    );
  }
  // Wrong secret (AADSTS7000215), unknown client (700016), unknown tenant (90002), a tenant id
  // msal cannot even parse: all are fixed the same way, by checking the three values.
  return new MailboxException(MailboxErrorCode.AUTHENTICATION_FAILED, credentialsMessage(account), {
    cause: error,
  });
}
