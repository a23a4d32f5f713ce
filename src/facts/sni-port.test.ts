import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { openInputs } from '../bundle/open.js';
import { entry, listing } from '../test-support/sslcert-listing.js';
import { buildFacts } from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-sni-port-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CAPTURE = new URL(
  '../../samples/httpsys-sni-only-port-resets/capture/synthetic-server-sni-rst.pcap',
  import.meta.url,
);

function factsOf(files: Record<string, string | Buffer>) {
  const dir = mkdtempSync(join(tmp, 'b-'));
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), body);
  }
  return buildFacts(loadBundle(openInputs([dir])));
}

describe('facts/sni-port', () => {
  it('marks a port with only hostname:port entries, its first entry as lead', () => {
    const f = factsOf({
      'httpsys/netsh-http-show-sslcert.txt': listing(
        entry('Hostname:port', 'shop.contoso.com:443'),
        entry('Hostname:port', 'api.contoso.com:443'),
      ),
    });
    const byEndpoint = (e: string) => f.bindings.find((b) => b.endpoint === e);
    expect(byEndpoint('api.contoso.com:443')).toMatchObject({
      sniOnlyPort: true,
      sniOnlyPortLead: true,
    });
    expect(byEndpoint('shop.contoso.com:443')).toMatchObject({
      sniOnlyPort: true,
      sniOnlyPortLead: false,
    });
    const lead = f.bindings.find((b) => b.sniOnlyPortLead)!;
    expect(lead).toMatchObject({
      sniOnlyPortNames: ['api.contoso.com', 'shop.contoso.com'],
      noSniClientHellos: 0,
      noSniResets: 0,
    });
  });

  it('does not mark a port that also has an ip:port or ccs entry', () => {
    for (const other of [
      entry('IP:port', '10.0.0.5:443'),
      entry('Central Certificate Store', '443'),
    ]) {
      const f = factsOf({
        'httpsys/netsh-http-show-sslcert.txt': listing(
          other,
          entry('Hostname:port', 'shop.contoso.com:443'),
        ),
      });
      const sni = f.bindings.find((b) => b.type === 'hostnameport')!;
      expect(sni).toMatchObject({ sniOnlyPort: false, sniOnlyPortLead: false });
    }
  });

  it('cannot decide when the listing was elided', () => {
    const f = factsOf({
      'httpsys/netsh-http-show-sslcert.txt': listing(
        '...',
        entry('Hostname:port', 'shop.contoso.com:443'),
      ),
    });
    expect(f.bindings[0]).toMatchObject({ sniOnlyPort: null, sniOnlyPortLead: true });
  });

  it('counts captured ClientHellos without SNI reset on the port', () => {
    const f = factsOf({
      'httpsys/netsh-http-show-sslcert.txt': listing(
        entry('Hostname:port', 'shop.contoso.com:443'),
      ),
      'capture/synthetic-server-sni-rst.pcap': readFileSync(CAPTURE),
    });
    expect(f.bindings[0]).toMatchObject({
      sniOnlyPort: true,
      noSniClientHellos: 2,
      noSniResets: 2,
      noSniAnswered: 0,
      noSniResetClients: ['127.0.0.1'],
    });
    expect(f.bindings[0]!.evidence.some((e) => (e.frames ?? []).includes(6))).toBe(true);
  });
});
