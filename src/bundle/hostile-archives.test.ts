/**
 * Hostile and broken archives (issue 9): each is refused or skipped with a clear code and message,
 * in under a second and without inflating more than it declared, and what can safely be read
 * still is. Complements open.test.ts (traversal names, zip64 10 GB, ratio bomb, lying header,
 * too many entries, non-zip, truncated, encrypted / nested / duplicate entries).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { craftZip, manyEntriesZip } from '../test-support/zip-craft.js';
import { BundleError } from './errors.js';
import { DEFAULT_LIMITS } from './limits.js';
import { openInputs, openZip, type Bundle } from './open.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-hostile-zip-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const zipFile = (buf: Buffer): string => {
  const p = join(tmp, `z${n++}.zip`);
  writeFileSync(p, buf);
  return p;
};
const text = (s: string) => Buffer.from(s, 'utf8');
const MiB = 1024 * 1024;

/** Runs fn, expects a BundleError within `ms`, and returns it. */
function refusedFast(fn: () => unknown, ms = 1000): BundleError {
  const start = performance.now();
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  const took = performance.now() - start;
  expect(err, 'refused').toBeInstanceOf(BundleError);
  expect(took, 'refused in time').toBeLessThan(ms);
  expect((err as BundleError).message.length).toBeGreaterThan(20);
  return err as BundleError;
}

/** Reads every file; returns what each read gave (a length or an error code). */
function readAll(b: Bundle): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const f of b.files) {
    try {
      out[f.path] = f.read().length;
    } catch (e) {
      expect(e).toBeInstanceOf(BundleError);
      out[f.path] = (e as BundleError).code;
    }
  }
  return out;
}

const sslcert = text(
  'SSL Certificate bindings:\r\n-------------------------\r\n\r\n    IP:port                      : 0.0.0.0:443\r\n    Certificate Hash             : \r\n    Application ID               : {4dcc9b81-e3ec-4a21-b012-59fc61bc0914}\r\n    Certificate Store Name       : MY\r\n',
);

describe('bundle/hostile archives', () => {
  it('refuses 100,000 entries from the end record alone, in under a second', () => {
    const p = zipFile(manyEntriesZip(100_000));
    const e = refusedFast(() => openInputs([p]));
    expect(e.code).toBe('too-many-entries');
    expect(e.message).toMatch(/100000 entries.*--max-entries/);
  });

  it('counts folders as entries when walking a bundle folder', () => {
    const dir = join(tmp, 'many-folders');
    for (let i = 0; i < 30; i++) mkdirSync(join(dir, `d${i}`, 'x'), { recursive: true });
    const e = refusedFast(() => openInputs([dir], { ...DEFAULT_LIMITS, maxEntries: 20 }));
    expect(e.code).toBe('too-many-entries');
  });

  it('refuses a bomb of many entries each under the per-entry ratio floor (whole-archive ratio)', () => {
    const mib = Buffer.alloc(MiB, 0);
    const p = zipFile(
      craftZip(Array.from({ length: 40 }, (_, i) => ({ name: `z/${i}.txt`, data: mib }))),
    );
    const e = refusedFast(() => openZip(p));
    expect(e.code).toBe('suspicious-ratio');
    expect(e.message).toMatch(/as a whole.*--max-ratio/);
  });

  it('refuses a zip64 bomb declaring 10 GB in one entry and 5 × 1 GiB in total', () => {
    expect(
      refusedFast(() =>
        openZip(zipFile(craftZip([{ name: 'a', data: text('x'), zip64Size: 10n * 1024n ** 3n }]))),
      ).code,
    ).toBe('entry-too-large');
    const five = Array.from({ length: 5 }, (_, i) => ({
      name: `b${i}`,
      data: text('x'),
      zip64Size: 1024n ** 3n - 1n,
    }));
    expect(
      refusedFast(() => openZip(zipFile(craftZip(five)), { ...DEFAULT_LIMITS, maxRatio: 1e12 }))
        .code,
    ).toBe('total-too-large');
  });

  it('stops a streamed entry (data descriptor) whose sizes lie at the declared size, keeping the others', () => {
    const p = zipFile(
      craftZip([
        { name: 'httpsys/netsh-http-show-sslcert.txt', data: sslcert, dataDescriptor: true },
        // 8 MiB of zeros declared as 10 bytes, local header sizes 0 (streamed)
        { name: 'bomb.txt', data: Buffer.alloc(8 * MiB), dataDescriptor: true, declaredSize: 10 },
        // declared as 0 bytes: nothing may be inflated at all
        { name: 'zero.txt', data: Buffer.alloc(MiB, 0x41), dataDescriptor: true, declaredSize: 0 },
      ]),
    );
    const start = performance.now();
    const rss = process.memoryUsage.rss();
    const b = openZip(p);
    const read = readAll(b);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(process.memoryUsage.rss() - rss).toBeLessThan(40 * MiB);
    expect(read).toEqual({
      'httpsys/netsh-http-show-sslcert.txt': sslcert.length,
      'bomb.txt': 'corrupt-archive',
      'zero.txt': 'corrupt-archive',
    });
    const parsed = loadBundle(b);
    expect(parsed.artifacts.find((a) => a.id === 'httpsys.sslcert')!.status).toBe('parsed');
    expect(parsed.unrecognized.map((u) => u.path).sort()).toEqual(['bomb.txt', 'zero.txt']);
    expect(parsed.unrecognized[0]!.reason).toMatch(/declared size/);
  });

  it('skips an entry whose local header is damaged and analyzes the rest', () => {
    const z = craftZip([
      { name: 'httpsys/netsh-http-show-sslcert.txt', data: sslcert },
      { name: 'network/netstat-anob.txt', data: text('garbage') },
    ]);
    const second = z.indexOf(Buffer.from('PK\x03\x04', 'latin1'), 4);
    z.writeUInt32LE(0xdeadbeef, second);
    const b = openZip(zipFile(z));
    expect(readAll(b)).toEqual({
      'httpsys/netsh-http-show-sslcert.txt': sslcert.length,
      'network/netstat-anob.txt': 'corrupt-archive',
    });
    const parsed = loadBundle(b);
    expect(parsed.artifacts.find((a) => a.id === 'httpsys.sslcert')!.status).toBe('parsed');
    expect(parsed.artifacts.find((a) => a.id === 'net.netstat')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/netstat-anob\.txt.*cannot be read/),
    });
  });

  it('keeps going when manifest.json itself is damaged', () => {
    const z = craftZip([
      { name: 'manifest.json', data: text('{"formatVersion":1}') },
      { name: 'httpsys/netsh-http-show-sslcert.txt', data: sslcert },
    ]);
    z.writeUInt32LE(0xdeadbeef, 0 + 30 + 'manifest.json'.length); // inside the deflated body
    const parsed = loadBundle(openZip(zipFile(z)));
    expect(parsed.manifestIssues).toMatchObject([{ code: 'manifest-unreadable' }]);
    expect(parsed.artifacts.find((a) => a.id === 'httpsys.sslcert')!.status).toBe('parsed');
  });

  it.each([
    ['a\\..\\..\\evil.txt'],
    ['./../evil.txt'],
    ['\\\\server\\share\\evil.txt'],
    ['C:evil.txt'],
    ['bundle/\u0000/evil.txt'],
  ])('refuses the zip-slip name %j', (name) => {
    expect(refusedFast(() => openZip(zipFile(craftZip([{ name, data: text('x') }])))).code).toBe(
      'unsafe-entry-name',
    );
  });

  it('keeps the first of names that differ only by case, separators or "./"', () => {
    const b = openZip(
      zipFile(
        craftZip([
          { name: 'httpsys/netsh-http-show-sslcert.txt', data: sslcert },
          { name: 'HTTPSYS\\netsh-http-show-sslcert.txt', data: text('second') },
          { name: './httpsys//netsh-http-show-sslcert.txt', data: text('third') },
          { name: 'notes.txt', data: text('a second top-level entry keeps paths as they are') },
        ]),
      ),
    );
    expect(b.files.map((f) => f.path)).toEqual([
      'httpsys/netsh-http-show-sslcert.txt',
      'notes.txt',
    ]);
    expect(b.skipped).toHaveLength(2);
    expect(b.skipped.every((s) => /duplicate/.test(s.reason))).toBe(true);
  });

  it('skips encrypted entries (traditional and AES), keeping the rest', () => {
    const b = openZip(
      zipFile(
        craftZip([
          { name: 'httpsys/netsh-http-show-sslcert.txt', data: sslcert },
          { name: 'zipcrypto.txt', data: text('s'), flags: 1 },
          { name: 'aes.txt', data: text('s'), flags: 1 | 0x40 },
          { name: 'notes.txt', data: text('n') },
        ]),
      ),
    );
    expect(b.files.map((f) => f.path)).toEqual([
      'httpsys/netsh-http-show-sslcert.txt',
      'notes.txt',
    ]);
    expect(b.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/encrypted/),
      expect.stringMatching(/encrypted/),
    ]);
  });

  it('skips a zip inside a zip and a zip inside a bundle folder, and says so', () => {
    const inner = craftZip([{ name: 'x.txt', data: text('x') }]);
    const z = openZip(
      zipFile(
        craftZip([
          { name: 'httpsys/netsh-http-show-sslcert.txt', data: sslcert },
          { name: 'a-nested.zip', data: inner },
          { name: 'capture/more.7z', data: text('7z') },
        ]),
      ),
    );
    expect(z.skipped.map((s) => s.path)).toEqual(['a-nested.zip', 'capture/more.7z']);
    const dir = join(tmp, 'folder-with-zip');
    mkdirSync(join(dir, 'httpsys'), { recursive: true });
    writeFileSync(join(dir, 'a-first.zip'), inner); // first in sorted order
    writeFileSync(join(dir, 'httpsys', 'netsh-http-show-sslcert.txt'), sslcert);
    const f = openInputs([dir]);
    expect(f.files.map((x) => x.path)).toEqual(['httpsys/netsh-http-show-sslcert.txt']);
    expect(f.skipped).toMatchObject([
      { path: 'a-first.zip', reason: expect.stringMatching(/nested archive/) },
    ]);
  });

  it('refuses a non-zip with a .zip name, an empty file and a zip cut anywhere, each with a code', () => {
    expect(refusedFast(() => openInputs([zipFile(text('MZ\x90\x00 not a zip'))])).code).toBe(
      'not-a-zip',
    );
    expect(refusedFast(() => openInputs([zipFile(Buffer.alloc(0))])).code).toBe('not-a-zip');
    const good = craftZip([
      { name: 'httpsys/netsh-http-show-sslcert.txt', data: sslcert },
      { name: 'b.txt', data: text('hello') },
    ]);
    const path = join(tmp, 'cut.zip');
    for (let at = 0; at < good.length; at += 1 + (at % 7)) {
      writeFileSync(path, good.subarray(0, at));
      try {
        readAll(openInputs([path]));
      } catch (e) {
        expect(e, `cut at ${at}`).toBeInstanceOf(BundleError);
      }
    }
  });

  it('never throws anything but BundleError on mutated archives, and reads stay within limits', () => {
    const base = craftZip([
      { name: 'manifest.json', data: text('{"formatVersion":1,"artifacts":[]}') },
      { name: 'httpsys/netsh-http-show-sslcert.txt', data: sslcert },
      { name: 'streamed.txt', data: Buffer.alloc(4096, 0x41), dataDescriptor: true },
      { name: 'stored.txt', data: text('stored'), method: 0 },
    ]);
    const limits = { ...DEFAULT_LIMITS, maxEntryBytes: 8 * MiB, maxTotalBytes: 16 * MiB };
    const path = join(tmp, 'mutated.zip');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (edits) => {
          const z = Buffer.from(base);
          for (const [at, v] of edits) z[at] = v;
          writeFileSync(path, z);
          try {
            const b = openInputs([path], limits);
            for (const f of b.files) {
              try {
                expect(f.read().length).toBeLessThanOrEqual(limits.maxEntryBytes);
              } catch (e) {
                if (!(e instanceof BundleError)) throw e;
              }
            }
            loadBundle(b);
          } catch (e) {
            if (!(e instanceof BundleError)) throw e;
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
