import { describe, expect, it } from 'vitest';
import type { BundleFile } from '../bundle/open.js';
import { candidatesFor } from '../artifacts/load.js';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { httpErrLogParser, iisW3cLogParser } from './w3c-log.js';

// Sources of the samples: w3c-log.samples.md.
const httperr = (name: string) =>
  httpErrLogParser.parse(fixtureText(import.meta.url, name, 'logs.httperr'));
const iis = (name: string) =>
  iisW3cLogParser.parse(fixtureText(import.meta.url, name, 'logs.iis-w3c'));

const HTTPERR_HEADER =
  '#Software: Microsoft HTTP API 2.0\n#Version: 1.0\n#Date: 2026-11-30 08:14:02\n';

describe('logs.httperr', () => {
  it('reads every run of a file with several headers, IPv6 addresses with their zone', () => {
    const { value, issues } = httperr('w3c-log.sample.en-httperr-logjoint-three-runs-ipv6.txt');
    expect(issues).toEqual([]);
    expect(value.software).toBe('Microsoft HTTP API 2.0');
    expect(value.records).toHaveLength(10);
    expect(value.records[0]).toMatchObject({
      line: 5,
      clientIp: '192.168.150.1',
      clientPort: 2774,
      serverPort: 2869,
      method: 'NOTIFY',
      status: null,
      reason: 'Connection_Abandoned_By_ReqQueue',
    });
    expect(value.records[1]).toMatchObject({
      line: 10,
      clientIp: '2001:4898:0:fff:0:5efe:10.164.167.30%0',
      serverIp: '2001:4898:0:fff:0:5efe:10.85.220.4%0',
      serverPort: 80,
      method: null,
      uri: null,
      reason: 'Timer_ConnectionIdle',
    });
    expect(value.records[9]).toMatchObject({ line: 22, status: 404, reason: 'NotFound' });
  });

  it('reads a fenced Microsoft Learn excerpt with streamid', () => {
    const { value, issues } = httperr(
      'w3c-log.sample.en-httperr-ms-learn-cloud-service-503-streamid.txt',
    );
    expect(issues).toEqual([]);
    expect(value.fields).toContain('streamid');
    expect(value.records).toEqual([
      expect.objectContaining({
        line: 6,
        status: 503,
        reason: 'N/A',
        uri: '/',
        serverIp: '10.1.2.5',
      }),
      expect.objectContaining({ line: 7, status: 503, reason: 'N/A', uri: '/favicon.ico' }),
    ]);
  });

  it('takes the field order from #Fields:, not from the documented default', () => {
    const text =
      HTTPERR_HEADER +
      '#Fields: s-reason date time s-port s-ip c-port c-ip sc-status\n' +
      'Timer_SslRenegotiation 2026-11-30 08:14:02 443 10.0.0.5 51622 203.0.113.24 -\n';
    const { value } = httpErrLogParser.parse(inlineText(text, 'logs.httperr'));
    expect(value.records).toEqual([
      expect.objectContaining({
        reason: 'Timer_SslRenegotiation',
        serverPort: 443,
        serverIp: '10.0.0.5',
        clientIp: '203.0.113.24',
        clientPort: 51622,
        status: null,
        time: '08:14:02',
      }),
    ]);
  });

  it('reads a copy without #Fields: only when a documented default has its value count', () => {
    const text =
      '2026-11-30 08:14:02 203.0.113.24 51622 10.0.0.5 443 HTTP/1.1 GET /a - - 2 Timer_SslRenegotiation Pool\n' +
      '2026-11-30 08:14:09 203.0.113.24 51623 10.0.0.5 443 oops\n';
    const { value, issues } = httpErrLogParser.parse(inlineText(text, 'logs.httperr'));
    expect(value.records).toEqual([
      expect.objectContaining({
        line: 1,
        reason: 'Timer_SslRenegotiation',
        siteId: '2',
        queueName: 'Pool',
      }),
    ]);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'fields-assumed', line: 1 }),
        expect.objectContaining({ code: 'missing-field', line: 2 }),
      ]),
    );
  });

  it('skips lines before any header whose value count fits no default', () => {
    const { value, issues } = httpErrLogParser.parse(
      inlineText('2026-11-30 08:14:02 a b c\n', 'logs.httperr'),
    );
    expect(value.records).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ code: 'missing-header', line: 1 })]);
  });

  it('says when the collector kept only the newest part of a file', () => {
    const { value, issues } = httperr('w3c-log.sample.synthetic-httperr-443-ssl-renegotiation.txt');
    expect(value.truncated).toBe(false);
    const cut = httpErrLogParser.parse(
      inlineText(
        HTTPERR_HEADER +
          '#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename\n' +
          '#Remark: tls-doctor: truncated, 1048576 bytes left out after this header (newest lines kept)\n' +
          '2026-11-30 08:14:02 203.0.113.24 51622 10.0.0.5 443 - - - - - - Timer_ConnectionIdle -\n',
        'logs.httperr',
      ),
    );
    expect(issues).toEqual([]);
    expect(cut.value.truncated).toBe(true);
    expect(cut.value.records).toHaveLength(1);
    expect(cut.issues).toEqual([expect.objectContaining({ code: 'truncated', line: 5 })]);
  });

  it('reports an empty file', () => {
    const { value, issues } = httpErrLogParser.parse(inlineText('', 'logs.httperr'));
    expect(value.records).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ code: 'empty-input' })]);
  });

  it.each(MANGLINGS.map((m) => [m.name, m] as const))(
    'reads the same records when the real samples are %s',
    (_name, m) => {
      for (const name of [
        'w3c-log.sample.en-httperr-logjoint-three-runs-ipv6.txt',
        'w3c-log.sample.en-httperr-ms-learn-cloud-service-503-streamid.txt',
      ]) {
        const plain = httperr(name).value.records.map(({ line: _l, ...r }) => r);
        const text = m.apply(fixtureText(import.meta.url, name).text);
        const mangled = httpErrLogParser.parse(inlineText(text, 'logs.httperr')).value.records;
        expect(mangled.map(({ line: _l, ...r }) => r)).toEqual(plain);
      }
    },
  );
});

describe('logs.iis-w3c', () => {
  it('reads status, substatus, Win32 status and time taken of a real IIS 7.5 log', () => {
    const { value, issues } = iis('w3c-log.sample.en-iis75-logjoint-webdav-ipv6.txt');
    expect(issues).toEqual([]);
    expect(value.kind).toBe('iis');
    expect(value.records).toHaveLength(3);
    expect(value.records[1]).toMatchObject({
      line: 6,
      method: 'PROPFIND',
      uri: '/System32/TPHDEXLG64.exe',
      serverPort: 80,
      userName: null,
      clientIp: 'fe80::5d3d:c591:3026:46ee%14',
      status: 404,
      substatus: 0,
      win32Status: 2,
      timeTaken: 4,
    });
  });

  it('takes a bare line of field names as the header (a trimmed excerpt)', () => {
    const { value, issues } = iis('w3c-log.sample.en-ms-learn-arr-502-3-fragment.txt');
    expect(issues).toEqual([]);
    expect(value.records).toEqual([
      expect.objectContaining({
        line: 2,
        status: 502,
        substatus: 3,
        win32Status: 12002,
        timeTaken: 29889,
      }),
    ]);
  });

  it('reads 502.3 with 12175 and the HRESULT form, and the user name', () => {
    const { value } = iis('w3c-log.sample.synthetic-iis10-arr-502-3-12175.txt');
    expect(value.software).toBe('Microsoft Internet Information Services 10.0');
    expect(value.records.map((r) => [r.status, r.substatus, r.win32Status])).toEqual([
      [502, 3, 12175],
      [502, 3, 12175],
      [200, 0, 0],
      [502, 3, 2147954575],
      [502, 3, 12002],
    ]);
    expect(value.records[0]).toMatchObject({ userName: 'CONTOSO\\jdoe', clientIp: '203.0.113.24' });
  });

  it.each(MANGLINGS.map((m) => [m.name, m] as const))(
    'reads the same records when the real sample is %s',
    (_name, m) => {
      const name = 'w3c-log.sample.en-iis75-logjoint-webdav-ipv6.txt';
      const plain = iis(name).value.records.map(({ line: _l, ...r }) => r);
      const text = m.apply(fixtureText(import.meta.url, name).text);
      const mangled = iisW3cLogParser.parse(inlineText(text, 'logs.iis-w3c')).value.records;
      expect(mangled.map(({ line: _l, ...r }) => r)).toEqual(plain);
    },
  );
});

describe('W3C log recognition', () => {
  const asFile = (text: string): BundleFile => {
    const bytes = Buffer.from(text);
    return {
      path: 'paste.dat',
      size: bytes.length,
      read: () => bytes,
      chunks: function* () {
        yield bytes;
      },
    };
  };
  it.each([
    ['w3c-log.sample.en-httperr-logjoint-three-runs-ipv6.txt', 'logs.httperr'],
    ['w3c-log.sample.en-httperr-ms-learn-cloud-service-503-streamid.txt', 'logs.httperr'],
    ['w3c-log.sample.synthetic-httperr-443-ssl-renegotiation.txt', 'logs.httperr'],
    ['w3c-log.sample.en-iis75-logjoint-webdav-ipv6.txt', 'logs.iis-w3c'],
    ['w3c-log.sample.en-ms-learn-arr-502-3-fragment.txt', 'logs.iis-w3c'],
    ['w3c-log.sample.synthetic-iis10-arr-502-3-12175.txt', 'logs.iis-w3c'],
  ])('%s is recognised as %s by content alone', (name, id) => {
    const ranked = candidatesFor(asFile(fixtureText(import.meta.url, name).text));
    expect(ranked[0]?.parser.artifactId).toBe(id);
  });
});

describe('query strings of an older bundle (t11)', () => {
  // The header and the line shape of w3c-log.sample.en-iis75-logjoint-webdav-ipv6.txt (real,
  // LogJoint), the query a synthetic one: an older collector left such values in the log.
  const IIS75 =
    '#Software: Microsoft Internet Information Services 7.5\n#Version: 1.0\n#Date: 2013-02-07 08:35:37\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n';
  const line = (query: string, referer = '-') =>
    `2013-02-07 08:35:37 fe80::5d3d:c591:3026:46ee%14 GET /System32/TPHDEXLG64.exe ${query} 80 - fe80::5d3d:c591:3026:46ee%14 Microsoft-WebDAV-MiniRedir/6.1.7601 ${referer} 404 0 2 4`;
  const read = (text: string) =>
    iisW3cLogParser.parse(fixtureText(import.meta.url, 'x', 'logs.iis-w3c', text));

  it('removes every value of cs-uri-query and of the Referer query, keeps the names and the record', () => {
    const { value, issues } = read(
      IIS75 +
        line('token=Tok3n1&password=Pa55w0rd2', 'https://www.contoso.com/a?code=C0de3') +
        '\n' +
        line('W3cBare4') +
        '\n',
    );
    expect(issues).toEqual([]);
    expect(value.records).toHaveLength(2);
    expect(value.records[0]).toMatchObject({ line: 5, status: 404, serverPort: 80 });
    expect(value.records[0]!.raw).toBe(
      line('token=[removed]&password=[removed]', 'https://www.contoso.com/a?code=[removed]'),
    );
    expect(value.records[1]!.raw).toBe(line('[removed]'));
    expect(JSON.stringify(value)).not.toMatch(/Tok3n1|Pa55w0rd2|C0de3|W3cBare4/);
  });

  it('removes the query of an HTTP.sys cs-uri, and quotes a headerless first line masked', () => {
    const text =
      '2026-11-30 08:14:05 203.0.113.7 50312 10.0.0.5 443 HTTP/1.1 GET /login?sig=S1g5&x=1 - 400 - BadRequest -\n';
    const { value } = httpErrLogParser.parse(inlineText(text, 'logs.httperr'));
    expect(value.records[0]).toMatchObject({ uri: '/login?sig=[removed]&x=[removed]' });
    expect(value.evidence.excerpt).toContain('/login?sig=[removed]&x=[removed]');
    expect(JSON.stringify(value)).not.toContain('S1g5');
  });

  it('leaves a log without queries as it was', () => {
    const { value } = read(IIS75 + line('-') + '\n');
    expect(value.records[0]!.raw).toBe(line('-'));
  });
});
