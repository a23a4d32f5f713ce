import { describe, expect, it } from 'vitest';
import { ClientSet, addressWords, formatAddress } from './clients.js';

const list = (s: ClientSet): string[] => {
  const out: string[] = [];
  s.forEach((v6, w0, w1, w2, w3) => out.push(v6 ? [w0, w1, w2, w3].join('.') : String(w0)));
  return out;
};

describe('ClientSet', () => {
  it('keeps each IPv4 client once, in the order first seen, through growth', () => {
    const s = new ClientSet();
    const seen: number[] = [];
    // words past 2^31 (negative as int32) and 0 are addresses like any other
    for (let i = 0; i < 50_000; i++) {
      const w = (Math.imul(i % 20_000, 0x9e3779b1) ^ 0x80000000) >>> 0;
      if (i < 20_000) seen.push(w);
      s.add(false, w, 0, 0, 0);
    }
    s.add(false, 0, 0, 0, 0);
    s.add(false, 0, 0, 0, 0);
    expect(s.size).toBe(20_001);
    expect(list(s)).toEqual([...seen.map(String), '0']);
  });

  it('compares all four words of an IPv6 client', () => {
    const s = new ClientSet();
    s.add(true, 0x20010db8, 0, 0, 1);
    s.add(true, 0x20010db8, 0, 0, 2);
    s.add(true, 0x20010db8, 0, 1, 1);
    s.add(true, 0x20010db8, 0, 0, 1);
    s.add(true, 0xfe800000, 0, 0xffffffff, 1);
    expect(s.size).toBe(4);
    expect(list(s)).toEqual([
      `${0x20010db8}.0.0.1`,
      `${0x20010db8}.0.0.2`,
      `${0x20010db8}.0.1.1`,
      `${0xfe800000}.0.${0xffffffff}.1`,
    ]);
  });
});

describe('client addresses as words and text', () => {
  it('reads back what formatAddress writes, IPv4 and RFC 5952 IPv6', () => {
    const cases: [boolean, number, number, number, number][] = [
      [false, 0x0a000001, 0, 0, 0],
      [false, 0xffffffff, 0, 0, 0],
      [true, 0x20010db8, 0, 0, 1],
      [true, 0, 0, 0, 1],
      [true, 0xfe800000, 0, 0x0200_5efe, 0xc0a80001],
      [true, 0x20010db8, 0x00010000, 0, 0x00010001],
      [true, 0, 0, 0, 0],
    ];
    for (const [v6, w0, w1, w2, w3] of cases) {
      const text = formatAddress(v6, w0, w1, w2, w3);
      expect(addressWords(text)).toEqual({ v6, w0, w1, w2, w3 });
    }
    expect(formatAddress(true, 0x20010db8, 0x00010000, 0, 0x00010001)).toBe(
      '2001:db8:1:0:0:0:1:1'.replace(':0:0:0:', '::'),
    );
  });

  it('accepts other IPv6 spellings and refuses what is no address', () => {
    expect(addressWords('2001:0db8:0000:0000:0000:0000:0000:0001')).toEqual(
      addressWords('2001:db8::1'),
    );
    expect(addressWords('::ffff:192.0.2.1')).toEqual({
      v6: true,
      w0: 0,
      w1: 0,
      w2: 0xffff,
      w3: 0xc0000201,
    });
    for (const s of ['', '10.0.0', '256.1.1.1', 'host', '2001:db8::1%eth0', '1::2::3'])
      expect(addressWords(s)).toBeNull();
  });

  it('answers has() after seal() and keeps its JSON', () => {
    const s = new ClientSet();
    for (let i = 0; i < 1000; i++) s.add(false, 0x0a000000 + i, 0, 0, 0);
    const json = JSON.stringify(s);
    s.seal();
    expect(JSON.stringify(s)).toBe(json);
    expect(s.has(false, 0x0a000000 + 999, 0, 0, 0)).toBe(true);
    expect(s.has(false, 0x0a000000 + 1000, 0, 0, 0)).toBe(false);
    expect(s.has(true, 0x0a000000, 0, 0, 0)).toBe(false);
    s.add(false, 0x0a000000 + 1000, 0, 0, 0);
    s.add(false, 0x0a000000, 0, 0, 0);
    expect(s.size).toBe(1001);
    expect(JSON.parse(JSON.stringify(s)).slice(0, 2)).toEqual(['10.0.0.0', '10.0.0.1']);
  });
});
