// Generates the REAL X.509 certificates the samples and parser tests use (DER .cer files in
// scripts/certs/out/, plus index.json with each certificate's thumbprint and role).
//
//   npx tsx scripts/gen-certs.ts            (needs the `openssl` CLI, 3.0 or later)
//
// Deterministic: the RSA keys are test-only keys kept in scripts/certs/keys/ (made once by this
// script when absent), every validity period and serial number is fixed below, and RSA PKCS#1 v1.5
// signatures are deterministic, so a re-run reproduces the same bytes and thumbprints. Delete a key
// file to roll that key (its certificates and their thumbprints change; re-run
// scripts/build-samples-certs.ts afterwards). The keys protect nothing: they only sign sample data.
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkModeGate } from './lib/check-builder.js';

// --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
checkModeGate(import.meta.url);

const root = new URL('./certs/', import.meta.url).pathname;
const keysDir = join(root, 'keys');
const outDir = join(root, 'out');

interface Spec {
  /** File stem in out/ and key in index.json. */
  name: string;
  subject: string;
  /** Issuer spec name, or null for self-signed. */
  issuer: string | null;
  key: string;
  keyBits: number;
  /** An EC key on this curve instead of RSA (openssl's name: `P-384`). */
  curve?: string;
  serial: string;
  start: string;
  end: string;
  md: 'sha256' | 'sha1';
  ext: string[];
  role: string;
}

const CA_EXT = (pathlen: number | null): string[] => [
  `basicConstraints = critical, CA:true${pathlen === null ? '' : `, pathlen:${pathlen}`}`,
  'keyUsage = critical, keyCertSign, cRLSign, digitalSignature',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid:always',
];
const SERVER_EXT = (names: string[], eku: string | null = 'serverAuth, clientAuth'): string[] => [
  'basicConstraints = critical, CA:false',
  'keyUsage = critical, digitalSignature, keyEncipherment',
  ...(eku === null ? [] : [`extendedKeyUsage = ${eku}`]),
  `subjectAltName = ${names.map((n) => `DNS:${n}`).join(', ')}`,
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid:always',
];

const SPECS: Spec[] = [
  {
    name: 'root-ca',
    subject: '/C=US/O=tls-doctor samples/CN=tls-doctor Sample Root CA',
    issuer: null,
    key: 'root-ca',
    keyBits: 2048,
    serial: '1000',
    start: '20240101000000Z',
    end: '20440101000000Z',
    md: 'sha256',
    ext: CA_EXT(null),
    role: 'trusted root (goes to Root)',
  },
  {
    name: 'issuing-ca',
    subject: '/C=US/O=tls-doctor samples/CN=tls-doctor Sample Issuing CA 1',
    issuer: 'root-ca',
    key: 'issuing-ca',
    keyBits: 2048,
    serial: '2000',
    start: '20240101000000Z',
    end: '20390101000000Z',
    md: 'sha256',
    ext: CA_EXT(0),
    role: 'intermediate (goes to CA)',
  },
  {
    name: 'server-good',
    subject: '/C=US/O=Contoso Ltd/CN=www.contoso.com',
    issuer: 'issuing-ca',
    key: 'server',
    keyBits: 2048,
    serial: '3001',
    start: '20250601000000Z',
    end: '20280601000000Z',
    md: 'sha256',
    ext: SERVER_EXT(['www.contoso.com', 'contoso.com']),
    role: 'healthy server certificate',
  },
  {
    name: 'server-client-auth-only',
    subject: '/C=US/O=Contoso Ltd/CN=app.contoso.com',
    issuer: 'issuing-ca',
    key: 'server',
    keyBits: 2048,
    serial: '3002',
    start: '20250601000000Z',
    end: '20280601000000Z',
    md: 'sha256',
    ext: SERVER_EXT(['app.contoso.com'], 'clientAuth'),
    role: 'EKU extension without serverAuth (0x800B0110)',
  },
  {
    name: 'server-no-eku',
    subject: '/C=US/O=Contoso Ltd/CN=legacy.contoso.com',
    issuer: 'issuing-ca',
    key: 'server',
    keyBits: 2048,
    serial: '3003',
    start: '20250601000000Z',
    end: '20280601000000Z',
    md: 'sha256',
    ext: SERVER_EXT(['legacy.contoso.com'], null),
    role: 'no EKU extension at all (any purpose)',
  },
  {
    name: 'server-expired',
    subject: '/C=US/O=Contoso Ltd/CN=old.contoso.com',
    issuer: 'issuing-ca',
    key: 'server',
    keyBits: 2048,
    serial: '3004',
    start: '20240201000000Z',
    end: '20250201000000Z',
    md: 'sha256',
    ext: SERVER_EXT(['old.contoso.com']),
    role: 'expired',
  },
  {
    name: 'server-not-yet-valid',
    subject: '/C=US/O=Contoso Ltd/CN=next.contoso.com',
    issuer: 'issuing-ca',
    key: 'server',
    keyBits: 2048,
    serial: '3005',
    start: '20300101000000Z',
    end: '20320101000000Z',
    md: 'sha256',
    ext: SERVER_EXT(['next.contoso.com']),
    role: 'not yet valid',
  },
  {
    name: 'server-expires-soon',
    subject: '/C=US/O=Contoso Ltd/CN=soon.contoso.com',
    issuer: 'issuing-ca',
    key: 'server',
    keyBits: 2048,
    serial: '3006',
    start: '20251215000000Z',
    end: '20261215000000Z',
    md: 'sha256',
    ext: SERVER_EXT(['soon.contoso.com']),
    role: 'expires 2026-12-15 (soon relative to a late-November 2026 collection)',
  },
  {
    name: 'server-sha1',
    subject: '/C=US/O=Contoso Ltd/CN=sha1.contoso.com',
    issuer: 'issuing-ca',
    key: 'server',
    keyBits: 2048,
    serial: '3007',
    start: '20250601000000Z',
    end: '20280601000000Z',
    md: 'sha1',
    ext: SERVER_EXT(['sha1.contoso.com']),
    role: 'SHA-1 signature',
  },
  {
    name: 'server-rsa1024',
    subject: '/C=US/O=Contoso Ltd/CN=weak.contoso.com',
    issuer: 'issuing-ca',
    key: 'server-rsa1024',
    keyBits: 1024,
    serial: '3008',
    start: '20250601000000Z',
    end: '20280601000000Z',
    md: 'sha256',
    ext: SERVER_EXT(['weak.contoso.com']),
    role: 'RSA 1024-bit key',
  },
  {
    name: 'server-wildcard',
    subject: '/C=US/O=Contoso Ltd/CN=*.contoso.com',
    issuer: 'issuing-ca',
    key: 'server',
    keyBits: 2048,
    serial: '3009',
    start: '20250601000000Z',
    end: '20280601000000Z',
    md: 'sha256',
    ext: SERVER_EXT(['*.contoso.com']),
    role: 'wildcard *.contoso.com (RFC 6125 tests)',
  },
  {
    name: 'private-root-ca',
    subject: '/C=US/O=Fabrikam Inc/CN=Fabrikam Private Root CA',
    issuer: null,
    key: 'private-root-ca',
    keyBits: 2048,
    serial: '5000',
    start: '20240101000000Z',
    end: '20440101000000Z',
    md: 'sha256',
    ext: CA_EXT(null),
    role: 'root NOT in LocalMachine\\Root (only its .cer travels with the sample, outside the stores)',
  },
  {
    name: 'server-private-root',
    subject: '/C=US/O=Fabrikam Inc/CN=shop.fabrikam.com',
    issuer: 'private-root-ca',
    key: 'server',
    keyBits: 2048,
    serial: '5001',
    start: '20250601000000Z',
    end: '20280601000000Z',
    md: 'sha256',
    ext: SERVER_EXT(['shop.fabrikam.com']),
    role: 'issued by a root the server does not trust (0x800B0109)',
  },
  {
    name: 'issuing-ca-client-auth-only',
    subject: '/C=US/O=tls-doctor samples/CN=tls-doctor Sample Client Issuing CA 2',
    issuer: 'root-ca',
    key: 'issuing-ca-2',
    keyBits: 2048,
    serial: '2001',
    start: '20240101000000Z',
    end: '20390101000000Z',
    md: 'sha256',
    ext: [...CA_EXT(0), 'extendedKeyUsage = clientAuth, emailProtection'],
    role: 'intermediate whose EKU lacks serverAuth: constrains every certificate it issues (CERT_E_WRONG_USAGE)',
  },
  {
    name: 'server-under-client-auth-ca',
    subject: '/C=US/O=Contoso Ltd/CN=portal.contoso.com',
    issuer: 'issuing-ca-client-auth-only',
    key: 'server',
    keyBits: 2048,
    serial: '3010',
    start: '20250601000000Z',
    end: '20280601000000Z',
    md: 'sha256',
    ext: SERVER_EXT(['portal.contoso.com']),
    role: 'serverAuth leaf issued by a CA whose EKU lacks serverAuth',
  },
  // Wrong chain paths and renewal leftovers (issue 20 #5, #9).
  {
    name: 'legacy-root-ca',
    subject: '/C=US/O=tls-doctor samples/CN=tls-doctor Legacy Root CA',
    issuer: null,
    key: 'legacy-root-ca',
    keyBits: 2048,
    serial: '0900',
    start: '20100101000000Z',
    end: '20400101000000Z',
    md: 'sha256',
    ext: CA_EXT(null),
    role: 'older root that cross-signed tls-doctor Sample Root CA',
  },
  {
    name: 'root-ca-cross',
    subject: '/C=US/O=tls-doctor samples/CN=tls-doctor Sample Root CA',
    issuer: 'legacy-root-ca',
    key: 'root-ca',
    keyBits: 2048,
    serial: '1001',
    start: '20240101000000Z',
    end: '20250601000000Z',
    md: 'sha256',
    ext: CA_EXT(null),
    role: 'EXPIRED cross certificate: root-ca (same subject and key) signed by legacy-root-ca',
  },
  {
    name: 'issuing-ca-expired',
    subject: '/C=US/O=tls-doctor samples/CN=tls-doctor Sample Issuing CA 1',
    issuer: 'root-ca',
    key: 'issuing-ca',
    keyBits: 2048,
    serial: '2001',
    start: '20200101000000Z',
    end: '20250101000000Z',
    md: 'sha256',
    ext: CA_EXT(0),
    role: 'EXPIRED earlier certificate of issuing-ca (same subject and key)',
  },
  {
    // Issue 16: an ECDSA (P-384) certificate, for the curve-list rule; signed by the RSA issuing
    // CA, so the bytes stay deterministic while its own key is an EC key kept in keys/.
    name: 'server-ecc-p384',
    subject: '/C=US/O=Contoso Ltd/CN=www.contoso.com',
    issuer: 'issuing-ca',
    key: 'server-ecc-p384',
    keyBits: 384,
    curve: 'P-384',
    serial: '3101',
    start: '20250601000000Z',
    end: '20280601000000Z',
    md: 'sha256',
    // An ECDSA key signs; keyEncipherment is an RSA usage.
    ext: SERVER_EXT(['www.contoso.com', 'contoso.com']).map((l) =>
      l.startsWith('keyUsage') ? 'keyUsage = critical, digitalSignature' : l,
    ),
    role: 'healthy server certificate with an EC P-384 key (NistP384)',
  },
  {
    name: 'server-good-previous',
    subject: '/C=US/O=Contoso Ltd/CN=www.contoso.com',
    issuer: 'issuing-ca',
    key: 'server',
    keyBits: 2048,
    serial: '3010',
    start: '20240601000000Z',
    end: '20250601000000Z',
    md: 'sha256',
    ext: SERVER_EXT(['www.contoso.com', 'contoso.com']),
    role: 'expired predecessor of server-good (same subject and SANs): a renewal leftover',
  },
  {
    name: 'server-self-signed',
    subject: '/CN=www.contoso.com',
    issuer: null,
    key: 'server-self-signed',
    keyBits: 2048,
    serial: '4001',
    start: '20260301000000Z',
    end: '20270301000000Z',
    md: 'sha256',
    ext: SERVER_EXT(['www.contoso.com']),
    role: 'self-signed www.contoso.com as New-SelfSignedCertificate -DnsName makes it (CN only, SAN, Server + Client Authentication)',
  },
];

function openssl(args: string[], cwd?: string): string {
  return execFileSync('openssl', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function keyFile(spec: Spec): string {
  const path = join(keysDir, `${spec.key}.key.pem`);
  if (!existsSync(path)) {
    openssl(
      spec.curve
        ? [
            'genpkey',
            '-algorithm',
            'EC',
            '-pkeyopt',
            `ec_paramgen_curve:${spec.curve}`,
            '-pkeyopt',
            'ec_param_enc:named_curve',
            '-out',
            path,
          ]
        : [
            'genpkey',
            '-algorithm',
            'RSA',
            '-pkeyopt',
            `rsa_keygen_bits:${spec.keyBits}`,
            '-out',
            path,
          ],
    );
  }
  return path;
}

function sign(spec: Spec, work: string): void {
  const key = keyFile(spec);
  const issuer = spec.issuer === null ? null : SPECS.find((s) => s.name === spec.issuer)!;
  const dir = mkdtempSync(join(work, `${spec.name}-`));
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), `${spec.serial}\n`);
  writeFileSync(
    join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = sample',
      '[sample]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'serial = $dir/serial',
      'new_certs_dir = $dir',
      'policy = any',
      'unique_subject = no',
      'copy_extensions = none',
      '[any]',
      'countryName = optional',
      'organizationName = optional',
      'commonName = supplied',
      '[ext]',
      ...spec.ext,
      '',
    ].join('\n'),
  );
  const csr = join(dir, 'req.csr');
  openssl(['req', '-new', '-key', key, '-subj', spec.subject, '-out', csr]);
  const out = join(dir, 'cert.pem');
  const args = ['ca', '-batch', '-config', join(dir, 'ca.cnf'), '-in', csr, '-out', out];
  args.push(
    '-startdate',
    spec.start,
    '-enddate',
    spec.end,
    '-md',
    spec.md,
    '-notext',
    '-preserveDN',
  );
  args.push('-extensions', 'ext');
  if (issuer === null) args.push('-selfsign', '-keyfile', key);
  else args.push('-cert', join(outDir, `${issuer.name}.pem`), '-keyfile', keyFile(issuer));
  openssl(args);
  writeFileSync(join(outDir, `${spec.name}.pem`), readFileSync(out, 'utf8'));
}

mkdirSync(keysDir, { recursive: true });
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'gen-certs-'));
const index: Record<string, { thumbprint: string; subject: string; role: string; file: string }> =
  {};
try {
  for (const spec of SPECS) {
    sign(spec, work);
    const der = new X509Certificate(readFileSync(join(outDir, `${spec.name}.pem`))).raw;
    writeFileSync(join(outDir, `${spec.name}.cer`), der);
    const thumbprint = createHash('sha1').update(der).digest('hex').toUpperCase();
    index[spec.name] = {
      thumbprint,
      subject: spec.subject,
      role: spec.role,
      file: `${spec.name}.cer`,
    };
    console.log(`${thumbprint}  ${spec.name}  (${spec.role})`);
  }
  writeFileSync(join(outDir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
