/**
 * Independent judge, round 5, case T3 (b3-sslcert-truncated-mid-block, copied byte for byte into
 * fixtures/judge5-b3-sslcert-truncated-mid-block): the healthy sample bundle whose
 * httpsys/netsh-http-show-sslcert.txt was cut after 150 bytes, in the middle of the certificate
 * hash; manifest.json still declares the collected size (1027) and SHA-256. The registry export
 * in the same bundle holds the full hash.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import type { BundleFile } from '../bundle/open.js';
import { createHash } from 'node:crypto';
import { checkIntegrity, parseChecked } from './integrity.js';
import type { ParsedFile } from './load.js';

const b3 = new URL('./fixtures/judge5-b3-sslcert-truncated-mid-block/', import.meta.url).pathname;
const loose = mkdtempSync(join(tmpdir(), 'tls-doctor-integrity-'));
copyFileSync(join(b3, 'httpsys/netsh-http-show-sslcert.txt'), join(loose, 'sslcert.txt'));
copyFileSync(join(b3, 'registry/http-parameters.reg'), join(loose, 'http-parameters.reg'));
afterAll(() => rmSync(loose, { recursive: true, force: true }));

const memFile = (path: string, bytes: Buffer): BundleFile => ({
  path,
  size: bytes.length,
  read: () => bytes,
  chunks: function* () {
    yield bytes;
  },
});

describe('artifact integrity against manifest.json', () => {
  it('marks a file whose size differs from the manifest as damaged', () => {
    const bytes = readFileSync(join(b3, 'httpsys/netsh-http-show-sslcert.txt'));
    const f = memFile('httpsys/netsh-http-show-sslcert.txt', bytes);
    const entry = {
      id: 'httpsys.sslcert',
      path: 'httpsys/netsh-http-show-sslcert.txt',
      status: 'collected' as const,
      size: 1027,
    };
    expect(checkIntegrity(f, entry)).toMatchObject({ code: 'file-damaged', severity: 'error' });
    expect(checkIntegrity(f, { ...entry, size: bytes.length })).toBeNull();
  });

  it('warns of a file of the declared size whose SHA-256 differs (changed, still read)', () => {
    const bytes = Buffer.from('IP:port : 0.0.0.0:443\r\n');
    const entry = {
      id: 'httpsys.sslcert',
      path: 'a.txt',
      status: 'collected' as const,
      size: bytes.length,
      sha256: '0'.repeat(64),
    };
    expect(checkIntegrity(memFile('a.txt', bytes), entry)).toMatchObject({
      code: 'file-changed',
      severity: 'warning',
    });
    // Longer than declared: changed, not cut.
    expect(checkIntegrity(memFile('a.txt', Buffer.concat([bytes, bytes])), entry)?.code).toBe(
      'file-changed',
    );
    // A folder entry declares the total of its files: not compared with one file.
    expect(checkIntegrity(memFile('a.txt', bytes), { ...entry, path: 'certs/' })).toBeNull();
  });

  it("hashes a file in the parser's own read: a file read through is read once, its check unchanged", () => {
    const bytes = Buffer.from('IP:port : 0.0.0.0:443\r\n'.repeat(5000));
    const good = createHash('sha256').update(bytes).digest('hex');
    const entry = {
      id: 'httpsys.sslcert',
      path: 'a.txt',
      status: 'collected' as const,
      size: bytes.length,
      sha256: good,
    };
    let reads = 0;
    const counted: BundleFile = {
      path: 'a.txt',
      size: bytes.length,
      read: () => (reads++, bytes),
      chunks: function* (n = 4096) {
        reads++;
        // one buffer refilled per chunk, as `chunks(n, { reuse: true })` may do
        const buf = Buffer.alloc(n);
        for (let o = 0; o < bytes.length; o += n) {
          const k = bytes.copy(buf, 0, o, o + n);
          yield buf.subarray(0, k);
          buf.fill(0xee);
        }
      },
    };
    const parsed = (): Omit<ParsedFile, 'matchedBy'> => ({
      artifactId: entry.id,
      path: 'a.txt',
      size: bytes.length,
      value: null,
      issues: [],
      encoding: null,
    });
    const streaming = (f: BundleFile) => {
      let n = 0;
      for (const c of f.chunks(1000, { reuse: true })) n += c.length;
      expect(n).toBe(bytes.length);
      return parsed();
    };
    expect(parseChecked(counted, entry, streaming).issues).toEqual([]);
    expect(reads).toBe(1);
    reads = 0;
    expect(
      parseChecked(counted, entry, (f) => (f.read(), parsed())).issues.map((i) => i.code),
    ).toEqual([]);
    expect(reads).toBe(1);
    // Another hash: changed, read once, warned first.
    reads = 0;
    const other = { ...entry, sha256: '0'.repeat(64) };
    const changed = parseChecked(counted, other, streaming);
    expect(changed.issues[0]).toMatchObject({ code: 'file-changed', severity: 'warning' });
    expect(changed.issues[0]?.params?.found).toBe(`SHA-256 ${good}`);
    expect(reads).toBe(1);
    // A parser that stops early: the hash gets a read of its own, and the check still holds.
    reads = 0;
    const head = (f: BundleFile) => {
      for (const _ of f.chunks(100)) break;
      return parsed();
    };
    expect(parseChecked(counted, other, head).issues[0]?.code).toBe('file-changed');
    expect(parseChecked(counted, entry, head).issues).toEqual([]);
    // A cut file is not parsed at all.
    reads = 0;
    const cut = parseChecked(counted, { ...entry, size: bytes.length + 1 }, streaming);
    expect(cut.issues[0]?.code).toBe('file-damaged');
    expect(reads).toBe(0);
  });

  it('does not read a truncated sslcert file and raises no binding finding from it (b3)', async () => {
    const a = await analyze([b3]);
    const sslcert = a.parsed.artifacts.find((s) => s.id === 'httpsys.sslcert');
    expect(sslcert?.status).toBe('failed');
    expect(sslcert?.files[0]?.issues.map((i) => i.code)).toContain('file-damaged');
    const above = a.evaluation.findings.filter((f) => !['info', 'low'].includes(f.severity));
    expect(above.map((f) => f.ruleId)).toEqual([]);
  });

  it('takes the registry hash over a truncated netsh hash when pasted loose (no manifest)', async () => {
    const a = await analyze([loose], { asOf: '2026-11-20T00:00:00.000Z' });
    const b = a.facts.bindings.find((x) => x.endpoint === '0.0.0.0:443');
    expect(b?.certificateHash).toBe('a3a24ddc3db9c858165eb1aa0210d1732f4388c3');
    const ids = a.evaluation.findings.map((f) => f.ruleId);
    expect(ids).not.toContain('sslcert-empty-certificate-hash');
    expect(ids).not.toContain('sslcert-sources-disagree');
  });
});
