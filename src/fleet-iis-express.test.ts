/**
 * The fleet compares IIS sites (sslFlags per binding) between servers only where the server's own
 * applicationHost.config was read: an IIS Express applicationhost.config (a developer's sites,
 * src/parsers/applicationhost/express.ts) is not the server's IIS, so it is not named as the
 * server's evidence, and the fleet does not show its (absent) IIS bindings as a difference.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { fleetFingerprint } from './report/fleet.js';

const file = (p: string): string => new URL(`../${p}`, import.meta.url).pathname;
/** Real IIS Express file (applicationhost.samples.md) and the healthy sample's sslcert list. */
const EXPRESS = file(
  'src/parsers/applicationhost.sample.en-iisexpress-sites-empty-ip-https-44351.txt',
);
const SSLCERT = file('samples/healthy/httpsys/netsh-http-show-sslcert.txt');

describe('fleet evidence of a bundle with IIS Express only', () => {
  it('does not list iis.config, and has no IIS sslFlags to compare', async () => {
    const a = await analyze([EXPRESS, SSLCERT]);
    expect(a.parsed.artifacts.find((x) => x.id === 'iis.config')?.status).toBe('parsed');
    expect(a.facts.host.artifacts).not.toContain('iis.config');
    expect(a.facts.host.artifacts).toContain('httpsys.sslcert');
    const print = fleetFingerprint(a.facts, a.evaluation.findings);
    expect(print.aspects['iis-sslflags']).toBeUndefined();
    expect(print.aspects['binding-certificate']).toBeDefined();
  });

  it('still lists the server’s own applicationHost.config', async () => {
    const a = await analyze([
      file('samples/iis-no-https-binding/applicationHost.config'),
      file('samples/iis-no-https-binding/netsh-sslcert.txt'),
    ]);
    expect(a.facts.host.artifacts).toContain('iis.config');
    expect(fleetFingerprint(a.facts).aspects['iis-sslflags']).toBeDefined();
  });
});
