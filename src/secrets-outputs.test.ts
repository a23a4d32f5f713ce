/**
 * Round 11 (t11): secrets that still reached outputs after judge10 T3. An event's data (a 4688
 * command line with a PFX password, a connection string in an application error, a URL with a
 * password or a SAS signature in a CAPI2 event) and the query strings of an IIS log written by an
 * older collector reach no output: analyze (json, md, html, with and without --redact), diff,
 * fleet and inspect. The bundle is samples/arr-backend-tls-failure (its findings quote the IIS
 * log lines) with the two synthetic files of src/fixtures/r11/README.md in place.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, itLeaksNoSecret, replaceInBundle } from './test-support/outputs.js';

const root = new URL('..', import.meta.url).pathname;
const SAMPLE = join(root, 'samples/arr-backend-tls-failure');
const EVENTS = join(root, 'src/fixtures/r11/events-secrets.planted.synthetic.xml');
const LOG = join(root, 'src/fixtures/r11/u_ex261130.query-secrets.synthetic.log');
const LOG_PATH = 'logs/iis/W3SVC1/u_ex261130.log';
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-r11-secrets-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const EVENT_SECRETS = [
  'Evt4688PfxPass',
  'EvtSlashP7secret',
  'EvtConnPw8',
  'EvtUrlPass9',
  'EvtSasSig10',
  'EvtQueryToken12',
  'EvtTargetPw13',
  'EvtBearer14token',
];
const LOG_SECRETS = [
  'W3cTok3nQuery1',
  'W3cPassw0rd2',
  'W3cRefererCode3',
  'W3cSasSig4',
  'W3cBareToken5',
];
const SECRETS = [...EVENT_SECRETS, ...LOG_SECRETS];

function planted(): string {
  const dir = join(tmp, 'planted');
  cpSync(SAMPLE, dir, { recursive: true });
  replaceInBundle(dir, 'events/system-schannel.xml', readFileSync(EVENTS));
  replaceInBundle(dir, LOG_PATH, readFileSync(LOG));
  return dir;
}

const leaks = (text: string): string[] => SECRETS.filter((s) => text.includes(s));

describe('t11: secrets of event logs and IIS log query strings reach no output', () => {
  const bundle = planted();
  const other = join(tmp, 'other');
  cpSync(SAMPLE, other, { recursive: true });

  it('the planted bundle holds every secret (the test can fail)', () => {
    const text =
      readFileSync(join(bundle, 'events/system-schannel.xml'), 'utf8') +
      readFileSync(join(bundle, LOG_PATH), 'utf8');
    expect(leaks(text)).toEqual(SECRETS);
  });

  itLeaksNoSecret(tmp, bundle, other, leaks);

  it('the json report still quotes the events and the log lines, masked', () => {
    const out = mkdtempSync(join(tmp, 'json-'));
    cli(tmp, 'analyze', bundle, '-f', 'json', '-o', join(out, 'r.json'));
    const json = readFileSync(join(out, 'r.json'), 'utf8');
    // The IIS log line of the ARR finding: names kept, values removed, as the collector does.
    expect(json).toContain('/api/orders token=[removed]&password=[removed] 443');
    // No masked line is lost: the three 12175 lines of the sample are still counted.
    expect(json).toContain('3 request(s) of this site ended 502.3 / 12175');
    expect(json).toContain('"code": "secret-removed"');
  }, 200_000);

  it('inspect lists the events, masked', () => {
    const r = cli(tmp, 'inspect', bundle);
    expect(r.stdout).toContain('-p [removed by tls-doctor] -importpfx');
  }, 200_000);
});
