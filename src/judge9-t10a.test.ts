/**
 * Round 10 lane t10a: trust items left open by judge round 9, run end to end on the judge's own
 * cases where there is one (copied into src/fixtures/judge9, origins in the README there).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { loadRules } from './engine/load-rules.js';
import { dedupeBundles } from './fleet-dedupe.js';
import { fleetBundles } from './fleet.js';
import { buildFleetModel, clashText, sameHostText, type FleetServerInput } from './report/fleet.js';
import { noEvidenceMessage } from './report/no-evidence.js';
import { renderFleetHtml } from './report/render-html.js';
import { renderFleetMarkdown } from './report/render-md.js';

const root = new URL('..', import.meta.url).pathname;
const sample = (name: string): string => new URL(`../samples/${name}`, import.meta.url).pathname;
const fixture = (name: string): string =>
  new URL(`./fixtures/judge9/${name}`, import.meta.url).pathname;

describe('judge9 M8: bundles claiming one host and collection time with different files', () => {
  const farm = fixture('77-fleet-mixed-farm/farm');
  const WEB01 = ['healthy.zip', 's4-empty-hash.zip', 'web-folder-bundle'];

  it('77: all three stay, named as one clash of WEB01 (identical copies stay deduplicated)', () => {
    const { bundles, skipped, clashes } = dedupeBundles(fleetBundles(farm));
    expect(bundles.map((b) => b.split('/').pop())).toEqual([
      'healthy.zip',
      's3-port-conflict.zip',
      's4-empty-hash.zip',
      'web-broken-download.zip',
      'web-folder-bundle',
    ]);
    expect(skipped).toEqual([]);
    expect(clashes).toEqual([
      { hostName: 'WEB01', collectedAt: '2026-11-20T09:14:31.000Z', bundles: WEB01 },
    ]);
  });

  it('says which bundles and why it matters, on each row and in the summary, in both languages', () => {
    const { clashes } = dedupeBundles(fleetBundles(farm));
    const inputs: FleetServerInput[] = [...WEB01, 's3-port-conflict.zip'].map((id) => ({
      id,
      model: null,
      fingerprint: null,
      error: null,
    }));
    const opts = { now: new Date('2026-12-07T00:00:00Z'), toolVersion: 't', rules: loadRules() };
    const en = buildFleetModel('farm', inputs, { ...opts, lang: 'en', clashes });
    expect(en.summary.sameHostBundles).toBe(3);
    expect(en.servers.map((s) => s.sameHostAs)).toEqual([
      ['s4-empty-hash.zip', 'web-folder-bundle'],
      ['healthy.zip', 'web-folder-bundle'],
      ['healthy.zip', 's4-empty-hash.zip'],
      [],
    ]);
    expect(clashText(en.clashes[0]!, 'en')).toContain(
      '3 bundles claim host WEB01 collected at 2026-11-20T09:14:31.000Z, but their files differ: healthy.zip, s4-empty-hash.zip, web-folder-bundle.',
    );
    expect(clashText(en.clashes[0]!, 'en')).toMatch(/may count one machine more than once/);
    const md = renderFleetMarkdown(en);
    expect(md).toContain('**Bundles that claim the same server:**');
    expect(md).toContain(
      '- `healthy.zip`: **same host and collection time as s4-empty-hash.zip, web-folder-bundle',
    );
    const html = renderFleetHtml(en);
    expect(html).toContain('<h3>Bundles that claim the same server</h3>');
    expect(html).toContain('same host and collection time as healthy.zip, s4-empty-hash.zip');
    const zh = buildFleetModel('farm', inputs, { ...opts, lang: 'zh-CN', clashes });
    expect(clashText(zh.clashes[0]!, 'zh-CN')).toMatch(/^3 个证据包都声称来自主机 WEB01/);
    expect(sameHostText(zh.servers[0]!, 'zh-CN')).toMatch(
      /^与 s4-empty-hash\.zip, web-folder-bundle 的主机/,
    );
  });

  it('77 end to end: the judge’s command names the clash in the report and on the console', () => {
    const TSX = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
    const out = join(mkdtempSync(join(tmpdir(), 'tls-doctor-t10a-')), 'out.md');
    const cli = ['--import', TSX, join(root, 'src/cli.ts')];
    const r = spawnSync(process.execPath, [...cli, 'fleet', 'farm', '-f', 'md', '-o', out], {
      cwd: fixture('77-fleet-mixed-farm'),
      encoding: 'utf8',
      timeout: 180_000,
    });
    const md = readFileSync(out, 'utf8');
    expect(md).toContain(
      '3 bundles claim host WEB01 collected at 2026-11-20T09:14:31.000Z, but their files differ',
    );
    expect(md).toContain('- `web-folder-bundle`: **same host and collection time as');
    expect(r.stderr).toContain(
      '(3 of them claim the same host and collection time with different files: maybe not 3 servers, see the report)',
    );
    // Redacted, the clash still shows, naming the bundles and the host by their tokens only.
    const red = join(mkdtempSync(join(tmpdir(), 'tls-doctor-t10a-')), 'red.md');
    spawnSync(process.execPath, [...cli, 'fleet', 'farm', '-f', 'md', '--redact', '-o', red], {
      cwd: fixture('77-fleet-mixed-farm'),
      encoding: 'utf8',
      timeout: 180_000,
    });
    const redacted = readFileSync(red, 'utf8');
    expect(redacted).toContain('**Bundles that claim the same server:**');
    expect(redacted).toMatch(/3 bundles claim host \S+ collected at/);
    for (const name of ['WEB01', ...WEB01]) expect(redacted).not.toContain(name);
  }, 240_000);
});

describe('judge9 M5: icacls of a content folder is not the MachineKeys ACL', () => {
  const icacls = fixture('23-icacls-wwwroot-not-machinekeys/icacls.txt');

  it('23 alone: recognised as an icacls listing, and said to be no key ACL, in both languages', async () => {
    const a = await analyze([icacls]);
    expect(a.coverage.recognisedFiles).toMatchObject([
      { artifactId: 'cert.machinekeys-acl', note: { code: 'not-key-path' } },
    ]);
    const en = noEvidenceMessage(a.coverage, [], 'en');
    expect(en).toContain(
      'icacls.txt (cert.machinekeys-acl: an icacls listing of C:\\inetpub\\wwwroot: no machine key folder or key file',
    );
    expect(noEvidenceMessage(a.coverage, [], 'zh-CN')).toContain('它不是 MachineKeys 的 ACL');
  });

  it('beside a binding and its certificate: no key-ACL rule judges the wwwroot listing', async () => {
    const a = await analyze([
      sample('healthy/httpsys/netsh-http-show-sslcert.txt'),
      sample('healthy/certificates/certutil-v-store-my.txt'),
      icacls,
    ]);
    const keyAcl = /^(machinekeys-|key-acl-)/;
    expect(a.evaluation.findings.filter((f) => keyAcl.test(f.ruleId))).toEqual([]);
    // Undecided, with what to collect, never passed on a content folder's ACL.
    for (const id of ['machinekeys-folder-acl-too-broad', 'machinekeys-acl-missing-system'])
      expect(a.evaluation.notEvaluated.map((n) => n.ruleId)).toContain(id);
    const file = a.parsed.artifacts.find((x) => x.id === 'cert.machinekeys-acl')!.files[0]!;
    expect(file.issues).toMatchObject([{ code: 'not-key-path', severity: 'info', line: 2 }]);
  });
});

describe('a SCHANNEL key written with a trailing space is a key Schannel never reads', () => {
  // Synthetic (no real sample shows it): `TLS 1.2\Server ` is a different key; the trailing blanks
  // after `]` on the last key line are what a mail copy adds and must not make a new key.
  const P =
    'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols';
  const reg = (keyLine: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-t10a-reg-'));
    const file = join(dir, 'schannel.reg');
    writeFileSync(
      file,
      [
        'Windows Registry Editor Version 5.00',
        '',
        keyLine,
        '"Enabled"=dword:00000000',
        '"DisabledByDefault"=dword:00000001',
        '',
      ].join('\r\n'),
    );
    return file;
  };

  it('names [… TLS 1.2\\Server ] in schannel-protocol-setting-not-read, and TLS 1.2 stays enabled', async () => {
    const a = await analyze([reg(`[${P}\\TLS 1.2\\Server ]`)]);
    const f = a.evaluation.findings.find((x) => x.ruleId === 'schannel-protocol-setting-not-read');
    expect(f?.fix.en).toContain(`REM   reg delete "${P}\\TLS 1.2\\Server " /f`);
    expect(a.evaluation.findings.map((x) => x.ruleId)).not.toContain(
      'schannel-server-protocol-disabled',
    );
  });

  it('reads [… TLS 1.2\\Server]   (blanks after the bracket) as the real key', async () => {
    const a = await analyze([reg(`[${P}\\TLS 1.2\\Server]   `)]);
    expect(a.evaluation.findings.map((x) => x.ruleId)).not.toContain(
      'schannel-protocol-setting-not-read',
    );
  });
});

describe('an IIS Express applicationhost.config is not the server’s IIS', () => {
  const express = fixture('14-iisexpress-https-44351-no-sslcert/applicationhost.config');
  const IIS_RULES = /^(iis-|httpsys-iis-)/;

  it('14 alone: no verdict on IIS sites; the file is named as IIS Express’s', async () => {
    const a = await analyze([express]);
    expect(a.evaluation.findings).toEqual([]);
    expect(a.coverage.evaluated).not.toContain('iis');
    expect(a.evaluation.notEvaluated.map((n) => n.ruleId)).toContain('iis-no-https-binding');
    expect(a.coverage.recognisedFiles).toMatchObject([
      { artifactId: 'iis.config', note: { code: 'iis-express' } },
    ]);
    expect(noEvidenceMessage(a.coverage, [], 'en')).toContain(
      "applicationhost.config (iis.config: IIS Express configuration (%IIS_SITES_HOME%): not the server's IIS",
    );
  });

  it('14 beside the server’s sslcert list: no IIS binding rule fires on *:44351:localhost', async () => {
    // Before: critical iis-https-binding-without-sslcert for IIS Express's 44351 (a dev port) and
    // httpsys-iis-entry-without-iis-binding for the server's real 0.0.0.0:443.
    const a = await analyze([express, sample('healthy/httpsys/netsh-http-show-sslcert.txt')]);
    expect(a.evaluation.findings.filter((f) => IIS_RULES.test(f.ruleId))).toEqual([]);
    expect(a.facts.iisBindings).toEqual([]);
  });

  it('the server’s own applicationHost.config (real <sites>, http only) is still judged', async () => {
    const a = await analyze([
      sample('iis-no-https-binding/applicationHost.config'),
      sample('iis-no-https-binding/netsh-sslcert.txt'),
    ]);
    const file = a.parsed.artifacts.find((x) => x.id === 'iis.config')!.files[0]!;
    expect((file.value as { iisExpress?: unknown }).iisExpress).toBeUndefined();
    expect(a.evaluation.findings.map((f) => f.ruleId)).toContain('iis-no-https-binding');
  });
});
