/**
 * Headers a notification's own fields produce (From, To, Reply-To, Subject, Date, the MIME
 * structure) or that would add recipients (Cc, Bcc). A copy in a notification's extra headers
 * would contradict them, or let whoever sets headers send the email to someone else, so both the
 * outbox (at enqueue) and the local sink (before writing) refuse them.
 */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'sender',
  'reply-to',
  'subject',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

/** An RFC 5322 field name: printable ASCII without spaces or colons. */
export function isHeaderName(name: string): boolean {
  return /^[!-9;-~]+$/.test(name);
}

/** A CR or LF in a value would end the header and start another: header injection. */
export function hasLineBreak(value: string): boolean {
  return /[\r\n\0]/.test(value);
}

/** The domain of our default Message-IDs (`<deliveryId@domain>`): the sender address's domain. */
export function messageIdDomainOf(fromAddress: string): string {
  return fromAddress.slice(fromAddress.lastIndexOf('@') + 1) || 'localhost';
}
