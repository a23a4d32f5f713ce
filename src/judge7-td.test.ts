/**
 * Judge round 7 M2 / M6, end to end on the judge's own files (copied into src/fixtures/judge7,
 * origins in its README, block "tD").
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';

const j7 = (p: string): string => new URL(`./fixtures/judge7/${p}`, import.meta.url).pathname;

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
