// Where kafka-aks lets plain http carry a password: loopback only, decided on the host that a URL
// normalises to, which is the host Node connects to.
import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/loopback.js';

/** The hostname that `new URL` gives for what an operator typed after http://. */
const hostOf = (typed: string) => new URL(`http://${typed}:8080/`).hostname;

describe('isLoopbackHost', () => {
  it('is true for IPv4 literals in 127.0.0.0/8, ::1 and localhost (names know no case)', () => {
    for (const host of ['127.0.0.1', '127.255.255.254', '127.0.1.10', '[::1]', '::1', 'localhost', 'LocalHost']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
  });

  it('is false for names that merely start like loopback: they are looked up, and resolve wherever their owner says', () => {
    for (const host of ['127.0.0.1.evil.example', 'localhost.evil.example', '127.evil.example', 'localhost.', 'evil']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('is false for other addresses, IPv6 and IPv4, and for what is not a host at all', () => {
    for (const host of ['128.0.0.1', '10.0.0.1', '0.0.0.0', '[::]', '[::2]', '[fe80::1]', '', '[]']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('decides on the URL-normalised host, which is what gets connected to', () => {
    // WHATWG URL reads 127.1, 0x7f.1, 2130706433 and 127.0.0.1. as 127.0.0.1, and [0:0:0:0:0:0:0:1] as [::1].
    for (const typed of ['127.1', '0x7f.1', '2130706433', '127.0.0.1.', '[0:0:0:0:0:0:0:1]', 'LOCALHOST']) {
      expect(isLoopbackHost(hostOf(typed)), typed).toBe(true);
    }
    // In a URL, user@ goes before the host: http://127.0.0.1@evil:8080 connects to evil.
    expect(hostOf('127.0.0.1@evil')).toBe('evil');
    expect(isLoopbackHost(hostOf('127.0.0.1@evil'))).toBe(false);
    expect(isLoopbackHost(hostOf('127.0.0.1.evil.example'))).toBe(false);
  });

  it('is not fooled by forms that only getaddrinfo would read as loopback: they are names to it', () => {
    // Unnormalised, these are not IP literals to Node; were they looked up, inet_aton might read them as 127.0.0.1.
    for (const host of ['0x7f.1', '127.1', '2130706433', '0177.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('counts the IPv4-mapped ::ffff:127.0.0.1 as loopback: a socket to it reaches 127.0.0.1', () => {
    expect(hostOf('[::ffff:127.0.0.1]')).toBe('[::ffff:7f00:1]');
    expect(isLoopbackHost('[::ffff:7f00:1]')).toBe(true);
    expect(isLoopbackHost('[::ffff:10.0.0.1]')).toBe(false);
  });
});
