// IPv4 and IPv6 address prefixes and whether two of them overlap. Pure: no I/O, tested on its own.
// Two prefixes overlap exactly when they agree on the shorter one's network bits.

export interface Prefix {
  family: 4 | 6;
  /** The address as an integer (32 or 128 bits). */
  address: bigint;
  length: number;
  text: string;
}

export function parsePrefix(text: string): Prefix | undefined {
  const [address, lengthText, extra] = text.trim().split('/');
  if (address === undefined || extra !== undefined) return undefined;
  const v4 = parseIPv4(address);
  const family = v4 !== undefined ? 4 : 6;
  const value = v4 ?? parseIPv6(address);
  if (value === undefined) return undefined;
  const bits = family === 4 ? 32 : 128;
  const length = lengthText === undefined ? bits : Number(lengthText);
  if (!Number.isInteger(length) || length < 0 || length > bits || (lengthText !== undefined && !/^\d+$/.test(lengthText))) {
    return undefined;
  }
  return { family, address: value, length, text: text.trim() };
}

export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  if (a.family !== b.family) return false;
  const bits = a.family === 4 ? 32 : 128;
  const shift = BigInt(bits - Math.min(a.length, b.length));
  return a.address >> shift === b.address >> shift;
}

/** Every pair (x from a, y from b) that overlaps. Unparseable entries are ignored (ARM validated them). */
export function overlappingPairs(a: string[], b: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const x of a) {
    const px = parsePrefix(x);
    if (!px) continue;
    for (const y of b) {
      const py = parsePrefix(y);
      if (py && prefixesOverlap(px, py)) pairs.push([x, y]);
    }
  }
  return pairs;
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  if (!/^[0-9a-f:.]+$/i.test(text) || text.split('::').length > 2) return undefined;
  // An embedded IPv4 tail (::ffff:10.0.0.1) stands for the last two groups.
  let groups = text;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIPv4(tail);
    if (v4 === undefined) return undefined;
    groups = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, rest] = groups.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - left.length - right.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...right];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}
