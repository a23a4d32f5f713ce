/**
 * A busy server's capture: 300,000 distinct clients (issue 18, docs/benchmarks.md round 9). The
 * parser hands a tallied kind's clients to the facts as address words; per-client strings (in
 * the parse result, or made by the facts to count them) cost ~20 MiB at 4.3 GB and must not come
 * back. Synthetic: one ClientHello per connection, generated in memory as the parser reads it.
 */
import { describe, expect, it } from 'vitest';
import type { ParsedBundle } from '../../artifacts/parsed.js';
import { parseCapture, type CaptureValue } from '../../parsers/capture/index.js';
import type { BinaryInput } from '../../shared/parse.js';
import { buildFacts } from '../index.js';

const CLIENTS = 300_000;
/** Four server ports: four tallied kinds of 75,000 clients (a kind keeps up to 100,000). */
const PORTS = [443, 444, 445, 446];

/** One Ethernet/IPv4/TCP packet carrying a minimal TLS 1.2 ClientHello (client and port below). */
function template(): Uint8Array {
  const hello = [
    ...[0x03, 0x03],
    ...new Array<number>(32).fill(7), // random
    0, // session id
    ...[0, 2, 0x00, 0x2f], // one cipher suite
    ...[1, 0], // null compression
  ];
  const hs = [1, 0, 0, hello.length, ...hello];
  const tls = [0x16, 0x03, 0x01, 0, hs.length, ...hs];
  const ipLen = 20 + 20 + tls.length;
  const b = new Uint8Array(16 + 14 + ipLen);
  const v = new DataView(b.buffer);
  v.setUint32(8, b.length - 16, true);
  v.setUint32(12, b.length - 16, true);
  v.setUint16(16 + 12, 0x0800);
  const ip = 16 + 14;
  b[ip] = 0x45;
  v.setUint16(ip + 2, ipLen);
  b[ip + 8] = 64;
  b[ip + 9] = 6;
  v.setUint32(ip + 16, (192 << 24) | (168 << 16) | 5); // server 192.168.0.5
  const tcp = ip + 20;
  v.setUint16(tcp, 50_000);
  v.setUint32(tcp + 4, 1000);
  v.setUint32(tcp + 8, 1);
  b[tcp + 12] = 5 << 4;
  b[tcp + 13] = 0x18; // PSH, ACK
  v.setUint16(tcp + 14, 65535);
  b.set(tls, tcp + 20);
  return b;
}

function capture(): BinaryInput {
  return {
    artifactId: 'capture.pcap',
    path: 'synthetic-many-clients.pcap',
    size: 0,
    *chunks() {
      const head = new Uint8Array(24);
      const v = new DataView(head.buffer);
      v.setUint32(0, 0xa1b2c3d4, true);
      v.setUint16(4, 2, true);
      v.setUint16(6, 4, true);
      v.setUint32(16, 65535, true);
      v.setUint32(20, 1, true);
      yield head;
      const t = template();
      for (let i = 0; i < CLIENTS; i += 4096) {
        const n = Math.min(CLIENTS - i, 4096);
        const out = new Uint8Array(n * t.length);
        const o = new DataView(out.buffer);
        for (let j = 0; j < n; j++) {
          const at = j * t.length;
          out.set(t, at);
          o.setUint32(at, 1_700_000_000 + Math.floor((i + j) / 1000), true);
          o.setUint32(at + 16 + 14 + 12, (10 << 24) | (i + j + 1)); // client 10.x.y.z
          o.setUint16(at + 16 + 14 + 20 + 2, PORTS[(i + j) % PORTS.length]!);
        }
        yield out;
      }
    },
  };
}

/** Strings reachable from a value (typed arrays hold none). */
function strings(root: unknown): number {
  let n = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x === 'string') n++;
    else if (x !== null && typeof x === 'object' && !ArrayBuffer.isView(x) && !seen.has(x)) {
      seen.add(x);
      stack.push(...Object.values(x));
    }
  }
  return n;
}

describe('a capture with 300,000 distinct clients', () => {
  it('keeps no string per client, and the facts still count every client', () => {
    const r = parseCapture(capture());
    const value: CaptureValue = r.value;
    // The listed connections and the kinds' representatives: a few thousand strings, not 300k.
    expect(strings(value)).toBeLessThan(20_000);
    const tallied = value.omittedKinds.reduce((n, k) => n + k.clientAddresses.size, 0);
    expect(tallied + value.connections.length).toBe(CLIENTS);

    // The facts count from the address words: the text form must not be needed.
    for (const k of value.omittedKinds)
      Object.defineProperty(k.clientAddresses, 'toJSON', {
        value: () => {
          throw new Error('client addresses turned into strings');
        },
      });
    const parsed = {
      source: 'synthetic',
      kind: 'files',
      manifest: null,
      manifestIssues: [],
      artifacts: [
        {
          id: 'capture.pcap',
          status: 'parsed',
          manifest: null,
          reason: null,
          files: [
            {
              artifactId: 'capture.pcap',
              path: 'synthetic-many-clients.pcap',
              size: 0,
              value,
              issues: r.issues,
              encoding: null,
              matchedBy: 'content',
            },
          ],
        },
      ],
      unrecognized: [],
      skipped: [],
    } satisfies ParsedBundle;
    const facts = buildFacts(parsed);
    const groups = facts.handshakeGroups ?? [];
    expect(groups.map((g) => g.clientCount).sort()).toEqual(PORTS.map(() => CLIENTS / 4));
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(CLIENTS);
    expect(strings(facts)).toBeLessThan(20_000);
  }, 120_000);
});
