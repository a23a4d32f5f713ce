import { describe, expect, it } from 'vitest';
import { Conn, Mode, type TrackerSink } from './conn.js';
import { RecordAssembler } from './tls-records.js';

/** A TLS record (type 22, record version 0x0301) holding a minimal ClientHello (TLS 1.2, one
 * cipher suite, no extensions). */
function clientHelloRecord(): Uint8Array {
  const body = [0x03, 0x03, ...new Array<number>(32).fill(7), 0, 0, 2, 0x13, 0x01, 1, 0, 0, 0];
  const msg = [1, 0, 0, body.length, ...body];
  return new Uint8Array([22, 0x03, 0x01, msg.length >> 8, msg.length & 0xff, ...msg]);
}

const sink = (): TrackerSink & { codes: string[] } => {
  const codes: string[] = [];
  return { codes, wantDetails: () => true, finish: () => {}, issue: (i) => codes.push(i.code) };
};

function feedIn(pieces: number[]): Conn {
  const s = sink();
  const records = new RecordAssembler(s);
  const tuple = { v6: false, s0: 1, s1: 0, s2: 0, s3: 0, sport: 50000 };
  const c = new Conn(1, { ...tuple, d0: 2, d1: 0, d2: 0, d3: 0, dport: 443 }, 1, 0);
  c.d0.mode = Mode.Tls;
  const rec = clientHelloRecord();
  let o = 0;
  for (const n of pieces) {
    records.feed(c, 0, c.d0, rec, o, n, 1);
    o += n;
  }
  records.feed(c, 0, c.d0, rec, o, rec.length - o, 1);
  expect(s.codes).toEqual([]);
  return c;
}

describe('capture.pcap TLS record assembly', () => {
  it('reads a record header that arrives one byte per segment as one that arrives whole', () => {
    const whole = feedIn([]);
    const split = feedIn([1, 1, 1, 1, 1]);
    expect(whole.chRecordVersion).toBe(0x0301);
    expect(split.chRecordVersion).toBe(0x0301);
    expect(split.ch).toEqual(whole.ch);
    expect(split.ch).toMatchObject({ legacyVersion: 0x0303, cipherSuites: [0x1301] });
  });

  it('reads a record header split after its type and after its version', () => {
    for (const pieces of [[1], [3], [2, 2]]) {
      const c = feedIn(pieces);
      expect(c.chRecordVersion).toBe(0x0301);
      expect(c.ch).toMatchObject({ legacyVersion: 0x0303 });
    }
  });
});
