// How a broker's advertised host becomes an address, from where the tool runs: an IP literal as is, a
// name given with --resolve NAME:IP (as curl's --resolve: test before a private DNS zone is linked),
// else the system resolver, with a short timeout of its own (getaddrinfo cannot be cancelled, so we
// stop waiting rather than stop it).
import dns from 'node:dns';
import net from 'node:net';

/** --resolve mappings: host name (lower case) -> IP address. */
export type HostOverrides = ReadonlyMap<string, string>;

export type Resolution =
  | { ok: true; address: string; via: 'ip-literal' | 'resolve-flag' | 'dns' }
  | { ok: false; error: string; code: string | undefined };

export async function resolveHost(host: string, overrides: HostOverrides, timeoutMs: number): Promise<Resolution> {
  if (net.isIP(host)) return { ok: true, address: host, via: 'ip-literal' };
  const mapped = overrides.get(host.toLowerCase());
  if (mapped) return { ok: true, address: mapped, via: 'resolve-flag' };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Resolution>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: `no answer from the resolver within ${timeoutMs} ms`, code: 'ETIMEOUT' }),
      timeoutMs,
    );
  });
  const lookup = dns.promises.lookup(host).then(
    (answer): Resolution => ({ ok: true, address: answer.address, via: 'dns' }),
    (error: NodeJS.ErrnoException): Resolution => ({ ok: false, error: error.message, code: error.code }),
  );
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A `lookup` for net.connect that honours --resolve first: kafkajs connects to every advertised host
 * through it, so a mapped name reaches its IP without a DNS record.
 */
export function lookupWith(overrides: HostOverrides): net.LookupFunction {
  return (hostname, options, callback) => {
    const mapped = overrides.get(hostname.toLowerCase());
    if (!mapped) {
      dns.lookup(hostname, options, callback);
      return;
    }
    const family = net.isIP(mapped);
    if (options.all) callback(null, [{ address: mapped, family }]);
    else callback(null, mapped, family);
  };
}
