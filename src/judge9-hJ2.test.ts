/**
 * Judge round 9 faults T3, S1, S5, S6 and M1–M6, run end to end on the judge's own evidence
 * (copied into src/fixtures/judge9/<case>/ with its origin in README.md there).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { openZip } from './bundle/open.js';
import { craftZip } from './test-support/zip-craft.js';
import { renderMarkdown } from './report/render-md.js';
import { fired, judgeRound } from './test-support/judge.js';

const { fixture, model } = judgeRound(9, '2026-12-07T00:00:00Z');

describe('judge9 T3: a whole <sites> section with no https binding is never "no problem found"', () => {
  it('13: three http-only sites, no HTTP.sys list: high iis-no-site-has-https-binding', async () => {
    const a = await analyze([fixture('13-iis-http-only-no-https-binding/applicationHost.config')]);
    expect(fired(a)).toEqual(['iis-no-site-has-https-binding:high']);
    expect(a.facts.host.iisHttps).toMatchObject({ siteCount: 3, sitesComplete: true });
    const m = model(a);
    expect(m.verdict.headline).not.toMatch(/No problem found in [^;]*IIS sites/);
    const fix = m.findings[0]!.fix;
    // Read-only look first, backup before the change, placeholders guarded.
    expect(fix.indexOf('appcmd list site')).toBeLessThan(fix.indexOf('appcmd add backup'));
    expect(fix.indexOf('appcmd add backup')).toBeLessThan(fix.indexOf('/+bindings'));
    expect(fix).toContain(`if /i not "%SITE%"=="site-name-here"`);
    expect(renderMarkdown(m)).toContain('iis-no-site-has-https-binding');
  });
});

describe('judge9 S1: netstat alone showing a program on 0.0.0.0:443 is a finding, not "no verdict"', () => {
  it.each([
    [
      '06-s3-zhcn-netstat-vmware-443',
      ['netstat.txt'],
      'vmware-hostd.exe (PID 26800)',
      'Shared VMs',
    ],
    [
      '24-tasklist-csv-cut-plus-netstat',
      ['netstat-ano.txt', 'tasklist.csv'],
      'python.exe (PID 6364)',
      'tasklist /svc /fi "PID eq 6364"',
    ],
  ])(
    '%s: high port-443-held-no-binding-list, asks for the binding list',
    async (c, files, owner, hint) => {
      const a = await analyze(files.map((f) => fixture(`${c}/${f}`)));
      expect(fired(a)).toEqual(['port-443-held-no-binding-list:high']);
      const m = model(a);
      expect(m.findings[0]!.entity.name ?? m.findings[0]!.entity.key).toContain(
        owner.split(' ')[0],
      );
      expect(m.findings[0]!.fix).toContain(owner);
      expect(renderMarkdown(m)).toMatch(/Not checked:[^\n]*HTTP.sys bindings[^\n]*httpsys.sslcert/);
      const fix = m.findings[0]!.fix;
      expect(fix).toContain(hint);
      // Read-only checks first; the change itself is only described (the port is not proven needed).
      expect(fix.split('\n')[1]).toBe('netsh http show sslcert');
      expect(fix).not.toMatch(/^(sc|taskkill|iisreset)\b/m);
    },
  );

  it('78: with the binding list, the binding rule fires and the netstat-alone one stays silent', async () => {
    const dir = fixture('78-s3-zhcn-netstat-vmware-with-sslcert');
    const a = await analyze(
      ['netstat-anbo.txt', 'netsh-http-show-sslcert.txt', 'certutil-store-my.txt'].map(
        (f) => `${dir}/${f}`,
      ),
      { asOf: '2026-12-07' },
    );
    expect(fired(a)).toContain('port-held-by-other-process:critical');
    expect(fired(a).join()).not.toContain('port-443-held-no-binding-list');
  });
});

describe('judge9 S5: a self-signed CA certificate bound to 0.0.0.0:443, read from certutil text', () => {
  it('20: certificate-ca-bound (high) and certificate-self-signed, with or without --as-of', async () => {
    const dir = fixture('20-repairstore-hsm-dmy-dates-bound');
    const files = [`${dir}/repairstore.txt`, `${dir}/netsh-http-show-sslcert.txt`];
    const a = await analyze(files);
    expect(fired(a)).toEqual(['certificate-ca-bound:high', 'certificate-self-signed:medium']);
    const cert = a.facts.certificates.find((c) => c.subjectCommonName === 'myDemoCA')!;
    expect(cert).toMatchObject({ isCa: true, selfSigned: true, boundOnlyByOtherOwners: false });
    const fix = model(a).findings.find((f) => f.ruleId === 'certificate-ca-bound')!.fix;
    expect(fix.indexOf('certutil -store my')).toBeLessThan(fix.indexOf('netsh http update'));
    const b = await analyze(files, { asOf: '2026-12-07' });
    expect(fired(b)).toContain('certificate-ca-bound:high');
    expect(fired(b)).toContain('certificate-expired:critical');
  });
});

describe('judge9 M1: 36870 0x8009030D — title, explanation and fix agree', () => {
  it('04: the title names a broken key set too, and the fix tests the key before any permission', async () => {
    const a = await analyze([fixture('04-s2-36870-8009030d-eventviewer-xml/event.txt')]);
    for (const lang of ['en', 'zh-CN'] as const) {
      const f = model(a, lang).findings.find(
        (x) => x.ruleId === 'schannel-private-key-access-denied',
      )!;
      expect(f.title).toMatch(lang === 'en' ? /broken key set/ : /密钥集损坏/);
      expect(f.title).not.toMatch(/\(MachineKeys permissions\)/);
      expect(f.explanation).toContain('0x8009030D');
      expect(f.fix).toMatch(/0x8009030D/);
      const test = f.fix.search(/verifystore|Encryption test passed/);
      expect(test).toBeGreaterThan(-1);
      expect(test).toBeLessThan(f.fix.search(/icacls|\/grant|grant \*S-1-5-18/));
    }
  });
});

describe('judge9 M4: an area with no evidence of its own is "not checked", never "no problem found"', () => {
  it('15: a .reg alone: events are not checked although a registry-only events rule ran', async () => {
    const a = await analyze([fixture('15-reg-tls12-enable-only-healthy/tls12.reg')]);
    expect(a.evaluation.evaluated).toContain('schannel-event-logging-limited');
    const m = model(a);
    expect(m.verdict.evaluatedAreas).not.toContain('events');
    expect(m.verdict.notChecked.map((n) => n.area)).toContain('events');
    expect(m.verdict.headline).not.toMatch(/No problem found in [^;]*events/);
  });
});

describe('judge9 S6: two different copies of one file in a zip are never judged from the first', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-j9-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('68: the copies differ: set aside with the reason, the link and nested zip skipped', async () => {
    const zip = fixture('68-hostile-zip-nested-duplicate-symlink/evidence.zip');
    expect(openZip(zip).skipped.map((e) => [e.path, e.code])).toEqual([
      ['inner.zip', 'nested-archive'],
      ['httpsys/netsh-http-show-sslcert.txt', 'duplicate-differs'],
      ['certificates/certutil-store-my.txt', 'symlink'],
    ]);
    const a = await analyze([zip]);
    const s = a.parsed.artifacts.find((x) => x.id === 'httpsys.sslcert')!;
    expect(s).toMatchObject({ status: 'failed', reasonCode: 'duplicate-differs' });
    expect(a.coverage.usableFiles).toBe(0);
    expect(a.coverage.failedFiles[0]!.reason).toMatch(/two different copies/);
  });

  it('with other evidence: HTTP.sys bindings not checked, the skipped copy named in Markdown', async () => {
    const copies = openZip(fixture('68-hostile-zip-nested-duplicate-symlink/evidence.zip'));
    const first = copies.files.find((f) => f.path.endsWith('netsh-http-show-sslcert.txt'))!.read();
    const certutil = readFileSync(fixture('20-repairstore-hsm-dmy-dates-bound/repairstore.txt'));
    const p = join(tmp, 'dup.zip');
    writeFileSync(
      p,
      craftZip([
        { name: 'httpsys/netsh-http-show-sslcert.txt', data: first },
        {
          name: 'httpsys/netsh-http-show-sslcert.txt',
          data: Buffer.from(first.toString('latin1').replace(/[0-9a-f]{40}/i, ''), 'latin1'),
        },
        { name: 'certificates/certutil-store-my.txt', data: certutil },
      ]),
    );
    const a = await analyze([p]);
    const m = model(a);
    expect(m.verdict.evaluatedAreas).not.toContain('HTTP.sys bindings');
    expect(m.verdict.notChecked.map((n) => n.area)).toContain('httpsys');
    expect(m.verdict.headline).not.toMatch(/No problem found in [^;]*HTTP\.sys bindings/);
    const md = renderMarkdown(m);
    expect(md).toContain('Entries skipped');
    expect(md).toMatch(
      /netsh-http-show-sslcert\.txt`: duplicate entry name with different content/,
    );
  });

  it('identical copies stay a plain duplicate: the first is read', async () => {
    const data = Buffer.from('x');
    const p = join(tmp, 'same.zip');
    writeFileSync(
      p,
      craftZip([
        { name: 'a/netsh.txt', data },
        { name: 'a/netsh.txt', data },
      ]),
    );
    expect(openZip(p).skipped.map((e) => e.code)).toEqual(['duplicate-name']);
  });
});

describe('judge9 M3: an endpoint wrapped onto the next line is joined', () => {
  it('27: "IP:port :" then "0.0.0.0:443": the finding names 0.0.0.0:443, not "ipport:"', async () => {
    const a = await analyze([fixture('27-mangle-outlook-reflow-zero-appid/sslcert.txt')]);
    expect(a.facts.bindings.map((b) => [b.endpoint, b.certificateHash])).toEqual([
      ['0.0.0.0:443', '43a58496d237b3e0e1e463172f4d64e87b59dad7'],
    ]);
    expect(fired(a)).toEqual(['sslcert-zero-application-id:medium']);
    expect(a.evaluation.findings[0]!.entityKey).not.toMatch(/^ipport:$/);
  });
});

describe('judge9 M6: an HTML mail body is read as its text, with a note', () => {
  it('37: &nbsp; and <br> — the empty hash on 0.0.0.0:443 is found, an html-mail info issue says why', async () => {
    const a = await analyze([fixture('37-mangle-html-mail-nbsp/sslcert.htm')]);
    expect(fired(a)).toEqual(['sslcert-empty-certificate-hash:critical']);
    const f = a.parsed.artifacts.find((x) => x.id === 'httpsys.sslcert')!.files[0]!;
    expect(f.issues).toContainEqual(
      expect.objectContaining({ code: 'html-mail', severity: 'info' }),
    );
  });

  it('leaves XML artifacts and plain text alone', async () => {
    const { unHtml } = await import('./artifacts/html-mail.js');
    for (const text of [
      '<?xml version="1.0"?>\n<configuration><sites></sites></configuration>',
      '<sites>\n<site name="a"><bindings><binding protocol="http" bindingInformation="*:80:" /></bindings></site>\n</sites>',
      'SSL Certificate bindings:\n    IP:port : 0.0.0.0:443',
    ])
      expect(unHtml(text)).toEqual({ text, issues: [] });
    expect(unHtml('<div>a&nbsp;b<br>c&amp;d</div>').text).toBe('a b\nc&d\n');
  });
});
