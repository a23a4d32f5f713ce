/**
 * Judge round 7 M2 / M6, end to end on the judge's own files (copied into src/fixtures/judge7,
 * origins in its README, block "tD").
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import type { Coverage } from './engine/coverage.js';
import { noEvidenceMessage } from './report/no-evidence.js';
import { judgeRound } from './test-support/judge.js';

const { fixture: j7 } = judgeRound(7);

describe('judge7 M2: a pasted Get-NetTCPConnection table + Get-Process', () => {
  it('t07: reads the table as listener evidence and blames httpd (PID 5812) for 443', async () => {
    const a = await analyze([
      j7('t07-get-nettcpconnection-apache-443/ports.txt'),
      j7('t07-get-nettcpconnection-apache-443/sslcert.txt'),
    ]);
    const conflicts = a.evaluation.findings.filter(
      (f) => f.ruleId === 'port-held-by-other-process',
    );
    expect(conflicts.map((f) => f.severity)).toContain('critical');
    const l = a.facts.listeners.find((x) => x.port === 443 && x.localAddress === '0.0.0.0')!;
    expect(l).toMatchObject({
      pid: 5812,
      processName: 'httpd.exe',
      ownerKind: 'apache',
      blocksHttps: true,
    });
    expect(l.sources).toEqual(['tcp-listeners']);
  });
});

describe('judge7 M6: a Linux admin pastes openssl s_client -showcerts', () => {
  it('c22: reads the leaf the server sent alone and verify error 21 as an incomplete chain', async () => {
    const a = await analyze([j7('c22-sclient-text-leaf-only/openssl-s_client.txt')], {
      asOf: '2026-12-06',
    });
    expect(a.coverage.unrecognisedFiles).toEqual([]);
    const f = a.evaluation.findings.find((x) => x.ruleId === 'certificate-chain-incomplete');
    expect(f).toMatchObject({ severity: 'high' });
    const leaf = a.facts.certificates.find((c) => c.subject?.includes('www.contoso.com'))!;
    expect(leaf).toMatchObject({
      servedOnWire: true,
      chainStatus: 'incomplete',
      chainStopReason: expect.stringContaining('Verify return code 21'),
    });
    // No handshake to judge in a text: captures are "not checked", never "no problem found".
    expect(a.coverage.evaluated).not.toContain('capture');
  });

  it('the same server sending its intermediate: no chain finding', async () => {
    const a = await analyze(
      [
        new URL('./parsers/s-client.sample.openssl3-tls12-chain-sent-verify-0.txt', import.meta.url)
          .pathname,
      ],
      { asOf: '2026-12-06' },
    );
    expect(a.evaluation.findings.filter((x) => x.ruleId.startsWith('certificate-chain'))).toEqual(
      [],
    );
  });

  const look = (encoding: string) =>
    noEvidenceMessage(
      {
        evaluated: [],
        notEvaluated: [],
        partial: [],
        unrecognisedFiles: [
          { path: 'notes.txt', size: 10, firstLine: 'hello', encoding, reason: 'unrecognised' },
        ],
        usableFiles: 0,
        recognisedFiles: [],
        failedFiles: [],
      } satisfies Coverage,
      [],
      'en',
    );
  it('gives code-page advice only for a file that is not Unicode text', () => {
    expect(look('utf-8')).not.toContain('--encoding');
    expect(look('utf-16le')).not.toContain('--encoding');
    expect(look('windows-1252')).toContain('--encoding 936');
    expect(look('windows-1252')).toContain('(windows-1252)');
  });
});
