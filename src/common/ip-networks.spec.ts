import { IpNetworkSet, parseIpNetworks } from './ip-networks.js';

describe('parseIpNetworks', () => {
  it('reads addresses and ranges of both families, separated by commas or spaces', () => {
    expect(parseIpNetworks('169.254.169.254, 10.0.0.0/8 fd00:ec2::254  fe80::/10')).toEqual({
      networks: [
        { address: '169.254.169.254', prefix: 32, family: 'ipv4' },
        { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
        { address: 'fd00:ec2::254', prefix: 128, family: 'ipv6' },
        { address: 'fe80::', prefix: 10, family: 'ipv6' },
      ],
      invalid: [],
    });
  });

  it('names every entry that is not an address or range', () => {
    expect(
      parseIpNetworks('imap.example.com,10.0.0.0/33,300.1.1.1,10.0.0.0/8/1,fe80::/129').invalid,
    ).toEqual(['imap.example.com', '10.0.0.0/33', '300.1.1.1', '10.0.0.0/8/1', 'fe80::/129']);
  });

  it('reads an empty list as no networks', () => {
    expect(parseIpNetworks(' , ')).toEqual({ networks: [], invalid: [] });
  });
});

describe('IpNetworkSet', () => {
  const set = new IpNetworkSet(parseIpNetworks('169.254.169.254 fe80::/10').networks);

  it('contains what its networks cover, IPv4-mapped IPv6 included', () => {
    expect(set.contains('169.254.169.254')).toBe(true);
    expect(set.contains('::ffff:169.254.169.254')).toBe(true);
    expect(set.contains('fe80::1')).toBe(true);
    expect(set.contains('169.254.169.253')).toBe(false);
    expect(set.contains('not an address')).toBe(false);
  });
});
