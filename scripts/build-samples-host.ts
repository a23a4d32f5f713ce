/**
 * Builds the host samples of round 4 from the outbound-TLS samples (a Windows Server 2012 with
 * .NET Framework 4.8), adding Schannel System-log events in the layout `wevtutil qe System /f:xml
 * /e:Events` writes (one <Event> per line, CRLF, as the project's other event samples). The 36871
 * event data (`Type` = client / server, `ErrorState` 10013) follows the real Event Viewer copy in
 * src/parsers/event-xml.sample.zh-cn-xml-view-36871-state10013.txt (netchx/netch issue #453), in
 * English as an en-US server writes it:
 * - outbound-tls-client-credential-failed: the .NET / WinHTTP defaults of
 *   outbound-tls-defaults-2012 plus client-credential 36871 events of the last day (this server's
 *   own outbound TLS failing) and a server-credential 36871 last logged in 2020: the client events
 *   are listed under the .NET cause, the 2020 event is not reported at all;
 * - outbound-tls-client-credential-old: its healthy twin, the keys set as in outbound-tls-set-2012
 *   and only 36871 events from 2020 (client and server), six years before the collection.
 * The Centralized Certificate Store samples add to samples/healthy a second site, "Contoso Web",
 * whose https binding *:443:www.contoso.com uses SNI + CCS (sslFlags 3), the HTTP.sys
 * `Central Certificate Store : 443` entry (labels as in the real netsh output of the healthy
 * sample; no real CCS entry is on file), and iis/central-certificate-store.json as the collector
 * writes it (Windows PowerShell 5.1 ConvertTo-Json layout, as
 * src/parsers/ccs.sample.synthetic-collector-unc-listed.json):
 * - ccs-provider-disabled: the provider key says Enabled = 0;
 * - ccs-folder-unreachable: enabled, the share cannot be listed (Get-ChildItem's message);
 * - ccs-certificate-file-misnamed: the wildcard certificate saved as wildcard.contoso.com.pfx;
 * - ccs-healthy: their healthy twin, _.contoso.com.pfx serves www.contoso.com;
 * - ccs-sni-entry-shadows-store: ccs-healthy plus a hostnameport=www.contoso.com:443 entry left
 *   behind with the installed certificate, which HTTP.sys matches before ccs=443.
 * The IIS version samples turn samples/healthy into a Windows Server 2008 R2 (build 7601) with
 * registry/iis-inetstp.reg (IIS 7.5, the synthetic export beside src/parsers/reg.ts):
 * - iis75-sni-binding: a second site binds https *:443:www.contoso.com with SNI (sslFlags 1),
 *   copied from a newer server; HTTP.sys has no hostnameport entry (2008 R2 has none);
 * - iis75-ip-binding: its healthy twin, the same server without the SNI binding.
 *   npx tsx scripts/build-samples-host.ts && npm run samples:manifest -- <the samples>
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModeGate } from './lib/check-builder.js';

// --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
checkModeGate(import.meta.url);

const root = new URL('../samples/', import.meta.url).pathname;

let record = 81200;
function event36871(time: string, type: 'client' | 'server', pid: number): string {
  record += 1;
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
    `<Provider Name='Schannel' Guid='{1F678132-5938-4686-9FDC-C8FF68F15C85}'/>` +
    `<EventID>36871</EventID><Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode>` +
    `<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='${time}'/>` +
    `<EventRecordID>${record}</EventRecordID>` +
    `<Correlation ActivityID='{6523B069-BFEB-0004-3EB1-2365EBBFD601}'/>` +
    `<Execution ProcessID='${pid}' ThreadID='${pid + 4104}'/><Channel>System</Channel>` +
    `<Computer>WEB01</Computer><Security UserID='S-1-5-18'/></System><EventData>` +
    `<Data Name='Type'>${type}</Data><Data Name='ErrorState'>10013</Data></EventData></Event>`
  );
}

const events = (lines: string[]): string => ['<Events>', ...lines, '</Events>', ''].join('\r\n');

function sample(name: string, from: string, xml: string, expected: object): void {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(root, from), dir, { recursive: true });
  mkdirSync(join(dir, 'events'), { recursive: true });
  writeFileSync(join(dir, 'events', 'system-schannel.xml'), xml);
  writeFileSync(join(dir, 'expected-findings.json'), JSON.stringify(expected, null, 2) + '\n');
}

// Newest first, as wevtutil /rd:true writes them. LSASS (pid 652) writes Schannel events.
const recentClient = [
  '2026-11-20T08:55:03.1184410Z',
  '2026-11-20T07:55:02.9920113Z',
  '2026-11-20T06:55:03.0418877Z',
  '2026-11-19T23:55:02.8772301Z',
].map((t) => event36871(t, 'client', 652));
const oldServer = [event36871('2020-11-29T11:37:20.7849166Z', 'server', 976)];
const oldClient = [
  event36871('2020-11-29T11:37:21.0120345Z', 'client', 976),
  event36871('2020-11-28T18:02:44.5531208Z', 'client', 976),
];

sample(
  'outbound-tls-client-credential-failed',
  'outbound-tls-defaults-2012',
  events([...recentClient, ...oldServer]),
  {
    description:
      "Windows Server 2012 with the .NET / WinHTTP defaults of outbound-tls-defaults-2012 and four Schannel 36871 events of a client credential (error state 10013) in the last day: this server's own outbound TLS fails, listed under the .NET cause and never reported as a server-side failure. A server-credential 36871 last logged in 2020 (six years before the collection) is listed as history only (events-historical, info). Event data as in the real zh-CN 36871 sample beside src/parsers/event-xml.ts. Built by scripts/build-samples-host.ts.",
    findings: [
      { ruleId: 'dotnet-outbound-tls12-not-default', entity: 'WEB01' },
      {
        ruleId: 'schannel-client-credential-failed',
        entity: 'schannel-36871-state10013-client',
        explainedBy: 'dotnet-outbound-tls12-not-default',
      },
      { ruleId: 'winhttp-tls12-not-default', entity: 'WEB01' },
      { ruleId: 'events-historical', entity: 'schannel-36871-state10013-server' },
    ],
  },
);

sample(
  'outbound-tls-client-credential-old',
  'outbound-tls-set-2012',
  events([...oldServer, ...oldClient]),
  {
    description:
      'Healthy twin of outbound-tls-client-credential-failed: the .NET and WinHTTP keys are set (outbound-tls-set-2012) and the only Schannel 36871 events, client and server credential, were logged in November 2020, six years before the collection: they are listed as history (events-historical, info), never a cause. Built by scripts/build-samples-host.ts.',
    healthyTwinOf: 'outbound-tls-client-credential-failed',
    findings: [
      { ruleId: 'events-historical', entity: 'schannel-36871-state10013-client' },
      { ruleId: 'events-historical', entity: 'schannel-36871-state10013-server' },
    ],
  },
);

const SITE = [
  '            <site name="Contoso Web" id="2" serverAutoStart="true">',
  '                <application path="/" applicationPool="DefaultAppPool">',
  '                    <virtualDirectory path="/" physicalPath="D:\\Sites\\contoso" />',
  '                </application>',
  '                <bindings>',
  '                    <binding protocol="http" bindingInformation="*:80:www.contoso.com" />',
  '                    <binding protocol="https" bindingInformation="*:443:www.contoso.com" sslFlags="3" />',
  '                </bindings>',
  '            </site>',
].join('\r\n');

const CCS_ENTRY = [
  '    Central Certificate Store    : 443',
  '    Certificate Hash             : (null)',
  '    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}',
  '    Certificate Store Name       : (null)',
  '    Verify Client Certificate Revocation : Enabled',
  '    Verify Revocation Using Cached Client Certificate Only : Disabled',
  '    Usage Check                  : Enabled',
  '    Revocation Freshness Time    : 0',
  '    URL Retrieval Timeout        : 0',
  '    Ctl Identifier               : (null)',
  '    Ctl Store Name               : (null)',
  '    DS Mapper Usage              : Disabled',
  '    Negotiate Client Certificate : Disabled',
  '    Reject Connections           : Disabled',
  '    Disable HTTP2                : Not Set',
  '    Disable QUIC                 : Not Set',
  '    Disable TLS1.2               : Not Set',
  '    Disable TLS1.3               : Not Set',
  '    Disable OCSP Stapling        : Not Set',
  '    Disable Legacy TLS Versions  : Not Set',
  '',
].join('\r\n');

const FOLDER = '\\\\fs01.contoso.com\\CentralSSL';

/** The collector's JSON (ConvertTo-Json of Windows PowerShell 5.1: two-space colons, deep indents). */
function ccsJson(
  enabled: number,
  listing: { status: string; error: string | null; files: string[] },
): string {
  const files = listing.files.length
    ? `[\r\n${listing.files.map((f) => `                                  "${f}"`).join(',\r\n')}\r\n                              ]`
    : '[\r\n\r\n                              ]';
  return [
    '{',
    '    "formatVersion":  1,',
    '    "registry":  {',
    '                     "present":  true,',
    `                     "Enabled":  ${enabled},`,
    `                     "CertStoreLocation":  ${JSON.stringify(FOLDER)},`,
    '                     "UserName":  "CONTOSO\\\\svc-ccs",',
    '                     "PollingInterval":  300,',
    '                     "PasswordSet":  true,',
    '                     "PrivateKeyPasswordSet":  true,',
    '                     "OtherValues":  [',
    '',
    '                                     ]',
    '                 },',
    '    "listing":  {',
    `                    "status":  "${listing.status}",`,
    `                    "path":  ${JSON.stringify(FOLDER)},`,
    `                    "error":  ${listing.error === null ? 'null' : JSON.stringify(listing.error)},`,
    `                    "files":  ${files},`,
    '                    "truncated":  false,',
    '                    "maxFiles":  2000',
    '                }',
    '}',
  ].join('\r\n');
}

function ccsSample(name: string, json: string, expected: object, extraSslcert = ''): void {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(root, 'healthy'), dir, { recursive: true });
  const config = join(dir, 'iis', 'applicationHost.config');
  writeFileSync(
    config,
    readFileSync(config, 'utf8').replace(
      '            <siteDefaults>',
      `${SITE}\r\n            <siteDefaults>`,
    ),
  );
  const appcmd = join(dir, 'iis', 'appcmd-list-site.txt');
  writeFileSync(
    appcmd,
    readFileSync(appcmd, 'utf8') +
      'SITE "Contoso Web" (id:2,bindings:http/*:80:www.contoso.com,https/*:443:www.contoso.com,state:Started)\r\n',
  );
  const sslcert = join(dir, 'httpsys', 'netsh-http-show-sslcert.txt');
  writeFileSync(sslcert, readFileSync(sslcert, 'utf8') + CCS_ENTRY + '\r\n' + extraSslcert);
  writeFileSync(join(dir, 'iis', 'central-certificate-store.json'), json);
  writeFileSync(join(dir, 'expected-findings.json'), JSON.stringify(expected, null, 2) + '\n');
}

const BINDING = 'site/2/https/1';

ccsSample(
  'ccs-provider-disabled',
  ccsJson(0, { status: 'skipped', error: 'provider not enabled', files: [] }),
  {
    description:
      'Site "Contoso Web" binds https *:443:www.contoso.com through the Centralized Certificate Store (sslFlags 3) and HTTP.sys has its ccs entry for port 443, but the provider key says Enabled = 0: no certificate file is loaded and the handshake fails. Built by scripts/build-samples-host.ts.',
    findings: [{ ruleId: 'iis-ccs-provider-disabled', entity: BINDING }],
  },
);

ccsSample(
  'ccs-folder-unreachable',
  ccsJson(1, {
    status: 'error',
    error: "Cannot find path '\\\\fs01.contoso.com\\CentralSSL' because it does not exist.",
    files: [],
  }),
  {
    description:
      'The same CCS binding; the provider is enabled but the collector could not list its share \\\\fs01.contoso.com\\CentralSSL (Get-ChildItem: path not found). Built by scripts/build-samples-host.ts.',
    findings: [{ ruleId: 'iis-ccs-folder-unavailable', entity: BINDING }],
  },
);

ccsSample(
  'ccs-certificate-file-misnamed',
  ccsJson(1, {
    status: 'listed',
    error: null,
    files: ['shop.fabrikam.com.pfx', 'wildcard.contoso.com.pfx'],
  }),
  {
    description:
      'The same CCS binding; the share lists shop.fabrikam.com.pfx and the *.contoso.com certificate saved as wildcard.contoso.com.pfx. The provider looks for www.contoso.com.pfx, then _.contoso.com.pfx, and finds neither. Built by scripts/build-samples-host.ts.',
    findings: [{ ruleId: 'iis-ccs-certificate-file-missing', entity: BINDING }],
  },
);

ccsSample(
  'ccs-healthy',
  ccsJson(1, {
    status: 'listed',
    error: null,
    files: ['_.contoso.com.pfx', 'shop.fabrikam.com.pfx'],
  }),
  {
    description:
      'Healthy twin of ccs-provider-disabled, ccs-folder-unreachable and ccs-certificate-file-misnamed: the provider is enabled, its share is listed, and _.contoso.com.pfx serves www.contoso.com. Built by scripts/build-samples-host.ts.',
    healthyTwinOf: 'ccs-certificate-file-misnamed',
    findings: [],
  },
);

// The hostname:port entry a site leaves behind when it moves to the store (judge14 S2's shape,
// with the certificate installed): HTTP.sys matches it before ccs=443.
const SNI_LEFTOVER = CCS_ENTRY.replace(
  '    Central Certificate Store    : 443',
  '    Hostname:port                : www.contoso.com:443',
)
  .replace(
    'Certificate Hash             : (null)',
    'Certificate Hash             : a3a24ddc3db9c858165eb1aa0210d1732f4388c3',
  )
  .replace('Certificate Store Name       : (null)', 'Certificate Store Name       : MY');

ccsSample(
  'ccs-sni-entry-shadows-store',
  ccsJson(1, {
    status: 'listed',
    error: null,
    files: ['_.contoso.com.pfx', 'shop.fabrikam.com.pfx'],
  }),
  {
    description:
      'ccs-healthy (its healthy twin) plus the hostnameport=www.contoso.com:443 entry the site left behind when it moved to the Centralized Certificate Store, naming the installed www.contoso.com certificate: HTTP.sys matches it before ccs=443, so clients get the local certificate and renewals on the share never reach them (low, the site works today). Built by scripts/build-samples-host.ts.',
    findings: [
      { ruleId: 'httpsys-sni-entry-shadows-ccs', entity: 'hostnameport:www.contoso.com:443' },
    ],
  },
  SNI_LEFTOVER + '\r\n',
);

const SERVER_2008R2 = {
  osCaption: 'Microsoft Windows Server 2008 R2 Enterprise',
  osVersion: '6.1.7601',
  osBuild: 7601,
  psVersion: '4.0',
};
const INETSTP = readFileSync(
  new URL('../src/parsers/reg.sample.synthetic-inetstp-iis75.txt', import.meta.url),
);

function iisSample(name: string, sniSite: boolean, expected: object): void {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(root, 'healthy'), dir, { recursive: true });
  const manifest = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(manifest, 'utf8')) as { host: Record<string, unknown> };
  Object.assign(m.host, SERVER_2008R2);
  writeFileSync(manifest, JSON.stringify(m, null, 2) + '\n');
  writeFileSync(join(dir, 'registry', 'iis-inetstp.reg'), INETSTP);
  if (sniSite) {
    const config = join(dir, 'iis', 'applicationHost.config');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(
        '            <siteDefaults>',
        `${SITE.replace('sslFlags="3"', 'sslFlags="1"')}\r\n            <siteDefaults>`,
      ),
    );
    const appcmd = join(dir, 'iis', 'appcmd-list-site.txt');
    writeFileSync(
      appcmd,
      readFileSync(appcmd, 'utf8') +
        'SITE "Contoso Web" (id:2,bindings:http/*:80:www.contoso.com,https/*:443:www.contoso.com,state:Started)\r\n',
    );
  }
  writeFileSync(join(dir, 'expected-findings.json'), JSON.stringify(expected, null, 2) + '\n');
}

iisSample('iis75-sni-binding', true, {
  description:
    'Windows Server 2008 R2 with IIS 7.5 (InetStp MajorVersion 7, MinorVersion 5): site "Contoso Web" has an https *:443:www.contoso.com binding with SNI (sslFlags 1) copied from a newer server. IIS 7.5 and the HTTP.sys of 2008 R2 have no SNI, so there is no hostnameport entry to serve it. Built by scripts/build-samples-host.ts.',
  findings: [
    { ruleId: 'iis-sni-ccs-binding-before-iis8', entity: 'site/2/https/1' },
    {
      ruleId: 'iis-sni-binding-without-hostnameport',
      entity: 'site/2/https/1',
      explainedBy: 'iis-sni-ccs-binding-before-iis8',
    },
  ],
});

iisSample('iis75-ip-binding', false, {
  description:
    'Healthy twin of iis75-sni-binding: the same Windows Server 2008 R2 / IIS 7.5 with only the IP:port binding of Default Web Site. Built by scripts/build-samples-host.ts.',
  healthyTwinOf: 'iis75-sni-binding',
  findings: [],
});
