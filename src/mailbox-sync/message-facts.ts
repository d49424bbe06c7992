import type { AddressObject, EmailAddress, ParsedMail } from 'mailparser';

/**
 * What the inbound rules look at, taken out of mailparser's result once: plain strings and
 * lists, so the rules are pure functions that unit tests can feed directly.
 */
export interface MessageFacts {
  /** The Message-ID with angle brackets, or null. */
  messageId: string | null;
  /** From addresses, lower-cased. Display names are kept apart: they are never trusted. */
  from: string[];
  fromName: string | null;
  to: string[];
  cc: string[];
  deliveredTo: string[];
  originalTo: string[];
  /** Message ids with angle brackets, in header order. */
  inReplyTo: string[];
  references: string[];
  subject: string | null;
  /** Every header by lower-case name, unfolded, without the name; repeated headers in order. */
  headers: Record<string, string[]>;
  /** Content types of the parts mailparser kept as attachments (e.g. message/delivery-status). */
  attachmentTypes: string[];
}

/** Loose address matcher for headers mailparser leaves as text (Delivered-To, X-Original-To). */
const ADDRESS = /[^\s<>,;:"()[\]\\]+@[^\s<>,;:"()[\]\\]+/g;
const MESSAGE_ID = /<([^<>\s]+)>/g;

/**
 * `value` without NUL characters. PostgreSQL text cannot hold U+0000, so a NUL decoded from an
 * encoded word or a base64 body would fail every attempt to record the email; it carries nothing
 * a reader would miss.
 */
export function withoutNul<T extends string | null | undefined>(value: T): T {
  return (
    typeof value === 'string' && value.includes('\0') ? value.replace(/\0/g, '') : value
  ) as T;
}

export function messageFacts(parsed: ParsedMail): MessageFacts {
  const headers = headerMap(parsed);
  const from = addressesOf(parsed.from);
  return {
    messageId: withoutNul(
      normaliseMessageId(parsed.messageId) ?? firstMessageId(headers['message-id']),
    ),
    from,
    fromName: withoutNul(firstName(parsed.from)),
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    deliveredTo: looseAddresses(headers['delivered-to']),
    originalTo: looseAddresses(headers['x-original-to']),
    inReplyTo: messageIds(headers['in-reply-to']),
    references: messageIds(headers['references']),
    subject: typeof parsed.subject === 'string' ? withoutNul(parsed.subject) : null,
    headers,
    attachmentTypes: (parsed.attachments ?? []).map((part) => part.contentType.toLowerCase()),
  };
}

/** Header values by lower-case name from the raw header lines (so repeated headers all count). */
export function headerMap(parsed: Pick<ParsedMail, 'headerLines'>): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (const { key, line } of parsed.headerLines ?? []) {
    const colon = line.indexOf(':');
    const value = withoutNul(colon >= 0 ? line.slice(colon + 1) : '')
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    (headers[key.toLowerCase()] ??= []).push(value);
  }
  return headers;
}

/** Message ids in a header (`<a@b> <c@d>`), with brackets; bare ids (`a@b`) from sloppy clients too. */
export function messageIds(values: readonly string[] | undefined): string[] {
  const ids: string[] = [];
  for (const value of values ?? []) {
    const bracketed = [...value.matchAll(MESSAGE_ID)].map((match) => `<${match[1]}>`);
    if (bracketed.length) {
      ids.push(...bracketed);
    } else {
      ids.push(
        ...value
          .split(/[\s,]+/)
          .filter((part) => part.includes('@'))
          .map((id) => `<${id}>`),
      );
    }
  }
  return ids;
}

export function normaliseMessageId(value: string | undefined | null): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  return trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
}

function firstMessageId(values: readonly string[] | undefined): string | null {
  return messageIds(values)[0] ?? null;
}

function looseAddresses(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) =>
    [...value.matchAll(ADDRESS)].map((m) => m[0].toLowerCase()),
  );
}

function flatten(entries: readonly EmailAddress[]): EmailAddress[] {
  return entries.flatMap((entry) => (entry.group ? flatten(entry.group) : [entry]));
}

function addressObjects(value: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  if (!value) return [];
  const objects = Array.isArray(value) ? value : [value];
  return flatten(objects.flatMap((object) => object.value ?? []));
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): string[] {
  return addressObjects(value)
    .map((entry) => withoutNul(entry.address?.trim().toLowerCase() ?? ''))
    .filter((address) => address.includes('@'));
}

function firstName(value: AddressObject | undefined): string | null {
  const name = addressObjects(value)[0]?.name?.trim();
  return name ? name : null;
}

/** `Local+tag@Domain` → `local@domain`: plus tags do not change whose address it is. */
export function baseAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return address.toLowerCase();
  const local = address.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus >= 0 ? local.slice(0, plus) : local}@${address.slice(at + 1)}`.toLowerCase();
}

export function domainOf(addressOrId: string): string {
  const value = addressOrId.replace(/^<|>$/g, '');
  return value.slice(value.lastIndexOf('@') + 1).toLowerCase();
}
