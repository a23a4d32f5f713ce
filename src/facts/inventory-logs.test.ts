import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { openInputs } from '../bundle/open.js';
import { buildFacts } from './index.js';
import { MAX_LOG_RECORDS } from './inventory-logs.js';
import { sensitiveValues } from './sensitive.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-inventory-logs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fixture = (name: string) =>
  readFileSync(new URL(`../parsers/${name}`, import.meta.url), 'utf8');

function factsOf(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmp, 'b-'));
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), body);
  }
  return buildFacts(loadBundle(openInputs([dir])));
}

describe('inventory of HTTP.sys and IIS log records', () => {
  it('lists every record of each file with its site folder, and each value for redaction', () => {
    const facts = factsOf({
      'logs/iis/W3SVC1/u_ex261130.log': fixture(
        'w3c-log.sample.synthetic-iis10-arr-502-3-12175.txt',
      ),
      'logs/httperr/httperr1.log': fixture(
        'w3c-log.sample.en-httperr-logjoint-three-runs-ipv6.txt',
      ),
    });
    const logs = facts.inventory.logs;
    expect(logs.map((l) => [l.artifactId, l.path, l.siteId])).toEqual([
      ['logs.httperr', 'logs/httperr/httperr1.log', null],
      ['logs.iis-w3c', 'logs/iis/W3SVC1/u_ex261130.log', '1'],
    ]);
    const iis = logs[1]!;
    expect(iis.records).toHaveLength(5);
    expect(iis.records[0]).toMatchObject({
      status: 502,
      substatus: 3,
      win32Status: 12175,
      userName: 'CONTOSO\\jdoe',
      evidence: { path: 'logs/iis/W3SVC1/u_ex261130.log', lines: { start: 5, end: 5 } },
    });
    // The summaries cap their address lists; the inventory's own records are listed too.
    const values = sensitiveValues({ ...facts, host: { ...facts.host, httpErr: null }, sites: [] });
    for (const r of logs.flatMap((l) => l.records))
      if (r.clientIp) expect(values).toContainEqual({ kind: 'ip', value: r.clientIp });
    expect(values).toContainEqual({ kind: 'name', value: 'jdoe' });
  });

  it(`keeps the newest ${MAX_LOG_RECORDS} records of a file and counts the others`, () => {
    const header =
      '#Software: Microsoft HTTP API 2.0\n#Version: 1.0\n#Date: 2026-11-30 00:00:00\n' +
      '#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename\n';
    const n = MAX_LOG_RECORDS + 5;
    const rows = Array.from(
      { length: n },
      (_, i) =>
        `2026-11-30 00:00:00 10.0.${i >> 8}.${i & 255} 5000 10.0.0.5 443 - - - - - Timer_ConnectionIdle -`,
    );
    const log = factsOf({ 'logs/httperr/httperr1.log': header + rows.join('\n') + '\n' }).inventory
      .logs[0]!;
    expect(log.records).toHaveLength(MAX_LOG_RECORDS);
    expect(log.recordsOmitted).toBe(5);
    expect(log.records[0]!.evidence.lines!.start).toBe(4 + 6);
    expect(log.records.at(-1)!.clientIp).toBe(`10.0.${(n - 1) >> 8}.${(n - 1) & 255}`);
  });
});
