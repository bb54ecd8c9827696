import { describe, expect, it } from 'vitest';
import { overlappingPairs, parsePrefix, prefixesOverlap } from '../../src/azure/cidr.js';

const overlap = (a: string, b: string) => prefixesOverlap(parsePrefix(a)!, parsePrefix(b)!);

describe('address prefixes', () => {
  it('overlap when one contains the other, in either order, and not when they only touch', () => {
    expect(overlap('10.0.0.0/8', '10.224.0.0/12')).toBe(true);
    expect(overlap('10.224.0.0/12', '10.0.0.0/8')).toBe(true);
    expect(overlap('10.0.0.0/16', '10.0.0.0/16')).toBe(true);
    expect(overlap('10.0.0.0/16', '10.1.0.0/16')).toBe(false);
    expect(overlap('10.0.255.0/24', '10.1.0.0/24')).toBe(false);
    expect(overlap('0.0.0.0/0', '192.168.1.0/24')).toBe(true);
    expect(overlap('172.16.0.0/12', '172.32.0.0/16')).toBe(false);
  });

  it('handle IPv6, including :: compression, and never match across families', () => {
    expect(overlap('fd00:db8:deca::/48', 'fd00:db8:deca:10::/64')).toBe(true);
    expect(overlap('fd00:db8:deca::/48', 'fd00:db8:decb::/48')).toBe(false);
    expect(overlap('::/0', '2001:db8::1/128')).toBe(true);
    expect(overlap('::ffff:10.0.0.0/104', '::ffff:10.1.2.3/128')).toBe(true);
    expect(overlap('10.0.0.0/8', '::ffff:10.0.0.0/104')).toBe(false);
  });

  it('refuse what is not a prefix', () => {
    for (const bad of ['10.0.0/8', '10.0.0.256/24', '10.0.0.0/33', 'fd00::/129', 'fd00:::1/64', '1:2:3:4:5:6:7:8:9/64', 'abc', '10.0.0.0/8/1', '10.0.0.0/x']) {
      expect(parsePrefix(bad), bad).toBeUndefined();
    }
    expect(parsePrefix('10.0.0.1')).toMatchObject({ family: 4, length: 32 });
  });

  it('lists every overlapping pair', () => {
    expect(overlappingPairs(['10.0.0.0/16', '172.16.0.0/16', 'fd00::/8'], ['10.0.5.0/24', 'fd12::/16', '192.168.0.0/16'])).toEqual([
      ['10.0.0.0/16', '10.0.5.0/24'],
      ['fd00::/8', 'fd12::/16'],
    ]);
  });
});
