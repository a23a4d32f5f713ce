import { describe, expect, it } from 'vitest';
import { inlineText } from '../test-support/fixtures.js';
import { settleParsedRuns } from './console-listings.js';
import { netstatParser } from './netstat.js';
import { tasklistParser } from './tasklist.js';

const P = 'C:\\Windows\\system32>';
const row = (port: number, pid: number) =>
  `  TCP    0.0.0.0:${port}            0.0.0.0:0              LISTENING       ${pid}`;
const netstat = (lines: string[]) =>
  netstatParser.parse(inlineText(lines.join('\r\n'), 'net.netstat'));

describe('console copies with several netstat / tasklist runs (judge8 T3)', () => {
  it('a later run with the same filter makes the earlier rows history', () => {
    const { value, issues } = netstat([
      `${P}netstat -ano | findstr :443`,
      row(443, 5812),
      '',
      `${P}netstat -ano | findstr :443`,
      row(443, 4),
      '',
      P,
    ]);
    expect(value.entries.map((e) => e.pid)).toEqual([4]);
    expect(value.history?.map((e) => e.pid)).toEqual([5812]);
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'multiple-listings', line: 4, severity: 'info' }),
    );
  });

  it('a later run that printed nothing still covers (the holder is gone)', () => {
    const { value } = netstat([
      `${P}netstat -ano | findstr :443`,
      row(443, 5812),
      `${P}netstat -ano | findstr :443`,
      '',
      `${P}netsh http show sslcert`,
    ]);
    expect(value.entries).toEqual([]);
    expect(value.history?.map((e) => e.pid)).toEqual([5812]);
  });

  it("a later echo followed by another command's output is no run (segments fuzzing)", () => {
    // Replays FUZZ_SEED=-370341105 of segments.fuzz.test.ts: the echo glued before a certutil
    // listing made the netstat rows history, with an issue outside the netstat output.
    const { value, issues } = netstat([
      `${P}netstat -ano | findstr :443`,
      row(443, 4),
      `${P}netstat -ano | findstr :443`,
      'My "Personal"',
      '================ Certificate 0 ================',
      'Serial Number: 3001',
      '',
      'CertUtil: -store command completed successfully.',
    ]);
    expect(value.entries.map((e) => e.pid)).toEqual([4]);
    expect(value.history ?? []).toEqual([]);
    expect(issues.filter((i) => i.code === 'multiple-listings')).toEqual([]);
  });

  it('a later run of another filter, or an echo that ends the copy, covers nothing', () => {
    const other = netstat([
      `${P}netstat -ano | findstr :443`,
      row(443, 5812),
      `${P}netstat -ano | findstr :8443`,
      row(8443, 77),
      P,
    ]);
    expect(other.value.entries.map((e) => e.pid)).toEqual([5812, 77]);
    expect(other.value.history).toBeUndefined();
    const cut = netstat([`${P}netstat -ano | findstr :443`, row(443, 5812), `${P}netstat -ano`]);
    expect(cut.value.entries.map((e) => e.pid)).toEqual([5812]);
  });

  it('an unfiltered later run covers every earlier row', () => {
    const { value } = netstat([
      `${P}netstat -ano | findstr :443`,
      row(443, 5812),
      `${P}netstat -ano`,
      '  Proto  Local Address          Foreign Address        State           PID',
      row(80, 4),
      P,
    ]);
    expect(value.entries.map((e) => e.localPort)).toEqual([80]);
  });

  it('tasklist /fi "pid eq N" covers that process only', () => {
    const text = [
      `${P}tasklist /fi "pid eq 5812"`,
      '',
      'Image Name                     PID Session Name        Session#    Mem Usage',
      '========================= ======== ================ =========== ============',
      'Skype.exe                     5812 Console                    1     98,440 K',
      'w3wp.exe                      6120 Services                   0     40,000 K',
      '',
      `${P}tasklist /fi "pid eq 5812"`,
      'INFO: No tasks are running which match the specified criteria.',
      '',
      P,
    ].join('\r\n');
    const { value } = tasklistParser.parse(inlineText(text, 'net.processes'));
    expect(value.processes.map((p) => p.image)).toEqual(['w3wp.exe']);
    expect(value.history?.map((p) => p.image)).toEqual(['Skype.exe']);
  });

  it("a later tasklist echo followed by another command's output is no run (synthetic, t11)", () => {
    // Synthetic: a `tasklist /svc` copy, then the echo of a second run glued before a certutil
    // listing (what the netstat fix above guards against). On main the three processes became
    // history: W3SVC's owner was not evaluated.
    const lines = [
      `${P}tasklist /svc`,
      '',
      'Image Name                     PID Services',
      '========================= ======== ============================================',
      'System                           4 N/A',
      'svchost.exe                   1988 W3SVC, WAS',
      'w3wp.exe                      6120 N/A',
      '',
      `${P}tasklist /svc`,
      'My "Personal"',
      '================ Certificate 0 ================',
      'Serial Number: 3001',
      'Cert Hash(sha1): 0123456789abcdef0123456789abcdef01234567',
      '',
      'CertUtil: -store command completed successfully.',
    ];
    // As a loose paste is read: the tasklist output alone, settled against the whole copy.
    const own = lines.map((l, i) => (i < 8 ? l : ''));
    const { value } = tasklistParser.parse(inlineText(own.join('\r\n'), 'net.processes'));
    expect(settleParsedRuns('net.processes', value, lines)).toEqual([]);
    expect(value.processes.map((p) => p.pid)).toEqual([4, 1988, 6120]);
    expect(value.history ?? []).toEqual([]);
    // A later run that printed rows, or found nothing, still covers.
    for (const out of [
      ['svchost.exe                   1988 W3SVC'],
      ['INFO: No tasks are running which match the specified criteria.'],
      ['信息: 没有运行的任务匹配指定标准。'],
    ]) {
      const again = tasklistParser.parse(inlineText(own.join('\r\n'), 'net.processes')).value;
      const copy = [...lines.slice(0, 9), ...out, P];
      expect(settleParsedRuns('net.processes', again, copy)).toMatchObject([
        { code: 'multiple-listings' },
      ]);
      expect(again.processes).toEqual([]);
    }
  });
});
