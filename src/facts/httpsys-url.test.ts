import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParsedBundle } from '../artifacts/load.js';
import { parseNetshServicestate } from '../parsers/netsh-servicestate.js';
import { parseNetshUrlacl } from '../parsers/netsh-urlacl.js';
import { inlineText } from '../test-support/fixtures.js';
import { buildHttpsysUrls } from './httpsys-url.js';
import { apply } from './patch.js';

const urlsOf = (...a: Parameters<typeof buildHttpsysUrls>) => buildHttpsysUrls(...a)!.urls;
import type { BindingEntity } from './model.js';

const parsers = new URL('../parsers/', import.meta.url);
const real = (name: string): string => readFileSync(new URL(name, parsers), 'utf8');
// Real outputs (netsh-servicestate.samples.md, netsh-urlacl.samples.md).
const AZURE = real(
  'netsh-servicestate.sample.en-azure-local-tsg-requestq-nchostagent-https-443.txt',
);
const IIS = real(
  'netsh-servicestate.sample.en-htb-writeup-session-view-iis-defaultapppool-wsman.txt',
);
const SSRS = real('netsh-urlacl.sample.en-mslearn-ssrs-san-reportserver-443.txt');

const file = (id: string, path: string, value: unknown) => ({
  id,
  status: 'parsed',
  manifest: null,
  reason: null,
  files: [{ artifactId: id, path, size: 1, value, issues: [], encoding: null, matchedBy: 'path' }],
});

function bundle(o: {
  state?: string;
  urlacl?: string;
  sslcert?: { elided: boolean };
}): ParsedBundle {
  return {
    artifacts: [
      ...(o.state !== undefined
        ? [
            file(
              'httpsys.servicestate',
              'httpsys/netsh-http-show-servicestate.txt',
              parseNetshServicestate(inlineText(o.state, 'httpsys.servicestate')).value,
            ),
          ]
        : []),
      ...(o.urlacl !== undefined
        ? [
            file(
              'httpsys.urlacl',
              'httpsys/netsh-http-show-urlacl.txt',
              parseNetshUrlacl(inlineText(o.urlacl, 'httpsys.urlacl')).value,
            ),
          ]
        : []),
      ...(o.sslcert
        ? [
            file('httpsys.sslcert', 'httpsys/netsh-http-show-sslcert.txt', {
              bindings: [],
              elided: o.sslcert.elided,
            }),
          ]
        : []),
    ],
    unrecognized: [],
    skipped: [],
  } as unknown as ParsedBundle;
}

const binding = (type: BindingEntity['type'], endpoint: string, port: number): BindingEntity =>
  ({ key: `b/${endpoint}`, type, endpoint, port, evidence: [] }) as unknown as BindingEntity;

describe('httpsys-url', () => {
  it('names the program behind an https registration and finds its port without an SSL entry', () => {
    const [u] = urlsOf(bundle({ state: AZURE, sslcert: { elided: false } }), [
      binding('ipport', '0.0.0.0:8443', 8443),
    ]);
    expect(u).toMatchObject({
      url: 'HTTPS://+:443/HOSTAGENT/VSWITCH/',
      scheme: 'https',
      port: 443,
      registered: true,
      reserved: null,
      owner: 'other',
      processIds: [2688],
      services: ['NcHostAgent'],
      ownerName: 'svchost.exe (PID 2688, service NcHostAgent)',
      sslcertKnown: true,
      missingSslcert: true,
      suggestedEndpoint: '0.0.0.0:443',
    });
  });

  it('counts any SSL entry on the port as serving a wildcard URL', () => {
    for (const b of [
      binding('ipport', '0.0.0.0:443', 443),
      binding('ipport', '10.0.0.5:443', 443),
      binding('hostnameport', 'www.contoso.com:443', 443),
      binding('ccs', '443', 443),
    ]) {
      const [u] = urlsOf(bundle({ state: AZURE, sslcert: { elided: false } }), [b]);
      expect(u).toMatchObject({
        missingSslcert: false,
        sslBindings: [expect.stringContaining('443')],
      });
    }
  });

  it('leaves coverage undecided when the sslcert listing is elided or missing', () => {
    expect(urlsOf(bundle({ state: AZURE, sslcert: { elided: true } }), [])[0]).toMatchObject({
      sslcertKnown: false,
      missingSslcert: false,
    });
    expect(urlsOf(bundle({ state: AZURE }), [])[0]).toMatchObject({
      sslcertKnown: false,
      missingSslcert: false,
    });
  });

  it('needs an ip:port entry covering the address of a URL on one address', () => {
    const state = AZURE.replace('HTTPS://+:443/', 'HTTPS://10.0.0.7:443/');
    const other = urlsOf(bundle({ state, sslcert: { elided: false } }), [
      binding('ipport', '10.0.0.5:443', 443),
    ]);
    expect(other[0]).toMatchObject({
      hostKind: 'ip',
      missingSslcert: true,
      suggestedEndpoint: '10.0.0.7:443',
    });
    const wild = urlsOf(bundle({ state, sslcert: { elided: false } }), [
      binding('ipport', '0.0.0.0:443', 443),
    ]);
    expect(wild[0]).toMatchObject({ missingSslcert: false });
  });

  it('tells IIS application pools from other programs and merges reservations', () => {
    const urls = urlsOf(bundle({ state: IIS, urlacl: SSRS }), []);
    expect(urls.map((u) => [u.url, u.owner, u.reserved, u.registered])).toEqual([
      ['https://+:443/ReportServer/', 'unknown', true, false],
      ['HTTP://+:5985/WSMAN/', 'other', false, true],
      ['HTTP://+:47001/WSMAN/', 'other', false, true],
      ['HTTP://127.0.0.1:8000:127.0.0.1/', 'iis', false, true],
    ]);
    expect(urls[3]).toMatchObject({
      queueName: 'DefaultAppPool',
      ownerName: 'IIS application pool DefaultAppPool',
      boundAddress: '127.0.0.1',
    });
    expect(urls[0]).toMatchObject({
      reservedFor: ['NT SERVICE\\ReportServer'],
      sslcertKnown: false,
      missingSslcert: false,
    });
    expect(buildHttpsysUrls(bundle({}), [])).toBeUndefined();
  });

  it('names the program of an HTTP.sys entry that binding-owner knows only by its AppId', () => {
    const b = {
      ...binding('ipport', '0.0.0.0:443', 443),
      otherOwner: 'the program with AppId {1d2c3b4a-0000-4000-8000-000000000001}',
      iisBindings: [],
    } as BindingEntity;
    expect(
      buildHttpsysUrls(bundle({ state: AZURE, sslcert: { elided: false } }), [b])!.bindings,
    ).toEqual([{ at: 0, set: { otherOwner: expect.any(String) } }]);
    apply(
      [b],
      buildHttpsysUrls(bundle({ state: AZURE, sslcert: { elided: false } }), [b])!.bindings,
    );
    expect(b.otherOwner).toBe(
      'svchost.exe (PID 2688, service NcHostAgent), AppId {1d2c3b4a-0000-4000-8000-000000000001}',
    );
    const iis = { ...b, otherOwner: null } as BindingEntity;
    expect(
      buildHttpsysUrls(bundle({ state: AZURE, sslcert: { elided: false } }), [iis])!.bindings,
    ).toEqual([]);
  });
});
