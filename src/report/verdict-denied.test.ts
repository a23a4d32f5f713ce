/**
 * judge r9 s07: a collected file that holds only its command's access / elevation error, or the
 * collector's "failed" entry for it, makes its area "not checked: <command> failed: access denied;
 * re-run the collector as Administrator" in every output — never "no problem found".
 * The error texts are synthetic (Windows' messages; no real capture in /work/shared/real shows one).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { buildReportModel } from './model.js';
import { renderMarkdown } from './render-md.js';

const healthy = new URL('../../samples/healthy/', import.meta.url).pathname;
const opts = { now: new Date('2026-11-20T00:00:00Z'), toolVersion: 'test' };
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Entry {
  id: string;
  path: string;
  status: string;
  size?: number;
  sha256?: string;
  reason?: string;
  exitCode?: number;
}

/** The healthy sample with one artifact's file replaced by `text` (manifest updated as the collector would). */
function bundleWith(id: string, text: string | null, edit?: (e: Entry) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-denied-'));
  dirs.push(dir);
  cpSync(healthy, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    host: { elevated?: boolean };
    artifacts: Entry[];
  };
  manifest.host.elevated = false;
  const entry = manifest.artifacts.find((x) => x.id === id)!;
  if (text !== null) {
    writeFileSync(join(dir, entry.path), text);
    entry.size = Buffer.byteLength(text);
    entry.sha256 = createHash('sha256').update(text).digest('hex');
  } else rmSync(join(dir, entry.path));
  edit?.(entry);
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return dir;
}

async function verdictOf(dir: string, lang: 'en' | 'zh-CN' = 'en') {
  const result = await analyze([dir]);
  const model = buildReportModel(result, { ...opts, lang });
  return { result, model, md: renderMarkdown(model) };
}

const ACCESS = 'Access is denied.\r\n';
const ELEVATION = 'The requested operation requires elevation (Run as administrator).\r\n';

describe('verdict: a command denied its rights (judge r9 s07)', () => {
  it.each([
    ['httpsys.sslcert', 'netsh http show sslcert', ELEVATION, 'requires elevation'],
    ['httpsys.iplisten', 'netsh http show iplisten', ELEVATION, 'requires elevation'],
    ['httpsys.registry', 'reg export', 'ERROR: Access denied\r\n', 'access denied'],
    ['schannel.registry', 'reg export', 'Zugriff verweigert\r\n', 'access denied'],
    [
      'httpsys.sslcert',
      'netsh http show sslcert',
      'L’opération demandée nécessite une élévation (Exécuter en tant qu’administrateur).\r\n',
      'requires elevation',
    ],
    ['net.netstat', 'netstat', ACCESS, 'access denied'],
    ['net.processes', 'tasklist', '拒绝访问\r\n', 'access denied'],
    [
      'cert.certutil',
      'certutil -v -store my',
      'CertUtil: -store command FAILED: 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)\r\nCertUtil: Access is denied.\r\n',
      'access denied',
    ],
    ['cert.machinekeys-acl', 'icacls', ACCESS, 'access denied'],
    [
      'events.schannel',
      'wevtutil',
      'Get-WinEvent : Attempted to perform an unauthorized operation.\r\nAt line:1 char:1\r\n+ Get-WinEvent -LogName System\r\n+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~\r\n',
      'access denied',
    ],
    ['iis.config', 'applicationHost.config', ACCESS, 'access denied'],
    ['iis.appcmd-sites', 'appcmd', ACCESS, 'access denied'],
  ])(
    '%s: names the command, the failure and the elevated re-run',
    async (id, command, text, why) => {
      const { result, model, md } = await verdictOf(bundleWith(id, text));
      expect(result.parsed.artifacts.find((a) => a.id === id)?.status).toBe('failed');
      const denied = model.verdict.denied.find((d) => d.id === id);
      expect(denied?.command).toContain(command);
      const line = `${model.verdict.headline} ${model.verdict.notCheckedLine ?? ''}`;
      expect(line).toContain(`${denied!.command} failed: ${why}`);
      expect(line).toContain('re-run the collector as Administrator');
      expect(md).toContain('re-run the collector as Administrator');
    },
  );

  it('names a command the collector itself marked failed for access', async () => {
    const dir = bundleWith('cert.certutil', null, (e) => {
      e.status = 'failed';
      e.exitCode = 5;
      e.reason = 'exit code 5: Access is denied.';
      delete e.size;
      delete e.sha256;
    });
    const { model } = await verdictOf(dir);
    expect(model.verdict.denied).toMatchObject([{ id: 'cert.certutil', why: 'access-denied' }]);
    expect(model.verdict.headline).toContain(
      'certutil -v -store my failed: access denied; re-run the collector as Administrator',
    );
    // The area is not "collect cert.certutil" as if the command had never run.
    expect(model.verdict.headline).not.toMatch(/collect [^;]*\(cert\.certutil\)/);
  });

  // What the collector writes since r10: netsh's error on stdout with exit code 1 is a failed step
  // with the error as its reason, its file kept (collectors/tests/HttpSys.Tests.ps1).
  const FR = 'L’opération demandée nécessite une élévation (Exécuter en tant qu’administrateur).';
  const JA = '要求された操作には管理者特権が必要です。';
  it.each([
    [
      'en-US',
      ELEVATION.trim(),
      ' (requires elevation: run the collector as administrator)',
      'elevation',
    ],
    [
      'fr-FR (synthetic)',
      FR,
      ' (requires elevation: run the collector as administrator)',
      'elevation',
    ],
    [
      'ja-JP (synthetic, a language the collector does not know)',
      JA,
      ' (the collector ran without elevation)',
      null,
    ],
  ])(
    'a netsh step the collector marked failed with its %s error kept: HTTP.sys bindings not checked',
    async (_lang, text, tail, why) => {
      const dir = bundleWith('httpsys.sslcert', `${text}\r\n`, (e) => {
        e.status = 'failed';
        e.exitCode = 1;
        e.reason = `exit code 1: ${text}${tail}; its output is kept`;
      });
      const { result, model } = await verdictOf(dir);
      expect(result.parsed.artifacts.find((a) => a.id === 'httpsys.sslcert')?.status).toBe(
        'not-collected',
      );
      expect(result.coverage.evaluated).not.toContain('httpsys');
      expect(model.verdict.notChecked.map((n) => n.area)).toContain('httpsys');
      expect(model.verdict.headline).not.toMatch(/No problem found in[^;]*HTTP\.sys bindings/);
      expect(model.verdict.denied.find((d) => d.id === 'httpsys.sslcert')?.why ?? null).toBe(why);
      expect(
        result.evaluation.findings.filter((f) => f.severity !== 'info' && f.severity !== 'low'),
      ).toEqual([]);
    },
  );

  it('an older collector\'s "collected, exit code 1" with an error no table knows: not an empty state', async () => {
    const dir = bundleWith('httpsys.sslcert', `${JA}\r\n`, (e) => {
      e.status = 'collected';
      e.exitCode = 1;
    });
    const { result, model } = await verdictOf(dir);
    const ssl = result.parsed.artifacts.find((a) => a.id === 'httpsys.sslcert');
    expect(ssl?.status).toBe('failed');
    expect(ssl?.files[0]?.issues).toContainEqual(
      expect.objectContaining({ code: 'exit-code-no-records', severity: 'error' }),
    );
    expect(model.verdict.notChecked.map((n) => n.area)).toContain('httpsys');
    expect(model.verdict.headline).not.toMatch(/No problem found in[^;]*HTTP\.sys bindings/);
  });

  it('keeps output with records whatever the exit code says', async () => {
    const text = readFileSync(join(healthy, 'httpsys/netsh-http-show-sslcert.txt'), 'utf8');
    const dir = bundleWith('httpsys.sslcert', text, (e) => {
      e.exitCode = 1;
    });
    const { result } = await verdictOf(dir);
    expect(result.parsed.artifacts.find((a) => a.id === 'httpsys.sslcert')?.status).toBe('parsed');
  });

  it('says it in zh-CN', async () => {
    const { model } = await verdictOf(bundleWith('httpsys.sslcert', '拒绝访问。\r\n'), 'zh-CN');
    expect(model.verdict.headline).toContain('netsh http show sslcert 失败：拒绝访问');
    expect(model.verdict.headline).toContain('请以管理员身份');
  });

  it('does not name a command that failed for another reason', async () => {
    const dir = bundleWith('cert.certutil', null, (e) => {
      e.status = 'failed';
      e.reason = 'timed out after 120 s and was stopped; partial output kept';
      delete e.size;
      delete e.sha256;
    });
    const { model } = await verdictOf(dir);
    expect(model.verdict.denied).toEqual([]);
  });
});
