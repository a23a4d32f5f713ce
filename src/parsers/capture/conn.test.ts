import { describe, expect, it } from 'vitest';
import { Conn, Dir, objectList } from './conn.js';
import type { TcpTuple } from './conn.js';

const tuple = (s0: number, sport: number): TcpTuple => ({
  v6: false,
  s0,
  s1: 0,
  s2: 0,
  s3: 0,
  sport,
  d0: 0x0a000001,
  d1: 0,
  d2: 0,
  d3: 0,
  dport: 443,
});

/** Sets every own field of `o` (and of its directions) to a value a new connection never has. */
function scribble(o: object): void {
  const r = o as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    const v = r[k];
    if (k === 'd' || k === 'd0' || k === 'd1') continue;
    if (typeof v === 'number') r[k] = 77;
    else if (typeof v === 'boolean') r[k] = !v;
    else if (Array.isArray(v)) v.push(1, 2);
    else r[k] = new Uint8Array(3);
  }
}

describe('capture.pcap connection state', () => {
  it('is a new connection again after clear() and reuse() when every field was changed', () => {
    const used = new Conn(5, tuple(0xc0a80001, 50000), 3, 1.5e12);
    scribble(used);
    for (const d of used.d) scribble(d);
    used.clear();
    used.reuse(9, tuple(0xc0a80002, 50001), 11, 1.7e12);
    const fresh = new Conn(9, tuple(0xc0a80002, 50001), 11, 1.7e12);
    expect({ ...used, d: used.d.map((d) => ({ ...d })) }).toEqual({
      ...fresh,
      d: fresh.d.map((d) => ({ ...d })),
    });
    expect(Object.keys(used)).toEqual(Object.keys(fresh));
    expect(used.d[0]).toBe(used.d0);
    expect(used.d[1]).toBe(used.d1);
  });

  it('resets every field of a direction', () => {
    const d = new Dir();
    scribble(d);
    d.reset();
    expect({ ...d }).toEqual({ ...new Dir() });
  });

  it('gives every connection its own empty lists', () => {
    const a = new Conn(1, tuple(0xc0a80001, 50000), 1, 0);
    const b = new Conn(2, tuple(0xc0a80002, 50001), 2, 0);
    a.alerts.push({ dir: 0, level: 2, desc: 40, frame: 1 });
    a.certs.push({ der: new Uint8Array(1), frame: 1 });
    expect(b.alerts).toEqual([]);
    expect(b.certs).toEqual([]);
    expect(a.alerts).not.toBe(a.certs);
    const q = objectList<number>();
    expect(q).toEqual([]);
    expect(q).not.toBe(objectList<number>());
  });
});
