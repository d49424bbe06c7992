import { createHash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Whether an `Authorization` header carries exactly `expected` as a Bearer token. Both sides are
 * hashed first, so the comparison takes the same time whatever the token's length or how much of
 * it is right: timing reveals nothing about the token.
 */
export function bearerTokenMatches(header: string | undefined, expected: string): boolean {
  const given = BEARER.exec(header ?? '')?.[1];
  if (given === undefined) return false;
  return timingSafeEqual(sha256(given), sha256(expected));
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
