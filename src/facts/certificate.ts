/**
 * The `certificate` entity: ONE entity per thumbprint, merged ("combined") from every source the
 * bundle has, each field with the source it came from:
 *
 * - `cert.files` (.cer DER / PEM / base64, `<store>/<thumbprint>.cer` or loose): the X.509 itself,
 *   the authority for names, validity, EKU, key and signature — it wins every disagreement, and
 *   the disagreement is kept (`conflicts`) with both sources as evidence;
 * - `cert.store`: store.json (metadata, HasPrivateKey, key provider / container / file, whether the
 *   collector could open the key) and PowerShell `Get-ChildItem Cert:\…` listings (table or
 *   Format-List: subject, issuer, validity in host-local time);
 * - `cert.certutil`: `-store` / `-v -store` / `-verifystore` / `-repairstore` / `-dump` text of any
 *   store: names, host-local validity, key container and provider, the key tests;
 * - `capture.pcap`: the leaf a server sent in a Certificate message (TLS ≤ 1.2), with the SNI of
 *   the ClientHello it answered, and the chain certificates sent after it (entities of their own,
 *   no store, with their frame; chain candidates, their DER checked like a .cer);
 * - `cert.machinekeys-acl` / `cert.machinekeys-sddl`: the ACL of the key file (joined by container name) or of its folder.
 *
 * Every store's certificates are entities (CA and Root too: `inspect` shows them all); the
 * rules only judge certificates in use (`inUse`: bound in HTTP.sys / IIS or served on the wire).
 * Validity is judged at the COLLECTION time (host.collectedAt; for a certificate seen only on the
 * wire, the capture's last packet), never the analysis time. Host-local times (certutil,
 * PowerShell) are judged with a ±14 h margin unless the manifest says the host runs on UTC; inside
 * the margin the answer is "unknown", not a guess. Chains: certificate-chain.ts.
 */
import { certutilSignatureHash } from './certificate/signature-hash.js';
import type { ParsedBundle } from '../artifacts/load.js';
import type { StoreCertificate } from '../parsers/cert-store.js';
import type { CertutilCertificate } from '../parsers/certutil-store.js';
import type { IcaclsPath } from '../parsers/icacls.js';
import { compareText, type EvidenceRef } from '../shared/evidence.js';
import { canonicalDn, commonNameOf, dnKey } from '../shared/x509-names.js';
import { ChainBuilder, type ChainNode, ROOT_STORES } from './certificate-chain.js';
import type {
  BindingEntity,
  CertificateEntity,
  CertificateSource,
  ExpiryReading,
  IisBindingEntity,
} from './model.js';
import type { View } from './patch.js';
import {
  ANY_EKU,
  certutilStore,
  CNG_KEYS,
  EAST_MS,
  EXPIRES_SOON_DAYS,
  MACHINE_KEYS,
  SERVER_AUTH,
  SERVER_STORES,
} from './certificate/common.js';
import {
  describeSource,
  gather,
  Merger,
  sameDn,
  sameSerial,
  sourceOf,
} from './certificate/gather.js';
import { chain, chainPaths, renewals } from './certificate/chain.js';
import { keyAcl, link, storeReadIn, summary, type CertificateLinks } from './certificate/link.js';
import { keyAclPaths } from './key-acl-sources.js';
import { issuerUsage, usageFacts } from './certificate/usage.js';
import { keyProviderFacts, keyState } from './certificate/key.js';
import { keyAlgorithmOfOid, schannelCurveName } from './certificate/curve.js';
import { repairFailure } from '../parsers/certutil/model.js';
import { before, bound, type Bound } from './certificate/validity.js';

export {
  ANY_EKU,
  EXPIRES_SOON_DAYS,
  SERVER_AUTH,
  canonicalStore,
  nameCovered,
  systemAccess,
} from './certificate/common.js';
export { keySpecOf, providerKind } from './certificate/key.js';
export { borrowEvidence, borrowedEvidence, caRef } from './certificate/chain.js';

export function buildCertificates(
  parsed: ParsedBundle,
  bindings: readonly View<BindingEntity>[],
  iisBindings: readonly View<IisBindingEntity>[],
  collectedAt: string | null,
): { certificates: CertificateEntity[]; links: CertificateLinks } {
  const { all, caEvidence, rootEvidence, serverStoreEvidence, captureTimes } = gather(parsed);
  // icacls and Get-Acl SDDL merged: one listing per path (src/facts/key-acl-sources.ts).
  const keyAcls = keyAclPaths(parsed);
  const acl: IcaclsPath[] = keyAcls.paths;
  const aclCollected = keyAcls.collected;
  const hostUtc = /^(utc|coordinated universal time)$/i.test(
    parsed.manifest?.host.timeZone?.trim() ?? '',
  );

  // Stores that bindings name are server stores too (e.g. a binding pointing at a custom store).
  const serverStores = [...SERVER_STORES];
  for (const b of bindings)
    if (b.certificateStoreName) serverStores.push(b.certificateStoreName.toLowerCase());
  // Seen in no store: `capture` when only on the wire, else `unknown` (loose .cer, -dump).
  const primaryStore = (stores: string[], wire: boolean): string =>
    stores.find((s) => serverStores.includes(s.toLowerCase())) ??
    stores.find((s) => !ROOT_STORES.has(s.toLowerCase()) && s.toLowerCase() !== 'ca') ??
    // In several chain stores: a fixed order, not the order files were read in (zip vs folder).
    ['ca', 'root', 'authroot']
      .map((k) => stores.find((s) => s.toLowerCase() === k))
      .find((s) => s !== undefined) ??
    stores[0] ??
    (wire ? 'capture' : 'unknown');

  const collectedMs =
    collectedAt !== null && !Number.isNaN(Date.parse(collectedAt)) ? Date.parse(collectedAt) : null;
  const lastCapture = captureTimes.map(Date.parse).filter((n) => !Number.isNaN(n));
  const captureMs = lastCapture.length > 0 ? Math.max(...lastCapture) : null;

  const entities: CertificateEntity[] = [];
  const nodes = new Map<string, ChainNode>();
  for (const s of all.values()) {
    const x = s.x509;
    const m = s.meta;
    const ps = s.listing;
    const cu = s.certutil;
    const w = s.wire.find((o) => o.parsed) ?? null;
    // A chain certificate seen only on the wire: its decoded X.509 (the leaf has `w`).
    const wx = w === null ? s.wireX509 : null;
    const wxEv: EvidenceRef | null =
      wx && s.wireChain[0]
        ? (s.wireChain[0].evidence ?? {
            artifactId: 'capture.pcap',
            path: s.wireChain[0].path,
            frames: [s.wireChain[0].frame],
          })
        : null;
    const ev = (r: { evidence: EvidenceRef } | null): EvidenceRef | null => r?.evidence ?? null;
    const wEv: EvidenceRef | null = w
      ? (w.evidence ?? { artifactId: 'capture.pcap', path: w.path, frames: w.frames })
      : null;
    const label = (kind: CertificateSource['kind'], e: EvidenceRef | null): string =>
      e ? describeSource(sourceOf(kind, null, e)) : kind;
    const xl = label('x509', ev(x));
    const ml = label('store.json', ev(m));
    const pl = label('powershell', ev(ps));
    const cl = label('certutil', ev(cu));
    const wl = label('capture', wEv);
    const wxl = label('capture', wxEv);
    // The X.509 to read key, signature and EKU from: the file's, else the DER the server sent
    // (the leaf too: a 1024-bit key or a Client-Authentication-only EKU on the wire; judge7 S1).
    const dx = x ?? s.wireX509;
    const dxl = x ? xl : w ? wl : wxl;
    const dxEv = x ? ev(x) : (wEv ?? wxEv);
    const mg = new Merger();
    // One printed form for every source's DN (Windows order, Windows labels).
    const pickDn = (
      field: string,
      cands: [string | null | undefined, string, EvidenceRef | null][],
      same: (a: string, b: string) => boolean,
    ): string | null => canonicalDn(mg.pick(field, cands, same));
    const subject = pickDn(
      'subject',
      [
        [x?.subject, xl, ev(x)],
        [w?.subject, wl, wEv],
        [wx?.subject, wxl, wxEv],
        [m?.subject, ml, ev(m)],
        [ps?.subject, pl, ev(ps)],
        [cu?.subject, cl, ev(cu)],
      ],
      sameDn,
    );
    const issuer = pickDn(
      'issuer',
      [
        [x?.issuer, xl, ev(x)],
        [w?.issuer, wl, wEv],
        [wx?.issuer, wxl, wxEv],
        [m?.issuer, ml, ev(m)],
        [ps?.issuer, pl, ev(ps)],
        [cu?.issuer, cl, ev(cu)],
      ],
      sameDn,
    );
    const serialNumber = mg.pick(
      'serialNumber',
      [
        [x?.serialNumber, xl, ev(x)],
        [w?.serialNumber, wl, wEv],
        [wx?.serialNumber, wxl, wxEv],
        [m?.serialNumber, ml, ev(m)],
        [ps?.serialNumber, pl, ev(ps)],
        [cu?.serialNumber, cl, ev(cu)],
      ],
      sameSerial,
    );
    // Exact (UTC) bounds first; host-local text only when nothing exact is known. A local time
    // agrees with an exact one when it is within the time-zone margin.
    const sameInstant = (a: Bound, b: Bound): boolean => {
      const one = (x: number, y: number): boolean =>
        a.local === b.local ? x === y : Math.abs(x - y) <= EAST_MS;
      return [a.ms, a.alt ?? a.ms].some((x) => [b.ms, b.alt ?? b.ms].some((y) => one(x, y)));
    };
    const boundCands = (
      which: 'notBefore' | 'notAfter',
    ): [Bound | null, string, EvidenceRef | null][] => {
      const localOf = (r: StoreCertificate | null): string | null | undefined =>
        which === 'notBefore' ? r?.notBeforeLocal : r?.notAfterLocal;
      const readingsOf = (
        r: StoreCertificate | CertutilCertificate | null,
      ): [string, string] | undefined =>
        which === 'notBefore' ? r?.notBeforeReadings : r?.notAfterReadings;
      return [
        [bound(x?.[which] ?? null, null), xl, ev(x)],
        [bound(w?.[which] ?? null, null), wl, wEv],
        [bound(wx?.[which] ?? null, null), wxl, wxEv],
        [bound(m?.[which] ?? null, localOf(m), readingsOf(m)), ml, ev(m)],
        [bound(ps?.[which] ?? null, localOf(ps), readingsOf(ps)), pl, ev(ps)],
        [
          bound(
            null,
            which === 'notBefore' ? cu?.notBeforeLocal : cu?.notAfterLocal,
            readingsOf(cu),
          ),
          cl,
          ev(cu),
        ],
      ];
    };
    const boundText = (b: Bound): string => (b.local ? `${b.text} (server local time)` : b.text);
    const nb = mg.pick('notBefore', boundCands('notBefore'), sameInstant, boundText);
    const na = mg.pick('notAfter', boundCands('notAfter'), sameInstant, boundText);

    // Seen only on the wire: judged when it was served (the capture's last packet), not at the
    // manifest's collection time (a capture may be older or newer than the rest of the bundle).
    const servedMs = [...s.wire, ...s.wireChain]
      .map((o) => (o.capturedAt === null ? NaN : Date.parse(o.capturedAt)))
      .filter((n) => !Number.isNaN(n));
    const refMs =
      s.stores.length === 0 && servedMs.length > 0
        ? Math.max(...servedMs)
        : (collectedMs ?? (s.wire.length > 0 || s.wireChain.length > 0 ? captureMs : null));
    const expired = na && refMs !== null ? before(na, refMs, hostUtc) : null;
    const started = nb && refMs !== null ? before(nb, refMs + 1, hostUtc) : null;
    const notYetValid = started === null ? null : !started;
    const validityKnown = expired !== null && notYetValid !== null;
    const daysUntilExpiry =
      refMs !== null && na !== null && na.alt === undefined
        ? Math.floor((na.ms - refMs) / 86_400_000)
        : null;
    const local = (na?.local ?? false) || (nb?.local ?? false);
    const notAfterReadings =
      na?.alt !== undefined && refMs !== null
        ? expiryReadings(
            m?.notAfterReadings ?? ps?.notAfterReadings ?? cu?.notAfterReadings,
            refMs,
            hostUtc,
          )
        : null;

    const eku = dx ? dx.eku : m?.hasEkuExtension === false ? null : (m?.eku ?? cu?.eku ?? null);
    const ekuPresent = dx
      ? dx.eku !== null
      : (m?.hasEkuExtension ??
        (m?.eku && m.eku.length > 0 ? true : cu?.eku ? true : cu?.extensionsListed ? false : null));
    const serverAuth =
      ekuPresent === null
        ? null
        : ekuPresent === false || (eku ?? []).some((o) => o === SERVER_AUTH || o === ANY_EKU);
    const usage = usageFacts(serverAuth, cu);
    const keyAlgorithm = mg.pick('keyAlgorithm', [
      [dx?.keyAlgorithm, dxl, dxEv],
      [m?.keyAlgorithm, ml, ev(m)],
      [keyAlgorithmOfOid(cu?.publicKeyAlgorithmOid), cl, ev(cu)],
    ]);
    const keyCurve = mg.pick('keyCurve', [
      [schannelCurveName(dx?.curve), dxl, dxEv],
      [schannelCurveName(m?.keyCurveOid), ml, ev(m)],
      [schannelCurveName(cu?.publicKeyCurveOid), cl, ev(cu)],
    ]);
    const keySize = mg.pick('keySize', [
      [dx?.keySize, dxl, dxEv],
      [m?.keySize, ml, ev(m)],
      [cu?.publicKeyLength, cl, ev(cu)],
    ]);
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
    const sigHash = dx?.signatureHash ?? certutilSignatureHash(cu?.signatureAlgorithm);
    const selfSigned = x
      ? x.selfIssued
      : wx
        ? wx.selfIssued
        : cu?.isRoot != null
          ? cu.isRoot
          : subject !== null && issuer !== null
            ? dnKey(subject) === dnKey(issuer)
            : null;
    const { state, reasons } = keyState(m, s.certutilKey ?? cu, ps);

    // SAN: the X.509 bytes or the wire say it exactly; certutil -v lists it; store.json's
    // DnsNameList falls back to the CN when there is no SAN, so a lone CN there says nothing.
    const cn = x?.subjectCommonName ?? commonNameOf(subject);
    const metaDns = m && m.dnsNames.length > 0 ? m.dnsNames : null;
    const metaDnsIsCn =
      metaDns !== null &&
      metaDns.length === 1 &&
      cn !== null &&
      metaDns[0]!.toLowerCase() === cn.toLowerCase();
    const sanDns =
      x?.sanDns ??
      (w ? w.sanDns : null) ??
      (metaDns && !metaDnsIsCn ? metaDns : null) ??
      (cu && cu.sanDns.length > 0 ? cu.sanDns : null);
    const sanKnown = sanDns !== null;
    if (sanKnown) mg.fieldSources['sanDns'] = x ? xl : w ? wl : metaDns && !metaDnsIsCn ? ml : cl;

    // Key: container and provider from any source; the key file by its unique (file) name.
    const provider = mg.pick('keyProvider', [
      [m?.keyProvider, ml, ev(m)],
      [cu?.provider, cl, ev(cu)],
    ]);
    const keyContainer = mg.pick('keyContainer', [
      [m?.keyContainer, ml, ev(m)],
      [cu?.keyContainer, cl, ev(cu)],
    ]);
    const cng =
      provider !== null ? /key storage provider/i.test(provider) || m?.keyProviderType === 0 : null;
    const keyKind = keyProviderFacts(provider, m, cu);
    // certutil's "Key Container" is the file name only when it has the unique form
    // `<32 hex>_<machine GUID>` (CAPI keys in MachineKeys); otherwise it is a logical name.
    const uniqueForm = /^[0-9a-f]{32}_[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
    const containerIsFile = uniqueForm.test(keyContainer ?? '');
    const unique =
      m?.keyUniqueName ??
      cu?.uniqueContainerName ??
      (cng !== true && containerIsFile ? keyContainer : null);
    const keyFolder = cng === null ? null : cng ? CNG_KEYS : MACHINE_KEYS;
    const keyFilePath = m?.keyFilePath ?? (keyFolder && unique ? `${keyFolder}\\${unique}` : null);
    // No key linked: there is no key file whose ACL could matter.
    const { aclPath, ofFile, access, aclEvidence, aces } =
      state === 'none'
        ? { aclPath: null, ofFile: null, access: null, aclEvidence: null, aces: [] }
        : keyAcl(acl, keyFilePath, unique, keyFolder);

    const store = primaryStore(s.stores, s.wire.length > 0 || s.wireChain.length > 0);
    const wireNames = [...new Set(s.wire.map((o) => o.sni).filter((n): n is string => !!n))];
    const entity: CertificateEntity = {
      key: `${store}\\${s.thumbprint}`,
      evidence: [...s.evidence, ...mg.conflictEvidence],
      store,
      stores: s.stores,
      sources: s.sources,
      fieldSources: mg.fieldSources,
      conflicts: mg.conflicts,
      validityTimeBasis:
        na === null && nb === null ? null : local && !hostUtc ? 'server-local' : 'utc',
      storeCli: certutilStore(store),
      thumbprint: s.thumbprint,
      thumbprintUpper: s.thumbprint.toUpperCase(),
      subject,
      subjectCommonName: cn,
      issuer,
      serialNumber,
      friendlyName: m?.friendlyName || null,
      sanDns: sanDns ?? [],
      sanIp: x?.sanIp ?? w?.sanIp ?? [],
      // An ambiguous local date stays unknown (its readings decide only expired / notYetValid).
      notBefore: nb && nb.alt === undefined ? nb.text : null,
      notAfter: na && na.alt === undefined ? na.text : null,
      referenceTime: refMs === null ? null : new Date(refMs).toISOString(),
      notAfterUnjudged: na && refMs === null ? na.text : null,
      validityKnown,
      expired,
      notYetValid,
      daysUntilExpiry,
      expiresSoon:
        expired === false && notYetValid === false && daysUntilExpiry !== null
          ? // Inside the time-zone margin of the 30-day line a local time cannot decide.
            local && !hostUtc && Math.abs(daysUntilExpiry - EXPIRES_SOON_DAYS) < 1
            ? null
            : daysUntilExpiry <= EXPIRES_SOON_DAYS
          : expired === true || notYetValid === true
            ? false
            : // A day/month-ambiguous NotAfter whose two readings are both valid past the 30-day
              // line decides it too (judge14 M6: 11/1/2027 seen on 2026-11-21).
              expired === false &&
                notYetValid === false &&
                notAfterReadings?.monthFirstState === 'valid' &&
                notAfterReadings.dayFirstState === 'valid'
              ? false
              : null,
      ...(notAfterReadings && {
        notAfterReadings,
        expiryProblemEitherReading:
          notAfterReadings.monthFirstState !== notAfterReadings.dayFirstState &&
          [notAfterReadings.monthFirstState, notAfterReadings.dayFirstState].every(
            (r) => r === 'expired' || r === 'expires-soon',
          ),
      }),
      keyAlgorithm,
      keySize,
      keyIsEc: keyAlgorithm === null ? null : /^(ECC|EC|ECDSA|ECDH)/i.test(keyAlgorithm),
      keyCurve,
      keyCurveEnabled: null,
      eccCurvesInForce: null,
      eccCurvesSource: null,
      weakKey,
      signatureAlgorithm:
        dx?.signatureAlgorithm ?? cu?.signatureAlgorithm ?? m?.signatureAlgorithm ?? null,
      signatureHash: sigHash,
      sha1Signature:
        sigHash === null || selfSigned === null
          ? null
          : ['sha1', 'md5', 'md2'].includes(sigHash) && !selfSigned,
      ekuPresent,
      eku: eku ?? [],
      ...usage,
      keyUsage: dx?.keyUsage ?? null,
      isCa: x?.isCa ?? wx?.isCa ?? cu?.isCa ?? null,
      selfSigned,
      hasPublicFile: x !== null,
      publicFile: s.filePath,
      hasPrivateKey: m?.hasPrivateKey ?? ps?.hasPrivateKey ?? null,
      privateKeyState: state,
      privateKeyMissing: state === 'none' || state === 'missing',
      privateKeyInaccessible: state === 'inaccessible',
      privateKeyEvidence: reasons,
      privateKeyRepairFailed: s.certutilKey ? repairFailure(s.certutilKey) : null,
      keyProvider: provider,
      ...keyKind,
      keyContainer,
      keyUniqueName: unique,
      keyFilePath,
      keyFolder,
      keyAclCollected: aclCollected,
      keyAclPath: aclPath,
      keyAclOfKeyFile: ofFile,
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
      mismatchBindings: [],
      mismatchKeptBindings: [],
      mismatchSniBindings: [],
      mismatchPortBindings: [],
      mismatchSniAdd: [],
      mismatchIis: [],
      coveringCertificates: [],
      coveringNewHash: null,
      coveringAllHash: null,
      fallbackNames: [],
      nameMismatch: null,
      sanKnown,
      nameCheck: 'no-names',
      servedOnWire: s.wire.length > 0,
      wireServerNames: wireNames,
      inUse: s.wire.length > 0,
      chainIssues: [],
      sentInWireChain: s.wireChain.length > 0,
      wireSentAlone: s.wire.length > 0 ? s.wire.every((o) => o.chainLength === 1) : null,
      chainViaWire: [],
      chainPathSource: null,
      chainPathChecked: null,
      chainBadCa: null,
      chainBadCaProblem: null,
      chainBadCaAlternative: null,
      chainBadCaHasAlternative: null,
      chainSha1Ca: null,
      renewedBy: null,
      renewalNotBound: null,
    };
    if (aclEvidence) entity.evidence.push(...aclEvidence);
    entities.push(entity);
    // The DER a server sent counts as the X.509 for chain building (key ids, signatures).
    const cx = x ?? s.wireX509;
    nodes.set(s.thumbprint, {
      thumbprint: s.thumbprint,
      subject,
      issuer,
      subjectKey: dnKey(subject),
      issuerKey: dnKey(issuer),
      subjectKeyId: cx?.subjectKeyId ?? null,
      authorityKeyId: cx?.authorityKeyId ?? null,
      selfIssued: cx ? cx.selfIssued : (cu?.isRoot ?? null),
      isCa: cx?.isCa ?? (cu?.isRoot === true ? true : null),
      stores: s.stores,
      x509: cx,
      file: s.filePath,
      valid: expired === true || notYetValid === true ? false : validityKnown ? true : null,
      onWire: s.wire.length > 0 || s.wireChain.length > 0,
    });
  }

  const links = link(entities, bindings, iisBindings, all.size > 0, storeReadIn(parsed, entities));
  const chains = new ChainBuilder(nodes.values(), caEvidence, rootEvidence);
  for (const e of entities) {
    // Chains for the certificates clients get, and for every server-store certificate.
    if (!e.inUse && !serverStores.includes(e.store.toLowerCase())) continue;
    const rootEvidence = (t: string): EvidenceRef[] =>
      (all.get(t)?.evidence ?? []).filter((x) => x.artifactId !== 'capture.pcap');
    chain(e, nodes.get(e.thumbprint)!, chains, all.get(e.thumbprint)!.certutil, rootEvidence, {
      serverStoreEvidence,
      clientVerify: all.get(e.thumbprint)!.clientVerify,
    });
  }
  chainPaths(entities, nodes, chains, all);
  renewals(entities);
  issuerUsage(entities);
  // The bindings' summaries carry the chain outcome: refresh them now that chains are built.
  const byKey = new Map(entities.map((e) => [e.key, e]));
  for (const { set } of [...links.bindings, ...links.iisBindings]) {
    const k = set.certificate?.['key'];
    const e = typeof k === 'string' ? byKey.get(k) : undefined;
    if (e) set.certificate = summary(e);
  }
  entities.sort(
    (a, b) =>
      Number(b.inUse) - Number(a.inUse) ||
      Number(serverStores.includes(b.store.toLowerCase())) -
        Number(serverStores.includes(a.store.toLowerCase())) ||
      compareText(a.key, b.key),
  );
  return { certificates: entities, links };
}

/**
 * Each reading of an ambiguous NotAfter (`[month-first, day-first]` as the parsers keep them) and
 * what it means at `refMs`: expired, expiring within EXPIRES_SOON_DAYS, valid, or unknown (inside
 * the time-zone margin). Null when the readings are not at hand.
 */
function expiryReadings(
  readings: [string, string] | undefined,
  refMs: number,
  hostUtc: boolean,
): NonNullable<CertificateEntity['notAfterReadings']> | null {
  if (!readings) return null;
  const state = (text: string): ExpiryReading => {
    const b = bound(null, text);
    if (!b) return 'unknown';
    const gone = before(b, refMs, hostUtc);
    if (gone === null) return 'unknown';
    if (gone) return 'expired';
    const soon = before(b, refMs + EXPIRES_SOON_DAYS * 86_400_000, hostUtc);
    return soon === null ? 'unknown' : soon ? 'expires-soon' : 'valid';
  };
  const [monthFirst, dayFirst] = readings;
  return {
    monthFirst,
    dayFirst,
    monthFirstState: state(monthFirst),
    dayFirstState: state(dayFirst),
  };
}
