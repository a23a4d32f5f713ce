import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { isIP, isIPv4, isIPv6 } from './ip.js';

/** A small seeded generator, so a failure names a string that fails again. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KNOWN = [
  '0.0.0.0',
  '10.0.0.5',
  '255.255.255.255',
  '256.1.1.1',
  '01.2.3.4',
  '1.2.3',
  '1.2.3.4.5',
  '1.2.3.4 ',
  '::',
  '::1',
  '[::1]',
  '::ffff:10.0.0.5',
  'fe80::1%12',
  'fe80::1%eth0',
  'fe80::1%',
  '2001:db8::',
  '2001:0db8:0000:0000:0000:0000:0000:0001',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:9',
  '1::2::3',
  '1:2:3:4:5:6:1.2.3.4',
  '1:2:3:4:5:6:7:1.2.3.4',
  '::1.2.3.4',
  '1::1.2.3.4',
  ':1',
  '1:',
  '12345::',
  'g::1',
  'FE80::ABCD',
  '',
  ' ',
  'localhost',
  '*',
  '0.0.0.0:443',
  '[::]:443',
];

describe('isIP / isIPv4 / isIPv6', () => {
  it.each(KNOWN)('answers as node:net for %j', (s) => {
    expect([isIP(s), isIPv4(s), isIPv6(s)]).toEqual([net.isIP(s), net.isIPv4(s), net.isIPv6(s)]);
  });

  it('answers as node:net on 200,000 generated strings', () => {
    const r = rng(20261207);
    const pick = (a: string): string => a[Math.floor(r() * a.length)]!;
    const pieces = [
      '::',
      ':',
      '.',
      '%',
      '1',
      '25',
      '255',
      '256',
      '0',
      'ffff',
      'FFFF',
      'db8',
      '12345',
      '10.0.0.5',
      'a',
      'G',
      '-',
      'eth0',
      ' ',
    ];
    const alphabet = '0123456789abcdefABCDEFgG:.%-_ ';
    const wrong: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      let s = '';
      const n = Math.floor(r() * 14);
      for (let j = 0; j < n; j++)
        s += r() < 0.6 ? pieces[Math.floor(r() * pieces.length)]! : pick(alphabet);
      if (isIP(s) !== net.isIP(s) || isIPv4(s) !== net.isIPv4(s) || isIPv6(s) !== net.isIPv6(s))
        wrong.push(s);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('answers as node:net on every well-formed IPv6 shape, compressed anywhere', () => {
    const wrong: string[] = [];
    for (let groups = 0; groups <= 8; groups++)
      for (let at = 0; at <= groups; at++)
        for (const v4 of [false, true]) {
          const g = Array.from({ length: groups }, (_, i) => (i * 4097).toString(16));
          if (v4 && g.length > 0) g[g.length - 1] = '10.0.0.5';
          for (const s of [g.join(':'), `${g.slice(0, at).join(':')}::${g.slice(at).join(':')}`])
            for (const t of [s, `${s}%1`]) if (isIPv6(t) !== net.isIPv6(t)) wrong.push(t);
        }
    expect(wrong).toEqual([]);
  });
});
