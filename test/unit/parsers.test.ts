// The limits of duration and count flags: a Node timer holds at most 2^31-1 ms, so a longer duration
// would fire at once; counts stop where the run (or Kafka) would.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/commander.js';
import { countUpTo, parseDuration, parseSeconds, parseSecondsOrZero } from '../../src/commands/parsers.js';

const TOO_LONG = 'It must be at most 2147483 seconds (about 24 days).';

describe('seconds flags (--ambari-timeout, --poll-interval, --health-timeout, --rolling-pause)', () => {
  it('take any positive number of seconds up to 2147483, the most a Node timer holds', () => {
    expect(parseSeconds('30')).toBe(30);
    expect(parseSeconds('0.5')).toBe(0.5);
    expect(parseSeconds('2147483')).toBe(2_147_483);
    expect(2_147_483 * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('refuse more, naming the largest value allowed', () => {
    for (const value of ['2147484', '2147483.5', '3000000', '99999999999', 'Infinity']) {
      expect(() => parseSeconds(value), value).toThrow(new InvalidArgumentError(TOO_LONG));
    }
  });

  it('refuse what is not a positive number', () => {
    for (const value of ['0', '-1', 'soon', '', 'NaN']) expect(() => parseSeconds(value), value).toThrow('It must be a positive number of seconds.');
  });

  it('--rolling-pause may also be 0, and has the same bound', () => {
    expect(parseSecondsOrZero('0')).toBe(0);
    expect(parseSecondsOrZero('120')).toBe(120);
    expect(() => parseSecondsOrZero('2147484')).toThrow(TOO_LONG);
  });
});

describe('smoke-test --timeout', () => {
  it('holds the same bound in every unit', () => {
    expect(parseDuration('2147483s')).toBe(2_147_483_000);
    expect(parseDuration('35791m')).toBe(2_147_460_000);
    expect(parseDuration('2147483000ms')).toBe(2_147_483_000);
    for (const value of ['35792m', '2147483001ms', '2147484', '99999999999']) expect(() => parseDuration(value), value).toThrow(TOO_LONG);
  });
});

describe('counts (--messages, --partitions, --replication-factor)', () => {
  it('are whole numbers from 1 to their maximum, which the refusal names with its reason', () => {
    const parse = countUpTo(32_767, 'the protocol holds it in 16 bits');
    expect(parse('1')).toBe(1);
    expect(parse('32767')).toBe(32_767);
    expect(() => parse('32768')).toThrow(new InvalidArgumentError('It must be at most 32767 (the protocol holds it in 16 bits).'));
    // Beyond Number.MAX_SAFE_INTEGER, digits are lost: still refused by the bound, not taken as 1e17.
    expect(() => parse('99999999999999999')).toThrow('It must be at most 32767');
    for (const value of ['0', '-3', '2.5', 'ten', '']) expect(() => parse(value), value).toThrow('It must be a whole number, 1 or more.');
  });
});
