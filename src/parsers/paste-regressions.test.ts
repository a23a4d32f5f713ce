// Found by the paste campaign of issue 17 (src/test-support/fuzz/paste.ts, docs/fuzzing.md):
// minimized inputs, one per fix, kept beside the parsers they broke.
import { describe, expect, it } from 'vitest';
import { inlineText } from '../test-support/fixtures.js';
import { applicationHostParser } from './applicationhost.js';
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
