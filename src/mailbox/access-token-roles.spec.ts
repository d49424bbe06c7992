import { applicationRolesOf } from './access-token-roles.js';

const jwt = (payload: unknown) =>
  [
    Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: 'k' })).toString('base64url'),
    Buffer.from(JSON.stringify(payload)).toString('base64url'),
    'c2lnbmF0dXJl',
  ].join('.');

describe('applicationRolesOf', () => {
  it('reads the roles claim of an application token', () => {
    const token = jwt({
      aud: 'https://graph.microsoft.com',
      idtyp: 'app',
      roles: ['Mail.ReadWrite', 'Mail.Send'],
    });
    expect(applicationRolesOf(token)).toEqual(['Mail.ReadWrite', 'Mail.Send']);
  });

  it('reads a token without the claim as one with no permissions', () => {
    expect(applicationRolesOf(jwt({ aud: 'https://graph.microsoft.com' }))).toEqual([]);
  });

  it('keeps only the string entries of the claim', () => {
    expect(applicationRolesOf(jwt({ roles: ['Mail.Read', 7, null] }))).toEqual(['Mail.Read']);
  });

  it.each([
    ['an opaque token', 'EwBwA8l6BAAUkj1ZF3'],
    ['a payload that is not JSON', 'a.bm90IGpzb24.c'],
    ['a payload that is not an object', `a.${Buffer.from('[1]').toString('base64url')}.c`],
    ['a roles claim that is not a list', jwt({ roles: 'Mail.ReadWrite' })],
    ['an empty payload', 'a..c'],
  ])('says it cannot tell for %s', (_name, token) => {
    expect(applicationRolesOf(token)).toBeNull();
  });
});
