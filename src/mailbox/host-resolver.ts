import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import type { ResolvedAddress } from './network-destination.js';
import { unbracketed } from './network-destination.js';

/**
 * Turns a mail server's host name into addresses, once per connection: the addresses are checked
 * and the connection goes to exactly those, so a DNS answer that changes in between (rebinding)
 * cannot send it elsewhere. A class of its own so the resolution is one swappable adapter.
 */
export abstract class HostResolver {
  abstract resolve(host: string): Promise<ResolvedAddress[]>;
}

/** The operating system's resolver (getaddrinfo: /etc/hosts, then DNS), as Node's sockets use it. */
@Injectable()
export class SystemHostResolver extends HostResolver {
  async resolve(host: string): Promise<ResolvedAddress[]> {
    const name = unbracketed(host);
    const family = isIP(name);
    if (family !== 0) return [{ address: name, family: family === 4 ? 4 : 6 }];
    const answers = await lookup(name, { all: true, verbatim: true });
    return answers.map(({ address, family: answerFamily }) => ({
      address,
      family: answerFamily === 6 ? 6 : 4,
    }));
  }
}
