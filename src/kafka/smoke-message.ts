// What a smoke-test message carries: the run id and its sequence number in the key
// (`kafka-aks-smoke/<run id>/<seq>`), and a value whose every byte follows from (run id, sequence, size):
// `<run id>/<seq>/` then the filler rotated by the sequence, so a changed byte anywhere is detected as
// corruption. Pure. Both directions run once per message, so they copy and compare bytes with Buffer's
// native methods instead of building strings or a buffer per message.

const KEY_PREFIX = 'kafka-aks-smoke';
const FILLER = Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'ascii');
const SLASH = 0x2f;
const DIGIT_0 = 0x30;
/** Longer sequences are not this run's (it sends far fewer) and could not be read exactly as a number. */
const MAX_SEQ_DIGITS = 15;

export class SmokeMessages {
  private readonly keyPrefix: string;
  private readonly keyPrefixBytes: Buffer;
  private readonly valuePrefix: Buffer;
  /** The filler repeated, so the filler rotated by any sequence is one slice of it. */
  private readonly fillerRun: Buffer;

  constructor(
    readonly runId: string,
    readonly recordBytes: number,
  ) {
    this.keyPrefix = `${KEY_PREFIX}/${runId}/`;
    this.keyPrefixBytes = Buffer.from(this.keyPrefix, 'utf8');
    this.valuePrefix = Buffer.from(`${runId}/`, 'utf8');
    this.fillerRun = Buffer.alloc(FILLER.length + recordBytes);
    for (let at = 0; at < this.fillerRun.length; at += FILLER.length) FILLER.copy(this.fillerRun, at);
  }

  key(seq: number): string {
    return this.keyPrefix + seq;
  }

  /** `<runId>/<seq>/` then filler rotated by the sequence, to exactly recordBytes bytes (or the header, if longer). */
  value(seq: number): Buffer {
    const digits = String(seq);
    const headerLength = this.valuePrefix.length + digits.length + 1;
    const value = Buffer.allocUnsafe(Math.max(this.recordBytes, headerLength));
    this.valuePrefix.copy(value, 0);
    value.write(digits, this.valuePrefix.length, 'ascii');
    value[headerLength - 1] = SLASH;
    const start = seq % FILLER.length;
    this.fillerRun.copy(value, headerLength, start, start + value.length - headerLength);
    return value;
  }

  /** The sequence number of a key of this run, or undefined for any other key (another run's, another producer's). */
  sequenceOf(key: Buffer | null): number | undefined {
    const prefix = this.keyPrefixBytes;
    if (key === null || key.length <= prefix.length || key.compare(prefix, 0, prefix.length, 0, prefix.length) !== 0) return undefined;
    const digits = key.length - prefix.length;
    // Written as String(seq) writes it: no sign, no leading zero.
    if (digits > MAX_SEQ_DIGITS || (digits > 1 && key[prefix.length] === DIGIT_0)) return undefined;
    let seq = 0;
    for (let i = prefix.length; i < key.length; i += 1) {
      const digit = key[i]! - DIGIT_0;
      if (digit < 0 || digit > 9) return undefined;
      seq = seq * 10 + digit;
    }
    return seq;
  }

  /** Whether `value` is exactly what value(seq) builds, compared in place. */
  intact(seq: number, value: Buffer | null): boolean {
    if (value === null) return false;
    const prefix = this.valuePrefix;
    const digits = String(seq);
    const headerLength = prefix.length + digits.length + 1;
    if (value.length !== Math.max(this.recordBytes, headerLength)) return false;
    if (value.compare(prefix, 0, prefix.length, 0, prefix.length) !== 0) return false;
    for (let i = 0; i < digits.length; i += 1) if (value[prefix.length + i] !== digits.charCodeAt(i)) return false;
    if (value[headerLength - 1] !== SLASH) return false;
    const start = seq % FILLER.length;
    return this.fillerRun.compare(value, headerLength, value.length, start, start + value.length - headerLength) === 0;
  }
}
