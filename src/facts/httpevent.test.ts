import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { openInputs } from '../bundle/open.js';
import { dumpStatus } from './httpevent.js';
import { buildFacts } from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-httpevent-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Real: Microsoft Q&A 227642 (see httpevent.samples.md). */
const REAL_15021 = readFileSync(
  new URL('./httpevent.sample.en-qa-227642-15021-ipv6-xml-view.txt', import.meta.url),
  'utf8',
);
/** The same event's values in wevtutil's one-line form (synthetic layout). */
const LINE_15021 = readFileSync(
  new URL('./httpevent.sample.synthetic-wevtutil-line-from-qa-227642-15021.txt', import.meta.url),
  'utf8',
);
const SYNTHETIC = readFileSync(
  new URL('../parsers/event-xml.sample.synthetic-httpevent-15021-15300-was.txt', import.meta.url),
  'utf8',
);

const sslcert = (endpoint: string, hash: string) =>
  `\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n    IP:port                      : ${endpoint}\r\n    Certificate Hash             : ${hash}\r\n    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n    Certificate Store Name       : MY\r\n\r\n`;

function factsOf(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmp, 'b-'));
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), body);
  }
  return buildFacts(loadBundle(openInputs([dir])));
}

describe('facts/httpevent', () => {
  it('reads the endpoint of a real 15021 (Event Viewer XML view, doubled line breaks)', () => {
    const facts = factsOf({ 'events/system-httpevent.xml': REAL_15021 });
    const g = facts.eventGroups.find((e) => e.eventId === 15021);
    expect(g).toMatchObject({
      source: 'httpevent',
      endpoint: '[::]:443',
      bindingEvidence: false,
      bindingFound: false,
      certificateThumbprint: null,
    });
    expect(g!.key).toBe('httpevent-15021-[::]:443');
    // Its <Binary> lies past the 40-line evidence excerpt; the parser keeps it as data.binary.
    expect(g!.statusCodes).toEqual(['0xc000005f STATUS_NO_SUCH_LOGON_SESSION']);
  });

  it('reads the error status from the binary data of the one-line form', () => {
    const facts = factsOf({ 'events/system-httpevent.xml': LINE_15021 });
    expect(facts.eventGroups.find((e) => e.eventId === 15021)).toMatchObject({
      endpoint: '[::]:443',
      statusCodes: ['0xc000005f STATUS_NO_SUCH_LOGON_SESSION'],
    });
  });

  it('joins 15021 to the binding of its endpoint and cites it there', () => {
    const hash = 'abababababababababababababababababababab';
    const facts = factsOf({
      'events/system-httpevent.xml': LINE_15021,
      'httpsys/netsh-http-show-sslcert.txt':
        sslcert('[::]:443', hash) +
        sslcert('0.0.0.0:443', 'cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd'),
    });
    const g = facts.eventGroups.find((e) => e.eventId === 15021)!;
    expect(g).toMatchObject({ bindingEvidence: true, bindingFound: true, bindingType: 'ipport' });
    expect(g.certificateThumbprint).toBe(hash);
    const v6 = facts.bindings.find((b) => b.endpoint === '[::]:443')!;
    const v4 = facts.bindings.find((b) => b.endpoint === '0.0.0.0:443')!;
    expect(v6).toMatchObject({
      sslConfigErrorEvents: 1,
      sslConfigErrorLastSeen: '2021-01-12T11:16:17.241910600Z',
      sslConfigErrorStatus: ['0xc000005f STATUS_NO_SUCH_LOGON_SESSION'],
    });
    expect(v6.evidence.map((e) => e.artifactId)).toContain('events.httpevent');
    // The IPv4 twin is another HTTP.sys entry: the event does not name it.
    expect(v4).toMatchObject({ sslConfigErrorEvents: 0 });
    expect(v4.evidence.map((e) => e.artifactId)).not.toContain('events.httpevent');
  });

  it('leaves the HttpEvent fields of bindings absent when the events were not collected', () => {
    const facts = factsOf({
      'httpsys/netsh-http-show-sslcert.txt': sslcert('0.0.0.0:443', 'ab'.repeat(20)),
    });
    expect(facts.bindings[0]!.sslConfigErrorEvents).toBeUndefined();
  });

  it('counts 15300 on the binding and reads no status from a header of another event id', () => {
    const facts = factsOf({
      'events/system-httpevent.xml': SYNTHETIC,
      'httpsys/netsh-http-show-sslcert.txt': sslcert('0.0.0.0:443', 'ab'.repeat(20)),
    });
    expect(facts.bindings[0]).toMatchObject({
      sslConfigErrorEvents: 1,
      sslConfigErrorStatus: [],
      sslSettingsDeletedEvents: 1,
    });
    const was = facts.eventGroups.find((e) => e.provider === 'Microsoft-Windows-WAS');
    expect(was).toMatchObject({ source: 'other' });
    expect(was!.endpoint).toBeUndefined();
  });

  it('decodes the dump data only when the packet header names the event', () => {
    const real =
      '000004000200300000000000AD3A00C00000000000000000000000000000000000000000000000005F0000C0';
    expect(dumpStatus(real, 15021)).toBe('0xc000005f');
    expect(dumpStatus(real, 15300)).toBeNull();
    expect(dumpStatus(real.slice(0, 80), 15021)).toBeNull();
    expect(dumpStatus('zz' + real.slice(2), 15021)).toBeNull();
    // DumpDataSize 0: nothing after the header is the status.
    expect(dumpStatus('00000000' + real.slice(8), 15021)).toBeNull();
  });
});
