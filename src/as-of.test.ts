/**
 * Loose files carry no collection time: certificate validity is "not evaluated" until the engineer
 * says when the evidence was collected (`--as-of`); the collector's manifest time always wins.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';

const sample = new URL('../samples/cert-certutil-expired/', import.meta.url).pathname;
const loose = mkdtempSync(join(tmpdir(), 'tls-doctor-as-of-'));
for (const f of ['certutil-store-my.txt', 'netsh-sslcert.txt'])
  copyFileSync(join(sample, f), join(loose, f));
afterAll(() => rmSync(loose, { recursive: true, force: true }));

const expired = async (inputs: string[], asOf?: string) => {
  const a = await analyze(inputs, asOf !== undefined ? { asOf } : {});
  return {
    fired: a.evaluation.findings.some((f) => f.ruleId === 'certificate-expired'),
    unknown: a.evaluation.notEvaluated.some((n) => n.ruleId === 'certificate-expired'),
    source: a.facts.host.collectedAtSource,
  };
};

describe('--as-of', () => {
  it('leaves validity undecided for loose files without a collection time', async () => {
    const r = await expired([loose]);
    expect(r).toMatchObject({ fired: false, unknown: true, source: null });
  });

  it('judges validity at the --as-of time for loose files', async () => {
    expect(await expired([loose], '2026-11-20T00:00:00.000Z')).toMatchObject({
      fired: true,
      source: 'as-of',
    });
    // Before the certificate's NotAfter: not expired.
    expect((await expired([loose], '2020-01-01T00:00:00.000Z')).fired).toBe(false);
  });

  it('keeps the manifest time when the bundle has one', async () => {
    const r = await expired([sample], '2020-01-01T00:00:00.000Z');
    expect(r).toMatchObject({ fired: true, source: 'manifest' });
  });
});
