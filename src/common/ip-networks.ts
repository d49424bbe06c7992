import { BlockList, isIP } from 'node:net';

/** An IP address or CIDR range, as an operator writes it: `10.0.0.5`, `169.254.0.0/16`, `fd00::/8`. */
export interface IpNetwork {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/**
 * Parses a comma- or space-separated list of addresses and CIDR ranges. Entries that are not one
 * come back in `invalid`, so configuration can name each of them.
 */
export function parseIpNetworks(text: string): { networks: IpNetwork[]; invalid: string[] } {
  const networks: IpNetwork[] = [];
  const invalid: string[] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const network = parseIpNetwork(entry);
    if (network) networks.push(network);
    else invalid.push(entry);
  }
  return { networks, invalid };
}

function parseIpNetwork(entry: string): IpNetwork | null {
  const [address = '', prefixText, ...rest] = entry.split('/');
  if (rest.length) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const bits = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: bits, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return null;
  return { address, prefix: Number(prefixText), family };
}

/** A set of networks that answers "is this address in one of them?". */
export class IpNetworkSet {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(networks: readonly IpNetwork[]) {
    for (const network of networks) {
      this.list.addSubnet(network.address, network.prefix, network.family);
    }
    this.size = networks.length;
  }

  /** IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) match their IPv4 network too. */
  contains(address: string): boolean {
    const version = isIP(address);
    if (version === 0) return false;
    return this.list.check(address, version === 4 ? 'ipv4' : 'ipv6');
  }
}
