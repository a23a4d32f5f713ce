/**
 * The streaming parsers ask for chunks with `reuse` (src/shared/parse.ts ChunkOptions): the bundle
 * reader then reads every chunk into one buffer. This holds them to it: the input overwrites its
 * buffer with garbage as soon as the next chunk is asked for, and the result must be the one of
 * an input whose chunks stay valid, at chunk sizes that cut records, segments, certificates and
 * multi-byte characters anywhere.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BinaryInput } from '../shared/parse.js';
import { manyClientsCapture } from '../test-support/many-clients-capture.js';
import { reusingInput } from '../test-support/reusing-input.js';
import { parseCapture } from './capture/index.js';
import { parseEventXml } from './event-xml.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CAPTURES = join(HERE, 'capture', 'fixtures');

/** Chunks that stay valid: views of the whole file. */
function stable(bytes: Uint8Array, base: Omit<BinaryInput, 'size' | 'chunks'>): BinaryInput {
  return {
    ...base,
    size: bytes.length,
    *chunks(n = 1 << 20) {
      for (let i = 0; i < bytes.length; i += n) yield bytes.subarray(i, i + n);
    },
  };
}

const CAPTURE = { artifactId: 'capture.pcap', path: 'capture/test.pcap' } as const;
const captureFiles = readdirSync(CAPTURES).filter((f) => /\.pcap(ng)?$/.test(f));

describe('reuse contract: a reused chunk buffer never changes a parse', () => {
  it('has capture fixtures to check', () => {
    expect(captureFiles.length).toBeGreaterThan(50);
  });

  it('a consumer that keeps chunks is caught by the garbage input (the check can fail)', () => {
    const bytes = readFileSync(join(CAPTURES, captureFiles[0]!));
    const input = reusingInput(bytes, CAPTURE, 1000);
    const kept: Uint8Array[] = [];
    for (const c of input.chunks(1000, { reuse: true })) kept.push(c);
    expect(Buffer.concat(kept).equals(bytes)).toBe(false);
    // the same consumer without `reuse` gets chunks it may keep
    const fresh = [...input.chunks(1000)];
    expect(Buffer.concat(fresh).equals(bytes)).toBe(true);
  });

  it('a consumer that keeps chunks is caught by the detaching input too', () => {
    const bytes = readFileSync(join(CAPTURES, captureFiles[0]!));
    const input = reusingInput(bytes, CAPTURE, 1000, 'detach');
    const kept: Uint8Array[] = [];
    for (const c of input.chunks(1000, { reuse: true })) kept.push(c);
    expect(kept.every((c) => c.length === 0)).toBe(true);
  });

  it.each([
    [1 << 20, 'garbage'],
    [4096, 'garbage'],
    [1000, 'garbage'],
    [61, 'garbage'],
    [1 << 20, 'detach'],
    [1000, 'detach'],
    [61, 'detach'],
  ] as const)('capture parser: every fixture, chunks of %i bytes, %s after use', (size, mode) => {
    for (const name of captureFiles) {
      const bytes = readFileSync(join(CAPTURES, name));
      const want = parseCapture(stable(bytes, CAPTURE), { chunkSize: size });
      const input = reusingInput(bytes, CAPTURE, size, mode);
      const got = parseCapture(input, { chunkSize: size });
      expect(input.askedReuse).toBe(true);
      expect(got, name).toEqual(want);
    }
  });

  it('capture parser: a busy server (many connections open at once, certificates listed)', () => {
    const templates = captureFiles
      .filter((f) => /tls12|tls13|alert|cert/i.test(f) && f.endsWith('.pcap'))
      .map((f) => readFileSync(join(CAPTURES, f)))
      .filter((b) => b.readUInt32LE(0) === 0xa1b2c3d4 && b.readUInt32LE(20) === 1);
    expect(templates.length).toBeGreaterThan(3);
    const bytes = manyClientsCapture(templates, 400);
    for (const size of [1 << 16, 3001]) {
      const want = parseCapture(stable(bytes, CAPTURE), { chunkSize: size });
      expect(want.value.connections.length).toBeGreaterThan(100);
      for (const mode of ['garbage', 'detach'] as const) {
        const got = parseCapture(reusingInput(bytes, CAPTURE, size, mode), { chunkSize: size });
        expect(got, mode).toEqual(want);
      }
    }
  });

  const EVENTS = [
    'event-xml.sample.zh-cn-xml-view-36871-state10013.txt',
    'event-xml.sample.synthetic-wevtutil-e-events-mixed.txt',
    'event-xml.sample.synthetic-capi2-untrusted-root.txt',
  ];
  it.each(EVENTS)('event parser: %s, small chunks overwritten after use', (name) => {
    const utf8 = readFileSync(join(HERE, name));
    // UTF-16 as wevtutil writes to a file: code units cut across chunks too
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(utf8.toString(), 'utf16le'),
    ]);
    const ctx = { artifactId: 'events.schannel', path: 'events/system-schannel.xml' } as const;
    for (const bytes of [utf8, utf16]) {
      const want = parseEventXml(stable(bytes, ctx));
      for (const size of [65536, 4095, 1000, 7])
        for (const mode of ['garbage', 'detach'] as const) {
          const input = reusingInput(bytes, ctx, size, mode);
          expect(parseEventXml(input), `${name} ${size} ${mode}`).toEqual(want);
          expect(input.askedReuse).toBe(true);
        }
    }
  });
});
