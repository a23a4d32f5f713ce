import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import type { Bundle, BundleFile } from '../bundle/open.js';
import { buildFacts } from './index.js';
import { addressesOverlap } from './listener.js';

function memoryBundle(files: Record<string, string>): Bundle {
  const list: BundleFile[] = Object.entries(files).map(([path, text]) => {
    const buf = Buffer.from(text, 'utf8');
    return { path, size: buf.length, read: () => buf, chunks: () => [buf] };
  });
  return { source: 'memory', kind: 'folder', files: list, skipped: [] };
}

const HASH = '61d34f6c7b1a5e2a9c0f3d4e5b6a7c8d9e0f1a2b';
const sslcert = (...endpoints: [string, string][]) =>
  [
    'SSL Certificate bindings:',
    '-------------------------',
    '',
    ...endpoints.flatMap(([label, ep]) => [
      `    ${label.padEnd(28)} : ${ep}`,
      `    Certificate Hash             : ${HASH}`,
      '    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}',
      '    Certificate Store Name       : My',
      '',
    ]),
  ].join('\r\n');

const config = (bindings: string, extraSites = '') => `<?xml version="1.0" encoding="UTF-8"?>
<configuration><system.applicationHost><sites>
  <site name="Default Web Site" id="1">
    <bindings>
      <binding protocol="http" bindingInformation="*:80:" />
${bindings}
    </bindings>
  </site>${extraSites}
</sites></system.applicationHost></configuration>`;

const netstat = (rows: string) =>
  `Active Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n${rows}`;

const facts = (files: Record<string, string>) => buildFacts(loadBundle(memoryBundle(files)));

describe('facts: listener, site, iisBinding', () => {
  it('finds the process holding 0.0.0.0:443 that an IIS *:443 binding needs (scenario 3)', () => {
    const f = facts({
      'httpsys/netsh-http-show-sslcert.txt': sslcert(['IP:port', '0.0.0.0:443']),
      'iis/applicationHost.config': config(
        '      <binding protocol="https" bindingInformation="*:443:" sslFlags="0" />',
      ),
      'network/netstat-anob.txt': netstat(
        '  TCP    0.0.0.0:80             0.0.0.0:0              LISTENING       4\r\n' +
          ' Can not obtain ownership information\r\n' +
          '  TCP    0.0.0.0:443            0.0.0.0:0              LISTENING       26800\r\n' +
          ' [vmware-hostd.exe]\r\n',
      ),
      'network/tasklist-svc.csv':
        '"Image Name","PID","Services"\r\n"System","4","N/A"\r\n"vmware-hostd.exe","26800","VMwareHostd"\r\n',
    });
    const l443 = f.listeners.find((l) => l.port === 443)!;
    expect(l443).toMatchObject({
      endpoint: '0.0.0.0:443',
      pid: 26800,
      processName: 'vmware-hostd.exe',
      services: ['VMwareHostd'],
      ownerLabel: 'vmware-hostd.exe (PID 26800, service VMwareHostd)',
      isSystem: false,
      blocksHttps: true,
      sites: ['Default Web Site'],
      httpsBindings: ["IIS site 'Default Web Site' https *:443:", 'sslcert 0.0.0.0:443'],
    });
    expect(l443.evidence.map((e) => e.label)).toEqual(['netstat', 'tasklist']);
    expect(f.listeners.find((l) => l.port === 80)).toMatchObject({
      isSystem: true,
      processName: 'System',
      blocksHttps: false,
    });
    expect(f.iisBindings).toHaveLength(1);
    expect(f.iisBindings[0]).toMatchObject({
      siteName: 'Default Web Site',
      lookup: 'ipport',
      expectedEndpoint: '0.0.0.0:443',
      httpSysMatch: 'exact',
      httpSysEndpoint: '0.0.0.0:443',
      httpSysCertificateHash: HASH,
      missingSslcert: false,
      portListened: true,
      portHeldBy: 'vmware-hostd.exe (PID 26800, service VMwareHostd)',
      portHeldByPid: 26800,
    });
    expect(f.bindings[0]!.iisBindings).toEqual(["IIS site 'Default Web Site' https *:443:"]);
    expect(f.sites[0]).toMatchObject({
      name: 'Default Web Site',
      httpsBindingCount: 1,
      httpsProblem: true,
    });
  });

  it('joins SNI, CCS, specific-IP and IPv6 bindings to the entries HTTP.sys would use', () => {
    const f = facts({
      'httpsys/netsh-http-show-sslcert.txt': sslcert(
        ['IP:port', '0.0.0.0:443'],
        ['Hostname:port', 'www.contoso.com:443'],
      ),
      'httpsys/netsh-http-show-iplisten.txt':
        'IP addresses present in the IP listen list:\r\n-------------------------------------------\r\n\r\n    10.0.0.5\r\n\r\n',
      'iis/applicationHost.config': config(
        [
          '      <binding protocol="https" bindingInformation="*:443:www.contoso.com" sslFlags="1" />',
          '      <binding protocol="https" bindingInformation="*:443:shop.contoso.com" sslFlags="1" />',
          '      <binding protocol="https" bindingInformation="*:443:img.contoso.com" sslFlags="3" />',
          '      <binding protocol="https" bindingInformation="10.0.0.5:443:" />',
          '      <binding protocol="https" bindingInformation="10.0.0.6:8443:" />',
          '      <binding protocol="https" bindingInformation="[2001:db8::5]:443:" />',
          '      <binding protocol="https" bindingInformation="*:443:" sslFlags="1" />',
        ].join('\n'),
        `\n  <site name="Copy" id="2"><bindings><binding protocol="https" bindingInformation="10.0.0.5:443:" /></bindings></site>`,
      ),
    });
    const [sni, sniMissing, ccs, ip, ip8443, v6, sniNoHost, dup] = f.iisBindings;
    expect(sni).toMatchObject({
      lookup: 'hostnameport',
      httpSysMatch: 'exact',
      missingHostnamePort: false,
    });
    expect(sniMissing).toMatchObject({
      expectedEndpoint: 'shop.contoso.com:443',
      missingHostnamePort: true,
      fallbackEndpoint: '0.0.0.0:443',
    });
    expect(ccs).toMatchObject({ lookup: 'ccs', expectedEndpoint: '443', missingCcs: true });
    expect(ip).toMatchObject({
      expectedEndpoint: '10.0.0.5:443',
      httpSysMatch: 'wildcard',
      httpSysEndpoint: '0.0.0.0:443',
      addressNotListened: false,
    });
    expect(ip8443).toMatchObject({
      missingSslcert: true,
      addressNotListened: true,
      ipListen: ['10.0.0.5'],
    });
    expect(v6).toMatchObject({
      address: '2001:db8::5',
      expectedEndpoint: '[2001:db8::5]:443',
      httpSysMatch: 'wildcard',
    });
    expect(sniNoHost).toMatchObject({ sniWithoutHost: true, missingHostnamePort: false });
    expect(dup).toMatchObject({
      siteName: 'Copy',
      duplicateOf: "IIS site 'Default Web Site' https 10.0.0.5:443:",
    });
    expect(f.iisBindings.every((b) => b.portListened === null)).toBe(true);
  });

  it('takes the runtime state from appcmd and treats System on 443 as healthy', () => {
    const f = facts({
      'httpsys/netsh-http-show-sslcert.txt': sslcert(['IP:port', '0.0.0.0:443']),
      'iis/applicationHost.config': config(
        '      <binding protocol="https" bindingInformation="*:443:" />',
      ),
      'iis/appcmd-list-site.txt':
        'SITE "Default Web Site" (id:1,bindings:http/*:80:,https/*:443:,state:Started)\r\n',
      'network/netstat-anob.txt': netstat(
        '  TCP    0.0.0.0:443            0.0.0.0:0              LISTENING       4\r\n' +
          '  TCP    [::]:443               [::]:0                 LISTENING       4\r\n',
      ),
    });
    expect(f.sites[0]).toMatchObject({
      state: 'Started',
      sources: ['applicationHost', 'appcmd'],
      httpsProblem: false,
    });
    expect(f.listeners.every((l) => !l.blocksHttps && l.isSystem)).toBe(true);
    expect(f.iisBindings[0]).toMatchObject({
      siteState: 'Started',
      portListened: true,
      portHeldBy: null,
    });
  });

  it('says nothing about listening when the netstat copy was elided', () => {
    const f = facts({
      'iis/applicationHost.config': config(
        '      <binding protocol="https" bindingInformation="*:443:" />',
      ),
      'network/netstat-anob.txt': netstat(
        '  TCP    0.0.0.0:80             0.0.0.0:0              LISTENING       4\r\n<...SNIP...>\r\n',
      ),
    });
    expect(f.iisBindings[0]!.portListened).toBeNull();
    // No HTTP.sys evidence either: nothing is reported missing.
    expect(f.iisBindings[0]).toMatchObject({ httpSysMatch: 'unknown', missingSslcert: false });
  });

  it('works from appcmd and the listener JSON alone (no applicationHost, no netstat)', () => {
    const f = facts({
      'httpsys/netsh-http-show-sslcert.txt': sslcert(['Hostname:port', 'www.contoso.com:443']),
      'iis/appcmd-list-site.txt':
        'SITE "Contoso" (id:2,bindings:https/*:443:www.contoso.com,https/*:443:,state:Started)\r\n',
      'network/tcp-listeners.json': JSON.stringify({
        formatVersion: 1,
        listeners: [
          { LocalAddress: '::', LocalPort: 443, State: 'Listen', OwningProcess: 3188 },
          { LocalAddress: '0.0.0.0', LocalPort: 443, State: 'Listen', OwningProcess: 4 },
        ],
        udpEndpoints: [{ LocalAddress: '0.0.0.0', LocalPort: 443, OwningProcess: 4 }],
        processes: [{ Id: 3188, ProcessName: 'Skype', Path: null, SessionId: 1 }],
        services: [],
      }),
    });
    expect(f.sites[0]).toMatchObject({ name: 'Contoso', state: 'Started', sources: ['appcmd'] });
    // No sslFlags in appcmd: a host name with its hostname:port entry is taken as SNI.
    expect(f.iisBindings[0]).toMatchObject({ sni: true, httpSysMatch: 'exact' });
    expect(f.iisBindings[1]).toMatchObject({ sni: false, missingSslcert: true });
    expect(f.listeners.map((l) => [l.protocol, l.endpoint, l.processName, l.blocksHttps])).toEqual([
      ['TCP', '0.0.0.0:443', 'System', false],
      ['TCP', '[::]:443', 'Skype.exe', true],
      ['UDP', '0.0.0.0:443', 'System', false],
    ]);
    expect(f.listeners[1]).toMatchObject({ ownerKind: 'skype', sources: ['tcp-listeners'] });
    expect(f.iisBindings[0]!.portHeldBy).toBe('Skype.exe (PID 3188)');
  });

  it('names the owner from the tasklist table when netstat ran without -b, marking a cut name', () => {
    const f = facts({
      'httpsys/netsh-http-show-sslcert.txt': sslcert(['IP:port', '0.0.0.0:443']),
      'network/netstat-anob.txt': netstat(
        '  TCP    0.0.0.0:443            0.0.0.0:0              LISTENING       5628\r\n',
      ),
      'network/tasklist-svc.csv':
        'Image Name                     PID Services\r\n' +
        '========================= ======== ============================================\r\n' +
        'FileZilla Server Interfac     5628 N/A\r\n',
    });
    expect(f.listeners[0]).toMatchObject({
      processName: 'FileZilla Server Interfac',
      processNameTruncated: true,
      ownerLabel: 'FileZilla Server Interfac… (PID 5628)',
      httpsBindings: ['sslcert 0.0.0.0:443'],
      blocksHttps: true,
    });
  });

  it('finds vmware-hostd.exe in the real zh-CN netstat copy (elided, padded) against an IIS *:443 binding', () => {
    const real = readFileSync(
      new URL(
        '../parsers/netstat.sample.zh-cn-anbo-console-padded-vmware-443.txt',
        import.meta.url,
      ),
      'utf8',
    );
    const f = facts({
      'iis/applicationHost.config': config(
        '      <binding protocol="https" bindingInformation="*:443:" />',
      ),
      'network/netstat-anob.txt': real,
    });
    expect(f.listeners.filter((l) => l.blocksHttps)).toMatchObject([
      {
        endpoint: '0.0.0.0:443',
        pid: 26800,
        ownerLabel: 'vmware-hostd.exe (PID 26800)',
        ownerKind: 'vmware',
      },
    ]);
    // The copy is elided: "nobody listens" would not be evidence, but a squatter still is.
    expect(f.iisBindings[0]).toMatchObject({
      portListened: null,
      portHeldBy: 'vmware-hostd.exe (PID 26800)',
      portHeldByPid: 26800,
    });
  });

  it('decides which addresses compete for a port', () => {
    expect(addressesOverlap('0.0.0.0', '*')).toBe(true);
    expect(addressesOverlap('0.0.0.0', '10.0.0.5')).toBe(true);
    expect(addressesOverlap('10.0.0.6', '10.0.0.5')).toBe(false);
    expect(addressesOverlap('::', '0.0.0.0')).toBe(false);
    expect(addressesOverlap('::', '*')).toBe(true);
    expect(addressesOverlap('127.0.0.1', '*')).toBe(true);
  });
});
