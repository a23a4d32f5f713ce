import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { openInputs } from '../bundle/open.js';
import { entry, listing } from '../test-support/sslcert-listing.js';
import { buildFacts } from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-sni-unbound-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SNI_ONLY = [
  entry('Hostname:port', 'shop.contoso.com:443'),
  entry('Hostname:port', 'api.contoso.com:443'),
];

/** Real loopback resets of ClientHellos for www.fabrikam.com (scripts/make-sni-host-not-bound-capture.sh). */
const LOOPBACK = readFileSync(
  new URL(
    '../../samples/httpsys-sni-host-not-bound/capture/synthetic-server-sni-name-rst.pcap',
    import.meta.url,
  ),
);
/** The same reset between 10.15.0.2 and the server 10.15.0.1 (same script, a network namespace). */
const REMOTE = readFileSync(new URL('./fixtures/sni-name-rst-10-15-0-1.pcap', import.meta.url));
/** Real `ipconfig` (ipconfig.samples.md): its one IPv4 address is 192.168.43.1. */
const IPCONFIG = readFileSync(
  new URL('../parsers/ipconfig.sample.en-plain-psremoting-writeup.txt', import.meta.url),
  'utf8',
);

function factsOf(files: Record<string, string | Buffer>) {
  const dir = mkdtempSync(join(tmp, 'b-'));
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), body);
  }
  return buildFacts(loadBundle(openInputs([dir])));
}

const fabrikam = (files: Record<string, string | Buffer>) =>
  factsOf(files).handshakeEndpoints.find(
    (e) => e.kind === 'no-server-hello' && e.serverName === 'www.fabrikam.com',
  )!;

describe('facts/sni-unbound', () => {
  it('decides a reset for a name no entry of the port serves', () => {
    const e = fabrikam({
      'httpsys/netsh-http-show-sslcert.txt': listing(...SNI_ONLY),
      'capture/x.pcap': LOOPBACK,
    });
    expect(e).toMatchObject({
      sniNotBound: true,
      sniNotBoundUnknown: null,
      sniHostPort: 'www.fabrikam.com:443',
      sniPortBindings: ['api.contoso.com:443', 'shop.contoso.com:443'],
      sniIisSite: null,
    });
    expect(e.sniBindingList?.evidence.length).toBeGreaterThan(0);
  });

  it('finds the entry that serves it: 0.0.0.0, [::], the name in another case, ccs', () => {
    for (const serving of [
      entry('IP:port', '0.0.0.0:443'),
      entry('IP:port', '[::]:443'),
      entry('Hostname:port', 'WWW.Fabrikam.com:443'),
      entry('Central Certificate Store', '443'),
    ]) {
      const e = fabrikam({
        'httpsys/netsh-http-show-sslcert.txt': listing(...SNI_ONLY, serving),
        'capture/x.pcap': LOOPBACK,
      });
      expect(e).toMatchObject({ sniNotBound: false, sniNotBoundUnknown: null });
      // A ccs entry is named as the inventory names it, `ccs 443` (judge12 S3).
      expect(serving).toContain(`: ${e.sniServingEntry!.replace(/^ccs /, '')}`);
      expect(e.sniServingEntry!.startsWith('ccs ')).toBe(serving.includes('Central Certificate'));
    }
  });

  it('cannot tell without a complete binding list', () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'no-binding-list'],
      [
        { 'httpsys/netsh-http-show-sslcert.txt': listing('...', ...SNI_ONLY) },
        'binding-list-incomplete',
      ],
      // A line the parser cannot read may have been an entry.
      [
        {
          'httpsys/netsh-http-show-sslcert.txt': listing(
            ...SNI_ONLY,
            '    Hostname:port                : ###:443',
          ),
        },
        'binding-list-incomplete',
      ],
      // An endpoint line without its separator is not read: it may have been the name's entry.
      [
        {
          'httpsys/netsh-http-show-sslcert.txt': listing(
            ...SNI_ONLY,
            '    Hostname:port www.fabrikam.com:443',
          ),
        },
        'binding-list-incomplete',
      ],
    ];
    for (const [files, why] of cases) {
      const e = fabrikam({ ...files, 'capture/x.pcap': LOOPBACK });
      expect(e).toMatchObject({ sniNotBound: null, sniNotBoundUnknown: why });
    }
  });

  it('cannot tell for a port without HTTP.sys entries or with a wildcard host name', () => {
    const other = fabrikam({
      'httpsys/netsh-http-show-sslcert.txt': listing(
        entry('Hostname:port', 'shop.contoso.com:8443'),
      ),
      'capture/x.pcap': LOOPBACK,
    });
    expect(other).toMatchObject({ sniNotBound: null, sniNotBoundUnknown: 'no-binding-on-port' });
    const wild = fabrikam({
      'httpsys/netsh-http-show-sslcert.txt': listing(
        ...SNI_ONLY,
        entry('Hostname:port', '*.fabrikam.com:443'),
      ),
      'capture/x.pcap': LOOPBACK,
    });
    expect(wild).toMatchObject({ sniNotBound: null, sniNotBoundUnknown: 'wildcard-host-entry' });
  });

  it('does not judge a capture of another server (its address is not in ipconfig)', () => {
    const files = {
      'httpsys/netsh-http-show-sslcert.txt': listing(...SNI_ONLY),
      'capture/x.pcap': REMOTE,
    };
    expect(fabrikam({ ...files, 'network/ipconfig-all.txt': IPCONFIG })).toMatchObject({
      sniNotBound: null,
      sniNotBoundUnknown: 'other-server',
    });
    // Synthetic variant of the real ipconfig: the capture's server address is this machine's.
    const own = IPCONFIG.replace('192.168.43.1', '10.15.0.1');
    expect(fabrikam({ ...files, 'network/ipconfig-all.txt': own })).toMatchObject({
      sniNotBound: true,
    });
  });

  it('names the certificate the IIS binding of the name gives', () => {
    const config = [
      '<configuration><system.applicationHost><sites>',
      '<site name="Fabrikam" id="3"><bindings>',
      '<binding protocol="https" bindingInformation="*:443:www.fabrikam.com" sslFlags="1" certificateHash="3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0D1E2F" certificateStoreName="My" />',
      '</bindings></site>',
      '</sites></system.applicationHost></configuration>',
    ].join('\r\n');
    const e = fabrikam({
      'httpsys/netsh-http-show-sslcert.txt': listing(...SNI_ONLY),
      'iis/applicationHost.config': config,
      'capture/x.pcap': LOOPBACK,
    });
    expect(e).toMatchObject({
      sniNotBound: true,
      sniIisSite: 'Fabrikam',
      sniIisCertificateHash: '3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f',
    });
  });
});
