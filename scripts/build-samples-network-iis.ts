/**
 * Builds the network and IIS parts of the sample bundles: netstat -anob, tasklist /svc /fo csv,
 * the tcp-listeners JSON, applicationHost.config and appcmd list site, consistent with the
 * HTTP.sys view of each sample (System, PID 4, listens where an https binding is served).
 *
 * - healthy, s4-*: a started Default Web Site with http *:80: and https *:443:, served by the
 *   0.0.0.0:443 entry that build-samples-httpsys.ts writes; HTTP.sys (PID 4) on 80 and 443.
 * - s3-port-conflict (seed scenario 3, a zh-CN server as in the seed article): vmware-hostd.exe
 *   (VMware Workstation's shared-VM service) holds 0.0.0.0:443 and [::]:443; the IIS site stays
 *   stopped. Its HTTP.sys files are written here too.
 * - iis-httpsys-mismatch: IIS and HTTP.sys disagree: an SNI binding without hostname:port, a CCS
 *   binding without a ccs entry, an IP binding without an ip:port entry.
 * - iis-ip-not-listened: a site bound to 10.0.0.7 while the IP listen list holds only 10.0.0.5
 *   and 127.0.0.1 (HTTP.sys listens there only).
 * The last three get their HTTP.sys files from here too.
 *
 * Run `npm run samples:httpsys` first (it owns the HTTP.sys files of healthy and s4-*), then this
 * script, then `npm run samples:manifest`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { renderIplisten, renderSslcert, type NetshBinding } from './lib/netsh-writer.js';
import { httpParametersKeys } from './lib/http-registry-writer.js';
import { regFileBytes } from './lib/reg-writer.js';
import { checkModeGate } from './lib/check-builder.js';

// --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
checkModeGate(import.meta.url);

const IIS_APPID = '{4dc3e181-e14b-4a21-b022-59fc669b0914}';
const HASH = process.env['SAMPLE_CERT_HASH'] ?? 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3';
const crlf = (lines: string[]): string => lines.map((l) => `${l}\r\n`).join('');

interface Sock {
  proto: 'TCP' | 'UDP';
  local: string;
  foreign?: string;
  state?: string;
  pid: number;
  /** -b lines after the row: components, then `[image]`, or null for "cannot obtain ownership". */
  owner: { components?: string[]; image: string } | null;
}

interface Proc {
  image: string;
  pid: number;
  services: string[];
  /** Get-Process Path; default C:\\Windows\\System32\\<image>. */
  path?: string;
}

const NETSTAT_TEXT = {
  en: {
    title: 'Active Connections',
    header: '  Proto  Local Address          Foreign Address        State           PID',
    noOwner: ' Can not obtain ownership information',
  },
  'zh-CN': {
    title: '活动连接',
    header: '  协议  本地地址          外部地址        状态           PID',
    noOwner: ' 无法获取所有权信息',
  },
};

function netstat(socks: Sock[], lang: keyof typeof NETSTAT_TEXT): string {
  const t = NETSTAT_TEXT[lang];
  const out = ['', t.title, '', t.header];
  for (const s of socks) {
    const foreign =
      s.foreign ?? (s.proto === 'UDP' ? '*:*' : s.local.startsWith('[') ? '[::]:0' : '0.0.0.0:0');
    const state = s.proto === 'UDP' ? '' : (s.state ?? 'LISTENING');
    out.push(
      `  ${s.proto.padEnd(7)}${s.local.padEnd(23)}${foreign.padEnd(23)}${state.padEnd(16)}${s.pid}`,
    );
    if (s.owner === null) out.push(t.noOwner);
    else {
      for (const c of s.owner.components ?? []) out.push(`  ${c}`);
      out.push(` [${s.owner.image}]`);
    }
  }
  return crlf(out);
}

function tasklistCsv(procs: Proc[]): string {
  const rows = [['Image Name', 'PID', 'Services']];
  for (const p of procs) rows.push([p.image, String(p.pid), p.services.join(',') || 'N/A']);
  return crlf(rows.map((r) => r.map((c) => `"${c}"`).join(',')));
}

function tcpListenersJson(socks: Sock[], procs: Proc[]): string {
  const tcp = socks.filter((s) => s.proto === 'TCP' && (s.state ?? 'LISTENING') === 'LISTENING');
  const udp = socks.filter((s) => s.proto === 'UDP');
  const split = (ep: string): [string, number] => {
    const m = /^\[?(.*?)\]?:(\d+)$/.exec(ep)!;
    return [m[1]!, Number(m[2])];
  };
  const pids = new Set(socks.map((s) => s.pid));
  const doc = {
    formatVersion: 1,
    listeners: tcp.map((s) => {
      const [a, p] = split(s.local);
      return {
        LocalAddress: a,
        LocalPort: p,
        State: 2,
        OwningProcess: s.pid,
        CreationTime: '/Date(1763629200000)/',
      };
    }),
    udpEndpoints: udp.map((s) => {
      const [a, p] = split(s.local);
      return { LocalAddress: a, LocalPort: p, OwningProcess: s.pid };
    }),
    processes: procs
      .filter((p) => pids.has(p.pid))
      .map((p) => ({
        Id: p.pid,
        ProcessName: p.image.replace(/\.exe$/i, ''),
        Path: p.pid === 4 ? null : (p.path ?? `C:\\Windows\\System32\\${p.image}`),
        SessionId: 0,
      })),
    services: procs
      .filter((p) => pids.has(p.pid))
      .flatMap((p) =>
        p.services.map((s) => ({ Name: s, DisplayName: s, ProcessId: p.pid, State: 'Running' })),
      ),
  };
  // Windows PowerShell 5.1 writes CRLF and escapes '/' in /Date()/ as \/.
  return (
    JSON.stringify(doc, null, 4)
      .replace(/\/Date\((\d+)\)\//g, '\\/Date($1)\\/')
      .replace(/\n/g, '\r\n') + '\r\n'
  );
}

interface SiteSpec {
  name: string;
  id: number;
  pool: string;
  path: string;
  bindings: { protocol: string; info: string; sslFlags?: number }[];
  state: 'Started' | 'Stopped';
}

function applicationHost(sites: SiteSpec[]): string {
  const s = sites
    .map((site) =>
      [
        `            <site name="${site.name}" id="${site.id}" serverAutoStart="true">`,
        `                <application path="/" applicationPool="${site.pool}">`,
        `                    <virtualDirectory path="/" physicalPath="${site.path}" />`,
        '                </application>',
        '                <bindings>',
        ...site.bindings.map(
          (b) =>
            `                    <binding protocol="${b.protocol}" bindingInformation="${b.info}"${b.sslFlags !== undefined ? ` sslFlags="${b.sslFlags}"` : ''} />`,
        ),
        '                </bindings>',
        '            </site>',
      ].join('\r\n'),
    )
    .join('\r\n');
  const pools = [...new Set(sites.map((x) => x.pool))]
    .map((p) => `            <add name="${p}" managedRuntimeVersion="" />`)
    .join('\r\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!--',
    '    IIS configuration sections.',
    '    For schema documentation, see %windir%\\system32\\inetsrv\\config\\schema\\IIS_schema.xml.',
    '-->',
    '<configuration>',
    '    <system.applicationHost>',
    '        <applicationPools>',
    pools,
    '            <applicationPoolDefaults managedRuntimeVersion="v4.0">',
    '                <processModel identityType="ApplicationPoolIdentity" />',
    '            </applicationPoolDefaults>',
    '        </applicationPools>',
    '        <sites>',
    s,
    '            <siteDefaults>',
    '                <logFile logFormat="W3C" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />',
    '                <traceFailedRequestsLogging directory="%SystemDrive%\\inetpub\\logs\\FailedReqLogFiles" />',
    '            </siteDefaults>',
    '            <applicationDefaults applicationPool="DefaultAppPool" />',
    '            <virtualDirectoryDefaults allowSubDirConfig="true" />',
    '        </sites>',
    '    </system.applicationHost>',
    '</configuration>',
    '',
  ].join('\r\n');
}

function appcmd(sites: SiteSpec[]): string {
  return crlf(
    sites.map(
      (s) =>
        `SITE "${s.name}" (id:${s.id},bindings:${s.bindings.map((b) => `${b.protocol}/${b.info}`).join(',')},state:${s.state})`,
    ),
  );
}

function registry(bindings: NetshBinding[], listen: string[]): Buffer {
  return regFileBytes(httpParametersKeys(bindings, listen));
}

// ---- the machines ----------------------------------------------------------------------------

const BASE_PROCS: Proc[] = [
  { image: 'System Idle Process', pid: 0, services: [] },
  { image: 'System', pid: 4, services: [] },
  { image: 'smss.exe', pid: 316, services: [] },
  { image: 'csrss.exe', pid: 424, services: [] },
  { image: 'wininit.exe', pid: 528, services: [] },
  { image: 'services.exe', pid: 664, services: [] },
  { image: 'lsass.exe', pid: 672, services: ['KeyIso', 'SamSs', 'VaultSvc'] },
  { image: 'svchost.exe', pid: 836, services: ['RpcEptMapper', 'RpcSs'] },
  { image: 'svchost.exe', pid: 972, services: ['TermService'] },
  { image: 'svchost.exe', pid: 1988, services: ['W3SVC', 'WAS'] },
  { image: 'svchost.exe', pid: 2004, services: ['AppHostSvc'] },
  { image: 'inetinfo.exe', pid: 1164, services: ['IISADMIN'] },
  { image: 'w3wp.exe', pid: 5120, services: [] },
  { image: 'tasklist.exe', pid: 3596, services: [] },
];

const BASE_SOCKS: Sock[] = [
  {
    proto: 'TCP',
    local: '0.0.0.0:135',
    pid: 836,
    owner: { components: ['RpcSs'], image: 'svchost.exe' },
  },
  { proto: 'TCP', local: '0.0.0.0:445', pid: 4, owner: null },
  {
    proto: 'TCP',
    local: '0.0.0.0:3389',
    pid: 972,
    owner: { components: ['TermService'], image: 'svchost.exe' },
  },
  { proto: 'TCP', local: '0.0.0.0:5985', pid: 4, owner: null },
  { proto: 'TCP', local: '0.0.0.0:49664', pid: 528, owner: { image: 'wininit.exe' } },
  {
    proto: 'TCP',
    local: '[::]:135',
    pid: 836,
    owner: { components: ['RpcSs'], image: 'svchost.exe' },
  },
  { proto: 'TCP', local: '[::]:445', pid: 4, owner: null },
];

const HTTP_SYS_WEB: Sock[] = [
  { proto: 'TCP', local: '0.0.0.0:80', pid: 4, owner: null },
  { proto: 'TCP', local: '0.0.0.0:443', pid: 4, owner: null },
  {
    proto: 'TCP',
    local: '10.0.0.5:443',
    foreign: '10.0.0.99:51234',
    state: 'ESTABLISHED',
    pid: 4,
    owner: null,
  },
  { proto: 'TCP', local: '[::]:80', pid: 4, owner: null },
  { proto: 'TCP', local: '[::]:443', pid: 4, owner: null },
];

const DEFAULT_SITE: SiteSpec = {
  name: 'Default Web Site',
  id: 1,
  pool: 'DefaultAppPool',
  path: '%SystemDrive%\\inetpub\\wwwroot',
  bindings: [
    { protocol: 'http', info: '*:80:' },
    { protocol: 'https', info: '*:443:', sslFlags: 0 },
  ],
  state: 'Started',
};

interface Sample {
  socks: Sock[];
  procs: Proc[];
  sites: SiteSpec[];
  lang?: keyof typeof NETSTAT_TEXT;
  /** HTTP.sys files, for samples whose HTTP.sys view build-samples-httpsys.ts does not write. */
  httpsys?: { bindings: NetshBinding[]; listen: string[] };
}

const healthy: Sample = {
  socks: [...BASE_SOCKS, ...HTTP_SYS_WEB],
  procs: BASE_PROCS,
  sites: [DEFAULT_SITE],
};
const good = (endpoint: string, type: NetshBinding['type'] = 'ipport'): NetshBinding => ({
  type,
  endpoint,
  hash: HASH,
  appId: IIS_APPID,
  store: 'MY',
});

const SAMPLES: Record<string, Sample> = {
  healthy,
  's4-empty-hash': healthy,
  's4-zero-appid': healthy,
  's4-iplisten': {
    ...healthy,
    // The listen list holds a stale 192.168.33.1 (cannot bind) and 127.0.0.1: HTTP.sys listens on 127.0.0.1 only.
    socks: [
      ...BASE_SOCKS,
      { proto: 'TCP', local: '127.0.0.1:80', pid: 4, owner: null },
      { proto: 'TCP', local: '127.0.0.1:443', pid: 4, owner: null },
    ],
    // The site behind the 10.20.30.41:443 entry that the listen list leaves unreachable.
    sites: [
      DEFAULT_SITE,
      {
        name: 'Intranet',
        id: 2,
        pool: 'Intranet',
        path: 'D:\\sites\\intranet',
        bindings: [{ protocol: 'https', info: '10.20.30.41:443:', sslFlags: 0 }],
        state: 'Started',
      },
    ],
  },
  's3-port-conflict': {
    lang: 'zh-CN',
    socks: [
      ...BASE_SOCKS.slice(0, 2),
      { proto: 'TCP', local: '0.0.0.0:443', pid: 26800, owner: { image: 'vmware-hostd.exe' } },
      ...BASE_SOCKS.slice(2),
      { proto: 'TCP', local: '0.0.0.0:902', pid: 19200, owner: { image: 'vmware-authd.exe' } },
      { proto: 'TCP', local: '[::]:443', pid: 26800, owner: { image: 'vmware-hostd.exe' } },
    ],
    procs: [
      ...BASE_PROCS.filter((p) => p.image !== 'w3wp.exe'),
      {
        image: 'vmware-authd.exe',
        pid: 19200,
        services: ['VMAuthdService'],
        path: 'C:\\Program Files (x86)\\VMware\\VMware Workstation\\vmware-authd.exe',
      },
      {
        image: 'vmware-hostd.exe',
        pid: 26800,
        services: ['VMwareHostd'],
        path: 'C:\\Program Files (x86)\\VMware\\VMware Workstation\\vmware-hostd.exe',
      },
    ],
    sites: [{ ...DEFAULT_SITE, state: 'Stopped' }],
    httpsys: { bindings: [good('0.0.0.0:443')], listen: [] },
  },
  'iis-httpsys-mismatch': {
    socks: [
      ...BASE_SOCKS,
      ...HTTP_SYS_WEB,
      { proto: 'TCP', local: '0.0.0.0:8443', pid: 4, owner: null },
      { proto: 'TCP', local: '10.0.0.5:9443', pid: 4, owner: null },
    ],
    procs: BASE_PROCS,
    sites: [
      DEFAULT_SITE,
      {
        name: 'Contoso',
        id: 2,
        pool: 'Contoso',
        path: 'D:\\sites\\contoso',
        bindings: [
          // Served: SNI with its hostname:port entry.
          { protocol: 'https', info: '*:443:www.contoso.com', sslFlags: 1 },
          // SNI added by script, certificate never chosen: no shop.contoso.com:443 entry.
          { protocol: 'https', info: '*:443:shop.contoso.com', sslFlags: 1 },
          // Copied from a CCS server: no ccs entry.
          { protocol: 'https', info: '*:443:img.contoso.com', sslFlags: 3 },
        ],
        state: 'Started',
      },
      {
        name: 'Partner API',
        id: 3,
        pool: 'PartnerApi',
        path: 'D:\\sites\\partner-api',
        bindings: [
          // Specific IP and port, no ip:port entry and no 0.0.0.0:8443 fallback.
          { protocol: 'https', info: '10.0.0.6:8443:', sslFlags: 0 },
        ],
        state: 'Started',
      },
    ],
    httpsys: {
      bindings: [good('0.0.0.0:443'), good('www.contoso.com:443', 'hostnameport')],
      listen: [],
    },
  },
  'iis-ip-not-listened': {
    // HTTP.sys listens only on the listed addresses (a cloned VM kept the old list).
    socks: [
      ...BASE_SOCKS,
      { proto: 'TCP', local: '10.0.0.5:80', pid: 4, owner: null },
      { proto: 'TCP', local: '10.0.0.5:443', pid: 4, owner: null },
      { proto: 'TCP', local: '127.0.0.1:80', pid: 4, owner: null },
      { proto: 'TCP', local: '127.0.0.1:443', pid: 4, owner: null },
    ],
    procs: BASE_PROCS,
    sites: [
      DEFAULT_SITE,
      {
        name: 'Partner API',
        id: 2,
        pool: 'PartnerApi',
        path: 'D:\\sites\\partner-api',
        bindings: [{ protocol: 'https', info: '10.0.0.7:443:', sslFlags: 0 }],
        state: 'Started',
      },
    ],
    httpsys: {
      bindings: [good('0.0.0.0:443'), good('10.0.0.7:443')],
      listen: ['10.0.0.5', '127.0.0.1'],
    },
  },
};

for (const [name, s] of Object.entries(SAMPLES)) {
  const dir = new URL(`../samples/${name}/`, import.meta.url);
  for (const sub of ['network/', 'iis/']) mkdirSync(new URL(sub, dir), { recursive: true });
  writeFileSync(new URL('network/netstat-anob.txt', dir), netstat(s.socks, s.lang ?? 'en'));
  writeFileSync(new URL('network/tasklist-svc.csv', dir), tasklistCsv(s.procs));
  writeFileSync(new URL('network/tcp-listeners.json', dir), tcpListenersJson(s.socks, s.procs));
  writeFileSync(new URL('iis/applicationHost.config', dir), applicationHost(s.sites));
  writeFileSync(new URL('iis/appcmd-list-site.txt', dir), appcmd(s.sites));
  if (s.httpsys) {
    for (const sub of ['httpsys/', 'registry/']) mkdirSync(new URL(sub, dir), { recursive: true });
    writeFileSync(
      new URL('httpsys/netsh-http-show-sslcert.txt', dir),
      renderSslcert(s.httpsys.bindings),
    );
    writeFileSync(
      new URL('httpsys/netsh-http-show-iplisten.txt', dir),
      renderIplisten(s.httpsys.listen),
    );
    writeFileSync(
      new URL('registry/http-parameters.reg', dir),
      registry(s.httpsys.bindings, s.httpsys.listen),
    );
  }
}
console.log(`wrote network + iis files of ${Object.keys(SAMPLES).join(', ')}`);
