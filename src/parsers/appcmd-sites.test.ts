import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { appcmdSitesParser } from './appcmd-sites.js';

describe('iis.appcmd-sites', () => {
  it('reads sites, states and bindings of every protocol, IPv6 included', () => {
    const { value, issues } = appcmdSitesParser.parse(
      fixtureText(import.meta.url, 'appcmd-sites.sample.synthetic-en-started-stopped-ipv6.txt'),
    );
    expect(value.sites.map((s) => [s.name, s.id, s.state])).toEqual([
      ['Default Web Site', 1, 'Started'],
      ['Contoso', 2, 'Stopped'],
      ['Empty', 3, 'Unknown'],
      ['Broken', 4, 'Stopped'],
    ]);
    expect(value.sites[0]!.bindings.map((b) => b.protocol)).toEqual([
      'http',
      'https',
      'net.tcp',
      'net.pipe',
    ]);
    expect(value.sites[1]!.bindings).toMatchObject([
      { protocol: 'https', address: '10.0.0.5', port: 443, host: 'www.contoso.com' },
      { protocol: 'https', address: '2001:db8::5', port: 8443, host: null },
    ]);
    expect(value.sites[1]!.evidence).toMatchObject({ lines: { start: 3, end: 3 } });
    expect(value.sites[2]!.bindings).toEqual([]);
    expect(issues).toMatchObject([{ code: 'invalid-value', line: 5 }]);
  });

  it('reports the /text and /xml forms, stray lines and empty input', () => {
    expect(appcmdSitesParser.parse(inlineText('')).issues).toMatchObject([{ code: 'empty-input' }]);
    const { issues } = appcmdSitesParser.parse(
      inlineText(
        'SITE.NAME:"Default Web Site"\nhello\nSITE "a" (id:1,bindings:https/*:443:,state:Started)',
      ),
    );
    expect(issues).toMatchObject([
      { code: 'unsupported-variant', line: 1 },
      { code: 'unrecognized-line', line: 2 },
    ]);
  });

  it('recognises the output by content', () => {
    expect(
      appcmdSitesParser.sniff('SITE "x" (id:1,bindings:,state:Started)'),
    ).toBeGreaterThanOrEqual(0.9);
    expect(appcmdSitesParser.sniff('<sites>')).toBe(0);
  });
});
