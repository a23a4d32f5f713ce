import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { openInputs } from '../bundle/open.js';
import { mangling } from '../test-support/mangle.js';
import { buildFacts } from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-w3svc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sample = (name: string) =>
  readFileSync(new URL(`./w3svc-event.sample.${name}.txt`, import.meta.url), 'utf8');
/** Real: IIS 6 Event Viewer text copy of 1007 (w3svc-event.samples.md). */
const REAL_1007_TEXT = sample('en-w3-4u-2006-1007-event-viewer-text');
/** Real: WAS 5139, Event Viewer general + XML view (Microsoft Q&A 1154477). */
const REAL_WAS_5139 = sample('en-qa-1154477-was-5139-xml-view');
/** Synthetic: 1007 in wevtutil's one-line form. */
const LINE_1007 = `<Events>\r\n${sample('synthetic-wevtutil-1007').trim()}\r\n</Events>\r\n`;

const appcmd = (id: number, state: string) =>
  `SITE "Contoso Shop" (id:${id},bindings:http/*:80:,https/*:443:,state:${state})\r\n`;

function groupsOf(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmp, 'b-'));
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), body);
  }
  return buildFacts(loadBundle(openInputs([dir]))).eventGroups;
}

describe('facts/w3svc-event', () => {
  it('reads the prefix, site and error of a 1007 in wevtutil form and joins the stopped site', () => {
    const [g] = groupsOf({
      'events/system-httpevent.xml': LINE_1007,
      'iis/appcmd-list-site.txt': appcmd(1, 'Stopped'),
    });
    expect(g).toMatchObject({
      provider: 'Microsoft-Windows-IIS-W3SVC',
      eventId: 1007,
      urlRegistrationFailed: true,
      urlPrefix: 'https://*:443/',
      urlPrefixScheme: 'https',
      urlPort: 443,
      siteId: 1,
      errorCode: '0x800700b7',
      errorName: 'ERROR_ALREADY_EXISTS',
      siteName: 'Contoso Shop',
      siteState: 'Stopped',
      siteHttpsBindingCount: 1,
      iisSites: ['Contoso Shop'],
    });
  });

  it('leaves the site state unknown without appcmd and when appcmd lacks the site id', () => {
    const [alone] = groupsOf({ 'events/system-httpevent.xml': LINE_1007 });
    expect(alone).toMatchObject({ siteId: 1, siteName: null, siteState: null });
    const [other] = groupsOf({
      'events/system-httpevent.xml': LINE_1007,
      'iis/appcmd-list-site.txt': appcmd(7, 'Stopped'),
    });
    expect(other).toMatchObject({ siteId: 1, siteName: null, siteState: null });
    expect(other?.iisSites).toBeUndefined();
  });

  it('says the site started again when appcmd lists it Started', () => {
    const [g] = groupsOf({
      'events/system-httpevent.xml': LINE_1007,
      'iis/appcmd-list-site.txt': appcmd(1, 'Started'),
    });
    expect(g).toMatchObject({ siteState: 'Started' });
  });

  it.each(['none', 'crlf', 'trailing-blanks'])(
    'reads the prefix, site and data field from the message of the real IIS 6 text copy (%s)',
    (m) => {
      const text = m === 'none' ? REAL_1007_TEXT : mangling(m).apply(REAL_1007_TEXT);
      const [g] = groupsOf({
        'events/system-httpevent.xml': text,
        'iis/appcmd-list-site.txt': appcmd(42, 'Stopped'),
      });
      expect(g).toMatchObject({
        provider: 'W3SVC',
        eventId: 1007,
        fromText: true,
        urlPrefix: 'http://*:24051/',
        urlPrefixScheme: 'http',
        urlPort: 24051,
        siteId: 42,
        errorCode: '0x800700b7',
        siteState: 'Stopped',
      });
    },
  );

  it('gives other IIS service events (real WAS 5139) no URL registration fields', () => {
    const groups = groupsOf({ 'events/system-httpevent.xml': REAL_WAS_5139 });
    // The XML view is read as WAS 5139 (the general view above it may add a group of its own).
    expect(groups.map((g) => g.provider)).toContain('Microsoft-Windows-WAS');
    for (const g of groups) {
      expect(g.eventId).toBe(5139);
      expect(g.urlRegistrationFailed).toBeUndefined();
      expect(g.siteName).toBeUndefined();
    }
  });
});
