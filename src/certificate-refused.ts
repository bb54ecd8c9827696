// A server certificate that Node refused, told as what to do about it. It is no network failure and no
// wrong cluster name: the server answered, and retrying changes nothing. Node reports OpenSSL's verdict
// as the error's code (https://nodejs.org/api/tls.html#x509-certificate-error-codes) and a certificate
// that does not name the host as ERR_TLS_CERT_ALTNAME_INVALID (tls.checkServerIdentity); axios and the
// Azure SDK keep that code on the error they throw.

/** No chain from the certificate to a CA this machine trusts: a private CA, or a proxy that inspects TLS. */
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);
const OUT_OF_DATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const OTHER_NAME = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);

export interface RefusedCertificate {
  /** Ends a sentence that begins with who presented it: "presented a TLS certificate ...". */
  problem: string;
  hint: string;
}

/**
 * What is wrong with the certificate `error` refused, and what to do; undefined when `error` is not about
 * a certificate. `endpointSetting` is where the operator chose the address: --ambari-url, KAFKA_AKS_ARM_ENDPOINT.
 */
export function refusedCertificate(error: unknown, endpointSetting: string): RefusedCertificate | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string') return undefined;
  const said = `${typeof message === 'string' && message !== '' ? `${message} ` : ''}(${code})`;
  if (UNTRUSTED.has(code)) {
    return {
      problem: `presented a TLS certificate this machine does not trust: ${said}`,
      hint: `Trust the CA that issued it with NODE_EXTRA_CA_CERTS=<ca.pem> (a private CA, or a proxy that inspects TLS), or check ${endpointSetting}.`,
    };
  }
  if (OUT_OF_DATE.has(code)) {
    return {
      problem: `presented a TLS certificate outside its validity period: ${said}`,
      hint: `Check this machine's clock; if it is right, the certificate must be renewed, or check ${endpointSetting}.`,
    };
  }
  if (OTHER_NAME.has(code)) {
    return {
      problem: `presented a TLS certificate issued for another name: ${said}`,
      hint: `Check ${endpointSetting}: its host must be a name the certificate is issued for.`,
    };
  }
  return undefined;
}
