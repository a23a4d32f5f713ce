import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { appcmdSitesConfigParser } from './appcmd-sites-config.js';

// Source of the sample: iis-shared-config.samples.md.
const SAMPLE = 'appcmd-sites-config.sample.synthetic-shape-from-msdeploy-readme.txt';
const ID = 'iis.appcmd-sites-config';
const parse = (text: string) =>
  appcmdSitesConfigParser.parse(inlineText(text, ID, 'iis/appcmd-list-site-config.xml'));
const original = fixtureText(import.meta.url, SAMPLE, ID).text;

describe('appcmd list site /config /xml', () => {
  it('reads each site with its bindings, sslFlags and appcmd state, at the file’s own lines', () => {
    const { value, issues } = appcmdSitesConfigParser.parse(
      fixtureText(import.meta.url, SAMPLE, ID),
    );
    expect(issues).toEqual([]);
    expect(value.sites.map((s) => [s.name, s.id, s.state])).toEqual([
      ['Default Web Site', 1, 'Started'],
      ['shop', 2, 'Stopped'],
    ]);
    expect(
      value.sites[0]!.bindings.map((b) => [b.protocol, b.bindingInformation, b.sslFlags]),
    ).toEqual([
      ['http', '*:80:', 0],
      ['https', '*:443:', 0],
    ]);
    expect(value.sites[1]!.bindings[0]).toMatchObject({
      host: 'shop.contoso.com',
      port: 443,
      sslFlagNames: ['Sni'],
      evidence: { lines: { start: 25, end: 25 } },
    });
    expect(value.sites[0]!.evidence.lines).toEqual({ start: 4, end: 20 });
  });

  it('does not half-read output without /config (no sslFlags): it says what to run', () => {
    // The shape of `appcmd list site /xml` as public notes quote it (code index file 39440504634).
    const { value, issues } = parse(
      '<appcmd>\n  <SITE SITE.NAME="Default" SITE.ID="1" bindings="http/*:80:,https/*:443:example.com" state="Started"/>\n</appcmd>\n',
    );
    expect(value.sites).toEqual([]);
    expect(issues).toMatchObject([{ code: 'missing-field' }]);
    expect(issues[0]!.message).toContain('/config');
  });

  it('keeps the state of a site whose name needs XML escapes', () => {
    const { value } = parse(
      '<appcmd>\n<SITE SITE.NAME="R&amp;D" SITE.ID="3" state="Stopped">\n<site name="R&amp;D" id="3"><bindings><binding protocol="https" bindingInformation="*:8443:" sslFlags="0" /></bindings></site>\n</SITE>\n</appcmd>\n',
    );
    expect(value.sites.map((s) => [s.name, s.state])).toEqual([['R&D', 'Stopped']]);
  });

  it.each(MANGLINGS.map((m) => [m.name, m] as const))('survives %s', (_name, m) => {
    const { value } = parse(m.apply(original));
    expect(value.sites.map((s) => [s.name, s.state, s.bindings.length])).toEqual([
      ['Default Web Site', 'Started', 2],
      ['shop', 'Stopped', 1],
    ]);
  });

  it('outranks applicationHost.config on its own output, and stays silent on applicationHost.config', () => {
    expect(appcmdSitesConfigParser.sniff(original)).toBeGreaterThan(0.9);
    expect(
      appcmdSitesConfigParser.sniff(
        '<configuration><system.applicationHost><sites><site name="a" id="1" /></sites></system.applicationHost></configuration>',
      ),
    ).toBe(0);
  });
});
