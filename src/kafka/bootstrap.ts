// bootstrap.servers as operators write it: host:port,host:port (IPv6 as [addr]:port). Pure.

export interface ServerAddress {
  host: string;
  port: number;
}

/** Parses the list; undefined names the first entry that is not host:port. */
export function parseBootstrapServers(list: string): { servers: ServerAddress[] } | { invalid: string } {
  const servers: ServerAddress[] = [];
  for (const raw of list.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')) {
    const match = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(raw);
    const port = match ? Number(match[2]) : NaN;
    if (!match || port < 1 || port > 65535) return { invalid: raw };
    servers.push({ host: match[1]!.replace(/^\[|\]$/g, ''), port });
  }
  return servers.length === 0 ? { invalid: list } : { servers };
}

export function formatServer(server: ServerAddress): string {
  return server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

/** `host:port,host:port`: bootstrap.servers as clients take it (IPv6 in brackets). */
export function formatServers(servers: ServerAddress[]): string {
  return servers.map(formatServer).join(',');
}
