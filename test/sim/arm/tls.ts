// A throw-away certificate authority and a server certificate for 127.0.0.1, made for one test run.
// The Azure SDK sends bearer tokens only over https (bearerTokenAuthenticationPolicy refuses any other
// URL: Azure/azure-sdk-for-js sdk/core/core-rest-pipeline/src/policies/bearerTokenAuthenticationPolicy.ts),
// so the ARM simulator must speak TLS, and the CLI processes a test starts trust this CA through
// NODE_EXTRA_CA_CERTS, read by Node at process start (nodejs/node doc/api/cli.md).
// Nothing here is committed: the keys live in a temporary folder that close() removes.
// Node has no API to issue X.509 certificates, so this uses the openssl binary (Debian's, on every
// machine of this project's kind).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  /** PEM file of the CA: the value for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** The server's certificate and key, PEM. */
  cert: string;
  key: string;
  /** Remove the folder holding the keys. */
  remove(): void;
}

export function makeTestCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-aks-arm-tls-'));
  const openssl = (...args: string[]) => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'openssl is not installed' : String(error);
      throw new Error(`Could not make the ARM simulator's test certificate: ${reason}.`, { cause: error });
    }
  };
  // P-256 keys: generated in a millisecond, accepted by Node's TLS defaults.
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ecKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=kafka-aks test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', ...ecKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext');
  // The CA's private key is not needed once the server certificate is signed.
  rmSync(join(dir, 'ca.key'));
  return {
    caFile: join(dir, 'ca.pem'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
