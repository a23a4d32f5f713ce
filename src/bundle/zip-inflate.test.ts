/**
 * The main-thread inflater (zip-inflate.ts) drives Node's zlib handle directly. These tests pin
 * that interface (a Node release that changes it fails here, not in a customer's run) and the
 * inflater's own contract: pieces give the bytes one-shot inflation gives, the skipped head is
 * not handed over twice, and a stream that is cut, damaged or longer than declared fails with
 * `corrupt-archive` without holding more than a chunk.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { captureLikeBytes, bundleFailure } from '../test-support/inflate-bytes.js';
import { inflateStream } from './zip-inflate.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-inflate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const KiB = 1024;

/** The deflated bytes at an offset inside a file, as in an archive. */
function archive(name: string, compressed: Buffer, at = 100): string {
  const p = join(tmp, name);
  writeFileSync(p, Buffer.concat([randomBytes(at), compressed, randomBytes(50)]));
  return p;
}

describe('inflateStream', () => {
  const data = captureLikeBytes(1200 * KiB + 77);
  const z = deflateRawSync(data, { level: 6 });

  it('inflates in pieces to what one-shot inflation gives, in chunks of the size asked', () => {
    const p = archive('ok.bin', z);
    const chunks = [...inflateStream(p, 'e', 100, z.length, data.length, 0, 256 * KiB, false)];
    expect(chunks.slice(0, -1).every((c) => c.length === 256 * KiB)).toBe(true);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it('leaves out the head already handed over, and reuses one buffer when asked', () => {
    const p = archive('skip.bin', z);
    const seen = new Set<ArrayBufferLike>();
    const copies: Buffer[] = [];
    for (const c of inflateStream(p, 'e', 100, z.length, data.length, 70_001, 64 * KiB, true)) {
      seen.add(c.buffer);
      copies.push(Buffer.from(c));
    }
    expect(seen.size).toBe(1);
    expect(Buffer.concat(copies).equals(data.subarray(70_001))).toBe(true);
  });

  it('fails a cut stream, a damaged one and one longer than declared, with corrupt-archive', () => {
    const cut = archive('cut.bin', z.subarray(0, z.length - 40));
    const e1 = bundleFailure(() => {
      for (const c of inflateStream(cut, 'cut', 100, z.length - 40, data.length, 0, KiB, true))
        void c;
    });
    expect(e1.code).toBe('corrupt-archive');
    expect(e1.message).toContain('unexpected end of file');

    const bad = Buffer.from(z);
    for (let i = 2000; i < 2100; i++) bad[i] = 0xff;
    const damaged = archive('bad.bin', bad);
    expect(
      bundleFailure(() => {
        for (const c of inflateStream(damaged, 'bad', 100, bad.length, data.length, 0, KiB, true))
          void c;
      }).code,
    ).toBe('corrupt-archive');

    const liar = archive('liar.bin', z);
    let handed = 0;
    const e3 = bundleFailure(() => {
      for (const c of inflateStream(liar, 'liar', 100, z.length, 500 * KiB, 0, 64 * KiB, true))
        handed += c.length;
    });
    expect(e3.message).toContain('inflates past its declared size');
    expect(handed).toBeLessThanOrEqual(500 * KiB);

    const short = archive('short.bin', z);
    expect(
      bundleFailure(() => {
        for (const c of inflateStream(short, 's', 100, z.length, data.length + 1, 0, KiB, true))
          void c;
      }).message,
    ).toContain(`inflates to ${data.length} bytes`);
  });
});
