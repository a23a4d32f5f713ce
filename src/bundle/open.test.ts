import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { craftZip } from '../test-support/zip-craft.js';
import { BundleError } from './errors.js';
import { DEFAULT_LIMITS } from './limits.js';
import { openInputs, openZip } from './open.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-open-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const zipFile = (buf: Buffer): string => {
  const p = join(tmp, `z${n++}.zip`);
  writeFileSync(p, buf);
  return p;
};
const refused = (fn: () => unknown): BundleError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BundleError);
    return e as BundleError;
  }
  throw new Error('not refused');
};
const text = (s: string) => Buffer.from(s, 'utf8');

describe('bundle/open', () => {
  it('reads entries with backslash names (PowerShell 5.1 Compress-Archive) and strips a single top folder', () => {
    const p = zipFile(
      craftZip([
        { name: 'bundle-WEB01\\httpsys\\netsh-http-show-sslcert.txt', data: text('x') },
        { name: 'bundle-WEB01\\manifest.json', data: text('{}') },
      ]),
    );
    const b = openZip(p);
    expect(b.files.map((f) => f.path).sort()).toEqual([
      'httpsys/netsh-http-show-sslcert.txt',
      'manifest.json',
    ]);
    expect(b.files[0]!.read().toString()).toBe('x');
  });

  it.each([
    ['../evil.txt', 'unsafe-entry-name'],
    ['a/../../evil.txt', 'unsafe-entry-name'],
    ['/etc/passwd', 'unsafe-entry-name'],
    ['C:\\Windows\\win.ini', 'unsafe-entry-name'],
    ['..\\..\\evil.txt', 'unsafe-entry-name'],
  ])('refuses the entry name %s', (name, code) => {
    expect(refused(() => openZip(zipFile(craftZip([{ name, data: text('x') }])))).code).toBe(code);
  });

  it('refuses a 10 GB declared entry (zip64) before inflating anything', () => {
    const start = Date.now();
    const e = refused(() =>
      openZip(
        zipFile(craftZip([{ name: 'big.bin', data: text('tiny'), zip64Size: 10n * 1024n ** 3n }])),
      ),
    );
    expect(e.code).toBe('entry-too-large');
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('refuses a bomb by its ratio', () => {
    const data = Buffer.alloc(5 * 1024 * 1024, 0);
    expect(refused(() => openZip(zipFile(craftZip([{ name: 'bomb.txt', data }])))).code).toBe(
      'suspicious-ratio',
    );
  });

  it('refuses a bomb entry alone when other entries can be read (judge12 case 26)', () => {
    const bomb = Buffer.alloc(5 * 1024 * 1024, 0);
    const b = openZip(
      zipFile(
        craftZip([
          { name: 'capture/pktmon.pcap', data: bomb },
          { name: 'httpsys/netsh-http-show-sslcert.txt', data: text('SSL Certificate bindings:') },
        ]),
      ),
    );
    expect(b.files.map((f) => f.path)).toEqual(['httpsys/netsh-http-show-sslcert.txt']);
    expect(b.skipped).toMatchObject([{ path: 'capture/pktmon.pcap', code: 'ratio' }]);
    expect(b.skipped[0]!.reason).toMatch(/re-run with --max-ratio \d+ if you trust the bundle/);
  });

  it('refuses an entry whose header lies about its size, instead of inflating past it', () => {
    const p = zipFile(
      craftZip([
        { name: 'liar.txt', data: Buffer.alloc(5 * 1024 * 1024, 0x41), declaredSize: 100 },
      ]),
    );
    const b = openZip(p);
    expect(refused(() => b.files[0]!.read()).code).toBe('corrupt-archive');
  });

  it('refuses too many entries and a too-large total', () => {
    const many = craftZip(
      Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, data: text('x') })),
    );
    expect(refused(() => openZip(zipFile(many), { ...DEFAULT_LIMITS, maxEntries: 10 })).code).toBe(
      'too-many-entries',
    );
    const two = craftZip([
      { name: 'a', data: Buffer.alloc(600) },
      { name: 'b', data: Buffer.alloc(600) },
    ]);
    expect(
      refused(() => openZip(zipFile(two), { ...DEFAULT_LIMITS, maxTotalBytes: 1000 })).code,
    ).toBe('total-too-large');
  });

  it('refuses a non-zip named .zip and a truncated zip with a clear code', () => {
    expect(refused(() => openInputs([zipFile(text('this is not a zip'))])).code).toBe('not-a-zip');
    const good = craftZip([{ name: 'a.txt', data: text('hello') }]);
    expect(refused(() => openZip(zipFile(good.subarray(0, good.length - 30)))).code).toBe(
      'corrupt-archive',
    );
  });

  it('skips encrypted entries, nested archives and duplicates, keeping the rest', () => {
    const b = openZip(
      zipFile(
        craftZip([
          { name: 'a.txt', data: text('a') },
          { name: 'secret.txt', data: text('s'), flags: 1 },
          { name: 'inner.zip', data: craftZip([{ name: 'x', data: text('x') }]) },
          { name: 'A.txt', data: text('dup') },
        ]),
      ),
    );
    expect(b.files.map((f) => f.path)).toEqual(['a.txt']);
    expect(b.skipped.map((s) => s.path)).toEqual(['secret.txt', 'inner.zip', 'A.txt']);
  });

  it('opens a folder without following links, and loose files', () => {
    const dir = join(tmp, 'folder');
    mkdirSync(join(dir, 'httpsys'), { recursive: true });
    writeFileSync(join(dir, 'httpsys', 'x.txt'), 'x');
    symlinkSync('/etc/passwd', join(dir, 'link.txt'));
    const b = openInputs([dir]);
    expect(b.kind).toBe('folder');
    expect(b.files.map((f) => f.path)).toEqual(['httpsys/x.txt']);
    expect(b.skipped).toMatchObject([{ path: 'link.txt' }]);
    const loose = openInputs([join(dir, 'httpsys', 'x.txt')]);
    expect(loose.files.map((f) => f.path)).toEqual(['x.txt']);
    expect([...loose.files[0]!.chunks(1)].map((c) => c.toString())).toEqual(['x']);
  });

  it('says when the input does not exist', () => {
    expect(refused(() => openInputs([join(tmp, 'nope.zip')])).code).toBe('input-not-found');
  });
});
