import { IpNetworkSet, parseIpNetworks } from '../common/ip-networks.js';
import {
  isMetadataHostName,
  judgeDestination,
  refusedAddressKind,
  unbracketed,
} from './network-destination.js';

const nothingAllowed = new IpNetworkSet([]);

describe('refusedAddressKind', () => {
  it.each([
    ['169.254.169.254', 'a cloud metadata service address'],
    ['169.254.170.2', 'a cloud metadata service address'],
    ['fd00:ec2::254', 'a cloud metadata service address'],
    ['100.100.100.200', 'a cloud metadata service address'],
    ['168.63.129.16', 'a cloud metadata service address'],
    ['169.254.0.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['febf:ffff::1', 'a link-local address'],
    ['0.0.0.0', 'the unspecified address'],
    ['::', 'the unspecified address'],
    ['255.255.255.255', 'a broadcast address'],
    ['224.0.0.251', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    // The same addresses hidden in IPv6 forms.
    ['::ffff:169.254.169.254', 'a cloud metadata service address'],
    ['::ffff:a9fe:a9fe', 'a cloud metadata service address'],
    ['64:ff9b::a9fe:a9fe', 'a cloud metadata service address'],
    ['64:ff9b::169.254.1.1', 'a link-local address'],
  ])('refuses %s as %s', (address, kind) => {
    expect(refusedAddressKind(address)).toBe(kind);
  });

  it.each([
    '127.0.0.1',
    '::1',
    '10.1.2.3',
    '192.168.0.10',
    '172.16.5.5',
    '100.64.0.1',
    '8.8.8.8',
    '2001:db8::1',
    'fd12::1',
    '::ffff:10.0.0.1',
  ])('allows %s: mail servers live on loopback, private and public addresses', (address) => {
    expect(refusedAddressKind(address)).toBeNull();
  });
});

describe('isMetadataHostName', () => {
  it('knows the metadata service names, whatever their case or trailing dot', () => {
    expect(isMetadataHostName('metadata.google.internal')).toBe(true);
    expect(isMetadataHostName('Metadata.Google.Internal.')).toBe(true);
    expect(isMetadataHostName('instance-data')).toBe(true);
    expect(isMetadataHostName('imap.google.com')).toBe(false);
  });
});

describe('unbracketed', () => {
  it('drops the brackets of an IPv6 literal only', () => {
    expect(unbracketed('[fe80::1]')).toBe('fe80::1');
    expect(unbracketed('imap.example.com')).toBe('imap.example.com');
  });
});

describe('judgeDestination', () => {
  const v4 = (address: string) => ({ address, family: 4 as const });

  it('allows a name whose addresses are all acceptable, keeping them for the connection', () => {
    expect(
      judgeDestination('imap.corp.example', [v4('10.0.0.5'), v4('10.0.0.6')], nothingAllowed),
    ).toEqual({ allowed: true, addresses: [v4('10.0.0.5'), v4('10.0.0.6')] });
  });

  it('refuses a name when any of its addresses is refused, naming it', () => {
    expect(
      judgeDestination(
        'imap.corp.example',
        [v4('10.0.0.5'), v4('169.254.169.254')],
        nothingAllowed,
      ),
    ).toEqual({
      allowed: false,
      reason: 'imap.corp.example resolves to 169.254.169.254, a cloud metadata service address',
    });
  });

  it('refuses a literal address in its own words', () => {
    expect(
      judgeDestination('[fe80::1]', [{ address: 'fe80::1', family: 6 }], nothingAllowed),
    ).toEqual({
      allowed: false,
      reason: 'fe80::1 is a link-local address',
    });
  });

  it('refuses metadata service names before looking at any address', () => {
    expect(judgeDestination('metadata.google.internal', [], nothingAllowed)).toEqual({
      allowed: false,
      reason: 'metadata.google.internal is the name of a cloud metadata service',
    });
  });

  it('lets the allow-list open exactly what it names', () => {
    const allowList = new IpNetworkSet(parseIpNetworks('169.254.10.0/24').networks);
    expect(judgeDestination('169.254.10.7', [v4('169.254.10.7')], allowList).allowed).toBe(true);
    expect(judgeDestination('169.254.11.7', [v4('169.254.11.7')], allowList).allowed).toBe(false);
  });
});
