/**
 * Judge round 14 M1: two independent critical causes (an expired certificate, or a certificate
 * without its private key, AND no TLS version left on the server side) are both named by the
 * verdict — fixing one leaves HTTPS down — while the order and the first step stay the first
 * cause's. Fixtures: src/fixtures/judge14 (README there).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { ticketSummary } from './report/summary.js';
import { judgeRound } from './test-support/judge.js';

const { fixture, model } = judgeRound(14, '2026-12-07T00:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'td-j14-verdict-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('judge14 M1: independent critical causes', () => {
  it('case 01: names the expired certificate and the missing protocol, first step unchanged', async () => {
    const m = model(await analyze([fixture('01-synthetic-expired-plus-tls12-off')]));
    const v = m.verdict;
    expect(v.headline).toMatch(
      /^2 independent critical causes — fixing one does not fix the others/,
    );
    expect(v.headline).toContain('1) The bound certificate had expired');
    expect(v.headline).toContain('2) No TLS version is left on the server side of Schannel');
    expect(v.rootCause?.ruleId).toBe('certificate-expired');
    expect(v.rootCause?.firstStep).toMatch(/^netsh http show sslcert ipport=0\.0\.0\.0:443 >> /);
    expect(v.rootCause?.alsoCauses?.map((c) => c.ruleId)).toEqual([
      'schannel-no-server-protocol-left',
    ]);
    expect(ticketSummary(m)).toContain(
      'Also blocking: No TLS version is left on the server side of Schannel [schannel-no-server-protocol-left]',
    );
  });

  it('case 26: names the missing private key and the missing protocol, in zh-CN too', async () => {
    const a = await analyze([fixture('26-synthetic-nokey-tlsoff-iplisten')]);
    const v = model(a).verdict;
    expect(v.headline).toMatch(/^2 independent critical causes/);
    expect(v.headline).toContain('1) The bound certificate has no usable private key');
    expect(v.headline).toContain('2) No TLS version is left');
    expect(v.rootCause?.firstStep).toBe(
      'certutil -verifystore my A3A24DDC3DB9C858165EB1AA0210D1732F4388C3',
    );
    expect(model(a, 'zh-CN').verdict.headline).toMatch(/^2 个相互独立的严重原因/);
  });

  it('keeps "Root cause" when only one critical cause is left', async () => {
    const dir = join(tmp, '01-without-schannel');
    cpSync(fixture('01-synthetic-expired-plus-tls12-off'), dir, { recursive: true });
    rmSync(join(dir, 'schannel.reg'));
    const v = model(await analyze([dir])).verdict;
    expect(v.headline).toMatch(/^Root cause: The bound certificate had expired/);
    expect(v.rootCause?.alsoCauses).toBeUndefined();
  });
});

describe('judge14 M7: zh-CN fix comments of the protocol rules', () => {
  it('case 22 (case 01 in zh-CN): the state and why it holds are in Chinese', async () => {
    const a = await analyze([fixture('01-synthetic-expired-plus-tls12-off')]);
    const zh = model(a, 'zh-CN');
    const fixes = ['schannel-server-protocol-disabled', 'schannel-no-server-protocol-left'].map(
      (id) => zh.findings.find((f) => f.ruleId === id)!.fix,
    );
    for (const fix of fixes) {
      const first = fix.split('\n')[0]!;
      expect(first).toContain('TLS 1.2\\Server 下 Enabled=0：即使应用程序请求也不会使用。');
      expect(first).not.toMatch(/under|even when|disabled/);
    }
    expect(fixes[0]).toMatch(/^# Schannel 服务器端的 TLS 1\.2 状态为已禁用：/);
  });
});
