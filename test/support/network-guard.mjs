// The project's network guard: loaded into every test process (vitest's setupFiles) and into every
// process a test starts (NODE_OPTIONS=--import=<this file>, set by vitest.config.ts).
// Tests may reach 127.0.0.0/8 and ::1 only. Anything else - Azure, a DNS server, the link-local
// managed-identity endpoint that DefaultAzureCredential probes - fails at once, loudly, naming the address.
//
// Plain JavaScript on purpose: child processes run plain `node`, without a TypeScript loader.
import dgram from 'node:dgram';
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const GUARD_NAME = 'kafka-aks network guard';

/**
 * KAFKA_AKS_TEST_LOOKUP_LOG=<file>: every name this process asks to resolve (answered or not) is
 * appended to the file, one a line, so that a test can prove a command looked nothing up at all.
 */
function recordLookup(hostname) {
  const log = process.env.KAFKA_AKS_TEST_LOOKUP_LOG;
  if (log) appendFileSync(log, `${hostname}\n`);
}

/** Loopback only: 127.0.0.0/8, ::1 and the IPv4-mapped form of 127/8. */
export function isLoopback(address) {
  const host = String(address).replace(/^\[|\]$/g, '');
  if (net.isIPv4(host)) return host.startsWith('127.');
  if (net.isIPv6(host)) {
    const lower = host.toLowerCase();
    return lower === '::1' || lower === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(lower);
  }
  return false;
}

function refusedConnection(address) {
  const error = new Error(
    `${GUARD_NAME}: connection to ${address} refused; tests may only reach 127.0.0.0/8 and ::1`,
  );
  error.code = 'ECONNREFUSED';
  error.address = address;
  return error;
}

function unresolvable(hostname) {
  // Shaped like the error getaddrinfo gives for a name that does not exist, so product code
  // sees what it would see for an unresolvable FQDN (and no DNS query leaves the machine).
  const error = new Error(`getaddrinfo ENOTFOUND ${hostname} (${GUARD_NAME}: loopback only, no DNS query sent)`);
  error.code = 'ENOTFOUND';
  error.errno = -3008;
  error.syscall = 'getaddrinfo';
  error.hostname = hostname;
  return error;
}

/** localhost and IP literals resolve locally; every other name is ENOTFOUND without a query. */
function localAnswer(hostname, family) {
  if (hostname === 'localhost' || hostname === 'localhost.') {
    return family === 6 ? { address: '::1', family: 6 } : { address: '127.0.0.1', family: 4 };
  }
  const literal = net.isIP(hostname);
  if (literal) return { address: hostname, family: literal };
  return undefined;
}

function guardedLookup(hostname, options, callback) {
  recordLookup(hostname);
  const cb = typeof options === 'function' ? options : callback;
  const opts = typeof options === 'object' && options !== null ? options : { family: options };
  const answer = localAnswer(String(hostname), Number(opts.family) || 0);
  process.nextTick(() => {
    if (!answer) return cb(unresolvable(hostname));
    if (opts.all) return cb(null, [answer]);
    return cb(null, answer.address, answer.family);
  });
}

function install() {
  if (globalThis.__kafkaAksNetworkGuard) return;
  globalThis.__kafkaAksNetworkGuard = true;

  dns.lookup = guardedLookup;
  dns.promises.lookup = (hostname, options = {}) =>
    new Promise((resolve, reject) =>
      guardedLookup(hostname, options, (error, address, family) => {
        if (error) return reject(error);
        resolve(Array.isArray(address) ? address : { address, family });
      }),
    );
  // Every resolver method would send a query to the system's DNS server: refuse them all.
  for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype]) {
    for (const name of Object.keys(target)) {
      if (/^resolve|^reverse$/.test(name) && typeof target[name] === 'function') {
        target[name] = function refusedResolve(hostname) {
          recordLookup(hostname);
          const error = unresolvable(hostname);
          const last = arguments[arguments.length - 1];
          if (typeof last === 'function') return process.nextTick(() => last(error));
          return Promise.reject(error);
        };
      }
    }
  }

  const originalConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
    if (options.path === undefined) {
      const host = typeof options.host === 'string' ? options.host : 'localhost';
      // A name goes through the guarded lookup (ENOTFOUND unless localhost); an IP literal must be loopback.
      if (net.isIP(host.replace(/^\[|\]$/g, '')) && !isLoopback(host)) {
        const error = refusedConnection(host);
        process.nextTick(() => this.destroy(error));
        return this;
      }
      if (typeof options.lookup === 'function' && options.lookup !== guardedLookup) {
        // Custom lookups (the smoke test's --resolve) are honoured, but their answer is checked too.
        const custom = options.lookup;
        options.lookup = (hostname, lookupOptions, cb) =>
          custom(hostname, lookupOptions, (error, address, family) => {
            if (error) return cb(error);
            const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
            const outside = addresses.find((a) => !isLoopback(a));
            if (outside) return cb(refusedConnection(outside));
            cb(null, address, family);
          });
      }
    }
    return originalConnect.apply(this, args);
  };

  const originalSend = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function guardedSend(...args) {
    const address = args.find((a, i) => i > 0 && typeof a === 'string');
    if (address && !isLoopback(address) && address !== 'localhost') throw refusedConnection(address);
    return originalSend.apply(this, args);
  };
}

install();
