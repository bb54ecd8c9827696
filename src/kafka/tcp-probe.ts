// Does a TCP connection to address:port open from here, within a timeout? The first step of every
// diagnosis: a broker can advertise a perfectly resolvable address that an NSG or a missing peering
// makes unreachable.
import net from 'node:net';

export type TcpProbe = { ok: true; ms: number } | { ok: false; error: string; code: string | undefined };

export function probeTcp(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<TcpProbe> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const finish = (outcome: TcpProbe) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(outcome);
    };
    const onAbort = () => finish({ ok: false, error: 'interrupted', code: 'ABORT_ERR' });
    const timer = setTimeout(
      () => finish({ ok: false, error: `no answer within ${timeoutMs} ms (connect timed out)`, code: 'ETIMEDOUT' }),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish({ ok: true, ms: performance.now() - started }));
    socket.once('error', (error: NodeJS.ErrnoException) => finish({ ok: false, error: error.message, code: error.code }));
  });
}
