import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { parseNetshUrlacl, parseUrlPrefix } from './netsh-urlacl.js';

const ID = 'httpsys.urlacl';
const SSRS = 'netsh-urlacl.sample.en-mslearn-ssrs-san-reportserver-443.txt';
const BLOG = 'netsh-urlacl.sample.en-blog-port-80-pid-4-network-service.txt';
const read = (name: string, text?: string) =>
  parseNetshUrlacl(fixtureText(import.meta.url, name, ID, text));

describe('httpsys.urlacl', () => {
  it('reads the real SSRS reservation of Microsoft Learn', () => {
    const { value, issues } = read(SSRS);
    expect(issues).toEqual([]);
    expect(value.reservations).toMatchObject([
      {
        url: 'https://+:443/ReportServer/',
        scheme: 'https',
        host: '+',
        hostKind: 'strong-wildcard',
        port: 443,
        path: '/ReportServer/',
        users: [{ account: 'NT SERVICE\\ReportServer', listen: true, delegate: false }],
        sddl: 'D:(A;;GX;;;S-1-5-80-2885764129-887777008-271615777-1616004480-2722851051)',
        aces: [
          { sid: 'S-1-5-80-2885764129-887777008-271615777-1616004480-2722851051', rights: ['GX'] },
        ],
        evidence: { lines: { start: 1, end: 5 } },
      },
    ]);
  });

  it('reads the real NETWORK SERVICE reservation of a blog post', () => {
    const { value } = read(BLOG);
    expect(value.reservations).toMatchObject([
      {
        scheme: 'http',
        port: 80,
        path: '/116B50EB-ECE2-41ac-8429-9F9E963361B7/',
        aces: [{ sid: 'S-1-5-20', alias: 'NS' }],
      },
    ]);
  });

  it.each(MANGLINGS.map((m) => [m.name, m] as const))('reads the same records when %s', (_n, m) => {
    for (const name of [SSRS, BLOG]) {
      const clean = read(name).value.reservations.map(({ evidence: _e, ...r }) => r);
      const text = m.apply(fixtureText(import.meta.url, name, ID).text);
      const got = read(name, text).value.reservations.map(({ evidence: _e, ...r }) => r);
      expect(got).toEqual(clean);
    }
  });

  it('reads a whole listing: header, several users of one reservation, IPv6 and host names', () => {
    const { value, issues } = parseNetshUrlacl(
      inlineText(
        [
          '',
          'URL Reservations:',
          '-----------------',
          '',
          '    Reserved URL            : https://+:5986/wsman/',
          '        User: NT SERVICE\\WinRM',
          '            Listen: Yes',
          '            Delegate: No',
          '        User: NT SERVICE\\Wecsvc',
          '            Listen: Yes',
          '            Delegate: No',
          '            SDDL: D:(A;;GX;;;S-1-5-80-1)(A;;GX;;;S-1-5-80-2)',
          '',
          '    Reserved URL            : https://[fe80::1]:8443/api/',
          '        User: BUILTIN\\Users',
          '            Listen: Yes',
          '            Delegate: Yes',
          '            SDDL: D:(A;;GA;;;BU)',
          '',
          '    Reserved URL            : https:// www.s1.com:443/ReportServer/',
          '',
        ].join('\r\n'),
        ID,
      ),
    );
    expect(issues).toEqual([]);
    expect(value.reservations).toMatchObject([
      { port: 5986, users: [{ account: 'NT SERVICE\\WinRM' }, { account: 'NT SERVICE\\Wecsvc' }] },
      { host: 'fe80::1', hostKind: 'ip', port: 8443, users: [{ delegate: true }] },
      { url: 'https://www.s1.com:443/ReportServer/', host: 'www.s1.com', hostKind: 'name' },
    ]);
    expect(value.reservations[0]!.aces).toHaveLength(2);
  });

  it('reads unknown labels by position and reports them', () => {
    const { value, issues } = parseNetshUrlacl(
      inlineText(
        'Reservierte URL : http://*:2869/\n  Benutzer: NT-AUTORITÄT\\LOKALER DIENST\n  Abhören: Ja\n  Delegieren: Nein\n  SDDL: D:(A;;GX;;;LS)\n',
        ID,
      ),
    );
    expect(value.reservations).toMatchObject([
      {
        hostKind: 'weak-wildcard',
        users: [{ account: 'NT-AUTORITÄT\\LOKALER DIENST', listen: true, delegate: false }],
        aces: [{ sid: 'S-1-5-19' }],
      },
    ]);
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['unknown-label', 2],
      ['unknown-label', 3],
      ['unknown-label', 4],
    ]);
  });

  it('reports broken lines and keeps the rest', () => {
    const { value, issues } = parseNetshUrlacl(
      inlineText(
        'hello\nReserved URL : https://+/nope/\n  User: X\nReserved URL : http://+:80/ok/\n  just text\n  SDDL: D:(A;;GX;;;WD)(oops)\n',
        ID,
      ),
    );
    expect(value.reservations.map((r) => r.port)).toEqual([null, 80]);
    expect(issues).toMatchObject([
      { code: 'unrecognized-line', line: 1 },
      { code: 'invalid-url', line: 2 },
      { code: 'unrecognized-line', line: 5 },
      { code: 'invalid-sddl', line: 6 },
    ]);
    expect(parseNetshUrlacl(inlineText('', ID)).issues).toMatchObject([{ code: 'empty-input' }]);
  });

  it('splits URL prefixes', () => {
    expect(parseUrlPrefix('HTTPS://Contoso.COM:443/')).toMatchObject({
      scheme: 'https',
      host: 'contoso.com',
      port: 443,
      path: '/',
    });
    expect(parseUrlPrefix('https://+:70000/')).toBeNull();
    expect(parseUrlPrefix('ftp://x:1/')).toBeNull();
  });
});
