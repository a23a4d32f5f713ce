/**
 * `chunks(size, { reuse: true })` (ChunkOptions in src/shared/parse.ts): a consumer that keeps
 * nothing of a chunk once it asks for the next one gets every chunk in the same buffer (loose and
 * folder files, stored zip entries, and large deflated zip entries after the synchronous head);
 * without `reuse` every chunk is its own buffer. The content is the same.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { craftZip } from '../test-support/zip-craft.js';
import { openInputs, openZip } from './open.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-reuse-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const MiB = 1024 * 1024;

/** Compressible but not trivial bytes, like a capture. */
function noise(bytes: number): Buffer {
  const b = randomBytes(bytes);
  for (let i = 0; i < b.length; i++) b[i] = 0x41 + (b[i]! & 0x0f);
  return b;
}

describe('bundle chunks with reuse', () => {
  const data = noise(20 * MiB + 12345);

  it('a loose file is read into one buffer with reuse, into fresh ones without', () => {
    const p = join(tmp, 'loose.pcap');
    writeFileSync(p, data);
    const file = openInputs([p]).files[0]!;
    const copies: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for (const c of file.chunks(MiB, { reuse: true })) {
      buffers.add(c.buffer);
      copies.push(Buffer.from(c));
    }
    expect(buffers.size).toBe(1);
    expect(Buffer.concat(copies).equals(data)).toBe(true);
    const kept = [...file.chunks(MiB)];
    expect(new Set(kept.map((c) => c.buffer)).size).toBe(kept.length);
    expect(Buffer.concat(kept).equals(data)).toBe(true);
  });

  const zip = join(tmp, 'bundle.zip');
  writeFileSync(
    zip,
    craftZip([
      { name: 'capture/deflated.pcap', data },
      { name: 'capture/stored.pcap', data: data.subarray(0, 12 * MiB + 7), method: 0 },
    ]),
  );

  it('a stored zip entry is read into one buffer with reuse', () => {
    const file = openZip(zip).files[1]!;
    const copies: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for (const c of file.chunks(MiB, { reuse: true })) {
      buffers.add(c.buffer);
      copies.push(Buffer.from(c));
    }
    expect(buffers.size).toBe(1);
    expect(Buffer.concat(copies).equals(data.subarray(0, 12 * MiB + 7))).toBe(true);
  });

  it('a deflated zip entry is inflated into one buffer with reuse, after its head', () => {
    const file = openZip(zip).files[0]!;
    const copies: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for (const c of file.chunks(MiB, { reuse: true })) {
      buffers.add(c.buffer);
      copies.push(Buffer.from(c));
    }
    expect(Buffer.concat(copies).equals(data)).toBe(true);
    expect(copies.length).toBeGreaterThan(3);
    // the synchronous head, then one buffer refilled for every later chunk
    expect(buffers.size).toBe(2);
    // without reuse the chunks stay the consumer's
    const kept = [...file.chunks(MiB)];
    expect(new Set(kept.map((c) => c.buffer)).size).toBe(kept.length);
    expect(Buffer.concat(kept).equals(data)).toBe(true);
  });
});
