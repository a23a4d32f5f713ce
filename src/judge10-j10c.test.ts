/**
 * Judge round 10 faults of lane j10c (protocol policy, contradictions between evidence, what the
 * verdict leads with), run end to end on the judge's own cases (copied into src/fixtures/judge10,
 * origin in the README there).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { buildReportModel } from './report/model.js';

const fixture = (name: string): string =>
  new URL(`./fixtures/judge10/${name}`, import.meta.url).pathname;
type Analysis = Awaited<ReturnType<typeof analyze>>;
const model = (a: Analysis, lang: 'en' | 'zh-CN' = 'en') =>
  buildReportModel(a, { lang, now: new Date('2026-12-07T00:00:00Z'), toolVersion: 't' });
const ids = (a: Analysis) => a.evaluation.findings.map((f) => `${f.ruleId}:${f.severity}`);

describe('judge10 S3: netsh binding flags count when the registry export lacks DefaultFlags', () => {
  it('B24 (Server 2019, netsh Disable TLS1.2 + Legacy Set, no DefaultFlags): no protocol left, sources named', async () => {
    const a = await analyze([fixture('B24-binding-disable-tls12-set-2019')]);
    const f = a.evaluation.findings.find((x) => x.ruleId === 'sslcert-flags-leave-no-protocol');
    expect(ids(a)).toEqual(['sslcert-flags-leave-no-protocol:critical']);
    expect(f?.severity).toBe('critical');
    const fix = f?.fix.en ?? '';
    expect(fix).toMatch(/netsh shows DISABLE_TLS12, DISABLE_LEGACY_TLS set on this binding/);
    // The export's DefaultFlags is not trusted for the new value: read it first.
    expect(fix).toMatch(/reg query "[^"]*SslBindingInfo\\0\.0\.0\.0:443" \/v DefaultFlags/);
    expect(fix).not.toMatch(/\/d \d+ \/f/);
    expect(model(a).verdict.headline).toMatch(/binding's protocol flags leave no TLS version/);
  });
});

describe('judge10 M1: the verdict leads with the most frequent event group of a rule', () => {
  it('B10 (20 × alert 48, 5 × alert 46): the headline names alert 48', async () => {
    const a = await analyze([fixture('B10-36887-alert48-current-healthy-config')]);
    expect(ids(a)).toEqual([
      'schannel-fatal-alert-received:medium',
      'schannel-fatal-alert-received:medium',
    ]);
    const v = model(a).verdict;
    expect(v.headline).toMatch(/alert 48 unknown_ca\), 20 times/);
    expect(v.headline).not.toMatch(/alert 46/);
  });
});
