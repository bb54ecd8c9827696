// Address ranges [first, last], for the questions a prefix alone cannot answer: which part of a source
// range a security rule covers, which part of a destination range a more specific route captures.
// Both are answered by cutting a range wherever another range starts or ends: every piece then lies
// wholly inside or wholly outside each of the others, and is judged by its first address. Pure.
import { parsePrefix, type Prefix } from './cidr.js';

/** A closed interval of integers: addresses of one family, or ports. */
export interface Span {
  first: bigint;
  last: bigint;
}

export interface AddressRange extends Span {
  family: 4 | 6;
}

const bitsOf = (family: 4 | 6) => (family === 4 ? 32 : 128);

function rangeOfPrefix(prefix: Prefix): AddressRange {
  const hostBits = BigInt(bitsOf(prefix.family) - prefix.length);
  // ARM accepts host bits in some fields (`10.0.0.5/24`); the prefix still means its whole network.
  const first = (prefix.address >> hostBits) << hostBits;
  return { family: prefix.family, first, last: first + (1n << hostBits) - 1n };
}

/** A prefix or a single address as ARM writes them (`10.1.0.0/16`, `10.1.0.4`); undefined for anything else. */
export function parseRange(text: string): AddressRange | undefined {
  const prefix = parsePrefix(text);
  return prefix && rangeOfPrefix(prefix);
}

export function allAddresses(family: 4 | 6): AddressRange {
  return { family, first: 0n, last: (1n << BigInt(bitsOf(family))) - 1n };
}

/** `spans` cut wherever one of `by` starts or ends, so that each piece is inside or outside each of `by`. */
export function cutSpans<T extends Span>(spans: T[], by: Span[]): T[] {
  return spans.flatMap((span) => {
    const cuts = new Set<bigint>();
    for (const other of by) {
      if (other.first > span.first && other.first <= span.last) cuts.add(other.first);
      if (other.last >= span.first && other.last < span.last) cuts.add(other.last + 1n);
    }
    const starts = [span.first, ...[...cuts].sort(compare)];
    return starts.map((first, i) => ({ ...span, first, last: i + 1 < starts.length ? starts[i + 1]! - 1n : span.last }));
  });
}

/** Address ranges cut by the ranges of `by` of the same family. */
export function cutRanges(ranges: AddressRange[], by: AddressRange[]): AddressRange[] {
  return ranges.flatMap((range) => cutSpans([range], by.filter((other) => other.family === range.family)));
}

export function within(piece: AddressRange, range: AddressRange): boolean {
  return piece.family === range.family && range.first <= piece.first && piece.last <= range.last;
}

export function withinAny(piece: AddressRange, ranges: AddressRange[]): boolean {
  return ranges.some((range) => within(piece, range));
}

/** Adjacent or overlapping spans joined, in order: the pieces of a cut put back together. */
export function mergeSpans<T extends Span>(spans: T[]): T[] {
  const merged: T[] = [];
  for (const span of [...spans].sort((a, b) => compare(a.first, b.first))) {
    const last = merged[merged.length - 1];
    if (last && span.first <= last.last + 1n) {
      if (span.last > last.last) last.last = span.last;
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

function mergeRanges(ranges: AddressRange[]): AddressRange[] {
  return ([4, 6] as const).flatMap((family) => mergeSpans(ranges.filter((range) => range.family === family)));
}

/** The fewest prefixes that make up the ranges, for evidence: 10.224.0.0-10.224.3.255 → `10.224.0.0/22`. */
export function prefixesOf(ranges: AddressRange[]): string[] {
  return mergeRanges(ranges).flatMap((range) => {
    const bits = bitsOf(range.family);
    const out: string[] = [];
    let cursor = range.first;
    while (cursor <= range.last) {
      // The largest block that starts at the cursor (aligned) and ends within the range.
      let size = 0;
      while (size < bits && cursor % (1n << BigInt(size + 1)) === 0n && cursor + (1n << BigInt(size + 1)) - 1n <= range.last) size++;
      out.push(`${formatAddress(range.family, cursor)}/${bits - size}`);
      cursor += 1n << BigInt(size);
    }
    return out;
  });
}

function formatAddress(family: 4 | 6, address: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 0xffn)).join('.');
  const groups = [...Array(8).keys()].map((i) => ((address >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // RFC 5952: the longest run of two or more zero groups becomes `::`.
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.length) best = { at: i, length: j - i };
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.length).join(':')}`;
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
