/**
 * Builds inbound emails in code: replies to a real mention email (as captured by the SendGrid
 * fake) shaped the way Gmail, Outlook and Apple Mail write them, and arbitrary raw messages for
 * rejection and hostile-input cases. Everything is CRLF MIME, as a mail server stores it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { RecordedRequest } from '../../support/sendgrid-fake.js';

export type MailClient = 'gmail' | 'outlook' | 'apple';

/** The parts of a sent mention email a mail client uses when replying. */
export interface MentionEmail {
  to: string;
  toName: string;
  fromAddress: string;
  fromName: string;
  replyTo: string;
  subject: string;
  messageId: string;
  text: string;
  html: string;
  sentAt: Date;
}

export function mentionEmailFrom(request: RecordedRequest): MentionEmail {
  const body = request.body;
  if (!body) throw new Error('The SendGrid request had no JSON body');
  const personalization = body.personalizations[0];
  const recipient = personalization?.to[0];
  const headers = { ...body.headers, ...personalization?.headers };
  const messageId = Object.entries(headers).find(
    ([name]) => name.toLowerCase() === 'message-id',
  )?.[1];
  if (!recipient || !messageId) throw new Error('The mention email has no recipient or Message-ID');
  const content = (type: string) => body.content?.find((part) => part.type === type)?.value ?? '';
  return {
    to: recipient.email,
    toName: recipient.name ?? recipient.email,
    fromAddress: body.from.email,
    fromName: body.from.name ?? body.from.email,
    replyTo: body.reply_to?.email ?? body.from.email,
    subject: personalization?.subject ?? body.subject ?? '',
    messageId,
    text: content('text/plain'),
    html: content('text/html'),
    sentAt: request.receivedAt,
  };
}

export interface ReplyOptions {
  /** The reply text, typed above the quote. */
  text: string;
  /** Sender; defaults to the mention's recipient (the person who may reply). */
  from?: string;
  fromName?: string;
  /** Overrides the To the client would use (the mention's Reply-To). */
  to?: string;
  extraHeaders?: string[];
  /** Drop In-Reply-To and References, as some webmail forwards-as-reply do. */
  withoutThreading?: boolean;
}

/** A reply to `mention` as `client` writes it: new text, attribution line, quoted original. */
export function replyTo(mention: MentionEmail, client: MailClient, options: ReplyOptions): string {
  const from = options.from ?? mention.to;
  const fromName = options.fromName ?? mention.toName;
  const date = new Date(mention.sentAt.getTime() + 60_000);
  const headers = [
    `From: ${quoteName(fromName)} <${from}>`,
    `To: ${options.to ?? mention.replyTo}`,
    `Subject: ${client === 'outlook' ? 'RE' : 'Re'}: ${mention.subject}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomUUID()}@${clientDomain(client)}>`,
    ...(options.withoutThreading
      ? []
      : [`In-Reply-To: ${mention.messageId}`, `References: ${mention.messageId}`]),
    'MIME-Version: 1.0',
    ...(options.extraHeaders ?? []),
  ];
  switch (client) {
    case 'gmail':
      return gmailReply(headers, mention, options.text, date);
    case 'outlook':
      return outlookReply(headers, mention, options.text, date, from, fromName);
    case 'apple':
      return appleReply(headers, mention, options.text, date);
  }
}

function gmailReply(headers: string[], mention: MentionEmail, text: string, date: Date): string {
  const attribution = `On ${gmailDate(date)} ${mention.fromName} <${mention.fromAddress}> wrote:`;
  const plain = `${text}\n\n${attribution}\n\n${quote(mention.text)}\n`;
  const html =
    `<div dir="ltr">${escapeHtml(text).replace(/\n/g, '<br>')}</div><br>` +
    `<div class="gmail_quote"><div dir="ltr" class="gmail_attr">${escapeHtml(attribution)}<br></div>` +
    `<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">` +
    `${mention.html}</blockquote></div>`;
  return alternative([...headers], plain, html);
}

function outlookReply(
  headers: string[],
  mention: MentionEmail,
  text: string,
  date: Date,
  from: string,
  fromName: string,
): string {
  const sent = outlookDate(date);
  const block = [
    '________________________________',
    `From: ${mention.fromName} <${mention.fromAddress}>`,
    `Sent: ${sent}`,
    `To: ${fromName} <${from}>`,
    `Subject: ${mention.subject}`,
  ].join('\n');
  const plain = `${text}\n\n${block}\n\n${mention.text}\n`;
  const html =
    `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body dir="ltr">` +
    `<div style="font-family: Aptos, Calibri, sans-serif; font-size: 12pt;">${escapeHtml(text).replace(/\n/g, '<br>')}</div>` +
    `<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">` +
    `<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">` +
    `<b>From:</b> ${escapeHtml(`${mention.fromName} <${mention.fromAddress}>`)}<br><b>Sent:</b> ${sent}<br>` +
    `<b>To:</b> ${escapeHtml(`${fromName} <${from}>`)}<br><b>Subject:</b> ${escapeHtml(mention.subject)}</font><div>&nbsp;</div></div>` +
    `${mention.html}</body></html>`;
  return alternative(
    [
      ...headers,
      `Thread-Topic: ${mention.subject}`,
      `Thread-Index: ${randomBytes(22).toString('base64')}`,
      'X-MS-Has-Attach:',
      'Content-Language: en-US',
    ],
    plain,
    html,
  );
}

function appleReply(headers: string[], mention: MentionEmail, text: string, date: Date): string {
  const attribution = `On ${appleDate(date)}, ${mention.fromName} <${mention.fromAddress}> wrote:`;
  const plain = `${text}\n\n> ${attribution}\n> \n${quote(mention.text)}\n`;
  const html =
    `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>` +
    `<body dir="auto"><div dir="ltr">${escapeHtml(text).replace(/\n/g, '<br>')}</div><div dir="ltr"><br>` +
    `<blockquote type="cite">${escapeHtml(attribution)}<br><br></blockquote></div>` +
    `<blockquote type="cite"><div dir="ltr">${mention.html}</div></blockquote></body></html>`;
  return alternative([...headers, 'X-Mailer: iPhone Mail (21E236)'], plain, html, 'Apple-Mail=_');
}

function alternative(headers: string[], plain: string, html: string, boundaryPrefix = ''): string {
  const boundary = `${boundaryPrefix}${randomBytes(12).toString('hex')}`;
  return crlf(
    [
      ...headers,
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset="UTF-8"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(plain),
      `--${boundary}`,
      'Content-Type: text/html; charset="UTF-8"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(html),
      `--${boundary}--`,
      '',
    ].join('\n'),
  );
}

export interface RawEmailOptions {
  from?: string;
  to?: string;
  subject?: string;
  messageId?: string | null;
  headers?: string[];
  body?: string;
  contentType?: string;
}

/** A plain single-part email; every header can be replaced or removed. */
export function rawEmail(options: RawEmailOptions = {}): string {
  const messageId =
    options.messageId === undefined ? `<${randomUUID()}@mail.example.test>` : options.messageId;
  return crlf(
    [
      ...(options.from === undefined
        ? ['From: Someone <someone@example.test>']
        : options.from
          ? [`From: ${options.from}`]
          : []),
      `To: ${options.to ?? 'replies@corp.test'}`,
      `Subject: ${options.subject ?? 'Hello'}`,
      'Date: Mon, 03 Mar 2025 10:00:00 +0000',
      ...(messageId ? [`Message-ID: ${messageId}`] : []),
      'MIME-Version: 1.0',
      `Content-Type: ${options.contentType ?? 'text/plain; charset=utf-8'}`,
      ...(options.headers ?? []),
      '',
      options.body ?? 'Hello there.',
      '',
    ].join('\n'),
  );
}

function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function base64Lines(text: string): string {
  return (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\n');
}

function quote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

function quoteName(name: string): string {
  return /[^\w .-]/.test(name) ? `"${name.replace(/"/g, '\\"')}"` : name;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function clientDomain(client: MailClient): string {
  return {
    gmail: 'mail.gmail.com',
    outlook: 'AM0PR01MB1234.eurprd01.prod.outlook.com',
    apple: 'icloud.com',
  }[client];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function time(date: Date): string {
  return `${date.getUTCHours()}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
}

/** "Mon, 3 Mar 2025 at 10:01" */
function gmailDate(date: Date): string {
  return `${DAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} at ${time(date)}`;
}

/** "Monday, March 3, 2025 10:01 AM" */
function outlookDate(date: Date): string {
  const hours = date.getUTCHours();
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  return `${LONG_DAYS[date.getUTCDay()]}, ${LONG_MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()} ${twelve}:${String(date.getUTCMinutes()).padStart(2, '0')} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** "3 Mar 2025, at 10:01" */
function appleDate(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, at ${time(date)}`;
}
