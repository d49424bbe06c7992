import { Injectable } from '@nestjs/common';
import { Signal } from '../common/signal.js';
import type { TokenFailure } from './microsoft-token-failure.js';

/** One request that really reached (or tried to reach) the Microsoft token endpoint. */
export interface MicrosoftTokenAttempt {
  tenantId: string;
  clientId: string;
  /**
   * SHA-256 of tenant, client and secret: lets a listener tell whether the attempt used the
   * credentials it cares about (the saved ones) without ever holding the secret. Never stored.
   */
  credentialsFingerprint: string;
  at: Date;
  /** Undefined when a token came back. */
  failure?: TokenFailure;
  /** The admin's sentence for the failure. */
  message?: string;
}

/**
 * Announces every token request's outcome (not answers served from msal's cache, not requests
 * held back by a Retry-After), so the settings module can show and log the state of the saved
 * credentials (an expired secret above all) without the mailbox module knowing about settings.
 */
@Injectable()
export class MicrosoftTokenAttempts {
  readonly outcomes = new Signal<MicrosoftTokenAttempt>('MicrosoftTokenAttempts.outcomes');
}
