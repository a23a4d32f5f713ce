// Samples: real pasted site tables (sources in network-iis.samples.md and samples/pasted/SOURCES.md).
import { describe, expect, it } from 'vitest';
import { SNIFF } from '../shared/parse.js';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { getWebsiteParser } from './get-website.js';

const parse = (name: string, text?: string) =>
  getWebsiteParser.parse(fixtureText(import.meta.url, name, 'iis.appcmd-sites', text));
const sites = (name: string, text?: string) =>
  parse(name, text).value.sites.map((s) => [
    s.name,
    s.id,
    s.state,
    s.bindings.map((b) => `${b.protocol} ${b.bindingInformation}`),
  ]);

describe('iis.appcmd-sites (PowerShell site table)', () => {
  it('reads wrapped binding columns and a site without a state (real Get-IISSite docs)', () => {
    const { value, issues } = parse(
      'get-website.sample.get-iissite-en-zh-docs-wrapped-bindings.txt',
    );
    expect(issues).toEqual([]);
    expect(sites('get-website.sample.get-iissite-en-zh-docs-wrapped-bindings.txt')).toEqual([
      ['Default Web Site', 1, 'Stopped', ['http *:80:']],
      ['Patti', 2, 'Started', ['http *:8080:', 'http *:8033:']],
      ['FTPSite', 3, null, ['ftp *:21:']],
      ['DavidChe', 4, 'Started', ['http *:8088:']],
      ['MyNewSite', 6555, 'Started', ['http *:8099:', 'http *:8022:']],
      ['TestSite', 5, 'Stopped', ['http *:8080:']],
    ]);
    expect(value.sites[1]!.bindings[1]).toMatchObject({ address: '*', port: 8033, host: null });
    expect(value.sites[1]!.evidence.lines).toEqual({ start: 7, end: 8 });
  });

  it('reads a table whose padding a web page collapsed (real Get-Website help)', () => {
    expect(sites('get-website.sample.get-website-en-docs-collapsed-blank-lines.txt')).toEqual([
      ['Default Web Site', 1, 'Started', ['http *:80:', 'net.tcp 808:*']],
    ]);
  });

  it('reads empty-IP bindings after a prompt and a wrapped command echo', () => {
    expect(sites('get-website.sample.dir-iis-sites-en-prompt-wrapped-command.txt')).toEqual([
      ['Default Web Site', 1, 'Started', ['http *:80:']],
      ['DemoSite', 2, 'Started', ['http :8080:', 'http :8081:']],
    ]);
    const { issues } = parse('get-website.sample.dir-iis-sites-en-prompt-wrapped-command.txt');
    // The second half of the wrapped New-ItemProperty command is the one line not read.
    expect(issues).toMatchObject([{ code: 'unrecognized-line', line: 2 }]);
  });

  it('joins a physical path wrapped onto the next line', () => {
    const { value } = parse('get-website.sample.dir-iis-sites-en-wrapped-physical-path-twice.txt');
    expect(value.sites).toHaveLength(2);
    expect(value.sites[0]).toMatchObject({
      name: 'Green',
      id: 1,
      physicalPath: 'J:\\ElectSolve\\Green\\LandingPage',
    });
    expect(value.sites[0]!.bindings.map((b) => b.port)).toEqual([80]);
  });

  it('recognises the table by its header only, and reports an empty input', () => {
    expect(
      getWebsiteParser.sniff(
        'Name             ID   State      Physical Path                  Bindings\n',
      ),
    ).toBeGreaterThanOrEqual(SNIFF.sure);
    expect(getWebsiteParser.sniff('SITE "x" (id:1,bindings:,state:Started)')).toBe(0);
    expect(getWebsiteParser.parse(inlineText('')).issues).toMatchObject([{ code: 'empty-input' }]);
  });

  const real = [
    'get-website.sample.get-iissite-en-zh-docs-wrapped-bindings.txt',
    'get-website.sample.dir-iis-sites-en-prompt-wrapped-command.txt',
    'get-website.sample.dir-iis-sites-en-wrapped-physical-path-twice.txt',
  ];
  const original = (name: string) => fixtureText(import.meta.url, name).text;
  describe.each(MANGLINGS.map((m) => [m.name, m.apply] as const))('tolerates %s', (_n, mangle) => {
    it.each(real)('%s yields the same sites', (name) => {
      expect(sites(name, mangle(original(name)))).toEqual(sites(name));
    });
  });
});
