/**
 * Round 9 judge faults (registry / certificates / events lane), rebuilt from real evidence: the
 * legacy 36870 0x80090016 text beside the event-text parser (MicrosoftDocs SupportArticles-docs,
 * see src/parsers/event-text.test.ts) and the fixtures in src/fixtures/judge9-hm1 (README there).
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { firstStepOf } from './report/verdict-build.js';
import { judgeRound } from './test-support/judge.js';

const { fixture } = judgeRound('9-hm1');

const parserSample = (name: string): string =>
  new URL(`./parsers/${name}`, import.meta.url).pathname;
const sample = (name: string): string => new URL(`../samples/${name}`, import.meta.url).pathname;

/** Runnable lines of a cmd fix, in order (comments and blank lines left out). */
const runnable = (fix: string): string[] =>
  fix.split('\n').filter((l) => l.trim() !== '' && !/^\s*(rem\b|::)/i.test(l));

describe('s03: 36870 with 0x80090016 (NTE_BAD_KEYSET) leads with the key, not with ACLs', () => {
  it('the real legacy event alone: read-only verifystore, then repairstore, then the .pfx; no ACL command', async () => {
    const a = await analyze([parserSample('event-text.sample.en-legacy-36870-0x80090016.txt')], {
      asOf: '2012-02-12',
    });
    const f = a.evaluation.findings.find((x) => x.ruleId === 'schannel-private-key-access-denied');
    expect(f).toBeDefined();
    for (const lang of ['en', 'zh-CN'] as const) {
      const fix = f!.fix[lang];
      const lines = runnable(fix);
      expect(lines.some((l) => /^icacls\b/i.test(l))).toBe(false);
      expect(fix).not.toContain('/grant');
      const verify = lines.findIndex((l) => l.includes('certutil -verifystore my %HASH%'));
      const repair = lines.findIndex((l) => l.includes('certutil -repairstore my %HASH%'));
      expect(verify).toBeGreaterThan(-1);
      expect(repair).toBeGreaterThan(verify);
      expect(fix.indexOf('-importPFX')).toBeGreaterThan(fix.indexOf('-repairstore'));
      expect(firstStepOf(fix)).toEqual({ text: 'netsh http show sslcert', command: true });
    }
    expect(f!.fix.en).toContain('Missing stored keyset');
    expect(f!.fix.en).toContain('Private key is NOT plain text exportable');
  });

  it("the key file's own icacls listing shuts SYSTEM out (seed scenario 2): the grant comes after the read-only verifystore", async () => {
    const a = await analyze([sample('s2-machinekeys-permissions')]);
    const f = a.evaluation.findings.find((x) => x.ruleId === 'schannel-private-key-access-denied');
    for (const lang of ['en', 'zh-CN'] as const) {
      const lines = runnable(f!.fix[lang]);
      expect(lines[0]).toMatch(/^certutil -verifystore my [0-9a-f]{40}$/);
      expect(firstStepOf(f!.fix[lang])?.text).toBe(lines[0]);
      const save = lines.findIndex((l) => /^icacls ".+" \/save /.test(l));
      const grant = lines.findIndex((l) => /^icacls ".+" \/grant \*S-1-5-18:F/.test(l));
      expect(save).toBeGreaterThan(0);
      expect(grant).toBe(save + 1);
    }
  });
});

const TLS12_REG = readFileSync(
  new URL('./fixtures/judge9-hm1/tls12-enable-client-server.reg.txt', import.meta.url),
  'utf8',
);
const PROTOCOLS =
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols';
const REAL_SERVER =
  'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server';

/** The real TLS 1.2 enable file with only its key names or one value's type changed. */
async function analyzeVariant(name: string, text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-s04-'));
  const file = join(dir, `schannel-synthetic-${name}.reg`);
  writeFileSync(file, text);
  return analyze([file]);
}

describe('s04: a misspelt SCHANNEL protocol key or a non-DWORD value is named, never taken as TLS 1.2', () => {
  it.each([
    ['no-space', 'TLS1.2'],
    ['trailing-space', 'TLS 1.2 '],
    ['comma', 'TLS 1,2'],
    ['v-prefix', 'TLSv1.2'],
  ])(
    '%s (%j): medium finding on TLS 1.2 Server, the state ignores it, the fix writes the real key after a backup',
    async (label, keyName) => {
      const text = TLS12_REG.replace('\\TLS 1.2\\Server]', `\\${keyName}\\Server]`);
      expect(text).not.toBe(TLS12_REG);
      const a = await analyzeVariant(label, text);
      const server = a.facts.protocols.find((p) => p.key === 'TLS 1.2/Server')!;
      // Not counted as the real key: no registry value read for TLS 1.2\Server.
      expect(server.registryEnabled).toBeNull();
      expect(server.source).toBe('os-default');
      expect(server.misspeltKeys).toEqual([`${PROTOCOLS}\\${keyName}\\Server`]);
      const f = a.evaluation.findings.filter(
        (x) => x.ruleId === 'schannel-protocol-setting-not-read',
      );
      expect(f.map((x) => [x.entityKey, x.severity])).toEqual([['TLS 1.2/Server', 'medium']]);
      for (const lang of ['en', 'zh-CN'] as const) {
        const lines = runnable(f[0]!.fix[lang]);
        expect(lines[0]).toBe(
          'reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols" /s',
        );
        expect(lines[1]).toMatch(
          /^reg export "HKLM\\.+\\Protocols" "%TEMP%\\tls-doctor-schannel-protocols[^"]*\.reg" \/y$/,
        );
        expect(lines.slice(2)).toEqual([
          `reg add "${REAL_SERVER}" /v Enabled /t REG_DWORD /d 1 /f`,
          `reg add "${REAL_SERVER}" /v DisabledByDefault /t REG_DWORD /d 0 /f`,
        ]);
        // The misspelt key is named, and removed only by hand after the backup.
        expect(f[0]!.fix[lang]).toContain(`REM   reg delete "${PROTOCOLS}\\${keyName}\\Server" /f`);
      }
    },
  );

  it('Tls 1.2 (case only): the registry ignores case, so it is the real key and nothing is reported', async () => {
    const a = await analyzeVariant('case', TLS12_REG.replaceAll('\\TLS 1.2\\', '\\Tls 1.2\\'));
    expect(a.facts.protocols.find((p) => p.key === 'TLS 1.2/Server')!.registryEnabled).toBe(1);
    expect(a.evaluation.findings.map((x) => x.ruleId)).not.toContain(
      'schannel-protocol-setting-not-read',
    );
  });

  it('Enabled as REG_SZ "1": not read, rewritten as REG_DWORD under the same key, nothing deleted', async () => {
    const a = await analyzeVariant(
      'reg-sz',
      TLS12_REG.replaceAll('"Enabled"=dword:00000001', '"Enabled"="1"'),
    );
    const f = a.evaluation.findings.filter(
      (x) => x.ruleId === 'schannel-protocol-setting-not-read',
    );
    expect(f.map((x) => x.entityKey).sort()).toEqual(['TLS 1.2/Client', 'TLS 1.2/Server']);
    const server = f.find((x) => x.entityKey === 'TLS 1.2/Server')!;
    expect(server.fix.en).toContain('Enabled = REG_SZ 1 (not a REG_DWORD)');
    expect(runnable(server.fix.en).slice(2)).toEqual([
      `reg add "${REAL_SERVER}" /v Enabled /t REG_DWORD /d 1 /f`,
    ]);
    expect(server.fix.en).not.toContain('reg delete');
  });

  it('the unchanged real file: no finding', async () => {
    const a = await analyzeVariant('unchanged', TLS12_REG);
    expect(a.evaluation.findings.map((x) => x.ruleId)).not.toContain(
      'schannel-protocol-setting-not-read',
    );
  });
});

const IIS_APP_ID = '{4dc3e181-e14b-4a21-b022-59fc669b0914}';

describe('h03: IIS Express entries (AppId {214124cd-…}, ports 44300-44399) are not IIS bindings', () => {
  it("with the IIS Express site list pasted as applicationhost.config: its entries stay IIS Express's, no fix hands them to IIS", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-h03-'));
    writeFileSync(
      join(dir, 'sslcert.txt'),
      readFileSync(fixture('sslcert.synthetic-iis-express-44307-44351-plus-iis-443.txt')),
    );
    writeFileSync(
      join(dir, 'applicationHost.config'),
      readFileSync(
        parserSample('applicationhost.sample.en-iisexpress-sites-empty-ip-https-44351.txt'),
      ),
    );
    const a = await analyze([join(dir, 'sslcert.txt'), join(dir, 'applicationHost.config')]);
    for (const port of [44307, 44351]) {
      const b = a.facts.bindings.find((x) => x.endpoint === `0.0.0.0:${port}`)!;
      expect(b.otherOwner).toBe('IIS Express (Visual Studio), not IIS');
      expect(b.suggestedApplicationId).toBe('{214124cd-d05b-4309-9af9-9caa44b2b74a}');
    }
    for (const f of a.evaluation.findings) {
      const fix = `${f.fix.en}\n${f.fix['zh-CN']}`;
      // No runnable line names an IIS Express port together with IIS's AppId.
      expect(runnable(fix).filter((l) => /:443\d\d\b/.test(l) && l.includes(IIS_APP_ID))).toEqual(
        [],
      );
      expect(f.entityKey ?? '').not.toMatch(/:443\d\d$/);
    }
  });

  it("listed twice with an IPv6 twin: the duplicate fix keeps IIS Express's AppId and says whose entry it is", async () => {
    const a = await analyze([
      fixture('sslcert.synthetic-iis-express-44307-listed-twice-ipv6-twin.txt'),
    ]);
    const f = a.evaluation.findings.filter((x) => x.ruleId.startsWith('sslcert-'));
    expect(f.map((x) => `${x.ruleId} ${x.entityKey}`)).toEqual([
      'sslcert-duplicate-binding ipport:0.0.0.0:44307',
    ]);
    for (const lang of ['en', 'zh-CN'] as const) {
      const fix = f[0]!.fix[lang];
      expect(fix).toContain('IIS Express (Visual Studio), not IIS');
      expect(fix).toContain('appid={214124cd-d05b-4309-9af9-9caa44b2b74a}');
      expect(fix).not.toContain(IIS_APP_ID);
    }
  });
});

describe('k04: the installed intermediate has the issuer name but another key', () => {
  const k04 = (name: string): Buffer => readFileSync(fixture(`k04/${name}.cer`));
  const thumb = (der: Buffer): string => new X509Certificate(der).fingerprint.replaceAll(':', '');

  /** A bundle folder: leaf in My, `ca` in CA, the root in Root, the leaf bound on 0.0.0.0:443. */
  function bundle(ca: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-k04-'));
    const put = (store: string, name: string) => {
      mkdirSync(join(dir, 'certificates', store), { recursive: true });
      writeFileSync(join(dir, 'certificates', store, `${thumb(k04(name))}.cer`), k04(name));
    };
    put('My', 'leaf');
    put('Root', 'root');
    for (const c of ca) put('CA', c);
    mkdirSync(join(dir, 'httpsys'));
    writeFileSync(
      join(dir, 'httpsys', 'netsh-http-show-sslcert.txt'),
      readFileSync(parserSample('netsh-sslcert.sample.en-win10-short-field-set.txt'), 'utf8')
        .replace('61d34f532da121bbab64723c4871e72c92f03735', thumb(k04('leaf')).toLowerCase())
        .replace('0.0.0.0:44307', '0.0.0.0:443')
        .replace('{214124cd-d05b-4309-9af9-9caa44b2b74a}', IIS_APP_ID),
    );
    return dir;
  }

  it('names the AKI/SKI mismatch and the thumbprint of the installed one; the fix imports the right one and deletes nothing', async () => {
    const a = await analyze([bundle(['int-old'])], { asOf: '2027-02-01' });
    const f = a.evaluation.findings.find((x) => x.ruleId === 'certificate-chain-incomplete')!;
    expect(f).toBeDefined();
    const old = thumb(k04('int-old'));
    const cert = a.facts.certificates.find(
      (c) => c.thumbprint.toUpperCase() === thumb(k04('leaf')),
    )!;
    expect(cert.chainIssuerKeyMismatch).toMatchObject({
      thumbprintUpper: old,
      store: 'CA',
      signatureChecked: true,
    });
    expect(cert.chainIssuerKeyMismatch!.authorityKeyId).not.toBe(
      cert.chainIssuerKeyMismatch!.subjectKeyId,
    );
    expect(cert.chainStopReason).toContain('Authority Key Identifier');
    for (const lang of ['en', 'zh-CN'] as const) {
      const fix = f.fix[lang];
      const lines = runnable(fix);
      expect(lines).toContain(`certutil -store CA ${old}`);
      expect(lines).toContain(
        'if /i not "%CERTFILE%"=="path-of-the-cer-here" certutil -addstore CA "%CERTFILE%"',
      );
      expect(lines.some((l) => /-delstore/i.test(l))).toBe(false);
      expect(fix).toContain(cert.chainIssuerKeyMismatch!.authorityKeyId);
    }
  });

  it('with the re-keyed intermediate installed beside the old one: the chain is trusted, nothing is reported', async () => {
    const a = await analyze([bundle(['int-old', 'int-new'])], { asOf: '2027-02-01' });
    const cert = a.facts.certificates.find(
      (c) => c.thumbprint.toUpperCase() === thumb(k04('leaf')),
    )!;
    expect(cert.chainStatus).toBe('trusted');
    expect(cert.chainIssuerKeyMismatch ?? null).toBeNull();
    expect(a.evaluation.findings.map((x) => x.ruleId)).not.toContain(
      'certificate-chain-incomplete',
    );
  });
});
