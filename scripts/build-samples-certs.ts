/**
 * Builds the certificate evidence of the sample bundles from the REAL certificates made by
 * scripts/gen-certs.ts (run that first when the certificates change):
 *
 * - certificates/store.json (PowerShell 5.1 shape, docs/bundle-format.md § cert.store),
 * - certificates/<store>/<thumbprint>.cer (the DER files),
 * - certificates/certutil-v-store-my.txt (`certutil -v -store my` as Windows Server 2019 prints it),
 * - certificates/icacls-machinekeys.txt (the key folders and the bound key files),
 *
 * for samples/healthy and the s4 samples (a healthy certificate, consistent with their bindings),
 * and whole bundles (HTTP.sys bindings + certificates + expected-findings.json) for the
 * certificate scenarios. Then run `npm run samples:manifest`.
 *
 *   npx tsx scripts/gen-certs.ts && npx tsx scripts/build-samples-certs.ts && npm run samples:manifest
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { decodeCertificate, type X509Summary } from '../src/parsers/cert-file.js';
import { renderIplisten, renderSslcert, type NetshBinding } from './lib/netsh-writer.js';
import { httpParametersKeys } from './lib/http-registry-writer.js';
import { regFileBytes } from './lib/reg-writer.js';
import { checkModeGate } from './lib/check-builder.js';

// --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
checkModeGate(import.meta.url);

const OUT = new URL('./certs/out/', import.meta.url);
const SAMPLES = new URL('../samples/', import.meta.url);
const IIS = '{4dc3e181-e14b-4a21-b022-59fc669b0914}';
const MACHINE_KEYS = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';
const CNG_KEYS = 'C:\\ProgramData\\Microsoft\\Crypto\\Keys';
const MACHINE_GUID = '7989b711-2e3f-4107-9aae-fb8df2e3b958';

interface Loaded {
  name: string;
  der: Buffer;
  x: X509Summary;
}
function load(name: string): Loaded {
  const der = readFileSync(new URL(`${name}.cer`, OUT));
  return { name, der, x: decodeCertificate(der, { artifactId: 'gen', path: name }) };
}

/** How the private key of a My certificate looks on the server. */
interface KeySpec {
  /**
   * `usable` key test passes; `unlinked` no key linked (only the .cer was imported); `no-system`
   * key file SYSTEM cannot read; `corrupt` the key file is there but does not open (0x8009001A).
   */
  state: 'usable' | 'unlinked' | 'no-system' | 'corrupt';
}
interface CertSpec {
  name: string;
  store: 'My' | 'CA' | 'Root' | 'WebHosting';
  key?: KeySpec;
}

/** The key file name of a CNG key: a hash-like id + the machine GUID (deterministic per certificate). */
const uniqueName = (x: X509Summary): string => `${x.sha256.slice(0, 32)}_${MACHINE_GUID}`;

const msDate = (iso: string): string => `\\/Date(${Date.parse(iso)})\\/`;

function storeJson(certs: { c: Loaded; spec: CertSpec }[]): string {
  const records = certs.map(({ c, spec }) => {
    const x = c.x;
    const k = spec.key;
    const linked = k !== undefined && k.state !== 'unlinked';
    const unique = uniqueName(x);
    return {
      Store: spec.store,
      StoreLocation: 'LocalMachine',
      Thumbprint: x.thumbprint.toUpperCase(),
      Subject: x.subject,
      Issuer: x.issuer,
      SerialNumber: x.serialNumber.toUpperCase(),
      FriendlyName: '',
      NotBefore: msDate(x.notBefore),
      NotAfter: msDate(x.notAfter),
      HasPrivateKey: linked,
      Archived: false,
      SignatureAlgorithm: { FriendlyName: x.signatureAlgorithm, Value: x.signatureAlgorithmOid },
      HasEkuExtension: x.eku !== null,
      EnhancedKeyUsageList: (x.eku ?? []).map((o) => ({
        FriendlyName: EKU_NAMES[o] ?? o,
        ObjectId: o,
      })),
      DnsNameList: (x.sanDns.length > 0 ? x.sanDns : [x.subjectCommonName ?? '']).map((n) => ({
        Punycode: n,
        Unicode: n,
      })),
      KeyAlgorithm: x.keyAlgorithm,
      KeySize: x.keySize,
      KeyProvider: linked ? 'Microsoft Software Key Storage Provider' : null,
      KeyProviderType: linked ? 0 : null,
      KeyContainer: linked ? `te-WebServer-${x.serialNumber}-${MACHINE_GUID.slice(0, 8)}` : null,
      KeyUniqueName: linked ? unique : null,
      KeyFilePath: linked ? `${CNG_KEYS}\\${unique}` : null,
      KeyFileExists: linked ? true : null,
      // The collector runs as an administrator: it opens the key even when SYSTEM is locked out.
      KeyAccessible: linked ? k.state !== 'corrupt' : null,
      KeyAccessError:
        linked && k.state === 'corrupt' ? 'Keyset as registered is invalid. (0x8009001A)' : null,
      KeyExportable: linked ? false : null,
    };
  });
  return (
    JSON.stringify({ formatVersion: 1, certificates: records, errors: [] }, null, 4)
      .replace(/"\\\\\/Date/g, '"\\/Date')
      .replace(/\)\\\\\/"/g, ')\\/"')
      .replace(/\n/g, '\r\n') + '\r\n'
  );
}

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'Server Authentication',
  '1.3.6.1.5.5.7.3.2': 'Client Authentication',
};

/** en-US short date + time as certutil prints it (host time zone UTC in the samples). */
function usDate(iso: string): string {
  const d = new Date(iso);
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h12}:${mm} ${h < 12 ? 'AM' : 'PM'}`;
}
const pairs = (hex: string): string => hex.match(/../g)!.join(' ');
const rdnLines = (dn: string): string[] => dn.split(', ').map((r) => `    ${r}`);

function certutilBlock(i: number, c: Loaded, spec: CertSpec): string[] {
  const x = c.x;
  const k = spec.key;
  const out = [
    `================ Certificate ${i} ================`,
    'X509 Certificate:',
    `Version: ${x.version}`,
    `Serial Number: ${x.serialNumber}`,
    'Signature Algorithm:',
    `    Algorithm ObjectId: ${x.signatureAlgorithmOid} ${x.signatureAlgorithm}`,
    '    Algorithm Parameters:',
    '    05 00',
    'Issuer:',
    ...rdnLines(x.issuer),
    '',
    ` NotBefore: ${usDate(x.notBefore)}`,
    ` NotAfter: ${usDate(x.notAfter)}`,
    '',
    'Subject:',
    ...rdnLines(x.subject),
    '',
    'Public Key Algorithm:',
    `    Algorithm ObjectId: ${x.keyAlgorithmOid} RSA (RSA_SIGN)`,
    `Public Key Length: ${x.keySize} bits`,
    'Certificate Extensions: 6',
  ];
  if (x.eku) {
    out.push('    2.5.29.37: Flags = 0, Length = 16', '    Enhanced Key Usage');
    for (const o of x.eku) out.push(`        ${EKU_NAMES[o] ?? o} (${o})`);
    out.push('');
  }
  out.push('    2.5.29.17: Flags = 0, Length = 22', '    Subject Alternative Name');
  for (const n of x.sanDns) out.push(`        DNS Name=${n}`);
  out.push('', x.selfIssued ? 'Root Certificate: Subject matches Issuer' : 'Non-root Certificate');
  out.push(`Cert Hash(sha1): ${pairs(x.thumbprint)}`);
  if (!k || k.state === 'unlinked') {
    out.push(
      'No key provider information',
      'Cannot find the certificate and private key for decryption.',
    );
  } else {
    out.push(
      '',
      '  CERT_KEY_PROV_INFO_PROP_ID(2):',
      `    Key Container = te-WebServer-${x.serialNumber}-${MACHINE_GUID.slice(0, 8)}`,
      `    Unique container name: ${uniqueName(x)}`,
      '    Provider = Microsoft Software Key Storage Provider',
      '    ProviderType = 0',
      '    Flags = 20 (32)',
      '      CRYPT_MACHINE_KEYSET -- 20 (32)',
      '    KeySpec = 0 -- XCN_AT_NONE',
      '',
      'Private key is NOT exportable',
    );
    // certutil runs elevated as an administrator: the key opens even when SYSTEM is locked out.
    // A corrupt key: this sample leaves certutil's (unverified) failure wording out.
    if (k.state !== 'corrupt') out.push('Encryption test passed');
  }
  out.push('');
  return out;
}

function certutilText(certs: { c: Loaded; spec: CertSpec }[]): string {
  const my = certs.filter((e) => e.spec.store === 'My');
  const lines = ['My "Personal"', ...my.flatMap((e, i) => certutilBlock(i, e.c, e.spec))];
  lines.push('CertUtil: -store command completed successfully.');
  return lines.join('\r\n') + '\r\n';
}

function icaclsBlock(path: string, aces: string[]): string[] {
  return [
    `${path} ${aces[0]}`,
    ...aces.slice(1).map((a) => `${' '.repeat(path.length + 1)}${a}`),
    '',
    'Successfully processed 1 files; Failed processing 0 files',
    '',
  ];
}

function icaclsText(certs: { c: Loaded; spec: CertSpec }[]): string {
  const lines = [
    ...icaclsBlock(MACHINE_KEYS, ['Everyone:(R,W)', 'BUILTIN\\Administrators:(F)']),
    ...icaclsBlock(CNG_KEYS, ['Everyone:(R,W)', 'BUILTIN\\Administrators:(F)']),
  ];
  for (const { c, spec } of certs) {
    if (!spec.key || spec.key.state === 'unlinked') continue;
    const aces =
      spec.key.state === 'no-system'
        ? ['CONTOSO\\svc-deploy:(F)', 'BUILTIN\\Users:(R)']
        : ['NT AUTHORITY\\SYSTEM:(F)', 'BUILTIN\\Administrators:(F)'];
    lines.push(...icaclsBlock(`${CNG_KEYS}\\${uniqueName(c.x)}`, aces));
  }
  return lines.join('\r\n');
}

function writeCertificates(sample: string, specs: CertSpec[]): void {
  const dir = new URL(`${sample}/certificates/`, SAMPLES);
  rmSync(dir, { recursive: true, force: true });
  const certs = specs.map((spec) => ({ c: load(spec.name), spec }));
  for (const { c, spec } of certs) {
    mkdirSync(new URL(`${spec.store}/`, dir), { recursive: true });
    writeFileSync(new URL(`${spec.store}/${c.x.thumbprint.toUpperCase()}.cer`, dir), c.der);
  }
  writeFileSync(new URL('store.json', dir), storeJson(certs));
  writeFileSync(new URL('certutil-v-store-my.txt', dir), certutilText(certs));
  writeFileSync(new URL('icacls-machinekeys.txt', dir), icaclsText(certs));
}

function writeBindings(sample: string, bindings: NetshBinding[]): void {
  const dir = new URL(`${sample}/`, SAMPLES);
  mkdirSync(new URL('httpsys/', dir), { recursive: true });
  mkdirSync(new URL('registry/', dir), { recursive: true });
  writeFileSync(new URL('httpsys/netsh-http-show-sslcert.txt', dir), renderSslcert(bindings));
  writeFileSync(new URL('httpsys/netsh-http-show-iplisten.txt', dir), renderIplisten([]));
  writeFileSync(
    new URL('registry/http-parameters.reg', dir),
    regFileBytes(httpParametersKeys(bindings)),
  );
}

const thumb = (name: string): string => load(name).x.thumbprint;
const bind = (
  name: string | null,
  endpoint = '0.0.0.0:443',
  type: NetshBinding['type'] = 'ipport',
): NetshBinding => ({
  type,
  endpoint,
  hash: name === null ? 'ab'.repeat(20) : thumb(name),
  appId: IIS,
  store: 'MY',
});
const certKey = (name: string, store = 'My'): string => `${store}\\${thumb(name)}`;

/** The trusted chain every healthy server has. */
const CHAIN: CertSpec[] = [
  { name: 'issuing-ca', store: 'CA' },
  { name: 'root-ca', store: 'Root' },
];
const GOOD: CertSpec = { name: 'server-good', store: 'My', key: { state: 'usable' } };

// Existing samples: certificate evidence consistent with their bindings (hash = server-good).
for (const s of ['healthy', 's4-empty-hash', 's4-zero-appid', 's4-iplisten'])
  writeCertificates(s, [GOOD, ...CHAIN]);

interface Scenario {
  description: string;
  bindings: NetshBinding[];
  certs: CertSpec[];
  findings: { ruleId: string; entity: string; explainedBy?: string }[];
}
const SCENARIOS: Record<string, Scenario> = {
  's1-missing-private-key': {
    description:
      'Seed scenario 1: the certificate bound to 0.0.0.0:443 was imported without its private key (HasPrivateKey False, certutil "No key provider information").',
    bindings: [bind('server-good')],
    certs: [{ name: 'server-good', store: 'My', key: { state: 'unlinked' } }, ...CHAIN],
    findings: [{ ruleId: 'certificate-missing-private-key', entity: certKey('server-good') }],
  },
  's2-untrusted-root': {
    description:
      'Seed scenario 2 (0x800B0109): shop.fabrikam.com is issued by a private root that was imported into Intermediate Certification Authorities (CA) instead of Trusted Root.',
    bindings: [bind('server-private-root')],
    certs: [
      { name: 'server-private-root', store: 'My', key: { state: 'usable' } },
      { name: 'private-root-ca', store: 'CA' },
      ...CHAIN,
    ],
    findings: [{ ruleId: 'certificate-untrusted-root', entity: certKey('server-private-root') }],
  },
  's2-wrong-usage': {
    description:
      'Seed scenario 2 (0x800B0110): the bound certificate has an EKU extension with Client Authentication only.',
    bindings: [bind('server-client-auth-only')],
    certs: [{ name: 'server-client-auth-only', store: 'My', key: { state: 'usable' } }, ...CHAIN],
    findings: [
      { ruleId: 'certificate-missing-server-auth-eku', entity: certKey('server-client-auth-only') },
    ],
  },
  's2-chain-incomplete': {
    description:
      'The intermediate CA certificate is missing from the CA store: the server sends an incomplete chain.',
    bindings: [bind('server-good')],
    certs: [GOOD, { name: 'root-ca', store: 'Root' }],
    findings: [{ ruleId: 'certificate-chain-incomplete', entity: certKey('server-good') }],
  },
  's2-machinekeys-acl-system': {
    description:
      "Seed scenario 2 (0x80090016): the bound certificate's CNG key file grants a deploy account and Users, not SYSTEM; Schannel (LSASS, SYSTEM) cannot open it.",
    bindings: [bind('server-good')],
    certs: [{ name: 'server-good', store: 'My', key: { state: 'no-system' } }, ...CHAIN],
    findings: [{ ruleId: 'machinekeys-acl-missing-system', entity: certKey('server-good') }],
  },
  'cert-validity': {
    description:
      'Three bindings at collection time 2026-11-20: an expired certificate (443), one not valid before 2030 (8443) and one expiring 2026-12-15 (9443).',
    bindings: [
      bind('server-expired'),
      bind('server-not-yet-valid', '0.0.0.0:8443'),
      bind('server-expires-soon', '0.0.0.0:9443'),
    ],
    certs: [
      { name: 'server-expired', store: 'My', key: { state: 'usable' } },
      { name: 'server-not-yet-valid', store: 'My', key: { state: 'usable' } },
      { name: 'server-expires-soon', store: 'My', key: { state: 'usable' } },
      ...CHAIN,
    ],
    findings: [
      { ruleId: 'certificate-expired', entity: certKey('server-expired') },
      { ruleId: 'certificate-not-yet-valid', entity: certKey('server-not-yet-valid') },
      { ruleId: 'certificate-expires-soon', entity: certKey('server-expires-soon') },
    ],
  },
  'cert-weak-sha1': {
    description:
      'An RSA-1024 certificate on 0.0.0.0:443 and a SHA-1 signed certificate on 0.0.0.0:8443.',
    bindings: [bind('server-rsa1024'), bind('server-sha1', '0.0.0.0:8443')],
    certs: [
      { name: 'server-rsa1024', store: 'My', key: { state: 'usable' } },
      { name: 'server-sha1', store: 'My', key: { state: 'usable' } },
      ...CHAIN,
    ],
    findings: [
      { ruleId: 'certificate-weak-key', entity: certKey('server-rsa1024') },
      { ruleId: 'certificate-sha1-signature', entity: certKey('server-sha1') },
    ],
  },
  'cert-name-mismatch': {
    description:
      'SNI bindings for www.contoso.com (covered) and shop.contoso.com (not covered) both use the www.contoso.com certificate; a wildcard *.contoso.com certificate serves a.contoso.com. Port 443 has only hostname:port bindings, so clients without SNI would be reset (httpsys-sni-only-port, medium).',
    bindings: [
      bind('server-good', 'www.contoso.com:443', 'hostnameport'),
      bind('server-good', 'shop.contoso.com:443', 'hostnameport'),
      bind('server-wildcard', 'a.contoso.com:443', 'hostnameport'),
    ],
    certs: [GOOD, { name: 'server-wildcard', store: 'My', key: { state: 'usable' } }, ...CHAIN],
    findings: [
      { ruleId: 'certificate-name-mismatch', entity: certKey('server-good') },
      { ruleId: 'httpsys-sni-only-port', entity: 'hostnameport:a.contoso.com:443' },
    ],
  },
  's2-key-unusable': {
    description:
      'Seed scenario 2 (0x8009001A): the bound certificate has its key file, but the key does not open (KeyAccessError from the collector).',
    bindings: [bind('server-good')],
    certs: [{ name: 'server-good', store: 'My', key: { state: 'corrupt' } }, ...CHAIN],
    findings: [{ ruleId: 'certificate-private-key-unusable', entity: certKey('server-good') }],
  },
  'binding-certificate-not-found': {
    description:
      'The 0.0.0.0:443 binding still names a certificate that was deleted from LocalMachine\\My; the renewed certificate is in the store but was never bound. HTTP.sys logs HttpEvent 15021 for 0.0.0.0:443 (27 events, values of a real 15021): listed under the binding finding as its symptom.',
    bindings: [bind(null)],
    certs: [GOOD, ...CHAIN],
    // The events/ folder is written by build-samples-httpevent.ts, which runs after this script.
    findings: [
      { ruleId: 'binding-certificate-not-found', entity: 'ipport:0.0.0.0:443' },
      {
        ruleId: 'httpevent-ssl-configuration-error',
        entity: 'httpevent-15021-0.0.0.0:443',
        explainedBy: 'binding-certificate-not-found',
      },
    ],
  },
};

for (const [name, s] of Object.entries(SCENARIOS)) {
  rmSync(new URL(`${name}/`, SAMPLES), { recursive: true, force: true });
  writeBindings(name, s.bindings);
  writeCertificates(name, s.certs);
  writeFileSync(
    new URL(`${name}/expected-findings.json`, SAMPLES),
    JSON.stringify({ description: s.description, findings: s.findings }, null, 2) + '\n',
  );
}
console.log(`certificate evidence written for healthy, s4-*, ${Object.keys(SCENARIOS).join(', ')}`);
