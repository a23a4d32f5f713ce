/**
 * The `certificate` entity: one certificate of LocalMachine\My / WebHosting (or any store a
 * binding names), merged from every source the bundle has:
 *
 * - `cert.store` (store.json): store metadata, HasPrivateKey, key provider / container / file,
 *   whether the collector could open the key;
 * - `cert.files` (<store>/<thumbprint>.cer): the X.509 itself — the authority for names, validity,
 *   EKU, key and signature; also the CA / Root certificates the chain is built from;
 * - `cert.certutil`: the key tests ("Encryption test passed", "Missing stored keyset");
 * - `cert.machinekeys-acl`: the ACL of the key file or of its folder.
 *
 * Validity is judged at the COLLECTION time (host.collectedAt), not the analysis time: a bundle
 * analysed a year later must report what was true on the server. The chain is built offline from
 * the bundle's certificates (subject/issuer DER match + AKI/SKI + signature verification) and
 * stops with a reason: trusted root in Root, root found elsewhere (untrusted), issuer missing
 * (incomplete), or unknown (no .cer of the leaf). Bindings (HTTP.sys) and IIS https bindings are
 * linked by thumbprint and store; the binding gets `certificate` (a summary) and
 * `certificateLookup`.
 */
import { X509Certificate } from 'node:crypto';
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { X509Summary } from '../parsers/cert-file.js';
import type { StoreCertificate } from '../parsers/cert-store.js';
import type { CertutilCertificate } from '../parsers/certutil-store.js';
import type { IcaclsAce, IcaclsPath } from '../parsers/icacls.js';
import type { EvidenceRef } from '../shared/evidence.js';
import type {
  BindingEntity,
  CertificateEntity,
  CertificatePrivateKeyState,
  CertificateChainStatus,
  IisBindingEntity,
} from './model.js';

export const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const ANY_EKU = '2.5.29.37.0';
/** Days before NotAfter from which `expiresSoon` is set. */
export const EXPIRES_SOON_DAYS = 30;
const MACHINE_KEYS = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';
const CNG_KEYS = 'C:\\ProgramData\\Microsoft\\Crypto\\Keys';
/** Stores whose certificates are server certificates (entities); the others only feed chains. */
const SERVER_STORES = new Set(['my', 'webhosting']);
const ROOT_STORES = new Set(['root', 'authroot']);

interface Source {
  store: string;
  thumbprint: string;
  meta: StoreCertificate | null;
  x509: X509Summary | null;
  filePath: string | null;
  certutil: CertutilCertificate | null;
  evidence: EvidenceRef[];
}

/** Canonical store name as Windows spells the common ones. */
function canonicalStore(s: string): string {
  const known: Record<string, string> = {
    my: 'My',
    webhosting: 'WebHosting',
    ca: 'CA',
    root: 'Root',
    authroot: 'AuthRoot',
    trustedpeople: 'TrustedPeople',
  };
  return known[s.toLowerCase()] ?? s;
}

/** certutil's name for a store (`my`, `WebHosting`, `CA`, `Root`). */
function certutilStore(store: string): string {
  return store.toLowerCase() === 'my' ? 'my' : store;
}

/** RFC 6125 §6.4: exact match, or `*` as the whole left-most label matching exactly one label. */
export function nameCovered(name: string, patterns: string[]): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  return patterns.some((raw) => {
    const p = raw.toLowerCase().replace(/\.$/, '');
    if (p === n) return true;
    if (!p.startsWith('*.')) return false;
    const rest = p.slice(2);
    // At least two labels after the wildcard (no `*.com`), and no wildcard for IP literals.
    if (!rest.includes('.') || /^[\d.]+$/.test(n) || n.includes(':')) return false;
    const dot = n.indexOf('.');
    return dot > 0 && n.slice(dot + 1) === rest;
  });
}

function readGrants(ace: IcaclsAce): boolean {
  if (ace.inheritance.includes('IO')) return false;
  return ace.rights.some((r) => ['F', 'M', 'RX', 'R', 'GR', 'GA', 'RD'].includes(r));
}

/** Whether SYSTEM can read, judged from an ACL: SYSTEM's token holds SYSTEM, Administrators, Everyone, Authenticated Users. */
export function systemAccess(aces: IcaclsAce[]): 'read' | 'none' | 'denied' {
  const systemSids = ['S-1-5-18', 'S-1-5-32-544', 'S-1-1-0', 'S-1-5-11'];
  const relevant = aces.filter((a) => a.sid !== null && systemSids.includes(a.sid));
  if (relevant.some((a) => a.deny && readGrants(a))) return 'denied';
  return relevant.some((a) => !a.deny && readGrants(a)) ? 'read' : 'none';
}

function keyState(src: Source): { state: CertificatePrivateKeyState; reasons: string[] } {
  const reasons: string[] = [];
  const m = src.meta;
  const cu = src.certutil;
  if (m?.hasPrivateKey === false) reasons.push('store.json: HasPrivateKey = False');
  if (m?.hasPrivateKey === true) reasons.push('store.json: HasPrivateKey = True');
  if (m?.keyFileExists === false)
    reasons.push(`key file not found: ${m.keyFilePath ?? m.keyUniqueName ?? '?'}`);
  if (m?.keyAccessible === false)
    reasons.push(`the collector could not open the key: ${m.keyAccessError ?? 'no detail'}`);
  if (m?.keyAccessible === true) reasons.push('the collector opened the key');
  if (cu) {
    const said: Record<string, string> = {
      usable: 'certutil: key test passed',
      'missing-keyset': 'certutil: Missing stored keyset',
      'no-key': 'certutil: No key provider information',
      'test-failed': `certutil: key test failed${cu.keyError ? ` (${cu.keyError})` : ''}`,
      'present-untested': 'certutil: key container named, no test result',
      unknown: '',
    };
    if (said[cu.keyState]) reasons.push(said[cu.keyState]!);
  }
  const fileExists = m?.keyFileExists ?? null;
  let state: CertificatePrivateKeyState = 'unknown';
  if (cu?.keyState === 'usable' || m?.keyAccessible === true) state = 'usable';
  else if (m?.hasPrivateKey === false || cu?.keyState === 'no-key') state = 'none';
  else if (fileExists === false) state = 'missing';
  else if (cu?.keyState === 'missing-keyset')
    state = fileExists === true ? 'inaccessible' : 'missing';
  else if (cu?.keyState === 'test-failed' || m?.keyAccessible === false) state = 'inaccessible';
  else if (m?.hasPrivateKey === true || cu?.keyState === 'present-untested')
    state = 'present-untested';
  return { state, reasons };
}

interface ChainNode {
  x509: X509Summary;
  store: string;
  path: string | null;
}

export function buildCertificates(
  parsed: ParsedBundle,
  bindings: BindingEntity[],
  iisBindings: IisBindingEntity[],
  collectedAt: string | null,
): CertificateEntity[] {
  const sources = new Map<string, Source>();
  const src = (store: string, thumbprint: string): Source => {
    const k = `${store.toLowerCase()}/${thumbprint}`;
    let s = sources.get(k);
    if (!s) {
      s = {
        store: canonicalStore(store),
        thumbprint,
        meta: null,
        x509: null,
        filePath: null,
        certutil: null,
        evidence: [],
      };
      sources.set(k, s);
    }
    return s;
  };
  /** Every certificate with its DER, any store: the pool chains are built from. */
  const pool: ChainNode[] = [];
  /** Thumbprints in Root / AuthRoot (from store.json or from the Root folder). */
  const trusted = new Set<string>();
  const trustedSubjects = new Set<string>();

  for (const f of filesOf(parsed, 'cert.store')) {
    for (const c of f.value.certificates) {
      const s = src(c.store, c.thumbprint);
      s.meta = c;
      s.evidence.push({ ...c.evidence, label: 'store.json' });
      if (ROOT_STORES.has(c.store.toLowerCase())) {
        trusted.add(c.thumbprint);
        if (c.subject) trustedSubjects.add(c.subject.toLowerCase());
      }
    }
  }
  for (const f of filesOf(parsed, 'cert.files')) {
    for (const x of f.value.certificates) {
      const store = f.value.store ?? 'My';
      pool.push({ x509: x, store: canonicalStore(store), path: f.path });
      if (ROOT_STORES.has(store.toLowerCase())) {
        trusted.add(x.thumbprint);
        trustedSubjects.add(x.subject.toLowerCase());
      }
      const s = src(store, x.thumbprint);
      s.x509 = x;
      s.filePath = f.path;
      s.evidence.push({ ...x.evidence, label: 'certificate file' });
    }
  }
  const certutilFiles = filesOf(parsed, 'cert.certutil');
  for (const f of certutilFiles) {
    const store = f.value.store ?? 'My';
    for (const c of f.value.certificates) {
      if (!c.thumbprint) continue;
      const s = src(store, c.thumbprint);
      s.certutil = c;
      s.evidence.push({ ...c.evidence, label: 'certutil' });
    }
  }
  const acl: IcaclsPath[] = filesOf(parsed, 'cert.machinekeys-acl').flatMap((f) => f.value.paths);
  const aclCollected = filesOf(parsed, 'cert.machinekeys-acl').length > 0;

  // Stores that bindings name become server stores too (e.g. a binding pointing at a custom store).
  const serverStores = new Set(SERVER_STORES);
  for (const b of bindings)
    if (b.certificateStoreName) serverStores.add(b.certificateStoreName.toLowerCase());

  const ref =
    collectedAt !== null && !Number.isNaN(Date.parse(collectedAt)) ? Date.parse(collectedAt) : null;
  const entities: CertificateEntity[] = [];
  for (const s of sources.values()) {
    if (!serverStores.has(s.store.toLowerCase())) continue;
    const x = s.x509;
    const m = s.meta;
    const cu = s.certutil;
    const notBefore = x?.notBefore ?? m?.notBefore ?? null;
    const notAfter = x?.notAfter ?? m?.notAfter ?? null;
    const validityKnown = ref !== null && notBefore !== null && notAfter !== null;
    const daysUntilExpiry =
      ref !== null && notAfter !== null
        ? Math.floor((Date.parse(notAfter) - ref) / 86_400_000)
        : null;
    const expired = validityKnown ? Date.parse(notAfter!) < ref! : null;
    const notYetValid = validityKnown ? Date.parse(notBefore!) > ref! : null;
    const eku = x ? x.eku : m?.hasEkuExtension === false ? null : (m?.eku ?? cu?.eku ?? null);
    const ekuPresent = x
      ? x.eku !== null
      : (m?.hasEkuExtension ?? (m?.eku && m.eku.length > 0 ? true : null));
    const serverAuth =
      ekuPresent === null
        ? null
        : ekuPresent === false || (eku ?? []).some((o) => o === SERVER_AUTH || o === ANY_EKU);
    const keyAlgorithm = x?.keyAlgorithm ?? m?.keyAlgorithm ?? null;
    const keySize = x?.keySize ?? m?.keySize ?? cu?.publicKeyLength ?? null;
    const weakKey =
      keySize === null || keyAlgorithm === null
        ? null
        : /^RSA/i.test(keyAlgorithm)
          ? keySize < 2048
          : /^DSA/i.test(keyAlgorithm)
            ? true
            : /^(ECC|EC|ECDSA)/i.test(keyAlgorithm)
              ? keySize < 256
              : false;
    const sigHash = x?.signatureHash ?? null;
    const selfSigned = x ? x.selfIssued : m?.subject && m.issuer ? m.subject === m.issuer : null;
    const { state, reasons } = keyState(s);

    // Key file and folder.
    const provider = m?.keyProvider ?? cu?.provider ?? null;
    const cng =
      provider !== null ? /key storage provider/i.test(provider) || m?.keyProviderType === 0 : null;
    // certutil's "Key Container" is the file name only when it has the unique form
    // `<32 hex>_<machine GUID>` (CAPI keys in MachineKeys); otherwise it is a logical name.
    const containerIsFile = /^[0-9a-f]{32}_[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(
      cu?.keyContainer ?? '',
    );
    const unique =
      m?.keyUniqueName ??
      cu?.uniqueContainerName ??
      (cng === false && containerIsFile ? (cu?.keyContainer ?? null) : null);
    const keyFolder = cng === null ? null : cng ? CNG_KEYS : MACHINE_KEYS;
    const keyFilePath = m?.keyFilePath ?? (keyFolder && unique ? `${keyFolder}\\${unique}` : null);
    // No key linked: there is no key file whose ACL could matter.
    const { aclPath, access, aclEvidence, aces } =
      state === 'none'
        ? { aclPath: null, access: null, aclEvidence: null, aces: [] }
        : keyAcl(acl, keyFilePath, unique, keyFolder);

    const entity: CertificateEntity = {
      key: `${s.store}\\${s.thumbprint}`,
      evidence: s.evidence,
      store: s.store,
      storeCli: certutilStore(s.store),
      thumbprint: s.thumbprint,
      thumbprintUpper: s.thumbprint.toUpperCase(),
      subject: x?.subject ?? m?.subject ?? cu?.subject ?? null,
      subjectCommonName:
        x?.subjectCommonName ?? /CN=([^,]+)/.exec(m?.subject ?? cu?.subject ?? '')?.[1] ?? null,
      issuer: x?.issuer ?? m?.issuer ?? cu?.issuer ?? null,
      serialNumber: x?.serialNumber ?? m?.serialNumber ?? cu?.serialNumber ?? null,
      friendlyName: m?.friendlyName || null,
      sanDns: x?.sanDns ?? (m && m.dnsNames.length > 0 ? m.dnsNames : (cu?.sanDns ?? [])),
      sanIp: x?.sanIp ?? [],
      notBefore,
      notAfter,
      referenceTime: ref === null ? null : new Date(ref).toISOString(),
      validityKnown,
      expired,
      notYetValid,
      daysUntilExpiry,
      expiresSoon: validityKnown
        ? !expired && !notYetValid && daysUntilExpiry! <= EXPIRES_SOON_DAYS
        : null,
      keyAlgorithm,
      keySize,
      weakKey,
      signatureAlgorithm:
        x?.signatureAlgorithm ?? cu?.signatureAlgorithm ?? m?.signatureAlgorithm ?? null,
      signatureHash: sigHash,
      sha1Signature:
        sigHash === null || selfSigned === null
          ? null
          : ['sha1', 'md5', 'md2'].includes(sigHash) && !selfSigned,
      ekuPresent,
      eku: eku ?? [],
      serverAuthEku: serverAuth,
      missingServerAuthEku: serverAuth === null ? null : !serverAuth,
      keyUsage: x?.keyUsage ?? null,
      isCa: x?.isCa ?? null,
      selfSigned,
      hasPublicFile: x !== null,
      publicFile: s.filePath,
      hasPrivateKey: m?.hasPrivateKey ?? null,
      privateKeyState: state,
      privateKeyMissing: state === 'none' || state === 'missing',
      privateKeyInaccessible: state === 'inaccessible',
      privateKeyEvidence: reasons,
      keyProvider: provider,
      keyContainer: m?.keyContainer ?? cu?.keyContainer ?? null,
      keyUniqueName: unique,
      keyFilePath,
      keyFolder,
      keyAclCollected: aclCollected,
      keyAclPath: aclPath,
      keyAclSystemAccess: access,
      keyAclMissingSystem: access === null ? null : access !== 'read',
      keyAclEntries: aces,
      chainStatus: 'unknown',
      chain: [],
      chainStopReason: null,
      chainRootSubject: null,
      chainRootThumbprint: null,
      chainRootStore: null,
      chainRootFile: null,
      missingIssuer: null,
      untrustedRoot: null,
      chainIncomplete: null,
      boundBy: [],
      bindingParams: [],
      boundBindings: [],
      boundByIis: [],
      isBound: false,
      boundNames: [],
      mismatchedNames: [],
      nameMismatch: null,
    };
    if (aclEvidence) entity.evidence.push(...aclEvidence);
    buildChain(entity, x, m, pool, trusted, trustedSubjects, cu);
    entities.push(entity);
  }

  link(entities, bindings, iisBindings, sources);
  entities.sort((a, b) => Number(b.isBound) - Number(a.isBound) || a.key.localeCompare(b.key));
  return entities;
}

function keyAcl(
  acl: IcaclsPath[],
  keyFilePath: string | null,
  unique: string | null,
  keyFolder: string | null,
): {
  aclPath: string | null;
  access: 'read' | 'none' | 'denied' | null;
  aclEvidence: EvidenceRef[] | null;
  aces: string[];
} {
  const lower = (p: string): string => p.toLowerCase().replace(/\\+$/, '');
  const file = acl.find(
    (p) =>
      (keyFilePath !== null && lower(p.path) === lower(keyFilePath)) ||
      (unique !== null &&
        (p.kind === 'keys-file' || p.kind === 'machinekeys-file') &&
        lower(p.path).endsWith(`\\${unique.toLowerCase()}`)),
  );
  const folders = acl.filter((p) =>
    keyFolder === null
      ? p.kind === 'machinekeys' || p.kind === 'keys'
      : lower(p.path) === lower(keyFolder) ||
        p.kind === (keyFolder === CNG_KEYS ? 'keys' : 'machinekeys'),
  );
  const judged = file ? [file] : folders;
  if (judged.length === 0) return { aclPath: null, access: null, aclEvidence: null, aces: [] };
  // The worst of the judged paths decides (folder unknown: both folders).
  const order = { denied: 0, none: 1, read: 2 } as const;
  let worst = judged[0]!;
  let access = systemAccess(worst.aces);
  for (const p of judged.slice(1)) {
    const a = systemAccess(p.aces);
    if (order[a] < order[access]) {
      access = a;
      worst = p;
    }
  }
  return {
    aclPath: worst.path,
    access,
    aclEvidence: [{ ...worst.evidence, label: 'icacls' }],
    aces: worst.aces.map((a) => a.text),
  };
}

function buildChain(
  e: CertificateEntity,
  leaf: X509Summary | null,
  meta: StoreCertificate | null,
  pool: ChainNode[],
  trusted: Set<string>,
  trustedSubjects: Set<string>,
  certutil: CertutilCertificate | null = null,
): void {
  const done = (status: CertificateChainStatus, reason: string): void => {
    e.chainStatus = status;
    e.chainStopReason = reason;
    e.untrustedRoot = status === 'untrusted-root';
    e.chainIncomplete = status === 'incomplete';
  };
  if (!leaf) {
    // Without the .cer only names can be compared.
    if (meta?.subject && meta.issuer && meta.subject === meta.issuer) {
      if (trusted.has(meta.thumbprint))
        done('trusted', 'self-signed certificate that is in LocalMachine\\Root');
      else done('untrusted-root', 'self-signed certificate that is not in LocalMachine\\Root');
      e.chainRootSubject = meta.subject;
      e.chainRootThumbprint = meta.thumbprint;
      return;
    }
    // certutil -verifystore ran the real chain engine on the server: take its verdict.
    const verdict = certutil?.verifyError ?? null;
    if (verdict !== null && /UNTRUSTEDROOT|0x800b0109/i.test(verdict)) {
      done('untrusted-root', `certutil -verifystore: ${verdict}`);
      return;
    }
    if (verdict !== null && /CHAINING|PARTIAL|0x800b010a/i.test(verdict)) {
      done('incomplete', `certutil -verifystore: ${verdict}`);
      return;
    }
    if (certutil?.verifyResult === 'valid') {
      done('trusted', 'certutil -verifystore: Certificate is valid');
      return;
    }
    done('unknown', 'the certificate file (.cer) is not in the bundle; the chain cannot be built');
    return;
  }
  const x509Cache = new Map<string, X509Certificate | null>();
  const toX509 = (x: X509Summary): X509Certificate | null => {
    if (!x509Cache.has(x.thumbprint)) {
      try {
        x509Cache.set(x.thumbprint, new X509Certificate(Buffer.from(x.derBase64, 'base64')));
      } catch {
        x509Cache.set(x.thumbprint, null);
      }
    }
    return x509Cache.get(x.thumbprint)!;
  };
  const signedBy = (child: X509Summary, parent: X509Summary): boolean => {
    const c = toX509(child);
    const p = toX509(parent);
    if (!c || !p) return false;
    try {
      return c.verify(p.publicKey);
    } catch {
      return false;
    }
  };
  let cur: ChainNode = { x509: leaf, store: e.store, path: e.publicFile };
  const seen = new Set<string>([leaf.thumbprint]);
  e.chain.push({ subject: leaf.subject, thumbprint: leaf.thumbprint, store: e.store });
  for (let depth = 0; depth < 8; depth++) {
    const c = cur.x509;
    if (c.selfIssued && signedBy(c, c)) {
      e.chainRootSubject = c.subject;
      e.chainRootThumbprint = c.thumbprint;
      const inRoot = trusted.has(c.thumbprint);
      const where = pool.find(
        (n) => n.x509.thumbprint === c.thumbprint && !ROOT_STORES.has(n.store.toLowerCase()),
      );
      e.chainRootStore = inRoot ? 'Root' : (where?.store ?? cur.store);
      e.chainRootFile = where?.path ?? cur.path;
      if (!inRoot && c !== leaf)
        e.evidence.push({ ...c.evidence, label: 'chain root (not in Root)' });
      if (inRoot) done('trusted', `ends at ${c.subject}, which is in LocalMachine\\Root`);
      else
        done(
          'untrusted-root',
          `ends at the root ${c.subject} (thumbprint ${c.thumbprint.toUpperCase()}), found in ${e.chainRootStore} but not in LocalMachine\\Root (CERT_E_UNTRUSTEDROOT 0x800B0109)`,
        );
      return;
    }
    const candidates = pool.filter(
      (n) =>
        !seen.has(n.x509.thumbprint) &&
        n.x509.subjectNameDer === c.issuerNameDer &&
        (c.authorityKeyId === null ||
          n.x509.subjectKeyId === null ||
          c.authorityKeyId === n.x509.subjectKeyId),
    );
    const parent = candidates.find((n) => signedBy(c, n.x509));
    if (!parent) {
      if (trustedSubjects.has(c.issuer.toLowerCase())) {
        // store.json shows a Root with that name but its .cer is not in the bundle.
        e.chainRootSubject = c.issuer;
        e.chainRootStore = 'Root';
        done(
          'trusted',
          `issuer ${c.issuer} is in LocalMachine\\Root (by name; its .cer is not in the bundle)`,
        );
        return;
      }
      e.missingIssuer = c.issuer;
      if (c !== leaf && c.isCa === true) {
        // The intermediates are there; only the root is not. Schannel still sends leaf +
        // intermediates, and Windows fetches public roots on demand (Automatic Root Certificates
        // Update): not the "intermediate missing" problem, and not proof of an untrusted root.
        done(
          'root-not-collected',
          `ends at the intermediate ${c.subject}; its root (${c.issuer}) is not in the collected stores (Windows may download a public root on demand)`,
        );
        return;
      }
      done(
        'incomplete',
        `the issuer of ${c.subject} (${c.issuer}) is in none of the collected stores (CERT_E_CHAINING 0x800B010A / partial chain)`,
      );
      return;
    }
    seen.add(parent.x509.thumbprint);
    e.chain.push({
      subject: parent.x509.subject,
      thumbprint: parent.x509.thumbprint,
      store: parent.store,
    });
    cur = parent;
  }
  done('unknown', 'chain deeper than 8 certificates; stopped');
}

function link(
  entities: CertificateEntity[],
  bindings: BindingEntity[],
  iisBindings: IisBindingEntity[],
  sources: Map<string, Source>,
): void {
  const anyEvidence = sources.size > 0;
  const byStore = (store: string, thumb: string): CertificateEntity | undefined =>
    entities.find((c) => c.store.toLowerCase() === store.toLowerCase() && c.thumbprint === thumb);
  for (const b of bindings) {
    if (b.certificateHash === null) {
      b.certificate = null;
      b.certificateLookup = null;
      continue;
    }
    if (!anyEvidence) {
      b.certificateLookup = 'not-collected';
      b.certificate = null;
      continue;
    }
    const store = b.certificateStoreName ?? 'My';
    const hit = byStore(store, b.certificateHash);
    const elsewhere = hit ? undefined : entities.find((c) => c.thumbprint === b.certificateHash);
    const found = hit ?? elsewhere;
    b.certificateLookup = hit ? 'found' : elsewhere ? 'other-store' : 'not-found';
    b.certificateFoundInStore = found?.store ?? null;
    b.certificate = found ? summary(found) : null;
    if (found) {
      found.boundBy.push(b.endpoint);
      found.bindingParams.push(`${b.type}=${b.endpoint}`);
      found.boundBindings.push({
        type: b.type,
        endpoint: b.endpoint,
        storeName: b.suggestedStoreName,
        applicationId: b.suggestedApplicationId,
      });
      found.isBound = true;
      if (b.hostname) found.boundNames.push(b.hostname);
      found.evidence.push(...b.evidence.slice(0, 1));
    }
  }
  for (const ib of iisBindings) {
    const thumb = ib.httpSysCertificateHash ?? ib.configuredCertificateHash;
    if (!thumb) continue;
    const c = entities.find((x) => x.thumbprint === thumb);
    ib.certificate = c ? summary(c) : null;
    if (!c) continue;
    c.boundByIis.push(`${ib.siteName}: ${ib.display}`);
    c.isBound = true;
    if (ib.host) c.boundNames.push(ib.host);
  }
  for (const c of entities) {
    c.boundNames = [...new Set(c.boundNames.map((n) => n.toLowerCase()))];
    const patterns =
      c.sanDns.length > 0 ? c.sanDns : c.subjectCommonName ? [c.subjectCommonName] : [];
    if (
      c.boundNames.length === 0 ||
      (patterns.length === 0 && !c.hasPublicFile && c.subject === null)
    ) {
      c.nameMismatch = c.boundNames.length === 0 ? false : null;
      continue;
    }
    c.mismatchedNames = c.boundNames.filter(
      (n) => !nameCovered(n, patterns) && !c.sanIp.includes(n),
    );
    c.nameMismatch = c.mismatchedNames.length > 0;
  }
}

/** What a binding carries of its certificate (no back-links, so facts stay a tree). */
function summary(c: CertificateEntity): Record<string, unknown> {
  return {
    key: c.key,
    store: c.store,
    thumbprint: c.thumbprint,
    subject: c.subject,
    notAfter: c.notAfter,
    expired: c.expired,
    privateKeyState: c.privateKeyState,
    chainStatus: c.chainStatus,
    serverAuthEku: c.serverAuthEku,
    /** So a binding rule with `evidenceFrom: ["certificate"]` shows the certificate's own lines. */
    evidence: c.evidence.filter((e) => e.label === 'store.json' || e.label === 'certificate file'),
  };
}
