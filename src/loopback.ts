// The one decision of what is loopback: the only place where kafka-aks lets plain http carry a password
// (an SSH tunnel, a simulator). Asked of the host that WHATWG URL gives (`new URL(raw).hostname`), which
// is the host Node connects to: URL already reads 127.1, 0x7f.1 and 2130706433 as 127.0.0.1 and writes
// IPv6 in brackets. A name is looked up, and 127.0.0.1.evil.example resolves wherever its owner likes;
// so the only name that counts is `localhost`, which resolvers answer locally (RFC 6761 §6.3).
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * An IP literal in 127.0.0.0/8 or ::1 (bracketed or not), or the name `localhost` in any case. BlockList
 * also matches IPv4-mapped IPv6 against 127.0.0.0/8: a socket to [::ffff:7f00:1] reaches 127.0.0.1.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = /^\[.*\]$/.test(hostname) ? hostname.slice(1, -1) : hostname;
  switch (isIP(host)) {
    case 4:
      return LOOPBACK.check(host, 'ipv4');
    case 6:
      return LOOPBACK.check(host, 'ipv6');
    default:
      return host.toLowerCase() === 'localhost';
  }
}
