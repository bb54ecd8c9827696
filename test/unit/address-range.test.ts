// Address ranges: cutting one range where others start and end, and naming the pieces as prefixes.
import { describe, expect, it } from 'vitest';
import { cutRanges, parseRange, prefixesOf } from '../../src/azure/address-range.js';

const range = (text: string) => parseRange(text)!;

describe('address ranges', () => {
  it('take a prefix as its whole network, host bits or not, and a lone address as itself', () => {
    expect(prefixesOf([range('10.1.2.3/16')])).toEqual(['10.1.0.0/16']);
    expect(prefixesOf([range('10.1.2.3')])).toEqual(['10.1.2.3/32']);
    expect(parseRange('VirtualNetwork')).toBeUndefined();
  });

  it('are cut where other ranges start and end, and only by ranges of their family', () => {
    const pieces = cutRanges([range('10.224.0.0/16')], [range('10.224.3.0/24'), range('10.0.0.0/8'), range('fd00::/8')]);
    expect(pieces.map((piece) => prefixesOf([piece]).join(' '))).toEqual(['10.224.0.0/23 10.224.2.0/24', '10.224.3.0/24', '10.224.4.0/22 10.224.8.0/21 10.224.16.0/20 10.224.32.0/19 10.224.64.0/18 10.224.128.0/17']);
  });

  it('are named by the fewest prefixes, merged when adjacent', () => {
    expect(prefixesOf([range('10.0.0.0/25'), range('10.0.0.128/25')])).toEqual(['10.0.0.0/24']);
    expect(prefixesOf([{ family: 4, first: range('10.0.0.1').first, last: range('10.0.0.6').first }])).toEqual([
      '10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32',
    ]);
    expect(prefixesOf([range('0.0.0.0/0')])).toEqual(['0.0.0.0/0']);
  });

  it('write IPv6 prefixes with the longest zero run compressed', () => {
    expect(prefixesOf([range('fd00:0:0:1::/64')])).toEqual(['fd00:0:0:1::/64']);
    expect(prefixesOf([range('::/0')])).toEqual(['::/0']);
    expect(prefixesOf([range('2001:db8:1:2:3:4:5:6')])).toEqual(['2001:db8:1:2:3:4:5:6/128']);
  });
});
