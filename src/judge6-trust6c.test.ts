/**
 * Judge round 6 findings S5, S8, S9, S10, S11, run end to end on the judge's own evidence (copied
 * into src/fixtures/judge6 with its origin in the README there).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { AS_OF, fired, judgeRound } from './test-support/judge.js';

const { fixture: dir, model } = judgeRound(6);

describe('judge6 S9: no live service restart, no finding for a listen-everywhere list', () => {
  it('p41: an iplisten of 0.0.0.0 and :: (listens everywhere) gets no finding, so nothing is deleted', async () => {
    const a = await analyze(
      [dir('p41-iplisten-wildcards/iplisten.txt'), dir('p41-iplisten-wildcards/sslcert.txt')],
      AS_OF,
    );
    expect(a.facts.host.ipListen).toEqual(['0.0.0.0', '::']);
    expect(a.facts.host.ipListenEverywhere).toBe(true);
    expect(fired(a)).toEqual([]);
  });
});

describe('judge6 S8: a bundle file changed after collection', () => {
  it('p49: the changed netstat is named in the verdict and the JSON, and the two listener sources disagreeing blame no process', async () => {
    const a = await analyze([dir('p49-manifest-file-swapped')]);
    // netstat (edited) says Skype.exe holds 0.0.0.0:443, Get-NetTCPConnection says System only.
    const skype = a.facts.listeners.find((l) => l.pid === 5812)!;
    expect(skype).toMatchObject({ blocksHttps: true, ownerDisputed: 'System (PID 4)' });
    expect(fired(a)).toEqual([]);
    const nev = a.evaluation.notEvaluated.find((n) => n.ruleId === 'port-held-by-other-process');
    expect(nev?.unknownFor?.map((u) => u.entityKey)).toEqual(['tcp/0.0.0.0:443/5812']);
    for (const lang of ['en', 'zh-CN'] as const) {
      const m = model(a, lang);
      expect(m.manifestIssues).toMatchObject([{ code: 'file-changed', severity: 'warning' }]);
      expect(m.verdict.changedFiles).toEqual([
        {
          path: 'network/netstat-anob.txt',
          id: 'net.netstat',
          found: '1463 bytes',
          declared: '1405 bytes',
        },
      ]);
      expect(m.verdict.rootCause).toBeNull();
      // "Listening ports" is not declared free of problems: the sources disagree.
      expect(m.verdict.evaluatedAreas.join()).not.toMatch(/listening ports|侦听端口/);
      expect(m.verdict.headline).toContain('Skype.exe (PID 5812)');
      expect(m.verdict.headline).toContain('System (PID 4)');
    }
  });

  it('p49 without tcp-listeners.json: the finding rests on the changed file alone and says so', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'judge6-p49-'));
    try {
      cpSync(dir('p49-manifest-file-swapped'), copy, { recursive: true });
      rmSync(join(copy, 'network/tcp-listeners.json'));
      const a = await analyze([copy]);
      expect(fired(a)).toEqual(['port-held-by-other-process:critical']);
      for (const lang of ['en', 'zh-CN'] as const) {
        const m = model(a, lang);
        expect(m.findings[0]!.changedEvidence).toEqual(['network/netstat-anob.txt']);
        expect(m.verdict.headline).toContain('network/netstat-anob.txt');
      }
      expect(model(a).verdict.headline).toMatch(/^Possible cause, resting on /);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('judge6 S11: a certificate store that was not collected', () => {
  it('p94: bound in WebHosting, only certutil -store my sent: not evaluated, with the certutil command', async () => {
    const p = 'p94-bound-in-webhosting-not-collected';
    const a = await analyze([dir(`${p}/certutil-my.txt`), dir(`${p}/sslcert.txt`)], AS_OF);
    expect(fired(a)).not.toContain('binding-certificate-not-found:critical');
    expect(a.facts.bindings[0]!.certificateLookup).toBe('store-not-collected');
    const nev = a.evaluation.notEvaluated.find((n) => n.ruleId === 'binding-certificate-not-found');
    expect(nev?.unknownFor?.[0]?.entityKey).toBe('ipport:0.0.0.0:443');
    const row = model(a)
      .inventories.flatMap((i) => i.rows.flatMap((r) => r.cells))
      .join('\n');
    expect(row).toContain('certutil -store WebHosting 5c1f0e9d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d');
  });

  it('p94b (control): bound in MY, MY collected, the hash is not in it: still critical', async () => {
    const p = 'p94b-bound-in-my-not-found';
    const a = await analyze([dir(`${p}/certutil-my.txt`), dir(`${p}/sslcert.txt`)], AS_OF);
    expect(fired(a)).toContain('binding-certificate-not-found:critical');
  });
});

describe('judge6 S5: the server picks TLS 1.0 although the client offers TLS 1.3 / 1.2', () => {
  it("p73 (the judge's loopback capture, permissive client): high, enable TLS 1.2 on the Server side, restart commented", async () => {
    const a = await analyze([dir('p73-cap-server-tls10-only-established/srv10-established.pcap')]);
    expect(fired(a)).toEqual(['handshake-server-negotiates-legacy-version:high']);
    const f = a.evaluation.findings[0]!;
    expect(f.fix.en).toContain(
      "reg add 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server' /v Enabled /t REG_DWORD /d 1 /f",
    );
    expect(f.fix.en).toMatch(/^#\s+shutdown \/r/m);
    expect(f.fix['zh-CN']).toContain('TLS 1.2');
    expect(model(a).verdict.rootCause?.ruleId).toBe('handshake-server-negotiates-legacy-version');
  });
});
