// What a smoke-test message carries: the run id and its sequence number in the key, and a value whose
// every byte follows from (run id, sequence, size), so a changed byte anywhere is detected as corruption.
// Pure: the verdict checks messages against the same functions that built them.

const KEY_PREFIX = 'kafka-aks-smoke';
const FILLER_BYTES = Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'ascii');

export function smokeKey(runId: string, seq: number): string {
  return `${KEY_PREFIX}/${runId}/${seq}`;
}

/** The key's run id and sequence, or undefined for a message that is not from a smoke test. */
export function parseSmokeKey(key: string): { runId: string; seq: number } | undefined {
  const parts = key.split('/');
  if (parts.length !== 3 || parts[0] !== KEY_PREFIX) return undefined;
  const seq = Number(parts[2]);
  if (!Number.isInteger(seq) || seq < 0 || parts[2] !== String(seq)) return undefined;
  return { runId: parts[1]!, seq };
}

/** `<runId>/<seq>/` then filler rotated by the sequence, to exactly `size` bytes (or the header, if longer). */
export function smokeValue(runId: string, seq: number, size: number): Buffer {
  const header = `${runId}/${seq}/`;
  const fillerLength = Math.max(0, size - header.length);
  const value = Buffer.allocUnsafe(header.length + fillerLength);
  value.write(header, 0, 'ascii');
  const start = seq % FILLER_BYTES.length;
  for (let i = 0; i < fillerLength; i += 1) value[header.length + i] = FILLER_BYTES[(start + i) % FILLER_BYTES.length]!;
  return value;
}
