/**
 * IIS shared configuration (issue 16 blocker 4): a local applicationHost.config is a stale copy
 * when redirection.config enables the redirect; the analysis sets it aside and reads the sites
 * from `appcmd list site /config /xml`, and without that says the IIS bindings were not checked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { copySample, type SampleEdit } from '../test-support/sample-copy.js';
import { sensitiveValues } from './sensitive.js';

const sample = (name: string) => new URL(`../../samples/${name}/`, import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-shared-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Loose files as an engineer pastes them: no manifest, so nothing but the files says "shared". */
function looseCopy(name: string, edits: Record<string, SampleEdit>): string {
  return copySample('iis-shared-config-healthy', join(tmp, name), {
    'manifest.json': null,
    ...edits,
  });
}

const ids = (r: Awaited<ReturnType<typeof analyze>>) =>
  r.evaluation.findings.map((f) => `${f.severity} ${f.ruleId} ${f.entityKey}`);

describe('IIS shared configuration', () => {
  it('sets the stale local copy aside and judges the effective sites (loose files, no manifest)', async () => {
    const r = await analyze([looseCopy('effective', {})]);
    expect(ids(r)).toEqual(['info iis-shared-configuration host']);
    expect(r.facts.sites.map((s) => s.name)).toEqual(['Default Web Site']);
    expect(r.facts.host.iisSharedConfig).toMatchObject({
      path: '\\\\fs01.contoso.com\\iisconfig$',
      server: 'fs01.contoso.com',
      source: 'redirection.config',
      sitesFrom: 'appcmd-config',
      localConfigSetAside: true,
    });
  });

  it('reads the stale copy’s broken site when shared configuration is off', async () => {
    const dir = looseCopy('off', {
      'iis/redirection.config': (t) => t.replace('enabled="true"', 'enabled="false"'),
      'iis/appcmd-list-site-config.xml': null,
    });
    const r = await analyze([dir]);
    expect(r.facts.host.iisSharedConfig).toBeNull();
    expect(ids(r)).toContain('high iis-sni-binding-without-hostnameport site/2/https/0');
  });

  it('does not judge the IIS bindings from the stale copy when no effective configuration was given', async () => {
    const r = await analyze([
      looseCopy('none', {
        'iis/appcmd-list-site-config.xml': null,
        'iis/appcmd-list-site.txt': null,
      }),
    ]);
    expect(ids(r)).toEqual(['info iis-shared-configuration host']);
    expect(r.facts.sites).toEqual([]);
    expect(r.facts.host.iisSharedConfig?.sitesFrom).toBe('none');
    expect(r.coverage.evaluated).not.toContain('iis');
    expect(r.coverage.notEvaluated.map((n) => n.area)).toContain('iis');
  });

  it('registers the share’s server and the account for redaction', async () => {
    const r = await analyze([sample('iis-shared-config-healthy')]);
    const values = sensitiveValues(r.facts).map((v) => `${v.kind}:${v.value}`);
    expect(values).toEqual(
      expect.arrayContaining([
        'host:fs01.contoso.com',
        'name:CONTOSO\\svc-iisconfig',
        'name:svc-iisconfig',
      ]),
    );
  });
});
