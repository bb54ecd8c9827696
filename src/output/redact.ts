// Secrets never reach the terminal: every line the output layer writes passes through here.
// The Ambari password is registered as soon as it is read; basic-auth and bearer headers are
// masked by shape in case a lower layer's message ever carries one.

const MASK = '***';
const secrets = new Set<string>();

/** Register a secret (the Ambari password, a token) so that it is masked wherever it would appear. */
export function registerSecret(secret: string | undefined): void {
  // Very short strings would mask ordinary words; a password that short is masked by shape instead.
  if (secret && secret.length >= 4) secrets.add(secret);
}

export function redact(text: string): string {
  let out = text
    .replace(/(authorization["']?\s*[:=]\s*["']?)(basic|bearer)\s+[A-Za-z0-9+/=._~-]+/gi, `$1$2 ${MASK}`)
    .replace(/\b(https?:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${MASK}@`);
  for (const secret of secrets) {
    out = out.split(secret).join(MASK);
    // The same secret as it travels in a basic-auth header.
    const encoded = Buffer.from(secret).toString('base64');
    if (encoded.length >= 4) out = out.split(encoded).join(MASK);
  }
  return out;
}
