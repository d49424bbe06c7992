import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const TOKEN_LENGTH = 26;

/**
 * 26 base32 characters = 130 random bits. Lower-case only, so a mail system that changes the case
 * of an address or header does not break it (resolution lower-cases what it finds).
 */
export function generateReplyToken(): string {
  const bytes = randomBytes(17);
  let bits = 0;
  let value = 0;
  let token = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && token.length < TOKEN_LENGTH) {
      token += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return token;
}

/** Matches a whole token; use on a plus tag or a Message-ID's local part. */
export const REPLY_TOKEN = /^[a-z2-7]{26}$/;

function splitAddress(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** `replies@example.com` + token → `replies+token@example.com` (intent mode EMAIL_ADDRESS). */
export function replyAddressWithToken(replyToAddress: string, token: string): string {
  const { local, domain } = splitAddress(replyToAddress);
  return `${local}+${token}@${domain}`;
}

/** The Message-ID carrying a token (intent mode MESSAGE_ID): `<token@domain-of-reply-to>`. */
export function messageIdWithToken(replyToAddress: string, token: string): string {
  return `<${token}@${splitAddress(replyToAddress).domain}>`;
}
