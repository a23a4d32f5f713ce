/**
 * Hostile input, round two (issue 22): silent loss and wrong diagnoses, end to end on copies of
 * the samples. Each case is what a crafted or mangled bundle did to the pipeline before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { MAX_LINE_CHARS } from './artifacts/load.js';
import { copySample, type SampleEdit, type SampleManifest } from './test-support/sample-copy.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-hostile-input-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of a sample bundle, its files edited (resealed) and its manifest passed through `edit`. */
function copyOf(
  name: string,
  as: string,
  edit?: (m: SampleManifest) => void,
  files: Readonly<Record<string, SampleEdit>> = {},
): string {
  return copySample(name, join(tmp, as), files, edit);
}

const ruleIds = (a: Awaited<ReturnType<typeof analyze>>): string[] =>
  a.evaluation.findings.map((f) => f.ruleId);

describe('hostile input: silent loss and wrong diagnoses', () => {
  it('a second manifest entry marking the sslcert artifact failed does not hide the parsed file', async () => {
    const dir = copyOf('s4-empty-hash', 'dup-manifest', (m) => {
      const e = m.artifacts.find((a) => a.id === 'httpsys.sslcert')!;
      m.artifacts.push({ ...e, status: 'failed' });
    });
    const a = await analyze([dir]);
    const art = a.parsed.artifacts.find((x) => x.id === 'httpsys.sslcert')!;
    expect(art.status).toBe('parsed');
    expect(ruleIds(a)).toContain('sslcert-empty-certificate-hash');
    expect(a.parsed.manifestIssues).toMatchObject([{ code: 'manifest-duplicate-entry' }]);
  });

  it('the failed entry first and the collected one second merge the same way', async () => {
    const dir = copyOf('s4-empty-hash', 'dup-manifest-first', (m) => {
      const e = m.artifacts.find((a) => a.id === 'httpsys.sslcert')!;
      m.artifacts.unshift({ ...e, status: 'failed' });
    });
    const a = await analyze([dir]);
    expect(a.parsed.artifacts.find((x) => x.id === 'httpsys.sslcert')!.status).toBe('parsed');
    expect(ruleIds(a)).toContain('sslcert-empty-certificate-hash');
  });

  it('BOM-less UTF-16LE declared utf-8 decodes as UTF-16LE, logged, and the real finding stays', async () => {
    // What PowerShell 5.1 `netsh http show sslcert > file` writes: UTF-16LE, no BOM.
    const dir = copyOf('s4-empty-hash', 'utf16-declared-utf8', undefined, {
      'httpsys/netsh-http-show-sslcert.txt': (text) => Buffer.from(text, 'utf16le'),
    });
    const a = await analyze([dir]);
    const file = a.parsed.artifacts.find((x) => x.id === 'httpsys.sslcert')!.files[0]!;
    expect(file.encoding).toBe('utf-16le');
    expect(file.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'decode-declared-contradicted' })]),
    );
    expect(ruleIds(a)).toContain('sslcert-empty-certificate-hash');
    expect(ruleIds(a)).not.toContain('iis-https-binding-without-sslcert');
  });

  it('reads a line-based artifact with a crafted single line up to the line cap, counted', async () => {
    const dir = copyOf('s4-empty-hash', 'long-line', undefined, {
      'httpsys/netsh-http-show-sslcert.txt': `    IP:port                      : ${'1'.repeat(MAX_LINE_CHARS * 3)}\r\n`,
    });
    const a = await analyze([dir]);
    const file = a.parsed.artifacts.find((x) => x.id === 'httpsys.sslcert')!.files[0]!;
    expect(file.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'limit-exceeded', line: 1 })]),
    );
    for (const b of a.facts.bindings)
      expect(JSON.stringify(b).length).toBeLessThan(MAX_LINE_CHARS * 3);
  });
});
