/**
 * Judge round 7 serious faults S3, S5 and S6, run end to end on the judge's own evidence (copied
 * into src/fixtures/judge7 with its origin in the README there), with the controls the judge
 * found right.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { AS_OF, fired, judgeRound } from './test-support/judge.js';

const { fixture, model } = judgeRound(7);

const files = (dir: string, ...names: string[]): string[] =>
  names.map((n) => fixture(`${dir}/${n}`));

describe('judge7 S6: a filtered show answered "cannot find the file" is sslcert evidence', () => {
  const T03 = 't03-sslcert-ipport-not-found-iis-https';

  it('t03: the file is httpsys.sslcert; critical iis-https-binding-without-sslcert for *:443 only', async () => {
    const a = await analyze(files(T03, 'sslcert-443.txt', 'applicationHost.config'), AS_OF);
    expect(a.coverage.recognisedFiles).toContainEqual({
      path: 'sslcert-443.txt',
      artifactId: 'httpsys.sslcert',
    });
    expect(fired(a)).toEqual(['iis-https-binding-without-sslcert:critical']);
    const f = a.evaluation.findings[0]!;
    expect(f.entity.key).toBe('site/1/https/1');
    // The not-found answer is the finding's evidence.
    expect(f.evidence.some((e) => e.path === 'sslcert-443.txt' && e.lines?.start === 1)).toBe(true);
    // The SNI binding of shop asks for shop.contoso.com:443, which no show asked for: unknown,
    // never "missing", and the area is partly checked.
    const shop = a.facts.iisBindings.find((b) => b.siteName === 'shop')!;
    expect(shop).toMatchObject({ httpSysMatch: 'unknown', missingHostnamePort: false });
    const gap = a.coverage.partial.flatMap((p) => p.gaps).map((g) => g.ruleId);
    expect(gap).toContain('iis-sni-binding-without-hostnameport');
    const m = model(a);
    expect(m.verdict.headline).not.toMatch(/No problem found in[^;]*IIS sites/);
  });

  it('t43 (control): a full listing without 443 still gives the finding', async () => {
    const a = await analyze(
      files('t43-iis-443-sslcert-8443-only', 'sslcert.txt', 'applicationHost.config'),
      AS_OF,
    );
    expect(fired(a)).toContain('iis-https-binding-without-sslcert:critical');
  });
});

describe('judge7 S3: a Get-EventLog table is read as events', () => {
  const T06 = 't06-get-eventlog-table-code-cut';
  it('t06: three 36870 of Dec 05; the error code is cut, so the first step re-reads them in full', async () => {
    const a = await analyze(files(T06, 'events.txt', 'sslcert.txt'), AS_OF);
    expect(fired(a)).toEqual(['schannel-server-key-error-other:high']);
    expect(a.facts.eventGroups).toMatchObject([
      {
        eventId: 36870,
        count: 3,
        role: 'server',
        errorCode: null,
        messageCut: true,
        yearAssumed: true,
        firstSeen: '2026-12-05T19:02:00',
        lastSeen: '2026-12-05T20:27:00',
        historical: false,
      },
    ]);
    const m = model(a);
    expect(m.verdict.rootCause?.firstStep).toMatch(/^wevtutil qe System \/q:/);
    expect(m.findings[0]!.fix).toContain('error code cut off by the table view');
    expect(m.verdict.evaluatedAreas).toContain('events');
  });

  it('t05 (control): Get-WinEvent | Format-List of the same event still decides its code', async () => {
    const a = await analyze(
      files('t05-get-winevent-formatlist-36870', 'events.txt', 'sslcert.txt'),
      AS_OF,
    );
    expect(fired(a)).toEqual(['schannel-private-key-access-denied:critical']);
  });

  it('a text recognised as events that yields no event: events are not checked, never clean', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ta-s3-'));
    try {
      const events = join(dir, 'events.txt');
      writeFileSync(
        events,
        'Log Name: System\r\nSource: Foo\r\nDescription:\r\nsomething else\r\n',
      );
      const a = await analyze([events, fixture(`${T06}/sslcert.txt`)], AS_OF);
      const m = model(a);
      expect(a.coverage.evaluated).not.toContain('events');
      expect(m.verdict.headline).not.toMatch(/No problem found in[^;]*events/);
      expect(m.verdict.notChecked.map((n) => n.area)).toContain('events');
      expect(a.coverage.failedFiles).toMatchObject([
        { path: 'events.txt', artifactId: 'events.schannel' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('judge7 S5: a failed netsh http add sslcert is read, by its error number', () => {
  it('t30: error 1312 is a critical private-key finding for certhash 779a…, first step read-only', async () => {
    const a = await analyze(files('t30-netsh-add-error-1312', 'console.txt'), AS_OF);
    expect(fired(a)).toEqual(['sslcert-add-failed-private-key:critical']);
    expect(a.facts.host.sslcertKeyError).toMatchObject({
      endpoint: '0.0.0.0:443',
      certificateHash: '779a97b1d8e492b5bafebc02338845ffdff76ad2',
      entryAbsent: true,
    });
    const m = model(a);
    expect(m.verdict.rootCause?.firstStep).toBe(
      'certutil -verifystore my 779A97B1D8E492B5BAFEBC02338845FFDFF76AD2',
    );
    const fix = m.findings[0]!.fix;
    expect(fix).toContain('certutil -repairstore my 779A97B1D8E492B5BAFEBC02338845FFDFF76AD2');
    expect(fix).toContain('no entry for 0.0.0.0:443');
    expect(m.findings[0]!.evidence.some((e) => e.lines?.start === 1 && e.lines.end === 4)).toBe(
      true,
    );
  });

  it('t31 (control): error 183 on an entry that exists gives no finding', async () => {
    const a = await analyze(files('t31-netsh-add-error-183-healthy', 'console.txt'), AS_OF);
    expect(fired(a)).toEqual([]);
    expect(a.facts.host.sslcertKeyError).toBeNull();
  });
});
