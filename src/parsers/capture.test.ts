import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BinaryInput } from '../shared/parse.js';
import { captureParser } from './capture.js';
import { parseCapture } from './capture/index.js';
import { compareWithOracle, type OracleFile } from './capture/oracle.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'capture', 'fixtures');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

function input(buf: Uint8Array, path = 'capture/test.pcap'): BinaryInput {
  return {
    artifactId: 'capture.pcap',
    path,
    size: buf.length,
    *chunks(n = 1 << 20) {
      for (let i = 0; i < buf.length; i += n) yield buf.subarray(i, i + n);
    },
  };
}

const parse = (buf: Uint8Array, chunkSize?: number) =>
  parseCapture(input(buf), chunkSize === undefined ? {} : { chunkSize });

// ---- helpers that rewrite a little-endian microsecond pcap into other container variants ----

interface Rec {
  sec: number;
  usec: number;
  data: Uint8Array;
  orig: number;
}

function readPcap(buf: Buffer): { linkType: number; recs: Rec[] } {
  expect(buf.readUInt32LE(0)).toBe(0xa1b2c3d4);
  const recs: Rec[] = [];
  for (let o = 24; o + 16 <= buf.length;) {
    const cap = buf.readUInt32LE(o + 8);
    recs.push({
      sec: buf.readUInt32LE(o),
      usec: buf.readUInt32LE(o + 4),
      orig: buf.readUInt32LE(o + 12),
      data: buf.subarray(o + 16, o + 16 + cap),
    });
    o += 16 + cap;
  }
  return { linkType: buf.readUInt32LE(20), recs };
}

function writePcap(
  linkType: number,
  recs: Rec[],
  opts: { be?: boolean; nano?: boolean } = {},
): Buffer {
  const parts: Buffer[] = [];
  const w32 = (b: Buffer, v: number, o: number) =>
    opts.be ? b.writeUInt32BE(v, o) : b.writeUInt32LE(v, o);
  const h = Buffer.alloc(24);
  w32(h, opts.nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  (opts.be ? h.writeUInt16BE.bind(h) : h.writeUInt16LE.bind(h))(2, 4);
  (opts.be ? h.writeUInt16BE.bind(h) : h.writeUInt16LE.bind(h))(4, 6);
  w32(h, 65535, 16);
  w32(h, linkType, 20);
  parts.push(h);
  for (const r of recs) {
    const rh = Buffer.alloc(16);
    w32(rh, r.sec, 0);
    w32(rh, opts.nano ? r.usec * 1000 : r.usec, 4);
    w32(rh, r.data.length, 8);
    w32(rh, r.orig, 12);
    parts.push(rh, Buffer.from(r.data));
  }
  return Buffer.concat(parts);
}

function block(type: number, body: Buffer, be: boolean): Buffer {
  const len = 12 + ((body.length + 3) & ~3);
  const b = Buffer.alloc(len);
  const w = (v: number, o: number) => (be ? b.writeUInt32BE(v, o) : b.writeUInt32LE(v, o));
  w(type, 0);
  w(len, 4);
  body.copy(b, 8);
  w(len, len - 4);
  return b;
}

/** pcapng with an unknown block, a second (unused) interface, EPBs and one SPB. */
function writePcapng(linkType: number, recs: Rec[], be: boolean): Buffer {
  const w32 = (b: Buffer, v: number, o: number) =>
    be ? b.writeUInt32BE(v, o) : b.writeUInt32LE(v, o);
  const w16 = (b: Buffer, v: number, o: number) =>
    be ? b.writeUInt16BE(v, o) : b.writeUInt16LE(v, o);
  const shb = Buffer.alloc(16);
  w32(shb, 0x1a2b3c4d, 0);
  w16(shb, 1, 4);
  shb.fill(0xff, 8, 16);
  const idb = (lt: number) => {
    const b = Buffer.alloc(8);
    w16(b, lt, 0);
    w32(b, 65535, 4);
    return b;
  };
  const parts = [
    block(0x0a0d0d0a, shb, be),
    block(1, idb(147), be),
    block(0x0bad, Buffer.from('skip me!'), be),
    block(1, idb(linkType), be),
  ];
  recs.forEach((r, i) => {
    if (i === 1) {
      // Simple Packet Block: interface 0 (link type 147 here would be wrong), so use EPB for all
      // but keep one SPB-shaped record in a second section below.
    }
    const b = Buffer.alloc(20 + r.data.length);
    w32(b, 1, 0);
    const ts = r.sec * 1e6 + r.usec;
    w32(b, Math.floor(ts / 4294967296), 4);
    w32(b, ts % 4294967296, 8);
    w32(b, r.data.length, 12);
    w32(b, r.orig, 16);
    Buffer.from(r.data).copy(b, 20);
    parts.push(block(6, b, be));
  });
  return Buffer.concat(parts);
}

const summary = (v: ReturnType<typeof parse>['value']) =>
  v.connections.map((c) => ({
    client: c.client,
    server: c.server,
    versions: c.clientHello?.versions,
    sni: c.clientHello?.serverName,
    sh: c.serverHello?.version,
    suite: c.serverHello?.cipherSuite,
    alerts: c.alerts.map((a) => `${a.from}:${a.level}:${a.description}`),
    outcome: c.outcome,
    certs: c.certificates.map((x) => x.sha1),
  }));

describe('capture.pcap', () => {
  it('reads the capturing interface addresses from pcapng if_IPv4addr / if_IPv6addr options', () => {
    // Synthetic pcapng (no real capture in the set carries these options): one IDB with
    // if_IPv4addr 10.13.0.1/24 and if_IPv6addr fd00::1/64, then the packets of a real capture.
    const real = readPcap(fixture('flowtest-tls12.pcap'));
    const plain = writePcapng(real.linkType, real.recs, false);
    const opts = Buffer.alloc(4 + 8 + 4 + 20 + 4);
    opts.writeUInt16LE(4, 0);
    opts.writeUInt16LE(8, 2);
    Buffer.from([10, 13, 0, 1, 255, 255, 255, 0]).copy(opts, 4);
    opts.writeUInt16LE(5, 12);
    opts.writeUInt16LE(17, 14);
    Buffer.from('fd000000000000000000000000000001', 'hex').copy(opts, 16);
    opts[32] = 64;
    const idb = Buffer.alloc(8);
    idb.writeUInt16LE(1, 0);
    const withAddr = block(1, Buffer.concat([idb, opts]), false);
    // Insert before the first interface block of the plain file (after the 28-byte SHB).
    const buf = Buffer.concat([plain.subarray(0, 28), withAddr, plain.subarray(28)]);
    const r = parse(buf);
    expect(r.value.interfaceAddresses).toEqual(['10.13.0.1', 'fd00::1']);
    expect(parse(plain).value.interfaceAddresses).toEqual([]);
  });

  const files = readdirSync(FIXTURES).filter((f) => /\.(pcap|pcapng)$/.test(f));

  it('has real fixtures with committed tshark expectations', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const f of files) expect(readdirSync(FIXTURES)).toContain(`${f}.tshark.json`);
  });

  for (const f of files) {
    it(`agrees with tshark on connections, versions, SNI, suites and alerts when reading ${f}`, () => {
      const oracle = JSON.parse(
        readFileSync(join(FIXTURES, `${f}.tshark.json`), 'utf8'),
      ) as OracleFile;
      const r = parse(fixture(f));
      expect(compareWithOracle(r.value, oracle)).toEqual([]);
      expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    });
  }

  it('gives the same result whatever the chunk size when records span chunks', () => {
    for (const f of [
      'ja4-tls-handshake.pcapng',
      'ndpi-tls_verylong_certificate.pcap',
      'ndpi-tls_alert.pcap',
    ]) {
      const whole = summary(parse(fixture(f)).value);
      expect(summary(parse(fixture(f), 7).value)).toEqual(whole);
      expect(summary(parse(fixture(f), 4093).value)).toEqual(whole);
    }
  });

  it('reports the seed mismatch shape when the server answers protocol_version to a TLS 1.0 hello', () => {
    const r = parse(fixture('ndpi-tls_alert.pcap'));
    expect(r.value.format).toBe('pcapng'); // named .pcap: detected by magic bytes
    expect(r.value.connections).toHaveLength(1);
    expect(r.value.connections[0]).toMatchObject({
      client: '192.168.1.192:63158',
      server: '192.168.1.20:443',
      clientHello: { versions: ['TLS 1.0'], serverName: 'www.google-analytics.com', frame: 4 },
      serverHello: null,
      alerts: [{ from: 'server', level: 'fatal', description: 'protocol_version', frame: 6 }],
      outcome: 'failed',
      failureKind: 'alert',
      failureBy: 'server',
      failureAlert: 'protocol_version',
      evidence: { artifactId: 'capture.pcap', frames: expect.arrayContaining([4, 6]) },
    });
  });

  it('lists versions from supported_versions without GREASE when the client is TLS 1.3 capable', () => {
    const c = parse(fixture('ja4-tls-handshake.pcapng')).value.connections.find(
      (x) => x.helloRetryRequest !== null,
    )!;
    expect(c.clientHello).toMatchObject({
      versions: ['TLS 1.3', 'TLS 1.2'],
      grease: true,
      maxVersion: 'TLS 1.3',
    });
    expect(c.clientHello!.cipherSuites[0]).toMatch(/^GREASE \(0x[0-9a-f]a[0-9a-f]a\)$/);
    expect(c.serverHello).toMatchObject({
      version: 'TLS 1.3',
      cipherSuite: 'TLS_AES_256_GCM_SHA384',
    });
    expect(c.clientHelloCount).toBe(2);
  });

  it('names TLS 1.3 drafts and reads their ServerHello layout when the server speaks draft 16', () => {
    const cs = parse(fixture('zeek-tls13draft16-ff52.a01.pcap')).value.connections;
    expect(cs.map((c) => c.serverHello?.version)).toEqual([
      'TLS 1.3 (draft 16)',
      'TLS 1.3 (draft 16)',
    ]);
    expect(cs[0]!.serverHello!.cipherSuite).toBe('TLS_CHACHA20_POLY1305_SHA256');
    expect(
      cs.some((c) => c.alerts.some((a) => a.description === 'unknown_ca' && a.from === 'client')),
    ).toBe(true);
  });

  it('reads SSL 2.0 hellos and the certificate in the SSLv2 ServerHello', () => {
    const [c] = parse(fixture('flowtest-ssl-v2.pcap')).value.connections;
    expect(c).toMatchObject({
      clientHello: { sslv2Format: true, versions: ['SSL 2.0'] },
      serverHello: {
        sslv2Format: true,
        version: 'SSL 2.0',
        cipherSuite: 'SSL2_DES_192_EDE3_CBC_WITH_MD5',
      },
    });
    expect(c!.certificates[0]!.subject).toContain('CN=stan.musecurity.com');
  });

  it('extracts the server chain sent in the clear with thumbprint and validity', () => {
    const [c] = parse(fixture('ndpi-tls_verylong_certificate.pcap')).value.connections;
    expect(c!.certificates.length).toBeGreaterThan(0);
    expect(c!.certificates[0]).toMatchObject({
      index: 0,
      sha1: expect.stringMatching(/^[0-9a-f]{40}$/),
      notBefore: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      notAfter: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(c!.certificates[0]!.subject).toMatch(/CN=/);
  });

  it('finds TLS on non-443 ports after STARTTLS / SSLRequest / CONNECT', () => {
    const ports = [
      'zeek-smtp-starttls.pcap',
      'zeek-pop3-starttls.pcap',
      'suricata-verify-pgsql-upgrade-tls.pcap',
      'suricata-verify-ldap-starttls.pcap',
      'ja4-https-connect.pcap',
    ].map((f) => parse(fixture(f)).value.connections[0]?.serverPort);
    expect(ports).toEqual([25, 110, 5432, 389, expect.any(Number)]);
  });

  it('marks one-directional captures incomplete, not failed', () => {
    expect(
      parse(fixture('ndpi-tls_1.2_unidirectional_client.pcapng')).value.connections[0],
    ).toMatchObject({
      outcome: 'incomplete',
      serverHello: null,
    });
    expect(
      parse(fixture('ndpi-tls_1.3_unidirectional_server.pcapng')).value.connections[0],
    ).toMatchObject({
      outcome: 'incomplete',
      clientHello: null,
      serverHello: { version: 'TLS 1.3' },
      rolesFrom: 'server-hello',
    });
  });

  it('reports no connection when the capture holds plain HTTP only', () => {
    const r = parse(fixture('ja4-http1-with-cookies.pcapng'));
    expect(r.value.connections).toEqual([]);
    expect(r.value.frames).toBe(12);
  });

  it('reads big-endian and nanosecond pcap when the container is rewritten', () => {
    const src = fixture('zeek-missing-intermediate.pcap');
    const { linkType, recs } = readPcap(src);
    const want = summary(parse(src).value);
    for (const opts of [{ be: true }, { nano: true }, { be: true, nano: true }]) {
      const r = parse(writePcap(linkType, recs, opts));
      expect(r.value.format).toBe('pcap');
      expect(summary(r.value)).toEqual(want);
      expect(r.value.firstPacketTime).toBe(parse(src).value.firstPacketTime);
    }
  });

  it('reads pcapng of either byte order and skips unknown blocks when the file is rewritten', () => {
    const src = fixture('flowtest-tls12.pcap');
    const { linkType, recs } = readPcap(src);
    const want = summary(parse(src).value);
    for (const be of [false, true]) {
      const r = parse(writePcapng(linkType, recs, be));
      expect(r.value.format).toBe('pcapng');
      expect(r.value.linkTypes).toEqual([147, linkType]);
      expect(summary(r.value)).toEqual(want);
    }
  });

  it('ignores duplicated packets when every packet is recorded twice (pktmon components)', () => {
    const src = fixture('zeek-smtp-starttls.pcap');
    const { linkType, recs } = readPcap(src);
    const doubled = recs.flatMap((r) => [r, r]);
    expect(summary(parse(writePcap(linkType, doubled)).value)).toEqual(summary(parse(src).value));
  });

  it('reassembles the handshake when segments arrive out of order', () => {
    const src = fixture('ndpi-tls_verylong_certificate.pcap');
    const { linkType, recs } = readPcap(src);
    const swapped = [...recs];
    // Reverse every pair of packets after the three-way handshake.
    for (let i = 3; i + 1 < swapped.length; i += 2)
      [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
    const got = summary(parse(writePcap(linkType, swapped)).value);
    const want = summary(parse(src).value);
    expect(got.map(({ outcome: _o, ...x }) => x)).toEqual(want.map(({ outcome: _o, ...x }) => x));
  });

  it('still lists a rare failure after many of one kind when the list is capped', () => {
    const many = readPcap(fixture('flowtest-tls_version_error.pcap'));
    const rare = readPcap(fixture('flowtest-tls_cipher_error.pcap'));
    const recs: Rec[] = [];
    for (let i = 0; i < 60; i++) {
      for (const r of many.recs) {
        const d = Buffer.from(r.data);
        // Client port 44282 → 10000 + i, in whichever direction it appears.
        if (d.readUInt16BE(34) === 44282) d.writeUInt16BE(10000 + i, 34);
        if (d.readUInt16BE(36) === 44282) d.writeUInt16BE(10000 + i, 36);
        recs.push({ ...r, data: d });
      }
    }
    recs.push(...rare.recs);
    const r = parseCapture(input(writePcap(many.linkType, recs)), { maxFailedConnections: 55 });
    expect(r.value.stats.outcomes.failed).toBe(61);
    expect(r.value.connections).toHaveLength(51);
    expect(r.value.omittedConnections).toBe(10);
    expect(r.value.connections.at(-1)).toMatchObject({ failureAlert: 'handshake_failure' });
    expect(r.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'limit-exceeded' })]),
    );
  });

  it('reports cut packets and keeps going when the snap length truncates segments', () => {
    const src = fixture('zeek-missing-intermediate.pcap');
    const { linkType, recs } = readPcap(src);
    const cut = recs.map((r) => ({ ...r, data: r.data.subarray(0, Math.min(r.data.length, 200)) }));
    const r = parse(writePcap(linkType, cut));
    expect(r.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'truncated-packets' })]),
    );
    // The ClientHellos fit in 200 bytes only partly; the parser must not throw and keeps endpoints.
    expect(r.value.frames).toBe(recs.length);
  });

  it('returns partial data and a truncated issue with offset and frame when the file is cut', () => {
    const src = fixture('flowtest-tls_version_error.pcap');
    const r = parse(src.subarray(0, src.length - 10));
    expect(r.issues).toEqual([
      expect.objectContaining({ code: 'truncated', offset: expect.any(Number), frame: 11 }),
    ]);
    expect(r.value.frames).toBe(10);
    expect(r.value.connections[0]?.clientHello?.versions).toEqual(['TLS 1.3']);
  });

  it('stops with a damaged-block issue when a record length is absurd', () => {
    const src = Buffer.from(fixture('flowtest-tls_version_error.pcap'));
    src.writeUInt32LE(0x7fffffff, 24 + 8); // first record's incl_len
    const r = parse(src);
    expect(r.issues).toEqual([
      expect.objectContaining({ code: 'damaged-block', offset: 24, frame: 1 }),
    ]);
  });

  it('reports an unknown format and an empty file as issues, never by throwing', () => {
    expect(parse(Buffer.from('not a capture at all')).issues).toEqual([
      expect.objectContaining({ code: 'unknown-format', offset: 0 }),
    ]);
    expect(parse(new Uint8Array(0)).issues).toEqual([
      expect.objectContaining({ code: 'empty-input' }),
    ]);
  });

  it('gives null times instead of throwing when a timestamp is outside what a Date holds', () => {
    // Found by scripts/fuzz.ts: a mutated pcapng whose interface resolution makes times huge.
    const r = parse(fixture('fuzz-time-out-of-range.bin'));
    expect(r.value.format).toBe('pcapng');
    expect(r.value.lastPacketTime).toBeNull();
  });

  it('survives random corruption of the packet bytes', () => {
    const src = Buffer.from(fixture('ja4-tls-handshake.pcapng'));
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 20; round++) {
      const b = Buffer.from(src);
      for (let i = 0; i < 200; i++)
        b[200 + Math.floor(rnd() * (b.length - 200))] = Math.floor(rnd() * 256);
      expect(() => parse(b)).not.toThrow();
    }
  });

  it('is registered as a binary parser that sniffs pcap and pcapng magic', () => {
    expect(captureParser).toMatchObject({ artifactId: 'capture.pcap', input: 'binary' });
    expect(captureParser.sniff(fixture('flowtest-tls10.pcap').subarray(0, 8))).toBe(true);
    expect(captureParser.sniff(fixture('ndpi-tls_alert.pcap').subarray(0, 8))).toBe(true);
    expect(captureParser.sniff(Buffer.from('Windows Registry Editor'))).toBe(false);
  });
});
