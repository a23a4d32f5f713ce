import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { SNIFF } from '../shared/parse.js';
import { tasklistParser } from './tasklist.js';

const parse = (name: string) => tasklistParser.parse(fixtureText(import.meta.url, name));

describe('net.processes', () => {
  it('reads the real French table: Ko memory, French headers', () => {
    // Public code index file id 39622487534 (a French course report): `tasklist` on fr-FR.
    const { value } = tasklistParser.parse(
      fixtureText(import.meta.url, 'tasklist.sample.fr-fr-tp-report-cut.txt'),
    );
    expect(value.processes).toHaveLength(16);
    expect(value.hasServices).toBe(false);
    expect(value.processes[1]).toMatchObject({
      image: 'System',
      pid: 4,
      services: null,
      sessionName: 'Services',
      sessionNumber: 0,
      memKb: 2316,
    });
    expect(value.processes[15]).toMatchObject({ image: 'winlogon.exe', sessionName: 'Console' });
  });

  it('reads the real /svc table with wrapped service lists, snips and a cut image name', () => {
    const { value, issues } = parse('tasklist.sample.en-svc-table-iis-wrapped-snipped.txt');
    expect(value).toMatchObject({ form: 'table', hasServices: true, elided: true });
    expect(value.processes.find((p) => p.pid === 776)).toMatchObject({
      image: 'svchost.exe',
      services: [
        'BrokerInfrastructure',
        'DcomLaunch',
        'LSM',
        'PlugPlay',
        'Power',
        'SystemEventsBroker',
      ],
      evidence: { lines: { start: 12, end: 13 } },
    });
    expect(value.processes.find((p) => p.pid === 1988)?.services).toEqual(['W3SVC', 'WAS']);
    expect(value.processes.find((p) => p.pid === 4)).toMatchObject({
      image: 'System',
      services: [],
    });
    expect(value.processes.find((p) => p.pid === 0)?.image).toBe('System Idle Process');
    expect(value.processes.find((p) => p.pid === 1140)).toMatchObject({
      image: 'FileZilla Server.exe',
      services: ['FileZilla Server'],
      imageTruncated: false,
    });
    expect(value.processes.find((p) => p.pid === 5628)).toMatchObject({
      image: 'FileZilla Server Interfac',
      imageTruncated: true,
    });
    expect(issues).toMatchObject([
      { code: 'elided', line: 21 },
      { code: 'elided', line: 37 },
    ]);
    expect(value.processes).toHaveLength(37);
  });

  it('keeps the rows before a real CSV capture cut in the middle of its last row', () => {
    const { value, issues } = parse('tasklist.sample.en-fo-csv-truncated-mid-row.txt');
    expect(value).toMatchObject({ form: 'csv', hasServices: false });
    expect(value.processes).toHaveLength(10);
    expect(value.processes[3]).toMatchObject({
      image: 'python.exe',
      pid: 16472,
      sessionName: 'Console',
      sessionNumber: 1,
      memKb: 1702992,
      services: null,
    });
    expect(value.processes[9]).toMatchObject({ pid: 3720, memKb: null });
    expect(issues).toMatchObject([{ code: 'truncated', line: 11 }]);
  });

  it('reads /svc /fo csv with N/A, multi-service and empty service columns', () => {
    const { value, issues } = parse('tasklist.sample.synthetic-svc-csv-iis-vmware.txt');
    expect(issues).toEqual([]);
    expect(value.hasServices).toBe(true);
    expect(value.processes.find((p) => p.pid === 26800)).toMatchObject({
      image: 'vmware-hostd.exe',
      services: ['VMwareHostd'],
      evidence: { lines: { start: 7, end: 7 } },
    });
    expect(value.processes.find((p) => p.pid === 1988)?.services).toEqual(['W3SVC', 'WAS']);
    expect(value.processes.find((p) => p.pid === 3188)?.services).toEqual([]);
  });

  it('reads a zh-CN header and reports stray rows and bad PIDs', () => {
    const { value, issues } = parse('tasklist.sample.synthetic-zh-cn-svc-csv-nh-mixed.txt');
    expect(value.processes.map((p) => [p.pid, p.services])).toEqual([
      [4, []],
      [1988, ['W3SVC', 'WAS']],
    ]);
    expect(issues).toMatchObject([
      { code: 'unrecognized-line', line: 4 },
      { code: 'invalid-value', line: 5 },
    ]);
  });

  it('reads the session table with thousands separators and collapsed padding', () => {
    const { value, issues } = parse('tasklist.sample.synthetic-en-table-sessions-collapsed.txt');
    expect(issues).toEqual([]);
    expect(value.hasServices).toBe(false);
    expect(value.processes[2]).toMatchObject({
      image: 'vmware-hostd.exe',
      pid: 26800,
      sessionName: 'Services',
      sessionNumber: 0,
      memKb: 42312,
      services: null,
    });
    expect(value.processes[3]).toMatchObject({ image: 'w3wp.exe', pid: 5120, memKb: 61220 });
  });

  it('joins a wrapped service list whose indentation was lost', () => {
    const { value, issues } = parse('tasklist.sample.synthetic-svc-table-collapsed-wrap.txt');
    expect(issues).toEqual([]);
    expect(value.processes.find((p) => p.pid === 776)?.services).toHaveLength(6);
    expect(value.processes.find((p) => p.pid === 1988)?.services).toEqual(['W3SVC', 'WAS']);
  });

  it('reports an empty input without throwing', () => {
    expect(tasklistParser.parse(inlineText('')).issues).toMatchObject([{ code: 'empty-input' }]);
  });

  it('recognises both forms by content', () => {
    expect(
      tasklistParser.sniff('"Image Name","PID","Services"\n"System","4","N/A"\n'),
    ).toBeGreaterThanOrEqual(SNIFF.likely);
    expect(
      tasklistParser.sniff('Image Name  PID Services\n========================= ======== =====\n'),
    ).toBeGreaterThanOrEqual(SNIFF.likely);
    expect(tasklistParser.sniff('Active Connections')).toBe(0);
  });

  it('reads the real web-page copy whose separator line lost its columns', () => {
    const { value, issues } = parse('tasklist.sample.en-svc-winxp-web-page-broken-separator.txt');
    expect(value).toMatchObject({ form: 'table', hasServices: true });
    expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(value.processes).toHaveLength(9);
    expect(value.processes[0]).toMatchObject({
      image: 'System Idle Process',
      pid: 0,
      services: [],
    });
    expect(value.processes.find((p) => p.pid === 816)?.services).toHaveLength(27);
    expect(value.processes.every((p) => !p.imageTruncated)).toBe(true);
  });

  it('reads rows without their header (filtered through findstr)', () => {
    const { value } = tasklistParser.parse(
      inlineText(
        'svchost.exe                   1988 W3SVC, WAS\ninetinfo.exe                  1164 IISADMIN\n',
      ),
    );
    expect(value.processes.map((p) => [p.image, p.pid, p.services])).toEqual([
      ['svchost.exe', 1988, ['W3SVC', 'WAS']],
      ['inetinfo.exe', 1164, ['IISADMIN']],
    ]);
    expect(tasklistParser.sniff('svchost.exe                   1988 W3SVC, WAS\n')).toBeGreaterThan(
      0,
    );
  });

  const real = [
    'tasklist.sample.en-svc-table-iis-wrapped-snipped.txt',
    'tasklist.sample.en-fo-csv-truncated-mid-row.txt',
    'tasklist.sample.en-svc-winxp-web-page-broken-separator.txt',
  ];
  const records = (name: string, text?: string) =>
    tasklistParser
      .parse(fixtureText(import.meta.url, name, 'net.processes', text))
      .value.processes.map((p) => [p.image, p.pid, p.services, p.sessionName]);
  const original = (name: string) => fixtureText(import.meta.url, name).text;
  const TASKLIST_MANGLINGS: [string, (t: string) => string][] = [
    ...MANGLINGS.map((m) => [m.name, m.apply] as [string, (t: string) => string]),
    ['columns reflowed with tabs', (t) => t.replace(/(\S) {2,}(?=\S)/g, '$1\t')],
  ];
  describe.each(TASKLIST_MANGLINGS)('tolerates %s', (_name, mangle) => {
    it.each(real)('%s yields the same records', (name) => {
      expect(records(name, mangle(original(name)))).toEqual(records(name));
    });
  });
});
