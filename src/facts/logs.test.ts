import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { openInputs } from '../bundle/open.js';
import { analyze } from '../analyze.js';
import { buildReportModel } from '../report/model.js';
import { Redactor, redactModel } from '../report/redact.js';
import { renderMarkdown } from '../report/render-md.js';
import { sensitiveValues } from './sensitive.js';
import { buildFacts } from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-logs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fixture = (name: string) =>
  readFileSync(new URL(`../parsers/${name}`, import.meta.url), 'utf8');
const CONFIG = readFileSync(
  new URL('../../samples/healthy/iis/applicationHost.config', import.meta.url),
  'utf8',
);

function factsOf(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmp, 'b-'));
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), body);
  }
  return buildFacts(loadBundle(openInputs([dir])));
}

describe('facts/logs', () => {
  it('counts 502.3 with 12175 or 0x80072F8F for the site the W3SVC folder names, not 12002', () => {
    const facts = factsOf({
      'iis/applicationHost.config': CONFIG,
      'logs/iis/W3SVC1/u_ex261130.log': fixture(
        'w3c-log.sample.synthetic-iis10-arr-502-3-12175.txt',
      ),
    });
    const site = facts.sites.find((s) => s.id === 1)!;
    expect(site.w3cLog).toMatchObject({
      records: 5,
      arrSecureFailures: 3,
      arrOtherFailures: 1,
      arrSecureFailureLast: '2026-11-30 09:00:09',
      arrSecureFailureUris: ['/api/orders'],
      outboundTls: null,
    });
    expect(site.w3cLog!.evidence.map((e) => e.lines?.start)).toEqual([5, 6, 8]);
    expect(site.w3cLog!.evidence[0]!.excerpt).toContain('502 3 12175');
  });

  it('leaves sites without a log of their own at null', () => {
    const facts = factsOf({
      'iis/applicationHost.config': CONFIG,
      'logs/iis/W3SVC7/u_ex261130.log': fixture(
        'w3c-log.sample.synthetic-iis10-arr-502-3-12175.txt',
      ),
    });
    expect(facts.sites.find((s) => s.id === 1)!.w3cLog).toBeNull();
  });

  it('sums up HTTPERR reasons and the SSL renegotiation time-outs with their endpoints', () => {
    const facts = factsOf({
      'logs/httperr/httperr1.log': fixture(
        'w3c-log.sample.synthetic-httperr-443-ssl-renegotiation.txt',
      ),
      'logs/httperr/httperr2.log': fixture(
        'w3c-log.sample.en-httperr-logjoint-three-runs-ipv6.txt',
      ),
    });
    expect(facts.host.httpErr).toMatchObject({
      files: 2,
      records: 15,
      sslRenegotiationTimeouts: 3,
      sslRenegotiationEndpoints: ['10.0.0.5:443'],
      sslRenegotiationLast: '2026-11-30 08:21:05',
      first: '2011-12-08 06:06:19',
      last: '2026-11-30 08:25:47',
    });
    expect(facts.host.httpErr!.reasons[0]).toEqual({ reason: 'Timer_ConnectionIdle', count: 7 });
  });

  it('lists client addresses and user names for redaction, the account also without its domain', () => {
    const facts = factsOf({
      'iis/applicationHost.config': CONFIG,
      'logs/iis/W3SVC1/u_ex261130.log': fixture(
        'w3c-log.sample.synthetic-iis10-arr-502-3-12175.txt',
      ),
      'logs/httperr/httperr1.log': fixture(
        'w3c-log.sample.en-httperr-logjoint-three-runs-ipv6.txt',
      ),
    });
    const values = sensitiveValues(facts);
    expect(values).toEqual(
      expect.arrayContaining([
        { kind: 'ip', value: '203.0.113.24' },
        { kind: 'ip', value: '2001:4898:0:fff:0:5efe:10.164.167.30%0' },
        { kind: 'name', value: 'CONTOSO\\jdoe' },
        { kind: 'name', value: 'jdoe' },
      ]),
    );
  });

  it('is null without HTTPERR logs', () => {
    expect(factsOf({ 'iis/applicationHost.config': CONFIG }).host.httpErr).toBeNull();
  });

  it('shows the log lines in the report and leaves no client address or user name in --redact output', async () => {
    const dir = new URL('../../samples/arr-backend-tls-failure', import.meta.url).pathname;
    const result = await analyze([dir]);
    const model = buildReportModel(result, {
      lang: 'en',
      now: new Date('2026-12-01T00:00:00Z'),
      toolVersion: 'test',
    });
    expect(renderMarkdown(model)).toContain('CONTOSO\\jdoe 203.0.113.24');
    const red = renderMarkdown(redactModel(model, new Redactor(), [result.facts]));
    expect(red).toContain('502 3 12175');
    for (const v of ['jdoe', '203.0.113.24', '203.0.113.77', '198.51.100.9'])
      expect(red).not.toContain(v);
  });
});
