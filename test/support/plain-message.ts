import { randomUUID } from 'node:crypto';

/** A minimal RFC 5322 text message whose body names its subject, for mailbox-level tests. */
export function plainMessage(
  subject: string,
  options: { to?: string; messageId?: string } = {},
): string {
  return [
    'From: Ada Lovelace <ada@example.test>',
    `To: ${options.to ?? 'replies@example.test'}`,
    `Subject: ${subject}`,
    `Message-ID: ${options.messageId ?? `<${randomUUID()}@mail.example.test>`}`,
    'Date: Mon, 3 Mar 2025 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of ${subject}`,
    '',
  ].join('\r\n');
}
