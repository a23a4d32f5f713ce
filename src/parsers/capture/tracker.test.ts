import { describe, expect, it } from 'vitest';
import { ACK, RST, type TcpSegment } from './packet.js';
import { Tracker, type Conn } from './tracker.js';

/** A TLS record holding a ClientHello with this SNI and a padding extension of `pad` bytes. */
function clientHelloRecord(sni: string, pad: number): Uint8Array {
  const name = [...Buffer.from(sni, 'latin1')];
  const sniExt = [0, 0, 0, name.length + 5, 0, name.length + 3, 0, 0, name.length, ...name];
  const padExt = [0, 21, pad >> 8, pad & 0xff, ...new Array<number>(pad).fill(0)];
  // The SNI last, so that it is read from the last bytes held.
  const exts = [...padExt, ...sniExt];
  const body = [
    0x03,
    0x03,
    ...new Array<number>(32).fill(7),
    0,
    0,
    2,
    0x13,
    0x01,
    1,
    0,
    exts.length >> 8,
    exts.length & 0xff,
    ...exts,
  ];
  const msg = [1, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff, ...body];
  return new Uint8Array([22, 3, 1, msg.length >> 8, msg.length & 0xff, ...msg]);
}

/** A client-to-server segment of connection `port` (192.168.0.1:port → 10.0.0.1:443). */
function seg(port: number, seq: number, data: Uint8Array, flags = ACK): TcpSegment {
  return {
    v6: false,
    s0: 0xc0a80001 | 0,
    s1: 0,
    s2: 0,
    s3: 0,
    d0: 0x0a000001,
    d1: 0,
    d2: 0,
    d3: 0,
    sport: port,
    dport: 443,
    seq,
    flags,
    data,
    pStart: 0,
    pLen: data.length,
    missing: 0,
  };
}

/** A tracker whose finished connections are read into their SNI (connections are recycled). */
function tracker(): { t: Tracker; feed: (s: TcpSegment) => void; snis: (string | null)[] } {
  const snis: (string | null)[] = [];
  const t = new Tracker(
    {
      wantDetails: () => true,
      finish: (c: Conn) => {
        snis.push(c.ch?.serverName ?? null);
      },
      issue: () => {},
    },
    100,
    1,
  );
  let frame = 0;
  return { t, feed: (s) => t.segment(s, ++frame), snis };
}

describe('capture.pcap TCP reassembly', () => {
  it('reads a hello whose start arrives last on a connection not seen from its SYN, twice', () => {
    const { t, feed, snis } = tracker();
    for (const [port, sni] of [
      [50001, 'a.example'],
      [50002, 'b.example'],
    ] as const) {
      const rec = clientHelloRecord(sni, 10);
      // The tail first (held while detecting), then the start: the tail is read from the stash.
      feed(seg(port, 1020, rec.subarray(20)));
      feed(seg(port, 1000, rec.subarray(0, 20)));
      feed(seg(port, 1000 + rec.length, new Uint8Array(0), RST | ACK));
    }
    t.end();
    expect(snis).toEqual(['a.example', 'b.example']);
  });

  it('keeps held segments whole when the stash grows and its old buffer is lent to another', () => {
    const { t, feed, snis } = tracker();
    const a = clientHelloRecord('grown.example', 6000);
    const b = clientHelloRecord('other.example', 10);
    // Connection A queues 6 KB while detecting: its stash grows past its first size.
    for (let o = 20; o < a.length; o += 1000)
      feed(seg(50001, 1000 + o, a.subarray(o, Math.min(o + 1000, a.length))));
    // Connection B takes the buffer A's stash outgrew and writes its own bytes into it.
    feed(seg(50002, 5020, b.subarray(20)));
    feed(seg(50001, 1000, a.subarray(0, 20)));
    feed(seg(50002, 5000, b.subarray(0, 20)));
    t.end();
    expect(snis).toEqual(['grown.example', 'other.example']);
  });

  it('lends a stash of a larger size class to the next stream that grows to it, whole', () => {
    const { t, feed, snis } = tracker();
    const pools = (t as unknown as { stashes: Uint8Array[][] }).stashes;
    const queue = (port: number, seq: number, rec: Uint8Array): void => {
      // ~18 KB held while detecting: the stash grows from 4 to 32 KiB (size class 3).
      for (let o = 20; o < rec.length; o += 1000)
        feed(seg(port, seq + o, rec.subarray(o, Math.min(o + 1000, rec.length))));
      feed(seg(port, seq, rec.subarray(0, 20)));
    };
    queue(50001, 1000, clientHelloRecord('first.example', 18000));
    expect(pools[3]).toHaveLength(1);
    const lent = pools[3]![0]!;
    // The next stream takes that buffer (still holding the first stream's bytes) for its own.
    queue(50002, 9000, clientHelloRecord('second.example', 17990));
    expect(pools[3]).toHaveLength(1);
    expect(pools[3]![0]).toBe(lent);
    t.end();
    expect(snis).toEqual(['first.example', 'second.example']);
  });

  it('unlinks a connection that is not the first of its bucket, and finds the others after', () => {
    const { t, feed, snis } = tracker();
    // Addresses whose words differ by the same bits: the same hash, one bucket.
    const other = (s: TcpSegment): TcpSegment => ({ ...s, s0: s.s0 ^ 3, d0: s.d0 ^ 3 });
    const a = clientHelloRecord('a.example', 10);
    const b = clientHelloRecord('b.example', 10);
    feed(seg(50001, 1000, a));
    // B is created second: it heads the bucket's chain, A is behind it.
    feed(other(seg(50001, 5000, b.subarray(0, 20))));
    feed(seg(50001, 1000 + a.length, new Uint8Array(0), RST | ACK));
    // A's grace period ends with this packet: A is unlinked from behind B, B is still found.
    feed(other(seg(50001, 5020, b.subarray(20))));
    // A's tuple again: a new connection, not the finished one.
    feed(seg(50001, 9000, clientHelloRecord('c.example', 10)));
    t.end();
    expect(snis).toEqual(['a.example', 'b.example', 'c.example']);
  });
});
