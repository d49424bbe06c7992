import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailComposerOptions } from 'nodemailer/lib/mail-composer';
import { encodeWord } from 'nodemailer/lib/mime-funcs';
import {
  hasLineBreak,
  isHeaderName,
  messageIdDomainOf,
  RESERVED_HEADERS,
} from '../outbound-headers.js';
import type { MailAddress, OutboundEmail } from './mail-transport.js';

/** The message cannot be written as given: the same message would fail the same way every time. */
export class EmlFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmlFormatError';
  }
}

const ADDRESS = /^[^\s<>()[\]\\,;:"@]+@[^\s<>()[\]\\,;:"@]+$/;

/**
 * The local sink's .eml file, built by nodemailer's MailComposer: multipart/alternative with the
 * text and HTML parts in UTF-8 quoted-printable (readable in a text editor), encoded words for
 * non-ASCII subjects and names, headers folded, CRLF line ends as mail clients expect.
 *
 * Refused rather than repaired: line breaks in any header value (they would forge headers), extra
 * headers that the message's own fields produce, malformed header names and addresses.
 */
export async function composeEml(message: OutboundEmail, options: { date: Date }): Promise<Buffer> {
  const extraHeaders = checkedHeaders(message);
  const messageIdHeader = Object.keys(extraHeaders).find(
    (name) => name.toLowerCase() === 'message-id',
  );
  const messageId =
    (messageIdHeader && extraHeaders[messageIdHeader]) ||
    `<${message.deliveryId}@${messageIdDomainOf(message.from.email)}>`;
  if (messageIdHeader) delete extraHeaders[messageIdHeader];

  const mail: MailComposerOptions = {
    from: address(message.from),
    to: address(message.to),
    ...(message.replyTo ? { replyTo: checkedAddress(message.replyTo) } : {}),
    subject: message.subject,
    messageId,
    date: options.date,
    text: message.text,
    html: message.html,
    headers: Object.fromEntries(
      Object.entries(extraHeaders).map(([name, value]) => [name, unstructured(value)]),
    ),
    encoding: 'quoted-printable',
    newline: 'win',
    // Bodies are our own rendered text: never let content name a file or URL to read.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  if (looksEncoded(message.subject)) {
    mail.headers = { ...(mail.headers as object), Subject: unstructured(message.subject) };
    delete mail.subject;
  }
  return new MailComposer(mail).compile().build();
}

function checkedHeaders(message: OutboundEmail): Record<string, string> {
  for (const [name, value] of Object.entries(message.headers)) {
    if (!isHeaderName(name))
      throw new EmlFormatError(`Invalid header name: ${JSON.stringify(name)}`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new EmlFormatError(`Header ${name} is set from the message itself, not from headers`);
    }
    rejectLineBreaks(name, value);
  }
  rejectLineBreaks('Subject', message.subject);
  rejectLineBreaks('From', message.from.name ?? '');
  rejectLineBreaks('To', message.to.name ?? '');
  return { ...message.headers };
}

function address(value: MailAddress): { name: string; address: string } {
  const email = checkedAddress(value.email);
  const name = value.name ?? '';
  // A plain name that reads like an encoded word would be decoded by the reader: encode it.
  return { name: looksEncoded(name) ? encodeWord(name, 'B') : name, address: email };
}

function checkedAddress(email: string): string {
  if (!ADDRESS.test(email)) {
    throw new EmlFormatError(`Invalid email address: ${JSON.stringify(email)}`);
  }
  return email;
}

function rejectLineBreaks(name: string, value: string): void {
  if (hasLineBreak(value)) throw new EmlFormatError(`Header ${name} contains a line break`);
}

/** ASCII text containing `=?` would be decoded by readers as if it were an encoded word. */
function looksEncoded(value: string): boolean {
  return value.includes('=?');
}

/**
 * A free-text header value. MailComposer encodes non-ASCII itself; text that merely looks like an
 * encoded word is encoded here as a whole, so it reads back literally.
 */
function unstructured(value: string): string | { prepared: true; foldLines: true; value: string } {
  if (!looksEncoded(value)) return value;
  return { prepared: true, foldLines: true, value: encodeWord(value, 'B', 52) };
}
