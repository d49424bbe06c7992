import { decodeCursor, encodeCursor } from './pagination.js';

const ID = '3f2a1c9e-8b7d-4e6f-a5b4-c3d2e1f0a9b8';
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('cursors', () => {
  it('round-trips what the API hands out, with milliseconds or microseconds', () => {
    for (const at of ['2026-12-01T10:00:00.123Z', '2026-12-01T10:00:00.123456Z']) {
      expect(decodeCursor(encodeCursor({ at, id: ID }))).toEqual({ at, id: ID });
    }
  });

  it('reads a missing or null cursor as the first page', () => {
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor(null)).toBeUndefined();
  });

  it.each([
    ['a month 13', { at: '2026-13-01T00:00:00Z', id: ID }],
    ['a 30 February', { at: '2024-02-30T00:00:00Z', id: ID }],
    ['hour 24', { at: '2024-02-01T24:00:00Z', id: ID }],
    ['a local time', { at: '2024-02-01T10:00:00+02:00', id: ID }],
    ['a year Postgres cannot take', { at: '99999-01-01T00:00:00Z', id: ID }],
    ['no time', { at: '2024-02-01', id: ID }],
    ['an id that is not a uuid', { at: '2024-02-01T00:00:00Z', id: 'abc' }],
    ['SQL', { at: "2024-02-01T00:00:00Z' --", id: ID }],
    ['numbers', { at: 1, id: 2 }],
    ['null', null],
  ])('refuses %s as BAD_USER_INPUT', (_what, value) => {
    expect(() => decodeCursor(raw(value))).toThrow(
      expect.objectContaining({ errorCode: 'BAD_USER_INPUT' }) as Error,
    );
  });
});
