import { describe, expect, it } from 'vitest';
import { parseServerHello, scanCertificateList, parseCertificateList } from './tls.js';

/** A ServerHello body (after the handshake header) with these extensions (type, data). */
function serverHello(exts: [number, number[]][]): Uint8Array {
  const e = exts.flatMap(([t, d]) => [t >> 8, t & 0xff, d.length >> 8, d.length & 0xff, ...d]);
  return new Uint8Array([
    0x03,
    0x03,
    ...new Array<number>(32).fill(1),
    0,
    0x13,
    0x01,
    0,
    e.length >> 8,
    e.length & 0xff,
    ...e,
  ]);
}

describe('capture.pcap TLS messages', () => {
  it('reads each ServerHello extension list whole when one scratch object is refilled', () => {
    const a = serverHello([
      [51, [0, 29]],
      [43, [3, 4]],
      [16, [0, 3, 2, 0x68, 0x32]],
    ]);
    const b = serverHello([[43, [3, 4]]]);
    const scratch = parseServerHello(a, 0, a.length)!;
    expect(scratch).toMatchObject({ extensions: [51, 43, 16], alpn: 'h2', selectedVersion: 0x304 });
    parseServerHello(b, 0, b.length, scratch);
    expect(scratch).toMatchObject({ extensions: [43], alpn: null, keyShareGroup: null });
    parseServerHello(a, 0, a.length, scratch);
    expect(scratch.extensions).toEqual([51, 43, 16]);
  });

  it('lists a Certificate message as offsets and as views alike, and -1 / null when malformed', () => {
    const body = new Uint8Array([0, 0, 9, 0, 0, 2, 7, 7, 0, 0, 1, 9]);
    const at: number[] = [9, 9, 9, 9, 9, 9, 9, 9];
    expect(scanCertificateList(body, 0, body.length, at)).toBe(2);
    expect(at.slice(0, 4)).toEqual([6, 2, 11, 1]);
    expect(parseCertificateList(body, 0, body.length)).toEqual([
      new Uint8Array([7, 7]),
      new Uint8Array([9]),
    ]);
    const bad = new Uint8Array([0, 0, 4, 0, 0, 9, 1]);
    expect(scanCertificateList(bad, 0, bad.length, at)).toBe(-1);
    expect(parseCertificateList(bad, 0, bad.length)).toBeNull();
  });
});
