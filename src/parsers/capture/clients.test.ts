import { describe, expect, it } from 'vitest';
import { ClientSet } from './clients.js';

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
