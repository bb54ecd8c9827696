// A raw https client for the ARM simulator: the simulator's own rules are checked over the wire, so
// that they hold whatever client calls them. It trusts the simulator's test CA through `ca`, which
// product code never sets: an explicit `ca` replaces Node's default roots (nodejs/node doc/api/tls.md,
// tls.createSecureContext).
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { ArmSimulator } from '../sim/arm/server.js';

export const NETWORK_API = '2025-05-01';

/** An unsigned JWT for `aud`, as the test `az` issues them. */
export const armToken = (aud: string) => `e30.${Buffer.from(JSON.stringify({ aud, oid: 'test-oid' })).toString('base64url')}.`;

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Raw ARM JSON, asserted field by field. */
  body: any;
}

export interface RawOptions {
  body?: unknown;
  /** A token, or null for none; ARM's audience by default. */
  auth?: string | null;
  /** Null for none; Microsoft.Network's by default. */
  apiVersion?: string | null;
}

export function rawArm(sim: ArmSimulator): (method: string, path: string, options?: RawOptions) => Promise<RawAnswer> {
  let ca: string | undefined;
  return (method, path, options = {}) => {
    ca ??= readFileSync(sim.caFile, 'utf8');
    const url = new URL(path, sim.endpoint);
    if (options.apiVersion !== null && !url.searchParams.has('api-version')) {
      url.searchParams.set('api-version', options.apiVersion ?? NETWORK_API);
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.auth !== null) headers.authorization = `Bearer ${options.auth ?? armToken('https://management.azure.com')}`;
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, ca }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
      });
      req.on('error', reject);
      req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
    });
  };
}
