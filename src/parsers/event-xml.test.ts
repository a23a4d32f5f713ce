import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BinaryInput } from '../shared/parse.js';
import {
  capi2EventXmlParser,
  parseEventXml,
  parseEventXmlText,
  schannelEventXmlParser,
  type EventLog,
} from './event-xml.js';

// Real sample (source: netchx/netch issue #453, see event-xml.samples.md): Event Viewer XML view
// copy of a zh-CN 36871 with `- ` collapse markers, trailing spaces and a lower-case GUID.
const ZH = 'event-xml.sample.zh-cn-xml-view-36871-state10013.txt';
const MIXED = 'event-xml.sample.synthetic-wevtutil-e-events-mixed.txt';
const CAPI2 = 'event-xml.sample.synthetic-capi2-untrusted-root.txt';

function bytesOf(name: string): Uint8Array {
  return readFileSync(new URL(name, import.meta.url));
}

function binary(
  bytes: Uint8Array,
  chunk?: number,
  path = 'events/system-schannel.xml',
): BinaryInput {
  return {
    artifactId: 'events.schannel',
    path,
    size: bytes.length,
    *chunks(n = 65536) {
      const size = chunk ?? n;
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    },
  };
}

function digest(log: EventLog, id: number) {
  return log.digests.find((d) => d.eventId === id);
}

function utf16le(text: string, bom = true): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

describe('events.schannel (event XML)', () => {
  it('reads the real zh-CN XML-view copy with localized data and a lower-case GUID', () => {
    const { value, issues } = parseEventXml(binary(bytesOf(ZH)));
    expect(issues).toEqual([]);
    expect(value.eventCount).toBe(1);
    expect(digest(value, 36871)).toMatchObject({
      provider: 'Schannel',
      providerGuid: '{1f678132-5938-4686-9fdc-c8ff68f15c85}',
      level: 2,
      data: { named: { Type: '客户端', ErrorState: '10013' }, positional: ['客户端', '10013'] },
      firstTime: '2020-11-29T11:37:20.7849166Z',
      computers: ['ThinkPadT460P'],
      samples: [{ recordId: 36783, evidence: { lines: { start: 2, end: 23 } } }],
    });
  });

  it('reads wevtutil one-line events wrapped in <Events>: RenderingInfo, positional data, UserData, other providers', () => {
    const { value, issues } = parseEventXml(binary(bytesOf(MIXED)));
    expect(issues).toEqual([]);
    expect(value.eventCount).toBe(4);
    expect(digest(value, 36888)).toMatchObject({
      providerGuid: '{1f678132-5938-4686-9fdc-c8ff68f15c85}',
      data: { named: { AlertDesc: '70', ErrorState: '105' } },
      samples: [
        {
          message: expect.stringContaining('fatal error code is 70'),
          evidence: { lines: { start: 2, end: 2 } },
        },
      ],
    });
    expect(digest(value, 36874)?.data).toMatchObject({ positional: ['TLS 1.0'] });
    expect(digest(value, 36880)).toMatchObject({ userDataRoot: 'EventXML', level: 4 });
    // Schannel success events (UserData) are counted; their data is not read (no rule uses it).
    expect(digest(value, 36880)?.data.positional).toEqual([]);
    // Other providers are counted, their data is not read.
    expect(digest(value, 7036)).toMatchObject({ provider: 'Service Control Manager', count: 1 });
    expect(digest(value, 7036)?.data.positional).toEqual([]);
  });

  it('reads the CAPI2 chain result from UserData', () => {
    const { value } = capi2EventXmlParser.parse(
      binary(bytesOf(CAPI2), undefined, 'events/capi2-operational.xml'),
    );
    expect(digest(value, 11)).toMatchObject({
      provider: 'Microsoft-Windows-CAPI2',
      userDataRoot: 'CertGetCertificateChain',
      data: {
        named: {
          Result: '800B0109',
          SubjectName: 'www.contoso.com',
          ChainErrorStatus: '20',
          ProcessName: 'lsass.exe',
        },
      },
    });
  });

  it('gives the same result for any chunk size, with multi-byte characters split across chunks', () => {
    const whole = parseEventXml(binary(bytesOf(ZH))).value;
    for (const size of [1, 3, 7, 64]) {
      const { value, issues } = parseEventXml(binary(bytesOf(ZH), size));
      expect(issues).toEqual([]);
      expect(value).toEqual(whole);
    }
  });

  it('decodes UTF-16LE with a BOM and without one (NUL pattern, reported)', () => {
    const text = readFileSync(new URL(MIXED, import.meta.url), 'utf8');
    const withBom = parseEventXml(binary(utf16le(text), 5));
    expect(withBom.value.encoding).toBe('utf-16le');
    expect(withBom.value.eventCount).toBe(4);
    expect(withBom.issues).toEqual([]);
    const noBom = parseEventXml(binary(utf16le(text, false)));
    expect(noBom.value.eventCount).toBe(4);
    expect(noBom.issues).toMatchObject([{ code: 'decode-guessed' }]);
  });

  it('folds repeated events into one digest with count, first/last time, hourly counts and 3+1 samples', () => {
    const one = (t: string, rec: number) =>
      `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Schannel' Guid='{1F678132-5938-4686-9FDC-C8FF68F15C85}'/><EventID>36887</EventID><Level>2</Level><TimeCreated SystemTime='${t}'/><EventRecordID>${rec}</EventRecordID><Correlation ActivityID='{${rec}}'/><Computer>WEB01</Computer></System><EventData><Data Name='AlertDesc'>46</Data></EventData></Event>\r\n`;
    let xml = '';
    for (let i = 0; i < 10; i++)
      xml += one(
        `2024-03-05T${String(10 - Math.floor(i / 4)).padStart(2, '0')}:00:0${i}.0000000Z`,
        100 - i,
      );
    const { value } = parseEventXmlText({ artifactId: 'events.schannel', path: 'x.xml' }, xml);
    expect(value.digests).toHaveLength(1);
    expect(value.digests[0]).toMatchObject({
      count: 10,
      firstTime: '2024-03-05T08:00:08.0000000Z',
      lastTime: '2024-03-05T10:00:03.0000000Z',
      perHour: { '2024-03-05T10': 4, '2024-03-05T09': 4, '2024-03-05T08': 2 },
    });
    expect(value.digests[0]!.samples.map((s) => s.evidence.lines)).toEqual([
      { start: 1, end: 1 },
      { start: 2, end: 2 },
      { start: 3, end: 3 },
      { start: 10, end: 10 },
    ]);
  });

  it('falls back to the general parser for CDATA and prefixed names, and decodes entities once', () => {
    const xml = `<e:Event xmlns:e='http://schemas.microsoft.com/win/2004/08/events/event'><e:System><e:Provider Name='Schannel'/><e:EventID>36870</e:EventID><e:Level>2</e:Level></e:System><e:EventData><e:Data Name='ErrorCode'>0x80090016</e:Data></e:EventData></e:Event>
<Event><System><Provider Name='Schannel'/><EventID>36874</EventID></System><EventData><Data Name='Protocol'><![CDATA[TLS 1.2]]></Data><Data Name='X'>a &amp;lt; b</Data></EventData></Event>`;
    const { value, issues } = parseEventXmlText(
      { artifactId: 'events.schannel', path: 'x.xml' },
      xml,
    );
    expect(issues).toEqual([]);
    expect(digest(value, 36874)?.data.named).toMatchObject({ Protocol: 'TLS 1.2', X: 'a &lt; b' });
    // `<e:Event` is not an `<Event` start: a prefixed event is not recognised by the splitter.
    expect(digest(value, 36870)).toBeUndefined();
  });

  it('refuses DOCTYPE / ENTITY declarations inside an event and reports them', () => {
    const xml = `<Event><!DOCTYPE x [<!ENTITY a "aaaa">]><System><Provider Name='Schannel'/><EventID>1</EventID></System></Event>`;
    const { value, issues } = parseEventXmlText(
      { artifactId: 'events.schannel', path: 'x.xml' },
      xml,
    );
    expect(value.eventCount).toBe(0);
    expect(value.unreadableEvents).toBe(1);
    expect(issues).toMatchObject([{ code: 'unsupported-variant', line: 1 }]);
  });

  it('reports an input that ends inside an event, and an event without an id', () => {
    const xml = `<Events>\n<Event><System><Provider Name='Schannel'/></System></Event>\n<Event><System><Provider Name='Schannel'/><EventID>36888`;
    const { value, issues } = parseEventXmlText(
      { artifactId: 'events.schannel', path: 'x.xml' },
      xml,
    );
    expect(value.eventCount).toBe(0);
    expect(issues).toMatchObject([
      { code: 'invalid-value', line: 2 },
      { code: 'truncated', line: 3 },
    ]);
  });

  it('reports empty input', () => {
    const { issues } = parseEventXml(binary(new Uint8Array(0)));
    expect(issues).toMatchObject([{ code: 'empty-input' }]);
  });

  it('sniffs event XML (plain, UTF-16, XML-view copy) but not the text renderings', () => {
    const enc = new TextEncoder();
    expect(schannelEventXmlParser.sniff(bytesOf(MIXED))).toBeGreaterThanOrEqual(0.9);
    expect(schannelEventXmlParser.sniff(bytesOf(ZH))).toBeGreaterThanOrEqual(0.9);
    expect(
      schannelEventXmlParser.sniff(utf16le('<Events><Event xmlns="x">')),
    ).toBeGreaterThanOrEqual(0.9);
    expect(
      schannelEventXmlParser.sniff(enc.encode('Log Name:      System\nSource: Schannel')),
    ).toBe(0);
    // Other XML (an applicationHost.config) is only a little like event XML.
    expect(
      schannelEventXmlParser.sniff(enc.encode('<?xml version="1.0"?>\n<configuration>')),
    ).toBeLessThan(0.5);
  });
});

describe('events.schannel (event XML) without events', () => {
  const ctx = { artifactId: 'events.schannel', path: 'events/system-schannel.xml' };
  it('accepts an empty <Events> wrapper silently and reports an empty file as info', () => {
    expect(parseEventXmlText(ctx, '<Events>\r\n</Events>\r\n').issues).toEqual([]);
    expect(parseEventXmlText(ctx, '').issues).toMatchObject([
      { code: 'empty-input', severity: 'info' },
    ]);
    expect(parseEventXmlText(ctx, 'Access is denied.\r\n').issues).toMatchObject([
      { code: 'empty-input', severity: 'error' },
    ]);
  });
});

describe('events.httpevent (HTTP.sys, WAS and W3SVC events of the System log)', () => {
  it('keeps <Binary> in the general parser too (an event with a comment) and refuses non-hex', () => {
    const ctx = { artifactId: 'events.httpevent', path: 'events/system-httpevent.xml' };
    const event = (binaryText: string): string =>
      "<Events><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><!-- copy -->" +
      "<System><Provider Name='Microsoft-Windows-HttpEvent'/><EventID>15021</EventID><Level>2</Level></System>" +
      `<EventData><Data Name='Endpoint'>[::]:443</Data><Binary>${binaryText}</Binary></EventData></Event></Events>`;
    const kept = parseEventXmlText(ctx, event('000004000200 3000\n5f0000c0')).value;
    expect(kept.digests[0]!.data.binary).toBe('0000040002003000' + '5F0000C0');
    for (const bad of ['not hex', '0'.repeat(4098), 'ABC'])
      expect(parseEventXmlText(ctx, event(bad)).value.digests[0]!.data.binary).toBeUndefined();
  });

  it('reads HttpEvent 15021 / 15300 with their endpoint and a WAS event, with the same parser', () => {
    const text = readFileSync(
      new URL('./event-xml.sample.synthetic-httpevent-15021-15300-was.txt', import.meta.url),
      'utf8',
    );
    const ctx = { artifactId: 'events.httpevent', path: 'events/system-httpevent.xml' };
    const { value, issues } = parseEventXmlText(ctx, text);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(value.eventCount).toBe(3);
    const byId = new Map(value.digests.map((d) => [d.eventId, d]));
    expect([...byId.keys()].sort((a, b) => a - b)).toEqual([5059, 15021, 15300]);
    expect(byId.get(15021)).toMatchObject({ provider: 'Microsoft-Windows-HttpEvent', level: 2 });
    expect(JSON.stringify(byId.get(15021)!.data)).toContain('0.0.0.0:443');
    // <Binary> is kept as a data field (upper-case hex), outside the folding key.
    expect(byId.get(15021)!.data.binary).toBe(
      '0000040002003000000000005D3A00C0000000000000000000000000000000000000000000000000',
    );
    // An odd number of hex digits is not a byte string: not kept.
    expect(byId.get(15300)!.data.binary).toBeUndefined();
    expect(JSON.stringify(byId.get(15300)!.data)).toContain('0.0.0.0:443');
    expect(byId.get(5059)).toMatchObject({ provider: 'Microsoft-Windows-WAS' });
  });
});

describe('event-xml: secrets in events (t11)', () => {
  // src/fixtures/r11/events-secrets.planted.synthetic.xml (README there).
  const xml = readFileSync(
    new URL('../fixtures/r11/events-secrets.planted.synthetic.xml', import.meta.url),
    'utf8',
  );
  const SECRETS =
    /Evt4688PfxPass|EvtSlashP7secret|EvtConnPw8|EvtUrlPass9|EvtSasSig10|EvtQueryToken12|EvtTargetPw13|EvtBearer14token/;

  it('masks data, messages and excerpts of what it keeps; says on which lines', () => {
    const ctx = { artifactId: 'events.schannel', path: 'events/system-schannel.xml' };
    const { value, issues } = parseEventXmlText(ctx, xml);
    expect(value.eventCount).toBe(5);
    expect(JSON.stringify(value)).not.toMatch(SECRETS);
    const schannel = value.digests.find((d) => d.eventId === 36871)!;
    expect(schannel.data.named).toMatchObject({
      Type: 'client',
      ErrorState: '10013',
      TargetName: 'https://proxyuser:[removed by tls-doctor]@proxy.contoso.com:8443/',
    });
    expect(schannel.samples[0]!.message).toContain('Authorization: Bearer [removed by tls-doctor]');
    const cmd = value.digests.find((d) => d.eventId === 4688)!.samples[0]!.evidence.excerpt;
    expect(cmd).toContain(
      "<Data Name='CommandLine'>certutil -f -p [removed by tls-doctor] -importpfx C:\\temp\\site.pfx</Data>",
    );
    expect(issues).toMatchObject([
      { code: 'secret-removed', severity: 'info', line: 2, params: { count: 5 } },
    ]);
  });

  it('folds events as before: the folding key is the data as read', () => {
    const one = (pw: string) =>
      `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Schannel'/><EventID>36871</EventID><Level>2</Level></System><EventData><Data Name='TargetName'>https://u:${pw}@p/</Data></EventData></Event>\n`;
    const ctx = { artifactId: 'events.schannel', path: 'x.xml' };
    const { value } = parseEventXmlText(ctx, one('a1') + one('a1') + one('b2'));
    expect(value.digests.map((d) => d.count)).toEqual([2, 1]);
    expect(JSON.stringify(value)).not.toMatch(/a1@|b2@/);
  });
});
