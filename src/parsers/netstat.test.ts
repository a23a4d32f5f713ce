import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { SNIFF } from '../shared/parse.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { NETSTAT_STATES, netstatParser, splitEndpoint } from './netstat.js';

const parse = (name: string) => netstatParser.parse(fixtureText(import.meta.url, name));

describe('net.netstat', () => {
  it('reads the real zh-CN -anbo copy with padding, owners, components and an elision', () => {
    const { value, issues } = parse('netstat.sample.zh-cn-anbo-console-padded-vmware-443.txt');
    expect(value).toMatchObject({ language: 'zh-CN', hasPid: true, hasOwner: true, elided: true });
    const https = value.entries.find((e) => e.localPort === 443);
    expect(https).toMatchObject({
      protocol: 'TCP',
      localAddress: '0.0.0.0',
      state: 'LISTENING',
      pid: 26800,
      image: 'vmware-hostd.exe',
      evidence: { lines: { start: 7, end: 8 } },
    });
    expect(value.entries.find((e) => e.localPort === 135)).toMatchObject({
      pid: 1032,
      image: 'svchost.exe',
      components: ['RpcSs'],
    });
    expect(value.entries.find((e) => e.localPort === 445)).toMatchObject({
      pid: 4,
      image: null,
      ownershipUnavailable: true,
    });
    const udp = value.entries.filter((e) => e.protocol === 'UDP');
    expect(udp).toHaveLength(5);
    expect(udp[1]).toMatchObject({
      ipVersion: 6,
      localAddress: 'fe80::e908:14c9:dc52:d1d5%5',
      localPort: 52240,
      foreignAddress: '*',
      foreignPort: null,
      state: null,
      pid: 7608,
      components: ['SSDPSRV'],
      image: 'svchost.exe',
    });
    expect(issues).toMatchObject([
      { code: 'elided', line: 15 },
      { code: 'unrecognized-line', line: 31 },
    ]);
  });

  it('reads the real English -ano copy with a prompt and a SNIP marker', () => {
    const { value, issues } = parse('netstat.sample.en-ano-http-sys-port80-snipped.txt');
    expect(value).toMatchObject({ language: 'en', hasPid: true, hasOwner: false, elided: true });
    expect(value.entries).toHaveLength(6);
    expect(value.entries[1]).toMatchObject({ localPort: 80, pid: 4, state: 'LISTENING' });
    expect(issues).toMatchObject([{ code: 'elided', line: 12 }]);
  });

  it('reads the real French -ano copy: French headers over English state tokens', () => {
    const { value, issues } = parse('netstat.sample.fr-fr-ano-tp-report-cut.txt');
    expect(value).toMatchObject({ hasPid: true, hasOwner: false });
    expect(value.entries).toHaveLength(23);
    expect(value.entries[0]).toMatchObject({ localPort: 80, pid: 4, state: 'LISTENING' });
    expect(value.entries[22]).toMatchObject({ localPort: 51114, state: 'TIME_WAIT' });
    expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  it('reads the real Spanish -ano copy: Spanish headers over English state tokens', () => {
    const { value, issues } = parse('netstat.sample.es-es-ano-course-vm-trimmed.txt');
    expect(value).toMatchObject({ hasPid: true });
    expect(value.entries).toHaveLength(12);
    expect(value.entries[8]).toMatchObject({ localPort: 51824, pid: 6760, state: 'ESTABLISHED' });
    expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  it('maps German headers and states to the canonical states', () => {
    const { value, issues } = parse('netstat.sample.synthetic-de-de-ano.txt');
    expect(value.language).toBe('de-DE');
    expect(value.entries.map((e) => e.state)).toEqual([
      'LISTENING',
      'LISTENING',
      'ESTABLISHED',
      'TIME_WAIT',
      'LISTENING',
      null,
    ]);
    expect(value.entries[4]).toMatchObject({ localAddress: '::', ipVersion: 6, pid: 5120 });
    expect(issues).toEqual([]);
  });

  it('keeps ownership lines, IPv6 listeners and UDP 443 apart when -anob ran', () => {
    const { value, issues } = parse('netstat.sample.synthetic-en-anob-ipv6-ownership.txt');
    expect(issues).toEqual([]);
    const listening443 = value.entries.filter(
      (e) => e.localPort === 443 && e.state === 'LISTENING',
    );
    expect(listening443.map((e) => [e.localAddress, e.pid, e.ownershipUnavailable])).toEqual([
      ['0.0.0.0', 4, true],
      ['::', 4, true],
    ]);
    expect(value.entries.find((e) => e.localPort === 8443)).toMatchObject({ image: 'Skype.exe' });
    expect(value.entries.find((e) => e.protocol === 'UDP' && e.localPort === 443)).toMatchObject({
      pid: 4,
      ownershipUnavailable: true,
    });
  });

  it('reads -an without a PID column from a quoted, re-flowed mail copy', () => {
    const { value, issues } = parse('netstat.sample.synthetic-en-an-no-pid-quoted.txt');
    expect(issues).toEqual([]);
    expect(value.hasPid).toBe(false);
    expect(value.entries).toHaveLength(4);
    expect(value.entries[1]).toMatchObject({
      localAddress: '10.0.0.5',
      foreignPort: 51234,
      state: 'ESTABLISHED',
      pid: null,
    });
    expect(value.entries[3]).toMatchObject({ protocol: 'UDP', pid: null, state: null });
  });

  it('reports an empty input and unknown states without throwing', () => {
    expect(netstatParser.parse(inlineText('')).issues).toMatchObject([{ code: 'empty-input' }]);
    const { value, issues } = netstatParser.parse(
      inlineText(
        '  TCP    0.0.0.0:443   0.0.0.0:0   ÉCOUTE   77\n  TCP  bogus  0.0.0.0:0  LISTENING  1',
      ),
    );
    expect(value.entries[0]).toMatchObject({ state: null, stateRaw: 'ÉCOUTE', pid: 77 });
    expect(issues).toMatchObject([
      { code: 'invalid-value', line: 1 },
      { code: 'invalid-value', line: 2 },
    ]);
  });

  it('recognises netstat output by its content', () => {
    expect(
      netstatParser.sniff(
        'Active Connections\n\n  Proto  Local Address  Foreign Address  State  PID\n  TCP    0.0.0.0:443   0.0.0.0:0   LISTENING   4\n',
      ),
    ).toBeGreaterThanOrEqual(SNIFF.sure);
    expect(netstatParser.sniff('Image Name  PID  Services')).toBe(0);
    // `netstat -ano | findstr 443`: rows without the header still count.
    expect(
      netstatParser.sniff(
        '  TCP    0.0.0.0:443            0.0.0.0:0              LISTENING       4\n',
      ),
    ).toBeGreaterThanOrEqual(SNIFF.fragment);
  });

  it('splits endpoints of every form', () => {
    expect(splitEndpoint('[::]:443')).toEqual({ address: '::', port: 443, ipVersion: 6 });
    expect(splitEndpoint('*:*')).toEqual({ address: '*', port: null, ipVersion: 4 });
    expect(splitEndpoint('0.0.0.0:99999')).toBeNull();
  });

  it('reads real pasted fragments: a filtered blog copy and tab-indented notes', () => {
    const a = parse('netstat.sample.en-ano-sls-443-blog-shortcode-elided.txt');
    expect(a.value.entries.map((e) => [e.localAddress, e.localPort, e.state, e.pid])).toEqual([
      ['0.0.0.0', 443, 'LISTENING', 4],
      ['::', 443, 'LISTENING', 4],
    ]);
    expect(a.value.elided).toBe(true);
    const b = parse('netstat.sample.en-ano-notes-tab-indented-fenced-elided.txt');
    expect(b.value.entries).toHaveLength(10);
    expect(b.value.entries[9]).toMatchObject({ localPort: 4444, state: 'ESTABLISHED', pid: 2044 });
    expect(b.issues.filter((i) => i.code === 'unrecognized-line')).toEqual([]);
  });

  it('reads localized two-word states and rows merged onto one line', () => {
    const { value, issues } = netstatParser.parse(
      inlineText(
        '  TCP    127.0.0.1:3000         0.0.0.0:0              IN ASCOLTO       31  TCP    0.0.0.0:3000           0.0.0.0:0              ESCUCHANDO       32\n',
      ),
    );
    expect(issues).toEqual([]);
    expect(value.entries.map((e) => [e.localPort, e.state, e.stateRaw, e.pid])).toEqual([
      [3000, 'LISTENING', 'IN ASCOLTO', 31],
      [3000, 'LISTENING', 'ESCUCHANDO', 32],
    ]);
  });

  const real = [
    'netstat.sample.en-ano-http-sys-port80-snipped.txt',
    'netstat.sample.zh-cn-anbo-console-padded-vmware-443.txt',
    'netstat.sample.en-ano-sls-443-blog-shortcode-elided.txt',
    'netstat.sample.en-ano-notes-tab-indented-fenced-elided.txt',
  ];
  const records = (name: string, text?: string) =>
    netstatParser
      .parse(fixtureText(import.meta.url, name, 'net.netstat', text))
      .value.entries.map((e) => [e.protocol, e.localAddress, e.localPort, e.state, e.pid, e.image]);
  const original = (name: string) => fixtureText(import.meta.url, name).text;
  const NETSTAT_MANGLINGS: [string, (t: string) => string][] = [
    ...MANGLINGS.map((m) => [m.name, m.apply] as [string, (t: string) => string]),
    ['columns reflowed with tabs', (t) => t.replace(/(\S) {2,}(?=\S)/g, '$1\t')],
    ['rows merged onto one line', (t) => t.replace(/\n(?=\s*TCP\s)/g, '  ')],
    [
      'rows pasted as a Markdown table',
      (t) =>
        t.replace(
          /^[ \t]*((?:TCP|UDP)\s.*?)[ \t\r]*$/gm,
          (_, row: string) => `| ${row.split(/\s+/).join(' | ')} |`,
        ),
    ],
  ];
  describe.each(NETSTAT_MANGLINGS)('tolerates %s', (_name, mangle) => {
    it.each(real)('%s yields the same records', (name) => {
      expect(records(name, mangle(original(name)))).toEqual(records(name));
    });
  });
});

describe('net.netstat pasted as a Markdown table (judge6 M11c)', () => {
  it.each([
    [
      '| TCP | 0.0.0.0:443 | 0.0.0.0:0 | LISTENING | 5812 |',
      ['TCP', '0.0.0.0', 443, 'LISTENING', 5812],
    ],
    ['|TCP|[::]:443|[::]:0|LISTENING|4|', ['TCP', '::', 443, 'LISTENING', 4]],
    ['> | UDP | 0.0.0.0:500 | *:* |  | 3364 |', ['UDP', '0.0.0.0', 500, null, 3364]],
    [
      '  | TCP | 10.0.0.5:443 | 0.0.0.0:0 | LISTEN | 5812 |  ',
      ['TCP', '10.0.0.5', 443, 'LISTENING', 5812],
    ],
  ])('reads %j', (row, expected) => {
    const text = `| Proto | Local Address | Foreign Address | State | PID |\n|---|---|---|---|---|\n${row}\n`;
    const { value, issues } = netstatParser.parse(inlineText(text, 'net.netstat'));
    const e = value.entries.map((x) => [x.protocol, x.localAddress, x.localPort, x.state, x.pid]);
    expect(e).toEqual([expected]);
    expect(value.language).toBe('en');
    expect(issues).toEqual([]);
    expect(netstatParser.sniff(text)).toBeGreaterThanOrEqual(SNIFF.likely);
  });

  it('reads the judge’s Teams copy: the rows, the sentence above them said unread', () => {
    const text = readFileSync(
      new URL('../fixtures/judge6/p57-netstat-markdown-table/netstat.md', import.meta.url),
      'utf8',
    );
    const { value, issues } = netstatParser.parse(inlineText(text, 'net.netstat'));
    expect(value.entries.map((x) => `${x.localAddress}:${x.localPort} ${x.pid}`)).toEqual([
      '0.0.0.0:80 4',
      '0.0.0.0:135 840',
      '0.0.0.0:443 5812',
      '0.0.0.0:445 4',
      '0.0.0.0:3389 968',
    ]);
    expect(issues.map((i) => `${i.code}@${i.line}`)).toEqual(['unrecognized-line@1']);
  });

  it('leaves a table that is no netstat and a lone pipe line alone', () => {
    const { value } = netstatParser.parse(inlineText('| a | b |\n|\n| TCP |\n', 'net.netstat'));
    expect(value.entries).toEqual([]);
  });
});

describe('net.netstat state table', () => {
  it('cites where every state token was seen, and marks what no output showed', () => {
    for (const e of NETSTAT_STATES)
      expect(e.source, `${e.locale} ${e.token}`).toMatch(/^(real: \S|fixture: \d|unverified)/);
    // Never presented as verified: no localized token outside de-DE and es-ES has a fixture or better.
    const verified = NETSTAT_STATES.filter((e) => !e.source.startsWith('unverified'));
    expect([...new Set(verified.map((e) => e.locale))].sort()).toEqual([
      'de-DE',
      'en',
      'es-ES',
      'fr-FR',
    ]);
    expect(NETSTAT_STATES.filter((e) => e.source.startsWith('real')).map((e) => e.locale)).toEqual([
      'en',
      'en',
      'en',
    ]);
  });
});
