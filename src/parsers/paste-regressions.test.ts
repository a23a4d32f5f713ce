// Found by the paste campaign of issue 17 (src/test-support/fuzz/paste.ts, docs/fuzzing.md):
// minimized inputs, one per fix, kept beside the parsers they broke.
import { describe, expect, it } from 'vitest';
import { inlineText } from '../test-support/fixtures.js';
import { applicationHostParser } from './applicationhost.js';
import { capAttributes, MAX_ATTRIBUTES } from './applicationhost/text.js';
import { parseEventXmlText } from './event-xml.js';
import { schannelRegistryParser } from './reg.js';

const SITE = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<configuration>',
  '  <system.applicationHost>',
  '    <sites>',
  '      <site name="Default Web Site" id="1">',
  '        <bindings>',
  '          <binding protocol="https" bindingInformation="*:443:" />',
  '        </bindings>',
  '      </site>',
  '    </sites>',
  '  </system.applicationHost>',
  '</configuration>',
];

describe('applicationHost.config as cut out of a paste', () => {
  it('reads a config pasted under blank lines (its declaration no longer first)', () => {
    const { value, issues } = applicationHostParser.parse(inlineText(['', '', ...SITE].join('\n')));
    expect(issues.filter((i) => i.code === 'malformed-xml')).toEqual([]);
    expect(value.sites[0]?.bindings[0]?.evidence?.lines?.start).toBe(9);
  });

  it('points at the right lines when lines end in a lone CR', () => {
    const { value } = applicationHostParser.parse(inlineText(SITE.join('\r')));
    expect(value.sites[0]?.evidence?.lines).toEqual({ start: 5, end: 9 });
    expect(value.sites[0]?.bindings[0]?.evidence?.lines?.start).toBe(7);
  });

  it('gives an unclosed element no position on a blank line', () => {
    const text = ['', '', ...SITE.slice(1, 10)].join('\n');
    const bad = applicationHostParser
      .parse(inlineText(text))
      .issues.filter((i) => i.code === 'malformed-xml');
    expect(bad.length).toBeGreaterThan(0);
    for (const i of bad)
      if (i.line !== undefined) expect(text.split('\n')[i.line - 1]!.trim()).not.toBe('');
  });
});

describe('event XML with lone-CR line ends', () => {
  it('counts a lone CR as a line end, as the evidence lines do', () => {
    const ev = (id: number) =>
      `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Schannel'/><EventID>${id}</EventID><Level>2</Level><TimeCreated SystemTime='2026-01-01T00:00:00Z'/><EventRecordID>${id}</EventRecordID></System></Event>`;
    const { value } = parseEventXmlText(
      { artifactId: 'events.schannel', path: 'x.xml' },
      ['<Events>', ev(36870), ev(36887), '</Events>'].join('\r'),
    );
    const lines = value.digests.flatMap((d) => d.samples.map((s) => s.evidence?.lines?.start));
    expect(lines.sort()).toEqual([2, 3]);
  });
});

describe('.reg values set twice', () => {
  it('keeps the later value and names the earlier line', () => {
    const key =
      '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server]';
    const text = [
      'Windows Registry Editor Version 5.00',
      '',
      key,
      '"Enabled"=dword:00000000',
      '',
      key,
      '"Enabled"=dword:ffffffff',
      '',
    ].join('\r\n');
    const { value, issues } = schannelRegistryParser.parse(inlineText(text));
    const v = value.keys.flatMap((k) => k.values);
    expect(v).toMatchObject([{ name: 'Enabled', data: 0xffffffff }]);
    expect(issues).toMatchObject([{ code: 'duplicate-record', severity: 'info', line: 4 }]);
  });
});

describe('applicationHost.config with an element of 100,000 attributes (fuzz hostile input)', () => {
  // fast-xml-parser took 2–10 s to validate and build that element (over the campaign's bound
  // once under load); its attributes are now dropped before the XML parser sees them.
  const many = (n: number, tag = 'site') =>
    `<${tag} ${Array.from({ length: n }, (_, i) => `a${i}="x"`).join(' ')}>`;

  it('drops the attributes of an element with more than MAX_ATTRIBUTES and says where', () => {
    const text = [
      '<sites>',
      `  ${many(100_000, 'site').replace('<site ', '<site name="Big" id="9" ')}`,
      '    <bindings><binding protocol="https" bindingInformation="*:443:" /></bindings>',
      '  </site>',
      '  <site name="Contoso" id="2">',
      '    <bindings><binding protocol="https" bindingInformation="*:8443:" /></bindings>',
      '  </site>',
      '</sites>',
    ].join('\n');
    const capped = capAttributes(text);
    expect(capped.capped).toMatchObject([{ count: 100_002 }]);
    expect(capped.text.split('\n')).toHaveLength(8);
    const { value, issues } = applicationHostParser.parse(inlineText(text));
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'unsupported-variant', severity: 'warning', line: 2 }),
    );
    // The other site and every binding keep their lines; the big one lost its name with the rest.
    expect(value.sites.map((s) => [s.name, s.evidence?.lines?.start])).toEqual([
      ['', 2],
      ['Contoso', 5],
    ]);
    expect(value.sites[1]?.bindings[0]).toMatchObject({
      port: 8443,
      evidence: { lines: { start: 6 } },
    });
  });

  it('keeps every element at or below MAX_ATTRIBUTES as it is', () => {
    const text = `<sites>${many(MAX_ATTRIBUTES)}</site></sites>`;
    expect(capAttributes(text)).toEqual({ text, capped: [] });
    // Quoted "=" and ">" inside values are not attributes nor tag ends.
    const quoted = `<site name="a=b>c" ${'x="=" '.repeat(10)}/>`;
    expect(capAttributes(quoted).capped).toEqual([]);
  });
});
