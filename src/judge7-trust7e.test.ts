/**
 * Judge round 7 T5 (seed scenario 5 without the OS build), run end to end on the judge's own
 * captures and registry exports (copied into src/fixtures/judge7, origins in README.trust7e.md).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { buildReportModel } from './report/model.js';

const j7 = (p: string): string => new URL(`./fixtures/judge7/${p}`, import.meta.url).pathname;
type Analysis = Awaited<ReturnType<typeof analyze>>;
const model = (a: Analysis, lang: 'en' | 'zh-CN' = 'en') =>
  buildReportModel(a, { lang, now: new Date('2026-12-06T00:00:00Z'), toolVersion: 't' });
const fixOf = (a: Analysis, ruleId: string, lang: 'en' | 'zh-CN' = 'en'): string =>
  model(a, lang).findings.find((f) => f.ruleId === ruleId)?.fix ?? '';
const VERSION = 'handshake-protocol-version-mismatch';
/** Runnable (not commented) lines that write a TLS 1.3 Server key. */
const liveTls13 = (fix: string): string[] =>
  fix
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => !l.startsWith('#') && /reg add [^\n]*TLS 1\.3\\Server/i.test(l));

describe('judge7 T5: client TLS 1.3/1.2, server TLS 1.0 only, the OS build unknown', () => {
  it('c19 (loose capture + .reg): enables TLS 1.2, TLS 1.3 only as a gated note beside it', async () => {
    const a = await analyze([j7('c19-capture.pcap'), j7('c19-schannel.reg')]);
    const ep = a.facts.handshakeEndpoints.find((e) => e.kind === 'version-mismatch')!;
    expect(ep).toMatchObject({
      serverBehind: true,
      fixProtocol: 'TLS 1.2',
      fixAlsoProtocol: null,
      fixAlsoIfOsHasIt: 'TLS 1.3',
      policyAllowsRefused: null,
    });
    for (const lang of ['en', 'zh-CN'] as const) {
      const fix = fixOf(a, VERSION, lang);
      expect(fix).toMatch(/^reg add '[^']*TLS 1\.2\\Server' \/v Enabled/m);
      expect(liveTls13(fix)).toEqual([]);
      expect(fix).toContain('-ge 20348');
    }
    expect(fixOf(a, VERSION)).toContain('enable TLS 1.2 for the Server side');
    expect(fixOf(a, VERSION)).toContain('never instead of it');
    expect(fixOf(a, VERSION)).not.toContain('enable TLS 1.3 for the Server side');
  });

  it('b08 (samples/s5 zipped without its manifest): the same, over both handshake groups', async () => {
    const a = await analyze([j7('b08-s5.zip')]);
    const fix = fixOf(a, VERSION);
    expect(fix).toContain('enable TLS 1.2 for the Server side');
    expect(liveTls13(fix)).toEqual([]);
    expect(liveTls13(fixOf(a, VERSION, 'zh-CN'))).toEqual([]);
  });

  it('c20 (.reg already enables TLS 1.2): says the registry cannot explain the refusal, enables nothing', async () => {
    const a = await analyze([j7('c19-capture.pcap'), j7('c20-schannel.reg')]);
    const ep = a.facts.handshakeEndpoints.find((e) => e.kind === 'version-mismatch')!;
    expect(ep).toMatchObject({ fixProtocol: null, policyAllowsRefused: 'TLS 1.2' });
    for (const lang of ['en', 'zh-CN'] as const) {
      const fix = fixOf(a, VERSION, lang);
      expect(fix.split('\n').filter((l) => /^reg add/i.test(l.trim()))).toEqual([]);
      expect(fix).toContain('(Get-CimInstance Win32_OperatingSystem).LastBootUpTime');
    }
    const en = fixOf(a, VERSION);
    expect(en).toContain('The Schannel registry allows TLS 1.2');
    expect(en).toMatch(/restart is pending/);
    expect(en).toMatch(/another machine or endpoint/);
    expect(fixOf(a, VERSION, 'zh-CN')).toContain('注册表无法解释这个抓包');
  });

  it('c23 control (client TLS 1.1/1.2, no TLS 1.3 offered): enable TLS 1.2, no TLS 1.3 note', async () => {
    const a = await analyze([j7('c23-capture.pcap'), j7('c19-schannel.reg')]);
    const fix = fixOf(a, VERSION);
    expect(fix).toContain('enable TLS 1.2 for the Server side');
    expect(fix).not.toContain('TLS 1.3');
  });
});
