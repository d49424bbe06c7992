import {
  clientSecretScopeChanges,
  imapPasswordScopeChanges,
  listInWords,
} from './stored-secret-reuse.js';
import type { ImapSecretScope } from './stored-secret-reuse.js';

const saved: ImapSecretScope = {
  host: 'imap.corp.example',
  port: 993,
  ssl: true,
  username: 'replies@corp.example',
  allowUnencryptedLogin: false,
};

describe('imapPasswordScopeChanges', () => {
  it('allows reuse with the same server and account', () => {
    expect(imapPasswordScopeChanges(saved, { ...saved })).toEqual([]);
  });

  it('ignores the case and a trailing dot of the host name', () => {
    expect(imapPasswordScopeChanges(saved, { ...saved, host: 'IMAP.Corp.Example.' })).toEqual([]);
  });

  it.each([
    ['host', { host: 'imap.attacker.example' }, 'the IMAP server'],
    ['port', { port: 143 }, 'the port'],
    ['ssl', { ssl: false }, '"Server uses SSL"'],
    ['user name', { username: 'attacker' }, 'the user name'],
    [
      'unencrypted sign-in turned on',
      { allowUnencryptedLogin: true },
      'sign-in without TLS was turned on',
    ],
  ])('refuses reuse when the %s changes', (_name, change, phrase) => {
    expect(imapPasswordScopeChanges(saved, { ...saved, ...change })).toEqual([phrase]);
  });

  it('keeps the password when unencrypted sign-in is turned off', () => {
    expect(
      imapPasswordScopeChanges(
        { ...saved, allowUnencryptedLogin: true },
        { ...saved, allowUnencryptedLogin: false },
      ),
    ).toEqual([]);
  });

  it('names every change', () => {
    expect(
      imapPasswordScopeChanges(saved, { ...saved, host: 'x.example', port: 143, ssl: false }),
    ).toEqual(['the IMAP server', 'the port', '"Server uses SSL"']);
  });

  it('refuses reuse when nothing was saved with the password', () => {
    const nothing = {
      host: null,
      port: null,
      ssl: true,
      username: null,
      allowUnencryptedLogin: false,
    };
    expect(imapPasswordScopeChanges(nothing, saved)).toEqual([
      'the IMAP server',
      'the port',
      'the user name',
    ]);
  });
});

describe('clientSecretScopeChanges', () => {
  const tenantId = '8d0c3b35-8fd8-4c4e-93c5-3c5c3fbb0a11';
  const clientId = '0b1f3e1a-2c33-4a51-9d51-1b7b0a8c9e22';

  it('allows reuse with the same tenant and client, whatever their case', () => {
    expect(
      clientSecretScopeChanges(
        { tenantId, clientId },
        { tenantId: tenantId.toUpperCase(), clientId: clientId.toUpperCase() },
      ),
    ).toEqual([]);
  });

  it('refuses reuse for another tenant or client', () => {
    expect(
      clientSecretScopeChanges(
        { tenantId, clientId },
        { tenantId: 'contoso.onmicrosoft.com', clientId },
      ),
    ).toEqual(['the Tenant ID']);
    expect(
      clientSecretScopeChanges(
        { tenantId, clientId },
        { tenantId, clientId: '11111111-2222-4333-8444-555555555555' },
      ),
    ).toEqual(['the Client ID']);
  });
});

describe('listInWords', () => {
  it('joins phrases as a sentence does', () => {
    expect(listInWords(['a'])).toBe('a');
    expect(listInWords(['a', 'b'])).toBe('a and b');
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
