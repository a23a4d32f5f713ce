import { describe, expect, it } from 'vitest';
import {
  canonicalEndpoint,
  covers,
  listenExcludes,
  listenReach,
  parseEndpoint,
  wildcardTwin,
} from './net.js';

describe('net', () => {
  it.each([
    ['0.0.0.0:443', '0.0.0.0:443', 4, true],
    ['[::]:443', '[::]:443', 6, true],
    ['[0:0::0]:443', '[::]:443', 6, true],
    ['::', '[::]', 6, true],
    ['10.0.0.5', '10.0.0.5', 4, false],
    ['  127.0.0.1:80 ', '127.0.0.1:80', 4, false],
    ['WWW.Contoso.com:443', 'www.contoso.com:443', 'name', false],
    ['*:443', '*:443', 'any', true],
  ] as const)('parses %j as %s', (text, canonical, family, wildcard) => {
    const e = parseEndpoint(text)!;
    expect(canonicalEndpoint(e)).toBe(canonical);
    expect(e).toMatchObject({ family, wildcard });
  });

  it('refuses empty text and ports above 65535', () => {
    expect(parseEndpoint('  ')).toBeNull();
    expect(parseEndpoint('10.0.0.5:70000')).toBeNull();
  });

  it('covers an address by itself or by its family wildcard, and a port only by the same port', () => {
    const e = (s: string) => parseEndpoint(s)!;
    expect(covers(e('10.0.0.5'), e('10.0.0.5:443'))).toBe(true);
    expect(covers(e('10.0.0.5:8443'), e('10.0.0.5:443'))).toBe(false);
    expect(covers(e('0.0.0.0'), e('10.0.0.5:443'))).toBe(true);
    expect(covers(e('0.0.0.0'), e('[::1]:443'))).toBe(false);
    expect(covers(e('::'), e('::1'))).toBe(true);
    expect(covers(e('10.0.0.6'), e('10.0.0.5'))).toBe(false);
  });

  it.each([
    ['0.0.0.0', 443, [], 'all'],
    ['0.0.0.0', 443, ['127.0.0.1'], 'loopback-only'],
    ['0.0.0.0', 443, ['127.0.0.0', '127.0.0.1'], 'loopback-only'],
    ['0.0.0.0', 443, ['10.0.0.5', '127.0.0.1'], 'listed'],
    ['0.0.0.0', 443, ['10.0.0.5:8443'], 'none'],
    ['::', 443, ['192.168.33.1'], 'none'],
    ['::', 443, ['::1'], 'loopback-only'],
    ['10.0.0.5', 443, ['10.0.0.5'], 'listed'],
    ['10.0.0.5', 443, ['10.0.0.5:443'], 'listed'],
    ['10.0.0.5', 443, ['0.0.0.0'], 'listed'],
    ['10.0.0.5', 443, ['10.0.0.6', '127.0.0.1'], 'not-listed'],
    ['10.0.0.5', 443, ['127.0.0.1'], 'loopback-only'],
    ['[::1]', 443, ['::1'], 'listed'],
    [null, 443, ['10.0.0.6'], 'listed'],
  ] as const)('listenReach(%s, %s, %j) is %s', (address, port, list, want) => {
    expect(listenReach(address, port, [...list])).toBe(want);
  });

  it('judges only unreachable addresses as excluded', () => {
    expect(listenExcludes('all')).toBe(false);
    expect(listenExcludes('listed')).toBe(false);
    expect(listenExcludes('not-listed')).toBe(true);
    expect(listenExcludes('loopback-only')).toBe(true);
    expect(listenExcludes('none')).toBe(true);
  });

  it('pairs the IPv4 and IPv6 wildcard of one port', () => {
    expect(wildcardTwin('tcp/0.0.0.0:443/26800')).toBe('tcp/[::]:443/26800');
    expect(wildcardTwin('ipport:[::]:443')).toBe('ipport:0.0.0.0:443');
    expect(wildcardTwin('ipport:10.0.0.5:443')).toBeNull();
  });
});
