/**
 * Builds a bundle exactly as collectors/Collect-TlsEvidence.ps1 writes it: the catalog paths,
 * UTF-8 text without BOM, one manifest entry per catalog id with the fields the script's
 * Add-Entry / Complete-Entries / Save-Manifest set, folder artifacts with a `files` list, and a zip
 * with forward-slash entry names. Artifact contents are the parsers' own samples (real outputs
 * where the project has them), converted to UTF-8 the way the collector converts tool output.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import AdmZip from 'adm-zip';
import { catalog } from '../artifacts/catalog.js';
import { decodeText } from '../artifacts/decode.js';

/** The manifest entry keys the script writes (checked against the script by a test). */
export const SCRIPT_ENTRY_KEYS = [
  'id',
  'path',
  'status',
  'source',
  'exitCode',
  'stderr',
  'durationMs',
  'encoding',
  'reason',
  'sourceEncoding',
  'size',
  'sha256',
  'files',
  'partial',
] as const;

export interface BuiltEntry {
  id: string;
  path: string;
  status: 'collected' | 'failed' | 'skipped';
  source?: string;
  exitCode?: number;
  stderr?: string;
  durationMs?: number;
  encoding?: string;
  reason?: string;
  sourceEncoding?: string;
  size?: number;
  sha256?: string;
  files?: { path: string; size: number; sha256: string }[];
}

const sample = (name: string): Buffer =>
  readFileSync(new URL(`../parsers/${name}`, import.meta.url));
const sampleText = (name: string): string => decodeText(sample(name)).text;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Text artifacts: id → [sample file, the encoding the tool wrote it in]. */
const TEXT_SAMPLES: Record<string, [string, string]> = {
  'httpsys.sslcert': ['netsh-sslcert.sample.en-win10-extended-properties.txt', 'cp437'],
  'httpsys.iplisten': ['netsh-iplisten.sample.en-stale-ip-delete-add.txt', 'cp437'],
  'httpsys.urlacl': ['netsh-urlacl.sample.en-mslearn-ssrs-san-reportserver-443.txt', 'cp437'],
  'httpsys.setting': ['netsh-setting.sample.synthetic-label-value-sslthrottle.txt', 'cp437'],
  'httpsys.registry': ['reg.sample.synthetic-http-parameters-utf16.reg', 'utf-16le-bom'],
  'schannel.registry': ['reg.sample.en-iiscrypto-hardening-crlf.txt', 'utf-16le-bom'],
  'dotnet.registry': ['reg.sample.dotnet-strong-crypto.txt', 'utf-16le-bom'],
  'net.netstat': ['netstat.sample.synthetic-en-anob-ipv6-ownership.txt', 'cp437'],
  'net.processes': ['tasklist.sample.synthetic-svc-csv-iis-vmware.txt', 'cp437'],
  'net.ipconfig': ['ipconfig.sample.en-all-four-adapters-notes.txt', 'cp437'],
  'cert.certutil': ['certutil-store.sample.synthetic-en-v-store-my.txt', 'cp437'],
  'cert.machinekeys-acl': [
    'icacls.sample.synthetic-en-collector-folders-and-key-file-no-system.txt',
    'cp437',
  ],
  'events.schannel': ['event-xml.sample.synthetic-wevtutil-e-events-mixed.txt', 'utf-16le'],
  'events.capi2': ['event-xml.sample.synthetic-capi2-untrusted-root.txt', 'utf-16le'],
  'events.httpevent': ['event-xml.sample.synthetic-httpevent-15021-15300-was.txt', 'utf-16le'],
  'iis.config': ['applicationhost.sample.synthetic-full-https-sni-ccs-ipv6.txt', 'utf-8'],
  'iis.appcmd-sites': ['appcmd-sites.sample.synthetic-en-started-stopped-ipv6.txt', 'cp437'],
  'time.w32tm': ['w32tm.sample.en-msdocs-verbose-vm-ic-provider.txt', 'cp437'],
  'system.hotfixes': ['hotfix.sample.synthetic-collector-csv.txt', 'utf-8'],
};

const SERVICESTATE = `
Snapshot of HTTP service state (Server Session View):
-----------------------------------------------------

Server session ID: FF00000220000001
    Version: 2.0
    State: Active
    Properties:
        Max bandwidth: 4294967295
        Timeouts:
            Entity body timeout (secs): 120
    URL groups:
    URL group ID: FE00000240000001
        State: Active
        Registered URLs:
            HTTPS://*:443/
`;

/** appcmd list site /config /xml (synthetic: no real sample of this output is on file). */
const APPCMD_SITE_CONFIG_SYNTHETIC = `<?xml version="1.0" encoding="UTF-8"?>
<appcmd>
    <SITE SITE.NAME="Default Web Site" SITE.ID="1" bindings="http/*:80:,https/*:443:" state="Started">
        <site name="Default Web Site" id="1">
            <bindings>
                <binding protocol="http" bindingInformation="*:80:" />
                <binding protocol="https" bindingInformation="*:443:" sslFlags="0" />
            </bindings>
        </site>
    </SITE>
</appcmd>
`;

export interface BuildOptions {
  /** Add a real capture (pcap) under capture/, as -IncludePcap would. */
  withCapture?: boolean;
}

/** Writes the bundle folder; returns the manifest object it wrote. */
export function buildCollectorBundle(dir: string, options: BuildOptions = {}): object {
  const entries: BuiltEntry[] = [];
  const write = (rel: string, bytes: Buffer): void => {
    const full = join(dir, ...rel.split('/'));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, bytes);
  };
  const utf8 = (s: string): Buffer => Buffer.from(s.replace(/^\uFEFF/, ''), 'utf8');
  const certDer = sample('cert-file.sample.generated-server-good.cer');
  const cert = new X509Certificate(certDer);
  const thumb = createHash('sha1').update(certDer).digest('hex').toUpperCase();

  for (const c of catalog()) {
    const base = { id: c.id, path: c.path, durationMs: 120 };
    const text = (body: string, source: string, sourceEncoding: string): BuiltEntry => {
      const bytes = utf8(body);
      write(c.path, bytes);
      return {
        ...base,
        status: 'collected',
        source,
        exitCode: 0,
        encoding: 'utf-8',
        sourceEncoding,
        size: bytes.length,
        sha256: sha256(bytes),
      };
    };
    const s = TEXT_SAMPLES[c.id];
    if (s) {
      entries.push(text(sampleText(s[0]), c.source, s[1]));
      continue;
    }
    switch (c.id) {
      case 'httpsys.servicestate':
        entries.push(text(SERVICESTATE.replace(/\n/g, '\r\n'), c.source, 'cp437'));
        break;
      case 'schannel.cipher-policy': {
        // Neither policy key exists on a default server: header only, with the reason.
        const e = text('Windows Registry Editor Version 5.00\r\n', c.source, 'utf-16le-bom');
        e.reason =
          'keys not present (nothing configured there): HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL: ERROR: The system was unable to find the specified registry key or value.';
        entries.push(e);
        break;
      }
      case 'net.tcp-listeners': {
        const doc = {
          formatVersion: 1,
          listeners: [
            {
              LocalAddress: '0.0.0.0',
              LocalPort: 443,
              State: 'Listen',
              OwningProcess: 4,
              CreationTime: '2026-11-20T01:02:03.0000000Z',
            },
            {
              LocalAddress: '::',
              LocalPort: 443,
              State: 'Listen',
              OwningProcess: 4,
              CreationTime: '2026-11-20T01:02:03.0000000Z',
            },
            {
              LocalAddress: '0.0.0.0',
              LocalPort: 3389,
              State: 'Listen',
              OwningProcess: 1104,
              CreationTime: null,
            },
          ],
          udpEndpoints: [{ LocalAddress: '0.0.0.0', LocalPort: 443, OwningProcess: 4 }],
          processes: [
            { Id: 4, ProcessName: 'System', Path: null, SessionId: 0 },
            {
              Id: 1104,
              ProcessName: 'svchost',
              Path: 'C:\\Windows\\System32\\svchost.exe',
              SessionId: 0,
            },
          ],
          services: [
            {
              Name: 'TermService',
              DisplayName: 'Remote Desktop Services',
              ProcessId: 1104,
              State: 'Running',
            },
          ],
        };
        const e = text(JSON.stringify(doc, null, 4), c.source, 'utf-8');
        delete e.exitCode;
        delete e.sourceEncoding;
        entries.push(e);
        break;
      }
      case 'cert.store': {
        const doc = {
          formatVersion: 1,
          certificates: [
            {
              Store: 'My',
              StoreLocation: 'LocalMachine',
              Thumbprint: thumb,
              Subject: cert.subject.split('\n').reverse().join(', '),
              Issuer: cert.issuer.split('\n').reverse().join(', '),
              SerialNumber: cert.serialNumber,
              FriendlyName: '',
              NotBefore: new Date(cert.validFrom).toISOString().replace('.000Z', '.0000000Z'),
              NotAfter: new Date(cert.validTo).toISOString().replace('.000Z', '.0000000Z'),
              HasPrivateKey: true,
              Archived: false,
              SignatureAlgorithm: { FriendlyName: 'sha256RSA', Value: '1.2.840.113549.1.1.11' },
              HasEkuExtension: true,
              EnhancedKeyUsageList: [
                { FriendlyName: 'Server Authentication', ObjectId: '1.3.6.1.5.5.7.3.1' },
              ],
              DnsNameList: (cert.subjectAltName ?? '')
                .split(', ')
                .filter((n) => n.startsWith('DNS:'))
                .map((n) => n.slice(4)),
              KeyAlgorithm: 'RSA',
              KeySize: 2048,
              KeyProvider: 'Microsoft Software Key Storage Provider',
              KeyProviderType: 0,
              KeyContainer: 'te-WebServer-7c1f3d2e-5b7a-4f0e-9a55-3e2b1c0d9f11',
              KeyUniqueName:
                '8b1e2c4d6f8a0b2c4d6e8f0a1b2c3d4e_7989b711-2e3f-4107-9aae-fb8df2e3b958',
              KeyFilePath:
                'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\8b1e2c4d6f8a0b2c4d6e8f0a1b2c3d4e_7989b711-2e3f-4107-9aae-fb8df2e3b958',
              KeyFileExists: true,
              KeyAccessible: true,
              KeyAccessError: null,
              KeyExportable: false,
            },
          ],
          errors: [{ Store: 'WebHosting', Error: 'store not present' }],
        };
        const e = text(JSON.stringify(doc, null, 4), c.source, 'utf-8');
        delete e.exitCode;
        delete e.sourceEncoding;
        entries.push(e);
        break;
      }
      case 'cert.machinekeys-sddl': {
        // Get-Acl of the key folders (synthetic SDDL in the form Get-Acl prints).
        const e = text(
          JSON.stringify(
            {
              formatVersion: 1,
              acls: [
                {
                  Path: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys',
                  Owner: 'BUILTIN\\Administrators',
                  Sddl: 'O:BAG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)',
                },
              ],
              errors: [],
            },
            null,
            4,
          ),
          c.source,
          'utf-8',
        );
        delete e.exitCode;
        entries.push(e);
        break;
      }
      case 'iis.redirection':
        // No redirection.config: shared configuration was never set up on this server.
        entries.push({
          ...base,
          status: 'skipped',
          source: 'C:\\Windows\\System32\\inetsrv\\config\\redirection.config',
          reason: 'no redirection.config: shared configuration is not set up',
        });
        break;
      // Microsoft Learn's documented Get-TlsCipherSuite / Get-TlsEccCurve examples (no real output
      // is on file) and a FIPS key with the policy off.
      case 'schannel.cipher-suites':
        entries.push(
          text(
            readFileSync(
              new URL(
                '../parsers/tls-cipher-suite.sample.synthetic-learn-example1-format-list.txt',
                import.meta.url,
              ),
              'utf8',
            ),
            c.source,
            'utf-8',
          ),
        );
        break;
      case 'schannel.ecc-curves':
        entries.push(
          text(
            readFileSync(
              new URL(
                '../parsers/tls-ecc-curve.sample.synthetic-learn-example1.txt',
                import.meta.url,
              ),
              'utf8',
            ),
            c.source,
            'utf-8',
          ),
        );
        break;
      case 'schannel.fips-policy':
        entries.push(
          text(
            'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy]\r\n"Enabled"=dword:00000000\r\n',
            c.source,
            'utf-16le',
          ),
        );
        break;
      // HTTP.sys error logs and IIS W3C logs (issue 16): real logs (LogJoint's test input, see
      // src/parsers/w3c-log.samples.md) where the collector puts them; no finding in either.
      case 'logs.httperr':
      case 'logs.iis-w3c': {
        const [rel, name] =
          c.id === 'logs.httperr'
            ? [
                'logs/httperr/httperr1.log',
                'w3c-log.sample.en-httperr-logjoint-three-runs-ipv6.txt',
              ]
            : [
                'logs/iis/W3SVC1/u_ex130207.log',
                'w3c-log.sample.en-iis75-logjoint-webdav-ipv6.txt',
              ];
        const bytes = utf8(sample(name).toString('utf8').replace(/\r?\n/g, '\r\n'));
        write(rel, bytes);
        entries.push({
          ...base,
          status: 'collected',
          source: c.source,
          size: bytes.length,
          files: [{ path: rel, size: bytes.length, sha256: sha256(bytes) }],
        });
        break;
      }
      case 'iis.ccs':
        // The collector's JSON (parser sample): provider enabled on a share, file names listed,
        // password values only as "set". The wildcard file covers the config's shop.contoso.com.
        entries.push(
          text(
            readFileSync(
              new URL('../parsers/ccs.sample.synthetic-collector-unc-listed.json', import.meta.url),
              'utf8',
            ).replace('_.fabrikam.com.pfx', '_.contoso.com.pfx'),
            'Get-ItemProperty HKLM:\\SOFTWARE\\Microsoft\\IIS\\CentralCertProvider; certificate file names in CertStoreLocation',
            'utf-8',
          ),
        );
        break;
      case 'iis.version':
        // Server 2022's IIS 10.0, in the merged UTF-8 .reg text the collector writes.
        entries.push(
          text(
            readFileSync(
              new URL('../parsers/reg.sample.synthetic-inetstp-iis75.txt', import.meta.url),
              'utf8',
            )
              .replace('dword:00000007', 'dword:0000000a')
              .replace('dword:00000005', 'dword:00000000')
              .replace(/7\.5/g, '10.0'),
            c.source,
            'utf-8',
          ),
        );
        break;
      case 'iis.appcmd-sites-config':
        entries.push(text(APPCMD_SITE_CONFIG_SYNTHETIC.replace(/\n/g, '\r\n'), c.source, 'cp437'));
        break;
      case 'cert.files': {
        const rel = `certificates/My/${thumb}.cer`;
        write(rel, certDer);
        entries.push({
          ...base,
          status: 'collected',
          source:
            'X509Certificate2.RawData of Cert:\\LocalMachine\\My, WebHosting, CA, Root (public DER only)',
          size: certDer.length,
          files: [{ path: rel, size: certDer.length, sha256: sha256(certDer) }],
        });
        break;
      }
      case 'capture.pcap': {
        if (options.withCapture) {
          const pcap = readFileSync(
            new URL('../parsers/capture/fixtures/flowtest-tls12.pcap', import.meta.url),
          );
          const rel = 'capture/included-flowtest-tls12.pcap';
          write(rel, pcap);
          entries.push({
            ...base,
            status: 'collected',
            source: '-IncludePcap C:\\temp\\flowtest-tls12.pcap',
            size: pcap.length,
            files: [{ path: rel, size: pcap.length, sha256: sha256(pcap) }],
          });
        } else {
          entries.push({
            id: c.id,
            path: c.path,
            status: 'skipped',
            reason: 'no capture requested (-CaptureSeconds N or -IncludePcap FILE)',
          });
        }
        break;
      }
      default:
        throw new Error(`no sample content for catalog id ${c.id}: add one to the bundle builder`);
    }
  }

  const manifest = {
    formatVersion: 1,
    collector: { name: 'Collect-TlsEvidence.ps1', version: '0.1.0' },
    host: {
      name: 'WEB01',
      osCaption: 'Microsoft Windows Server 2022 Datacenter',
      osVersion: '10.0.20348.2849',
      osBuild: 20348,
      uiCulture: 'en-US',
      culture: 'en-US',
      shortDatePattern: 'M/d/yyyy',
      oemCodePage: 437,
      ansiCodePage: 1252,
      timeZone: 'UTC',
      elevated: true,
      psVersion: '5.1.20348.2849',
      dotNetRelease: 528449,
    },
    startedAt: '2026-11-20T09:14:02.1234567+00:00',
    finishedAt: '2026-11-20T09:15:31.7654321+00:00',
    redacted: false,
    iisSharedConfiguration: null,
    options: { maxEvents: 2000, days: 14, captureSeconds: 0, stepTimeoutSeconds: 120 },
    artifacts: entries,
  };
  // ConvertTo-Json writes 4-space indentation (5.1's is irregular; JSON either way).
  write('manifest.json', utf8(JSON.stringify(manifest, null, 4)));
  return manifest;
}

/** Zips a bundle folder the way New-EvidenceZip does: one entry per file, forward slashes. */
export function zipBundle(dir: string, zipPath: string, files: readonly string[]): void {
  const zip = new AdmZip();
  for (const rel of files) zip.addFile(rel, readFileSync(join(dir, ...rel.split('/'))));
  zip.writeZip(zipPath);
}
