/**
 * KB3140245 and the installed-update list (system.hotfixes): cited as listed / not listed on the
 * builds it is for, never judged missing, and who installed the cited updates is redacted.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { openInputs } from '../bundle/open.js';
import { copySample } from '../test-support/sample-copy.js';
import { buildFacts } from './index.js';
import { sensitiveValues } from './sensitive.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-kb3140245-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const samples = new URL('../../samples/', import.meta.url).pathname;
const CSV = readFileSync(
  new URL('../parsers/hotfix.sample.synthetic-collector-csv.txt', import.meta.url),
  'utf8',
);

/** A sample with its system/hotfixes.csv replaced (null: removed). */
function factsOf(sample: string, csv: string | null) {
  const dir = join(tmp, `${sample}-${Math.random().toString(36).slice(2)}`);
  copySample(sample, dir, { 'system/hotfixes.csv': csv });
  return buildFacts(loadBundle(openInputs([dir])));
}

describe('KB3140245 in the installed updates', () => {
  it('Server 2012 with KB3140245 in the list: listed, citing its line', () => {
    const kb = factsOf('outbound-tls-defaults-2012', CSV).host.outboundTls!.kb3140245!;
    expect(kb.listed).toBe(true);
    expect(kb.evidence).toEqual([
      expect.objectContaining({ path: 'system/hotfixes.csv', lines: { start: 4, end: 4 } }),
    ]);
    expect(kb.installedBy).toEqual(['CONTOSO\\admin.jdoe']);
  });

  it('Server 2012 without it: not listed (never "missing"), citing the list; the accounts are redacted', () => {
    const facts = factsOf('outbound-tls-defaults-2012', CSV.replace(/^"KB3140245".*\r\n/m, ''));
    const kb = facts.host.outboundTls!.kb3140245!;
    expect(kb.listed).toBe(false);
    expect(kb.evidence[0]).toMatchObject({
      path: 'system/hotfixes.csv',
      lines: { start: 2, end: 4 },
    });
    expect(sensitiveValues(facts)).toContainEqual({ kind: 'name', value: 'NT AUTHORITY\\SYSTEM' });
  });

  it('cannot tell without the list, and says nothing on a build KB3140245 is not for', () => {
    expect(factsOf('outbound-tls-defaults-2012', null).host.outboundTls!.kb3140245).toBeNull();
    const manifest = JSON.parse(
      readFileSync(join(samples, 'outbound-tls-defaults-2012', 'manifest.json'), 'utf8'),
    ) as { host: { osBuild: number } };
    expect(manifest.host.osBuild).toBe(9200);
    const dir = join(tmp, 'build-17763');
    cpSync(join(samples, 'outbound-tls-defaults-2012'), dir, { recursive: true });
    manifest.host.osBuild = 17763;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    expect(buildFacts(loadBundle(openInputs([dir]))).host.outboundTls!.kb3140245).toBeNull();
  });

  it('decides with the list when DefaultSecureProtocols is set on Server 2012: KB3140245 listed makes it effective, unlisted or no list is "cannot tell"', () => {
    const listed = factsOf('outbound-tls-set-2012', CSV).host.outboundTls!;
    expect(listed).toMatchObject({ winHttpTls12NotDefault: false, winHttpValueUnconfirmed: false });
    const unlisted = factsOf('outbound-tls-set-2012', CSV.replace(/^"KB3140245".*\r\n/m, ''));
    expect(unlisted.host.outboundTls).toMatchObject({
      winHttpTls12NotDefault: false,
      winHttpValueUnconfirmed: true,
      kb3140245: { listed: false },
    });
    expect(factsOf('outbound-tls-set-2012', null).host.outboundTls).toMatchObject({
      winHttpValueUnconfirmed: true,
      kb3140245: null,
    });
    // Without the value the update decides nothing: winhttp-tls12-not-default fires as before.
    expect(factsOf('outbound-tls-defaults-2012', CSV).host.outboundTls).toMatchObject({
      winHttpTls12NotDefault: true,
      winHttpValueUnconfirmed: false,
    });
  });
});
