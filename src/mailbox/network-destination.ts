import { isIP } from 'node:net';
import { IpNetworkSet, parseIpNetworks } from '../common/ip-networks.js';

/**
 * Which addresses an admin-configured mail server may be: not the machine's link-local network,
 * where cloud metadata services answer with credentials, nor addresses that are no host at all.
 * Private and loopback addresses stay allowed: company IMAP servers live there. Pure: the caller
 * resolves the name once, checks the answer here, and connects to exactly the addresses checked.
 */

/** Why an address is refused, as the admin reads it. */
export type RefusedAddressKind =
  | 'a cloud metadata service address'
  | 'a link-local address'
  | 'the unspecified address'
  | 'a broadcast address'
  | 'a multicast address';

const networks = (list: string) => new IpNetworkSet(parseIpNetworks(list).networks);

const REFUSED: ReadonlyArray<readonly [RefusedAddressKind, IpNetworkSet]> = [
  // First, so that 169.254.169.254 is named for what it is rather than as link-local. AWS, GCP,
  // Azure, OpenStack, DigitalOcean; AWS ECS tasks; AWS over IPv6; Alibaba Cloud; Azure's platform
  // endpoint (WireServer); Oracle Cloud's legacy one.
  [
    'a cloud metadata service address',
    networks(
      '169.254.169.254 169.254.170.2 fd00:ec2::254 100.100.100.200 168.63.129.16 192.0.0.192',
    ),
  ],
  ['a link-local address', networks('169.254.0.0/16 fe80::/10')],
  ['the unspecified address', networks('0.0.0.0/8 ::/128')],
  ['a broadcast address', networks('255.255.255.255')],
  ['a multicast address', networks('224.0.0.0/4 ff00::/8')],
];

/** Names that lead to a metadata service inside the clouds that define them. */
const METADATA_HOST_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.tencentyun.com',
  'metadata.platformequinix.com',
]);

/** NAT64's well-known prefix carries an IPv4 address in its last 32 bits (RFC 6052). */
const NAT64 = networks('64:ff9b::/96');

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type DestinationVerdict =
  { allowed: true; addresses: ResolvedAddress[] } | { allowed: false; reason: string };

/** The kind of refused address this is, or null when a mail server may live there. */
export function refusedAddressKind(address: string): RefusedAddressKind | null {
  const plain = embeddedIpv4(address) ?? address;
  for (const [kind, set] of REFUSED) if (set.contains(plain)) return kind;
  return null;
}

/** True for names that only ever lead to a cloud metadata service. */
export function isMetadataHostName(host: string): boolean {
  return METADATA_HOST_NAMES.has(host.toLowerCase().replace(/\.$/, ''));
}

/** `[fe80::1]` → `fe80::1`: the brackets of an IPv6 literal in a host field are not part of it. */
export function unbracketed(host: string): string {
  return /^\[.*\]$/.test(host) ? host.slice(1, -1) : host;
}

/**
 * Judges what `host` resolved to. Every address must be acceptable (a name that also points at a
 * metadata address is not a mail server to trust), unless the operator's allow-list covers it.
 */
export function judgeDestination(
  host: string,
  addresses: readonly ResolvedAddress[],
  allowList: IpNetworkSet,
): DestinationVerdict {
  const literal = isIP(unbracketed(host)) !== 0;
  if (!literal && isMetadataHostName(host)) {
    return { allowed: false, reason: `${host} is the name of a cloud metadata service` };
  }
  for (const { address } of addresses) {
    const kind = refusedAddressKind(address);
    if (!kind || allowList.contains(address)) continue;
    const what = literal ? `${address} is ${kind}` : `${host} resolves to ${address}, ${kind}`;
    return { allowed: false, reason: what };
  }
  return { allowed: true, addresses: [...addresses] };
}

/** The IPv4 address inside an IPv4-mapped or NAT64 IPv6 address, else undefined. */
function embeddedIpv4(address: string): string | undefined {
  if (isIP(address) !== 6) return undefined;
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex && (lower.startsWith('::ffff:') || NAT64.contains(lower))) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return undefined;
}
