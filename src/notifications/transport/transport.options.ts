export const MAIL_TRANSPORT_OPTIONS = Symbol('MAIL_TRANSPORT_OPTIONS');

export const DEFAULT_SENDGRID_BASE_URL = 'https://api.sendgrid.com';
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface MailTransportOptions {
  /** Set: mail goes through SendGrid. Unset or empty: mail goes to the local .eml sink. */
  sendGridApiKey?: string;
  /** Defaults to https://api.sendgrid.com; tests point it at the local fake. */
  sendGridBaseUrl?: string;
  /** The service's data folder; the local sink writes under `<dataDir>/outbox`. */
  dataDir: string;
  /** Per request, so a hung socket cannot stall the delivery worker. Default 30 s. */
  requestTimeoutMs?: number;
}
