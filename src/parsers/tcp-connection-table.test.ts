import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError, SNIFF, sniffValue } from '../shared/parse.js';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { tcpConnectionTableParser as parser } from './tcp-connection-table.js';

const text = (name: string): string => readFileSync(new URL(name, import.meta.url), 'utf8');
const parse = (name: string) => parser.parse(fixtureText(import.meta.url, name));
const JUDGE = '../fixtures/judge7/t07-get-nettcpconnection-apache-443/ports.txt';
const PWSH = 'tcp-connection-table.sample.en-pwsh75-notes-get-process-and-listen-table.txt';
const NARROW = 'tcp-connection-table.sample.en-ssh-notes-narrow-columns-established.txt';
const LIST = 'tcp-connection-table.sample.zh-cn-notes-listen-then-ps-format-list.txt';

/** A mail client re-flowing the text at 76 columns (long rows continue on the next line). */
function reflow(t: string, width = 76): string {
  const out: string[] = [];
  for (const line of t.replace(/\r\n?/g, '\n').split('\n')) {
    let rest = line;
    while (rest.length > width) {
      const cut = rest.lastIndexOf(' ', width);
      if (cut <= 0) break;
      out.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut + 1).trimStart();
    }
    out.push(rest);
  }
  return out.join('\n');
}

const records = (v: ReturnType<typeof parse>['value']) => ({
  listeners: v.listeners.map((l) => [l.localAddress, l.localPort, l.state, l.pid]),
  processes: v.processes.map((p) => [p.pid, p.processName]),
});

describe('net.tcp-listeners (Get-NetTCPConnection console table)', () => {
  it('reads the listening rows and the Get-Process table under them (judge7 t07)', () => {
    const { value, issues } = parse(JUDGE);
    expect(value.listeners).toMatchObject([
      { protocol: 'TCP', localAddress: '::', localPort: 443, state: 'LISTENING', pid: 5812 },
      {
        localAddress: '0.0.0.0',
        localPort: 443,
        pid: 5812,
        evidence: { lines: { start: 6, end: 6 } },
      },
    ]);
    expect(value.processes).toMatchObject([
      { pid: 5812, processName: 'httpd', evidence: { lines: { start: 13, end: 13 } } },
    ]);
    expect(issues).toEqual([]);
  });

  it('reads a real PowerShell 7 notes file: two Get-Process tables (PM(M)), a Listen table, prose between', () => {
    const { value } = parse(PWSH);
    expect(value.listeners).toHaveLength(18);
    expect(value.listeners.find((l) => l.localAddress === '192.168.122.183')).toMatchObject({
      localPort: 139,
      pid: 4,
      evidence: { lines: { start: 58, end: 58 } },
    });
    const names = new Map(value.processes.map((p) => [p.pid, p.processName]));
    expect(names.get(1972)).toBe('Memory Compression');
    expect(names.get(4)).toBe('System');
    expect(names.get(1168)).toBe('svchost'); // CPU(s) 1,022.06
    expect(value.processes.filter((p) => p.pid === 1352)).toHaveLength(1);
  });

  it('keeps only listening rows of narrow columns and counts the established one', () => {
    const { value, issues } = parse(NARROW);
    expect(records(value).listeners).toEqual([
      ['::', 22, 'LISTENING', 5584],
      ['0.0.0.0', 22, 'LISTENING', 5584],
    ]);
    expect(issues).toMatchObject([{ code: 'unsupported-variant', severity: 'info' }]);
  });

  it('reads Get-Process as a list (ps -Id … without Format-Table)', () => {
    const { value } = parse(LIST);
    expect(records(value)).toEqual({
      listeners: [['127.0.0.1', 9002, 'LISTENING', 18908]],
      processes: [[18908, 'xp.cn_cgi']],
    });
  });

  it('reads real Get-Process tables of Windows PowerShell: an empty CPU(s), decimal commas, spaced names', () => {
    // Real Get-Process outputs appended to a real Get-NetTCPConnection table (the composition is ours).
    const under = (f: string) =>
      parser
        .parse(inlineText(text(NARROW) + text(f)))
        .value.processes.map((p) => [p.pid, p.processName]);
    expect(under('tcp-connection-table.fixture.en-winrm-get-process-empty-cpu.txt')).toEqual([
      [3436, 'sqlservr'],
    ]);
    const nl = under('tcp-connection-table.fixture.nl-script-log-get-process-comma-decimals.txt');
    expect(nl).toContainEqual([4, 'System']);
    expect(nl).toContainEqual([3032, 'Memory Compression']);
    expect(nl).toContainEqual([15452, 'software_reporter_tool']);
    expect(nl).toHaveLength(10);
  });

  it('reads Get-NetTCPConnection | Format-List blocks', () => {
    const { value } = parser.parse(
      inlineText(
        [
          'PS C:\\> Get-NetTCPConnection -LocalPort 443 -State Listen | Format-List',
          '',
          'LocalAddress   : 0.0.0.0',
          'LocalPort      : 443',
          'RemoteAddress  : 0.0.0.0',
          'RemotePort     : 0',
          'State          : Listen',
          'AppliedSetting :',
          'OwningProcess  : 5812',
          'CreationTime   : 12/1/2026 9:14:02 AM',
          'OffloadState   : InHost',
          '',
        ].join('\r\n'),
      ),
    );
    expect(value.listeners).toMatchObject([
      {
        localAddress: '0.0.0.0',
        localPort: 443,
        pid: 5812,
        evidence: { lines: { start: 3, end: 11 } },
      },
    ]);
  });

  const VARIANTS: [string, (t: string) => string][] = [
    ...MANGLINGS.map((m) => [m.name, m.apply] as [string, (t: string) => string]),
    ['padding collapsed to one space', (t) => t.replace(/(\S) {2,}(?=\S)/g, '$1 ')],
    ['columns reflowed with tabs', (t) => t.replace(/(\S) {2,}(?=\S)/g, '$1\t')],
    ['wrapped by a mail client at 76 columns', (t) => reflow(t)],
    ['wrapped at 60 columns and quoted', (t) => reflow(t, 60).replace(/^/gm, '> ')],
  ];
  it.each(VARIANTS.flatMap(([n, f]) => [JUDGE, PWSH, NARROW, LIST].map((s) => [n, s, f] as const)))(
    'reads the same records when %s (%s)',
    (_n, sample, f) => {
      const want = records(parse(sample).value);
      const got = parser.parse(inlineText(f(text(sample))));
      expect(records(got.value)).toEqual(want);
    },
  );

  it('skips a row whose address the console cut, with an issue', () => {
    const { value, issues } = parser.parse(
      inlineText(
        [
          'LocalAddress                        LocalPort RemoteAddress                       RemotePort State       AppliedSetting OwningProcess',
          '------------                        --------- -------------                       ---------- -----       -------------- -------------',
          'fe80::4d2e:9c1b:7d0a:...            443       ::                                  0          Listen                     5812',
          '0.0.0.0                             443       0.0.0.0                             0          Listen                     4',
        ].join('\n'),
      ),
    );
    expect(records(value).listeners).toEqual([['0.0.0.0', 443, 'LISTENING', 4]]);
    expect(issues).toMatchObject([{ code: 'invalid-value', line: 3 }]);
  });

  it('refuses a Get-Process listing alone: it names processes, not listeners', () => {
    expect(() =>
      parser.parse(
        inlineText(text('tcp-connection-table.fixture.en-winrm-get-process-empty-cpu.txt')),
      ),
    ).toThrow(ParseError);
  });

  it('scores its header sure and other formats 0', () => {
    expect(sniffValue(parser.sniff(text(JUDGE)))).toBe(SNIFF.sure);
    expect(
      sniffValue(parser.sniff(text('netstat.sample.en-ano-http-sys-port80-snipped.txt'))),
    ).toBe(0);
    expect(
      sniffValue(parser.sniff(text('tasklist.sample.en-svc-table-iis-wrapped-snipped.txt'))),
    ).toBe(0);
    expect(
      sniffValue(parser.sniff(text('tcp-listeners.sample.synthetic-ps51-numeric-state.json.txt'))),
    ).toBe(0);
  });
});
