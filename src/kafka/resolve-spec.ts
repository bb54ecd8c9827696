// One --resolve value, `name:ip`, as curl's --resolve maps a name to an address. Pure, and light: the
// command line parses it at start-up, before anything heavy is loaded.
import { isIP } from 'node:net';

/** `name:ip` (the IP may be IPv6, so only the first colon splits); undefined when it is not that. */
export function parseResolveSpec(spec: string): { name: string; address: string } | undefined {
  const colon = spec.indexOf(':');
  if (colon <= 0) return undefined;
  const name = spec.slice(0, colon).trim().toLowerCase();
  const address = spec.slice(colon + 1).trim().replace(/^\[|\]$/g, '');
  if (name === '' || !isIP(address)) return undefined;
  return { name, address };
}
