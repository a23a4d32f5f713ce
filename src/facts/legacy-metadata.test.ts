import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { openInputs } from '../bundle/open.js';
import { buildFacts } from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-legacy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const read = (p: string): string => readFileSync(new URL(p, import.meta.url), 'utf8');
const CONFIG = read(
  '../parsers/applicationhost.sample.synthetic-custommetadata-5506-kb2025598.txt',
);
const SAMPLE = '../../samples/iis-legacy-ssl-metadata-binding-deleted/';
const EVENTS = read(`${SAMPLE}events/system-httpevent.xml`);
/** The real short field set with the entry's hash set to `hash`. */
const sslcert = (hash: string): string =>
  read('../parsers/netsh-sslcert.sample.en-win10-short-field-set.txt')
    .replace('0.0.0.0:44307', '0.0.0.0:443')
    .replace(/(Certificate Hash\s*: )[0-9a-f]{40}/, `$1${hash}`);

function factsOf(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmp, 'b-'));
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), body);
  }
  return buildFacts(loadBundle(openInputs([dir])));
}

describe('facts/legacy-metadata', () => {
  it('links the 5506 hash to its site and a 15300 to the IIS binding still missing', () => {
    const f = factsOf({
      'iis/applicationHost.config': CONFIG,
      'httpsys/netsh-http-show-sslcert.txt':
        '\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n',
      'events/system-httpevent.xml': EVENTS,
    });
    expect(f.sites.find((s) => s.id === 2)).toMatchObject({
      legacySslCertHash: 'a178873b314030e17463122e23bb285af0c51338',
      legacySslMetadataPath: 'LM/W3SVC/2',
      legacySslMetadataSitePath: true,
      legacySslCertHashCurrent: false,
      sslSettingsDeletedEvents: 2,
    });
    expect(f.sites.find((s) => s.id === 1)!.legacySslMetadataPath).toBeUndefined();
    expect(f.eventGroups.find((g) => g.eventId === 15300)).toMatchObject({
      endpoint: '0.0.0.0:443',
      bindingFound: false,
      iisBindingsStillMissing: ["IIS site 'Contoso' https *:443:"],
      iisBindingsStillMissingCount: 1,
      iisSites: ['Contoso'],
      legacySslMetadataSites: ['Contoso'],
    });
  });

  it('sees a legacy hash equal to the served one, and a binding that is back', () => {
    const f = factsOf({
      'iis/applicationHost.config': CONFIG,
      'httpsys/netsh-http-show-sslcert.txt': sslcert('a178873b314030e17463122e23bb285af0c51338'),
      'events/system-httpevent.xml': EVENTS,
    });
    expect(f.sites.find((s) => s.id === 2)).toMatchObject({ legacySslCertHashCurrent: true });
    expect(f.eventGroups.find((g) => g.eventId === 15300)).toMatchObject({
      bindingFound: true,
      iisBindingsStillMissingCount: 0,
    });
  });

  it('leaves the still-missing question open without IIS evidence', () => {
    const f = factsOf({
      'httpsys/netsh-http-show-sslcert.txt': sslcert('a178873b314030e17463122e23bb285af0c51338'),
      'events/system-httpevent.xml': EVENTS,
    });
    expect(
      f.eventGroups.find((g) => g.eventId === 15300)!.iisBindingsStillMissingCount,
    ).toBeUndefined();
  });
});
