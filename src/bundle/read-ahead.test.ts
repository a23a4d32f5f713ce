/**
 * The reader thread (read-ahead.ts, read-ahead-worker.ts) must hand the parser exactly what the
 * synchronous readers hand it: the same bytes, the same refusals of a cut, damaged or lying
 * entry, and it must stop when the parser stops. Each case runs the worker for real.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { craftZip } from '../test-support/zip-craft.js';
import { captureLikeBytes, bundleFailure } from '../test-support/inflate-bytes.js';
import { openInputs, openZip } from './open.js';
import { readAhead, readAheadApplies, READ_AHEAD_MIN_BYTES, type ReadJob } from './read-ahead.js';
import { inflateFailure, inflateStream } from './zip-inflate.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-read-ahead-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  delete process.env['TLS_DOCTOR_READ_AHEAD'];
});
const KiB = 1024;

function file(name: string, bytes: Buffer): string {
  const p = join(tmp, name);
  writeFileSync(p, bytes);
  return p;
}

/** Reads a job to its end, copying each chunk (a chunk is valid until the next is asked for). */
function readAll(job: ReadJob, chunkSize: number, name = 'e'): { bytes: Buffer; sizes: number[] } {
  const size = job.kind === 'inflate' ? job.size : 0;
  const copies: Buffer[] = [];
  for (const c of readAhead(
    job,
    chunkSize,
    (why) => inflateFailure(name, size, why),
    () => {
      throw new Error('the reader thread did not start');
    },
  ))
    copies.push(Buffer.from(c));
  return { bytes: Buffer.concat(copies), sizes: copies.map((c) => c.length) };
}

describe('readAhead: ranges', () => {
  const data = captureLikeBytes(700 * KiB + 13);
  const p = file('range.bin', Buffer.concat([Buffer.alloc(100, 7), data, Buffer.alloc(50, 9)]));

  it('reads a range in chunks of the size asked, the last one shorter', () => {
    const r = readAll({ kind: 'range', path: p, start: 100, length: data.length }, 64 * KiB);
    expect(r.bytes.equals(data)).toBe(true);
    expect(r.sizes.slice(0, -1).every((n) => n === 64 * KiB)).toBe(true);
    expect(r.sizes.length).toBe(Math.ceil(data.length / (64 * KiB)));
  });

  it('reads a loose file to its end when no length is given', () => {
    const whole = readAll({ kind: 'range', path: p, start: 0, length: null }, 100 * KiB);
    // A chunk size over the slot size gives slot-sized chunks (1 MiB asked, 256 KiB given).
    const big = readAll({ kind: 'range', path: p, start: 0, length: null }, 1024 * KiB);
    expect(big.sizes.slice(0, -1).every((n) => n === 256 * KiB)).toBe(true);
    expect(big.bytes.equals(whole.bytes)).toBe(true);
    expect(whole.bytes.length).toBe(data.length + 150);
    expect(whole.bytes.subarray(100, 100 + data.length).equals(data)).toBe(true);
  });

  it('refuses a range past the end of the file instead of handing a short one', () => {
    const e = bundleFailure(() =>
      readAll({ kind: 'range', path: p, start: 100, length: 2_000_000 }, KiB),
    );
    expect(e.message).toContain('unexpected end of file');
  });

  it('reports a file that cannot be opened', () => {
    const e = bundleFailure(() =>
      readAll({ kind: 'range', path: join(tmp, 'absent.bin'), start: 0, length: null }, KiB),
    );
    expect(e.message).toContain('ENOENT');
  });
});

describe('readAhead: inflate, the contract of inflateStream (zip-inflate.test.ts)', () => {
  const data = captureLikeBytes(1200 * KiB + 77);
  const z = deflateRawSync(data, { level: 6 });
  const at = (name: string, compressed: Buffer): string =>
    file(name, Buffer.concat([randomBytes(100), compressed, randomBytes(50)]));
  const job = (path: string, compressedSize: number, size: number, skip = 0): ReadJob => ({
    kind: 'inflate',
    path,
    start: 100,
    compressedSize,
    size,
    skip,
  });

  it('gives what the main-thread inflater gives, head skipped, in chunks of the size asked', () => {
    const p = at('ok.bin', z);
    const r = readAll(job(p, z.length, data.length, 70_001), 64 * KiB);
    const main = Buffer.concat(
      [...inflateStream(p, 'e', 100, z.length, data.length, 70_001, 64 * KiB, false)].map((c) =>
        Buffer.from(c),
      ),
    );
    expect(r.bytes.equals(data.subarray(70_001))).toBe(true);
    expect(r.bytes.equals(main)).toBe(true);
    expect(r.sizes.slice(0, -1).every((n) => n === 64 * KiB)).toBe(true);
  });

  it('refuses a cut, a damaged and a lying stream with the texts of the main-thread inflater', () => {
    const cut = at('cut.bin', z.subarray(0, z.length - 40));
    const e1 = bundleFailure(() => readAll(job(cut, z.length - 40, data.length), KiB, 'cut'));
    expect(e1.code).toBe('corrupt-archive');
    expect(e1.message).toContain('unexpected end of file');

    const bad = Buffer.from(z);
    for (let i = 2000; i < 2100; i++) bad[i] = 0xff;
    const e2 = bundleFailure(() => readAll(job(at('bad.bin', bad), bad.length, data.length), KiB));
    expect(e2.code).toBe('corrupt-archive');

    const e3 = bundleFailure(() => readAll(job(at('liar.bin', z), z.length, 500 * KiB), 64 * KiB));
    expect(e3.message).toContain('inflates past its declared size');

    const e4 = bundleFailure(() =>
      readAll(job(at('short.bin', z), z.length, data.length + 1), KiB),
    );
    expect(e4.message).toContain(`inflates to ${data.length} bytes`);
  });

  it('stops the reader when the parser stops early, and is usable again right after', () => {
    const p = at('early.bin', z);
    let seen = 0;
    for (const c of readAhead(
      job(p, z.length, data.length),
      4 * KiB,
      (why) => new Error(why),
      () => [],
    )) {
      seen += c.length;
      if (seen >= 8 * KiB) break;
    }
    expect(seen).toBe(8 * KiB);
    expect(readAll(job(p, z.length, data.length), 256 * KiB).bytes.equals(data)).toBe(true);
  });
});

describe('where read-ahead applies', () => {
  it('only for consumers that reuse chunks, from the size set, unless switched', () => {
    expect(readAheadApplies(READ_AHEAD_MIN_BYTES, true)).toBe(true);
    expect(readAheadApplies(READ_AHEAD_MIN_BYTES - 1, true)).toBe(false);
    expect(readAheadApplies(READ_AHEAD_MIN_BYTES, false)).toBe(false);
    process.env['TLS_DOCTOR_READ_AHEAD'] = 'off';
    expect(readAheadApplies(READ_AHEAD_MIN_BYTES, true)).toBe(false);
    process.env['TLS_DOCTOR_READ_AHEAD'] = 'always';
    expect(readAheadApplies(1, true)).toBe(true);
    expect(readAheadApplies(1, undefined)).toBe(false);
  });

  it('gives the same chunks through a zip (stored, deflated) and a loose file as without it', () => {
    // Over 8 MiB, so zip entries stream instead of being read whole.
    const data = captureLikeBytes(9 * 1024 * KiB + 5);
    const zip = join(tmp, 'both.zip');
    writeFileSync(
      zip,
      craftZip([
        { name: 'stored.pcap', data, method: 0 },
        { name: 'deflated.pcap', data, method: 8 },
      ]),
    );
    const loose = file('loose.pcap', data);
    const read = (mode: string): Buffer[] => {
      process.env['TLS_DOCTOR_READ_AHEAD'] = mode;
      const files = [...openZip(zip).files, ...openInputs([loose]).files];
      return files.map((f) => {
        const parts: Buffer[] = [];
        for (const c of f.chunks(1024 * KiB, { reuse: true })) parts.push(Buffer.from(c));
        return Buffer.concat(parts);
      });
    };
    const off = read('off');
    const on = read('always');
    expect(off.length).toBe(3);
    for (let i = 0; i < off.length; i++) {
      expect(off[i]!.equals(data)).toBe(true);
      expect(on[i]!.equals(data)).toBe(true);
    }
  });
});

describe('the CLI heap flags survive the reader thread', () => {
  it("keeps the young generation small after a worker's isolate reset V8's flag", () => {
    const root = new URL('../..', import.meta.url).pathname;
    const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
    const heap = pathToFileURL(join(root, 'src/cli/heap.ts')).href;
    const ahead = pathToFileURL(join(root, 'src/bundle/read-ahead.ts')).href;
    const p = file('flags.bin', captureLikeBytes(1024 * KiB));
    const script = `
      import v8 from 'node:v8';
      await import(${JSON.stringify(heap)});
      const { readAhead } = await import(${JSON.stringify(ahead)});
      for (const c of readAhead({ kind: 'range', path: ${JSON.stringify(p)}, start: 0, length: null },
        65536, (w) => new Error(w), () => [])) void c;
      const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 2 ** 20;
      const before = young();
      const keep = new Array(50000);
      for (let i = 0; i < 300000; i++) keep[i % 50000] = { i, s: 'x' + i };
      console.log(young() - before);
    `;
    const r = spawnSync(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(r.stderr).toBe('');
    expect(Number(r.stdout.trim())).toBe(0);
  });
});
