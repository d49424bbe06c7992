import { DeliveryFailureClass } from '../delivery-failure-class.enum.js';

/**
 * Which account problem a SendGrid 401/403 is, read from SendGrid's own error text, and the fix
 * the admin needs (pure). The texts, as SendGrid's v3 Mail Send answers them and public reports
 * quote them:
 * - 401 "The provided authorization grant is invalid, expired, or revoked" (bad, expired or
 *   deleted key) and "authorization required" (no key);
 * - 403 "access forbidden" (a restricted key without the Mail Send permission;
 *   sendgrid/sendgrid-ruby#424);
 * - 403 "The from address does not match a verified Sender Identity. Mail cannot be sent until
 *   this error is resolved. …" with field `from` (christianblais/triggerify#99);
 * - 401 "Maximum credits exceeded" (sendgrid/sendgrid-nodejs#1032), and the suspended or
 *   under-review account texts ("Your account has been suspended…").
 */
export function sendGridRefusalClass(
  status: number,
  errorText: string,
): DeliveryFailureClass | undefined {
  if (/verified Sender Identity/i.test(errorText)) return DeliveryFailureClass.SENDER_NOT_VERIFIED;
  if (
    /credits? (exceeded|exhausted)|suspended|under review|account (is|has been) (disabled|banned|deactivated|locked)|billing/i.test(
      errorText,
    )
  ) {
    return DeliveryFailureClass.ACCOUNT_DISABLED;
  }
  if (status === 401) return DeliveryFailureClass.API_KEY_INVALID;
  if (status === 403) return DeliveryFailureClass.API_KEY_PERMISSION;
  return undefined;
}

/** What the admin must do about a refusal; `fromAddress` is the sender SendGrid refused. */
export function sendGridRefusalFix(
  failureClass: DeliveryFailureClass,
  fromAddress: string,
): string {
  switch (failureClass) {
    case DeliveryFailureClass.API_KEY_INVALID:
      return (
        'SendGrid refused the API key: it is invalid, expired or revoked. Create a key with the ' +
        'Mail Send permission (SendGrid: Settings > API Keys) and set SENDGRID_API_KEY to it.'
      );
    case DeliveryFailureClass.API_KEY_PERMISSION:
      return (
        'The SendGrid API key lacks the Mail Send permission. Give the key Mail Send access ' +
        '(SendGrid: Settings > API Keys > Edit API Key) or create one that has it, and set ' +
        'SENDGRID_API_KEY to it.'
      );
    case DeliveryFailureClass.SENDER_NOT_VERIFIED:
      return (
        `The sender ${fromAddress} is not a verified Sender Identity in SendGrid. Verify it as a ` +
        'single sender or authenticate its domain (SendGrid: Settings > Sender Authentication), ' +
        'or set MAIL_FROM_ADDRESS to a verified sender.'
      );
    case DeliveryFailureClass.ACCOUNT_DISABLED:
      return (
        'The SendGrid account cannot send: its credits are used up, or it is suspended or under ' +
        'review. Check the plan and account status in SendGrid, or contact SendGrid support; ' +
        'SENDGRID_API_KEY is not the problem.'
      );
  }
}
