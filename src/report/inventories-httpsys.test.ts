/**
 * The HTTP.sys service settings (`netsh http show setting`, issue 16): no rule reads them (no
 * documented setting makes HTTPS fail: docs/bundle-format.md "httpsys.setting"), so the report's
 * inventory and `inspect` (`host.httpSettings`) are where a reader sees them. These tests keep that
 * true: the values reach both, with the line they came from, and they add no finding.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { copySample } from '../test-support/sample-copy.js';
import { INVENTORIES } from './inventories.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-httpsys-setting-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Synthetic: no real output of the command was found (src/parsers/netsh-setting.samples.md).
const SETTING = readFileSync(
  new URL('../parsers/netsh-setting.sample.synthetic-label-value-sslthrottle.txt', import.meta.url),
);
const PATH = 'httpsys/netsh-http-show-setting.txt';

/** The healthy twin of the urlacl sample, with `netsh http show setting` collected (or not). */
function bundle(setting: Buffer | null): string {
  const dir = join(tmp, Math.random().toString(36).slice(2));
  return copySample(
    'httpsys-https-url-with-sslcert',
    dir,
    setting ? { [PATH]: setting } : {},
    (m) => {
      const e = m.artifacts.find((a) => a.id === 'httpsys.setting')!;
      if (setting) {
        e.status = 'collected';
        delete e.reason;
      }
    },
  );
}

const settingsTable = INVENTORIES.find((i) => i.id === 'httpsys-settings')!;

describe('HTTP.sys service settings', () => {
  it('reach host.httpSettings with their line and the inventory in both languages', async () => {
    const { facts } = await analyze([bundle(SETTING)]);
    expect(facts.host.httpSettings).toEqual([
      expect.objectContaining({
        name: 'SslThrottle',
        value: '0',
        evidence: expect.objectContaining({ path: PATH, lines: { start: 5, end: 5 } }),
      }),
    ]);
    const rows = settingsTable.rows(facts);
    expect(rows).toHaveLength(1);
    expect(settingsTable.columns[0]!.cell(rows[0]!, 'en')).toEqual(['SslThrottle = 0']);
    expect(settingsTable.title['zh-CN']).toBe('HTTP.sys 服务设置');
  });

  it('add no finding: the same bundle without them gives the same rule results', async () => {
    const outcome = ({ evaluation: e }: Awaited<ReturnType<typeof analyze>>) => ({
      findings: e.findings.map((f) => `${f.ruleId} ${f.entityKey}`).sort(),
      notEvaluated: e.notEvaluated.map((n) => n.ruleId).sort(),
      evaluated: [...e.evaluated].sort(),
    });
    const withSetting = await analyze([bundle(SETTING)]);
    const without = await analyze([bundle(null)]);
    expect(without.facts.host.httpSettings).toBeUndefined();
    expect(settingsTable.rows(without.facts)).toEqual([]);
    expect(outcome(withSetting)).toEqual(outcome(without));
  });
});
