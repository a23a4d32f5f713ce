import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SNIFF } from '../shared/parse.js';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { netshSslcertParser, parseNetshSslcert } from './netsh-sslcert.js';

const SAMPLE = 'netsh-sslcert.sample.synthetic-console-repair-show-delete-add-show.txt';
const HASH = '61d34f532da121bbab64723c4871e72c92f03735';
const block = (endpoint: string, hash: string): string[] => [
  `    IP:port                      : ${endpoint}`,
  `    Certificate Hash             : ${hash}`,
  '    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}',
  '    Certificate Store Name       : MY',
  '',
];
const HEADER = ['', 'SSL Certificate bindings:', '-------------------------', ''];
const parse = (lines: string[]) =>
  parseNetshSslcert(inlineText(lines.join('\r\n') + '\r\n', 'httpsys.sslcert'));
const state = (v: ReturnType<typeof parse>['value']) =>
  v.records.map((r) => `${r.endpoint} ${r.certificateHash ?? '-'}`);

describe('netsh-sslcert runs of one copy (judge7 T3)', () => {
  it('reads a console copy of a repair at its last listing; the broken first listing is history', () => {
    const { value, issues } = parseNetshSslcert(
      fixtureText(import.meta.url, SAMPLE, 'httpsys.sslcert'),
    );
    expect(state(value)).toEqual([`0.0.0.0:443 ${HASH}`]);
    expect(value.records[0]!.evidence.lines!.start).toBe(43);
    expect(value.history?.map((r) => [r.certificateHash, r.evidence.lines!.start])).toEqual([
      [null, 6],
    ]);
    expect(issues).toMatchObject([{ code: 'multiple-listings', severity: 'info', line: 38 }]);
    // The prompts, commands and success lines are not "unrecognised".
    expect(issues.filter((i) => i.code === 'unrecognized-line')).toEqual([]);
  });

  it('an update after the only listing leaves the entry unknown, not the old state', () => {
    const { value, issues } = parse([
      'C:\\>netsh http show sslcert',
      ...HEADER,
      ...block('0.0.0.0:443', HASH),
      'C:\\>netsh http update sslcert ipport=0.0.0.0:443 certhash=a3a24ddc3db9c858165eb1aa0210d1732f4388c3 appid={4dc3e181-e14b-4a21-b022-59fc669b0914}',
      '',
      'SSL Certificate successfully updated',
    ]);
    expect(value.records).toEqual([]);
    expect(value.history).toHaveLength(1);
    expect(issues).toMatchObject([{ code: 'changed-after-listing', line: 11 }]);
  });

  it('a failed change changes nothing (Error: 183)', () => {
    const { value } = parse([
      ...HEADER,
      ...block('0.0.0.0:443', HASH),
      'netsh http add sslcert ipport=0.0.0.0:443 certhash=a3a24ddc3db9c858165eb1aa0210d1732f4388c3 appid={4dc3e181-e14b-4a21-b022-59fc669b0914}',
      'SSL Certificate add failed, Error: 183',
      'Cannot create a file when that file already exists.',
    ]);
    expect(state(value)).toEqual([`0.0.0.0:443 ${HASH}`]);
  });

  it('a filtered show replaces only its endpoint; an unfiltered one replaces all', () => {
    const filtered = parse([
      'PS C:\\> netsh http show sslcert',
      ...HEADER,
      ...block('0.0.0.0:443', ''),
      ...block('0.0.0.0:8443', ''),
      'PS C:\\> netsh http show sslcert ipport=0.0.0.0:443',
      ...HEADER,
      ...block('0.0.0.0:443', HASH),
    ]);
    expect(state(filtered.value).sort()).toEqual([`0.0.0.0:443 ${HASH}`, '0.0.0.0:8443 -']);
    const all = parse([
      ...HEADER,
      ...block('0.0.0.0:443', ''),
      ...block('0.0.0.0:8443', ''),
      'netsh http delete sslcert ipport=0.0.0.0:8443',
      'SSL Certificate successfully deleted',
      'netsh http show sslcert',
      ...HEADER,
      ...block('0.0.0.0:443', HASH),
    ]);
    expect(state(all.value)).toEqual([`0.0.0.0:443 ${HASH}`]);
  });

  it('a repeated header without an echo replaces the endpoints it lists, and an echo with no output replaces nothing', () => {
    const { value } = parse([
      ...HEADER,
      ...block('0.0.0.0:443', ''),
      ...block('[::]:443', ''),
      ...HEADER,
      ...block('0.0.0.0:443', HASH),
      'C:\\>netsh http show sslcert',
    ]);
    expect(state(value)).toEqual(['[::]:443 -', `0.0.0.0:443 ${HASH}`]);
  });

  it('one listing that shows an endpoint twice keeps both (the duplicate is real)', () => {
    const { value, issues } = parse([
      'netsh http show sslcert',
      ...HEADER,
      ...block('www.contoso.com:443', HASH).map((l) => l.replace('IP:port', 'Hostname:port')),
      ...block('WWW.contoso.com:443', HASH).map((l) => l.replace('IP:port', 'Hostname:port')),
    ]);
    expect(value.records).toHaveLength(2);
    expect(value.history).toBeUndefined();
    expect(issues.filter((i) => i.code === 'multiple-listings')).toEqual([]);
  });
});

describe('netsh-sslcert filtered show without an entry (judge7 S6)', () => {
  const ECHO = 'C:\\Windows\\system32>netsh http show sslcert ipport=0.0.0.0:443';

  it.each([
    ['en (real wording)', 'The system cannot find the file specified.'],
    ['zh-CN', '系统找不到指定的文件。'],
    ['de-DE', 'Das System kann die angegebene Datei nicht finden.'],
    ['by its number', 'SSL Certificate query failed, Error: 2'],
  ])('reads "%s" as: 0.0.0.0:443 queried and absent, nothing else known', (_, answer) => {
    const { value, issues } = parse([ECHO, '', answer, '']);
    expect(value.records).toEqual([]);
    expect(value.absent).toMatchObject([
      {
        key: 'ipport:0.0.0.0:443',
        endpoint: '0.0.0.0:443',
        evidence: { lines: { start: 1, end: 3 } },
      },
    ]);
    expect(value.queriedOnly).toEqual(['ipport:0.0.0.0:443']);
    expect(issues).toMatchObject([{ code: 'entry-not-found', severity: 'info', line: 3 }]);
  });

  it('an answer of unknown meaning (another error, another locale) is an error, not "absent"', () => {
    const { value, issues } = parse([ECHO, '', 'Zugriff verweigert', '']);
    expect(value.absent).toBeUndefined();
    expect(value.queriedOnly).toEqual(['ipport:0.0.0.0:443']);
    expect(issues).toMatchObject([{ code: 'netsh-error', line: 3 }]);
  });

  it('a filtered show that finds its entry covers that endpoint only', () => {
    const { value } = parse([ECHO, ...HEADER, ...block('0.0.0.0:443', HASH)]);
    expect(state(value)).toEqual([`0.0.0.0:443 ${HASH}`]);
    expect(value.absent).toBeUndefined();
    expect(value.queriedOnly).toEqual(['ipport:0.0.0.0:443']);
  });

  it('an unfiltered listing makes the copy whole; an entry listed later is not absent', () => {
    const { value } = parse([
      ECHO,
      '',
      'The system cannot find the file specified.',
      'C:\\>netsh http add sslcert ipport=0.0.0.0:443 certhash=' +
        HASH +
        ' appid={4dc3e181-e14b-4a21-b022-59fc669b0914}',
      '',
      'SSL Certificate successfully added',
      '',
      'C:\\>netsh http show sslcert',
      ...HEADER,
      ...block('0.0.0.0:443', HASH),
    ]);
    expect(state(value)).toEqual([`0.0.0.0:443 ${HASH}`]);
    expect(value.absent).toBeUndefined();
    expect(value.queriedOnly).toBeUndefined();
  });

  it('the judge file is recognised by content (sniff likely) whatever its name', () => {
    const text = readFileSync(
      new URL(
        '../fixtures/judge7/t03-sslcert-ipport-not-found-iis-https/sslcert-443.txt',
        import.meta.url,
      ),
      'utf8',
    );
    expect(netshSslcertParser.sniff(text)).toBeGreaterThanOrEqual(SNIFF.likely);
    // A bare echo with nothing after it is not enough.
    expect(netshSslcertParser.sniff(`${ECHO}\r\n`)).toBe(0);
  });
});

describe('netsh-sslcert failed add / update / delete (judge7 S5)', () => {
  const judge = (c: string) =>
    parseNetshSslcert(
      inlineText(
        readFileSync(new URL(`../fixtures/judge7/${c}/console.txt`, import.meta.url), 'utf8'),
        'httpsys.sslcert',
      ),
    );

  it('t30: reads the failed add, its error number and text; the later listing lacks the endpoint', () => {
    const { value, issues } = judge('t30-netsh-add-error-1312');
    expect(value.failedChanges).toMatchObject([
      {
        op: 'add',
        type: 'ipport',
        endpoint: '0.0.0.0:443',
        certificateHash: '779a97b1d8e492b5bafebc02338845ffdff76ad2',
        applicationId: '{4dc3e181-e14b-4a21-b022-59fc669b0914}',
        certificateStoreName: null,
        errorCode: 1312,
        text: 'A specified logon session does not exist. It may already have been terminated.',
        afterwards: 'absent',
        evidence: { lines: { start: 1, end: 4 } },
      },
    ]);
    expect(state(value)).toEqual(['0.0.0.0:44307 61d34f532da121bbab64723c4871e72c92f03735']);
    expect(issues.filter((i) => i.code === 'unrecognized-line')).toEqual([]);
  });

  it('t31: 183 on an entry the later listing shows', () => {
    expect(judge('t31-netsh-add-error-183-healthy').value.failedChanges).toMatchObject([
      { op: 'add', endpoint: '0.0.0.0:443', errorCode: 183, afterwards: 'listed' },
    ]);
  });

  it('the number decides in another language; no later listing leaves the endpoint unknown', () => {
    const { value } = parse([
      'C:\\>netsh http add sslcert hostnameport=www.contoso.com:443 certhash=' +
        HASH +
        ' appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=WebHosting',
      '',
      'SSL 证书添加失败，错误: 1312',
      '指定的登录会话不存在。可能已被终止。',
    ]);
    expect(value.failedChanges).toMatchObject([
      {
        type: 'hostnameport',
        endpoint: 'www.contoso.com:443',
        certificateStoreName: 'WebHosting',
        errorCode: 1312,
        text: '指定的登录会话不存在。可能已被终止。',
        afterwards: null,
      },
    ]);
    // No listing at all: the copy shows no endpoint, so none is known to be missing.
    expect(value.queriedOnly).toEqual([]);
  });
});
