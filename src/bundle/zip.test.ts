/**
 * The streaming side of the zip reader (zip.ts): large entries reach the parsers chunk by chunk
 * with their sizes enforced while inflating, and archives past 4 GiB (zip64 sizes and offsets)
 * open without reading them whole. Hostile directories are in hostile-archives.test.ts.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { craftZip } from '../test-support/zip-craft.js';
import {
  pcapFileHeader,
  pcapRecords,
  writeRepeatedZip,
  writeSparseZip64,
} from '../test-support/zip-large.js';
import { BundleError } from './errors.js';
import { DEFAULT_LIMITS } from './limits.js';
import { openZip } from './open.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-zip-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const root = join(import.meta.dirname, '../..');
const FIXTURE = join(root, 'src/parsers/capture/fixtures/flowtest-tls12.pcap');

/** Compressible but not trivial bytes (about 2:1), like a text log or a capture. */
function noise(bytes: number): Buffer {
  const b = randomBytes(bytes);
  for (let i = 0; i < b.length; i++) b[i] = 0x41 + (b[i]! & 0x0f);
  return b;
}

function thrown(fn: () => unknown): BundleError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BundleError);
    return e as BundleError;
  }
  throw new Error('nothing thrown');
}

describe('bundle/zip streaming', { timeout: 60_000 }, () => {
  const data = noise(24 * MiB);
  const path = join(tmp, 'large.zip');
  writeFileSync(
    path,
    craftZip([
      { name: 'capture/large.bin', data },
      { name: 'capture/stored.bin', data: data.subarray(0, 12 * MiB), method: 0 },
    ]),
  );

  it('streams a large deflated entry in chunks that add up to its content', () => {
    const file = openZip(path).files[0]!;
    const chunks = [...file.chunks(MiB)];
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    // After the synchronous head, every chunk but the last has the size asked for.
    expect(chunks.slice(1, -1).every((c) => c.length === MiB)).toBe(true);
    expect(chunks.length).toBeGreaterThan(20);
  });

  it('streams a large stored entry straight from the archive', () => {
    const file = openZip(path).files[1]!;
    const chunks = [...file.chunks(3 * MiB)];
    expect(chunks.map((c) => c.length)).toEqual([3 * MiB, 3 * MiB, 3 * MiB, 3 * MiB]);
    expect(Buffer.concat(chunks).equals(data.subarray(0, 12 * MiB))).toBe(true);
  });

  it('reads the head without inflating the rest, and a parser may stop early', () => {
    const file = openZip(path).files[0]!;
    const it = file.chunks(8192)[Symbol.iterator]();
    const head = it.next();
    expect(head.done).toBe(false);
    expect(Buffer.from(head.value as Buffer).equals(data.subarray(0, 8192))).toBe(true);
    // reading on starts the streaming inflater; stopping ends it
    const more = it.next();
    expect(Buffer.from(more.value as Buffer).equals(data.subarray(8192, 16384))).toBe(true);
    it.return?.();
  });

  it('fails a large entry that inflates past its declared size, while streaming', () => {
    const p = join(tmp, 'liar.zip');
    writeFileSync(
      p,
      craftZip([{ name: 'capture/liar.bin', data: noise(16 * MiB), declaredSize: 9 * MiB }]),
    );
    const file = openZip(p).files[0]!;
    let seen = 0;
    const e = thrown(() => {
      for (const c of file.chunks(MiB)) seen += c.length;
    });
    expect(e.code).toBe('corrupt-archive');
    expect(seen).toBeLessThanOrEqual(9 * MiB);
  });

  it('fails a large entry that inflates short of its declared size', () => {
    const p = join(tmp, 'short.zip');
    writeFileSync(
      p,
      craftZip([{ name: 'capture/short.bin', data: noise(9 * MiB), declaredSize: 12 * MiB }]),
    );
    const file = openZip(p).files[0]!;
    expect(thrown(() => [...file.chunks(MiB)]).code).toBe('corrupt-archive');
  });

  it('fails a capture whose entry turns out short while it streams, never parsing it as complete', () => {
    const records = pcapRecords(readFileSync(FIXTURE), 12 * MiB);
    const p = join(tmp, 'short-capture.zip');
    writeFileSync(
      p,
      craftZip([
        {
          name: 'capture/capture.pcap',
          data: Buffer.concat([pcapFileHeader(), records]),
          declaredSize: records.length + 24 + MiB,
        },
        { name: 'notes.txt', data: Buffer.from('kept') },
      ]),
    );
    const capture = loadBundle(openZip(p)).artifacts.find((a) => a.id === 'capture.pcap')!;
    expect(capture.status).toBe('failed');
    expect(capture.reason).toMatch(/capture\.pcap.*inflates to \d+ bytes/);
  });

  it('fails a large entry whose deflate data is damaged, keeping the other entries', () => {
    const p = join(tmp, 'damaged.zip');
    const z = craftZip([
      { name: 'capture/damaged.bin', data: noise(16 * MiB) },
      { name: 'notes.txt', data: Buffer.from('kept') },
    ]);
    z.fill(0xff, 4 * MiB, 4 * MiB + 4096);
    writeFileSync(p, z);
    const b = openZip(p);
    expect(thrown(() => [...b.files[0]!.chunks(MiB)]).code).toBe('corrupt-archive');
    expect(b.files[1]!.read().toString()).toBe('kept');
  });

  /** True when this file system keeps holes (a 1 GiB hole allocates nothing). */
  const sparse = ((): boolean => {
    const probe = join(tmp, 'probe.sparse');
    const fd = openSync(probe, 'w');
    try {
      ftruncateSync(fd, GiB);
      return fstatSync(fd).blocks * 512 < MiB;
    } finally {
      closeSync(fd);
      rmSync(probe, { force: true });
    }
  })();

  it.skipIf(!sparse)(
    (sparse ? '' : 'SKIPPED (no sparse files here): ') +
      'opens a zip64 archive over 4 GiB (sparse) and reads an entry stored past 4 GiB',
    () => {
      const p = join(tmp, 'sparse64.zip');
      const big = 4 * GiB + 512 * MiB;
      const sslcert = Buffer.from(
        'SSL Certificate bindings:\r\n-------------------------\r\n\r\n    IP:port                      : 0.0.0.0:443\r\n    Certificate Hash             : \r\n',
      );
      const { size } = writeSparseZip64(p, 'capture/huge.bin', big, Buffer.from('HEAD'), [
        { name: 'httpsys/netsh-http-show-sslcert.txt', data: sslcert },
      ]);
      expect(size).toBeGreaterThan(4 * GiB);
      const limits = {
        ...DEFAULT_LIMITS,
        maxArchiveBytes: 8 * GiB,
        maxEntryBytes: 8 * GiB,
        maxTotalBytes: 8 * GiB,
      };
      const b = openZip(p, limits);
      expect(b.files.map((f) => [f.path, f.size])).toEqual([
        ['capture/huge.bin', big],
        ['httpsys/netsh-http-show-sslcert.txt', sslcert.length],
      ]);
      expect(b.files[1]!.read().equals(sslcert)).toBe(true);
      const it = b.files[0]!.chunks(MiB)[Symbol.iterator]();
      expect((it.next().value as Buffer).subarray(0, 4).toString()).toBe('HEAD');
      it.return?.();
      // with the default limits, the 4.5 GiB entry is refused alone from its declared size and
      // the list beside it is still read (judge12 case 26)
      const limited = openZip(p);
      expect(limited.files.map((f) => f.path)).toEqual(['httpsys/netsh-http-show-sslcert.txt']);
      expect(limited.skipped).toMatchObject([
        { path: 'capture/huge.bin', code: 'too-large', params: { size: big } },
      ]);
      rmSync(p, { force: true });
    },
  );

  it('parses a capture streamed from a zip like the same capture from a folder', () => {
    const records = pcapRecords(readFileSync(FIXTURE), 12 * MiB);
    const p = join(tmp, 'capture.zip');
    writeRepeatedZip(p, 'capture/capture.pcap', pcapFileHeader(), records, 1);
    const loose = join(tmp, 'capture.pcap');
    writeFileSync(loose, Buffer.concat([pcapFileHeader(), records]));
    const fromZip = loadBundle(openZip(p)).artifacts.find((a) => a.id === 'capture.pcap')!;
    expect(fromZip.status).toBe('parsed');
    const fromFolderFile = loadBundle({
      source: loose,
      kind: 'files',
      skipped: [],
      files: [
        {
          path: 'capture.pcap', // the zip's single top folder is stripped too
          size: records.length + 24,
          read: () => readFileSync(loose),
          chunks: function* (n = MiB) {
            const all = readFileSync(loose);
            for (let i = 0; i < all.length; i += n) yield all.subarray(i, i + n);
          },
        },
      ],
    }).artifacts.find((a) => a.id === 'capture.pcap')!;
    const same =
      JSON.stringify(fromZip.files[0]!.value) === JSON.stringify(fromFolderFile.files[0]!.value);
    expect(same, 'the same capture value from the zip and from the file').toBe(true);
    expect(fromZip.files[0]!.value).toMatchObject({ frames: 41080, stats: { tcpPackets: 41080 } });
  });
});

describe('bundle/zip memory', () => {
  const free = (() => {
    try {
      const s = statfsSync(tmpdir());
      return s.bavail * s.bsize;
    } catch {
      return 0;
    }
  })();
  // The archive is small (the repeated block deflates to a few MB); the child needs memory only.
  const enough = free > 256 * MiB;

  it.skipIf(!enough)(
    (enough ? '' : `SKIPPED (only ${free} bytes free in ${tmpdir()}): `) +
      'keeps RSS bounded while `analyze` reads a 1 GiB capture inside a zip (sampled in a child process)',
    async () => {
      const p = join(tmp, 'gig.zip');
      const block = pcapRecords(readFileSync(FIXTURE), MiB);
      const repeats = Math.ceil(GiB / block.length);
      const { entryBytes } = writeRepeatedZip(
        p,
        'capture/capture.pcap',
        pcapFileHeader(),
        block,
        repeats,
      );
      expect(entryBytes).toBeGreaterThanOrEqual(GiB);
      const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
      const child = spawn(
        process.execPath,
        [
          '--import',
          tsx,
          join(root, 'src/cli.ts'),
          'analyze',
          p,
          '--format',
          'json',
          '-o',
          join(tmp, 'gig.json'),
          '--fail-on',
          'none',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const samples: number[] = [];
      let peak = 0;
      const timer = setInterval(() => {
        try {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          const kb = (k: string): number => Number(/\d+/.exec(status.split(`${k}:`)[1] ?? '')![0]);
          samples.push(kb('VmRSS') * 1024);
          peak = Math.max(peak, kb('VmHWM') * 1024);
        } catch {
          // the child has just exited
        }
      }, 100);
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      clearInterval(timer);
      expect(stderr).toMatch(/^tls-doctor: \d+ finding/);
      expect(code).toBe(0);
      process.stdout.write(`bundle/zip memory: peak RSS ${Math.round(peak / MiB)} MiB\n`);
      const report = JSON.parse(readFileSync(join(tmp, 'gig.json'), 'utf8')) as {
        collection?: unknown;
      };
      expect(JSON.stringify(report)).toMatch(/capture\.pcap/);
      expect(samples.length).toBeGreaterThan(5);
      // adm-zip needed the whole archive plus the whole inflated entry (> 1 GiB); streaming needs
      // the parser's working set, the tsx loader and a few chunks in flight.
      expect(peak).toBeLessThan(400 * MiB);
      const late = samples.slice(Math.floor(samples.length / 2));
      const early = samples.slice(0, Math.floor(samples.length / 2));
      expect(Math.max(...late)).toBeLessThan(Math.max(...early) + 100 * MiB);
    },
    300_000,
  );
});
