/** Gathering: every source's certificates (files, store listings, certutil, the wire) combined per thumbprint. */
import { filesOf, type ParsedBundle } from '../../artifacts/load.js';
import { decodeCertificate, type X509Summary } from '../../parsers/cert-file.js';
import type { WireCertificate } from '../../parsers/capture/types.js';
import type { StoreCertificate } from '../../parsers/cert-store.js';
import type { CertutilCertificate } from '../../parsers/certutil-store.js';
import { isSClient, type SClientRun } from '../../parsers/s-client.js';
import type { EvidenceRef } from '../../shared/evidence.js';
import { dnKey } from '../../shared/x509-names.js';
import { ROOT_STORES } from '../certificate-chain.js';
import type { CertificateEntity, CertificateSource } from '../model.js';
import { CA_STORES, canonicalStore, MAX_WIRE, SERVER_STORES } from './common.js';

/** A leaf as a server sent it, with the ClientHello it answered. */
export interface WireSeen {
  path: string;
  subject: string | null;
  issuer: string | null;
  notBefore: string | null;
  notAfter: string | null;
  serialNumber: string | null;
  sanDns: string[];
  sanIp: string[];
  parsed: boolean;
  sni: string | null;
  frames: number[];
  /** The capture's last packet time (the reference time of a wire-only certificate). */
  capturedAt: string | null;
  /** How many certificates the server's Certificate message held (1: the leaf alone). */
  chainLength: number;
  /** Where it was seen when that is lines, not frames (an openssl s_client text). */
  evidence?: EvidenceRef;
}

/** A client's verdict on a chain the server sent (openssl s_client's verify result). */
export interface ClientVerify {
  code: number;
  text: string;
  /** The server's Certificate message held this certificate alone. */
  leafOnly: boolean;
  /** A `verify error:num=` line at depth 0: the client found no issuer for the leaf. */
  leafIssuerMissing: boolean;
  evidence: EvidenceRef;
}

/** Everything the bundle says about one thumbprint. */
export interface Combined {
  thumbprint: string;
  stores: string[];
  x509: X509Summary | null;
  filePath: string | null;
  meta: StoreCertificate | null;
  /** PowerShell listing record (names, local dates) when store.json has none. */
  listing: StoreCertificate | null;
  certutil: CertutilCertificate | null;
  /**
   * The certutil record that decides the key: the first one, unless a later one tests the key
   * (a key test or a failed -repairstore) and it did not, or a later one of the same output file
   * does (a paste in the order it was run: `-store`, then `-repairstore` FAILED; judge7 S4).
   */
  certutilKey: CertutilCertificate | null;
  wire: WireSeen[];
  /** The X.509 a server sent (leaf or chain), decoded once: key ids, CA flag, DER for signatures. */
  wireX509: X509Summary | null;
  /** Sent by a server as a chain certificate (position ≥ 1 of a Certificate message). */
  wireChain: {
    path: string;
    frame: number;
    leaf: string;
    capturedAt: string | null;
    /** Lines instead of a frame (openssl s_client text). */
    evidence?: EvidenceRef;
  }[];
  /** openssl s_client verify results of runs whose leaf this is. */
  clientVerify: ClientVerify[];
  /** For a leaf: the chain certificates a server sent after it (thumbprints, in wire order). */
  servedChain: string[] | null;
  sources: CertificateSource[];
  evidence: EvidenceRef[];
}

/** A certutil record that says whether the key opens (not merely that a container is named). */
const testsKey = (r: CertutilCertificate): boolean =>
  r.keyState !== 'present-untested' && r.keyState !== 'unknown';

export function sourceOf(
  kind: CertificateSource['kind'],
  store: string | null,
  ev: EvidenceRef,
): CertificateSource {
  const s: CertificateSource = { kind, store, path: ev.path };
  if (ev.lines) s.lines = ev.lines;
  if (ev.frames) s.frames = ev.frames;
  return s;
}

export function describeSource(s: CertificateSource): string {
  const where = s.lines
    ? ` lines ${s.lines.start}-${s.lines.end}`
    : s.frames
      ? ` frame ${s.frames.join(', ')}`
      : '';
  return `${s.kind} ${s.path}${where}`;
}

export function gather(parsed: ParsedBundle): {
  all: Map<string, Combined>;
  caEvidence: boolean;
  rootEvidence: boolean;
  /** A server-certificate store (My, WebHosting) was read: a certificate absent from it is not there. */
  serverStoreEvidence: boolean;
  captureTimes: string[];
} {
  const all = new Map<string, Combined>();
  let caEvidence = false;
  /** The Root store was read (an untrusted root needs it: "not in Root" must be seen, not assumed). */
  let rootEvidence = false;
  let serverStoreEvidence = false;
  const get = (thumbprint: string): Combined => {
    const t = thumbprint.toLowerCase();
    let c = all.get(t);
    if (!c) {
      c = {
        thumbprint: t,
        stores: [],
        x509: null,
        filePath: null,
        meta: null,
        listing: null,
        certutil: null,
        certutilKey: null,
        wire: [],
        wireX509: null,
        wireChain: [],
        servedChain: null,
        clientVerify: [],
        sources: [],
        evidence: [],
      };
      all.set(t, c);
    }
    return c;
  };
  const inStore = (c: Combined, store: string | null): string | null => {
    if (store === null || store === '') return null;
    const s = canonicalStore(store);
    if (!c.stores.some((x) => x.toLowerCase() === s.toLowerCase())) c.stores.push(s);
    if (CA_STORES.has(s.toLowerCase())) caEvidence = true;
    if (ROOT_STORES.has(s.toLowerCase())) rootEvidence = true;
    if (SERVER_STORES.includes(s.toLowerCase())) serverStoreEvidence = true;
    return s;
  };
  for (const f of filesOf(parsed, 'cert.files')) {
    for (const x of f.value.certificates) {
      const c = get(x.thumbprint);
      const store = inStore(c, f.value.store);
      c.x509 ??= x;
      c.filePath ??= f.path;
      c.sources.unshift(sourceOf('x509', store, x.evidence));
      c.evidence.push({ ...x.evidence, label: 'certificate file' });
    }
  }
  for (const f of filesOf(parsed, 'cert.store')) {
    // The collector's store.json covers My, WebHosting, CA and Root: an empty CA store is evidence.
    const json =
      f.value.certificates.length > 0
        ? f.value.certificates.every((r) => r.source === undefined || r.source === 'json')
        : f.value.formatVersion !== null;
    if (json) {
      caEvidence = true;
      serverStoreEvidence = true;
      // …unless the collector says it could not read the Root store.
      // (AuthRoot may be absent on a host: that says nothing of Root.)
      if (!f.value.storeErrors.some((e) => e.store.toLowerCase() === 'root')) rootEvidence = true;
    }
    for (const r of f.value.certificates) {
      const c = get(r.thumbprint);
      const store = inStore(c, r.store);
      const ps = r.source !== undefined && r.source !== 'json';
      if (ps) c.listing ??= r;
      else c.meta ??= r;
      c.sources.push(sourceOf(ps ? 'powershell' : 'store.json', store, r.evidence));
      c.evidence.push({ ...r.evidence, label: ps ? 'PowerShell listing' : 'store.json' });
      // The command line whose Where-Object filter says HasPrivateKey (judge7 M8).
      if (r.hasPrivateKeyFilter) c.evidence.push(r.hasPrivateKeyFilter.evidence);
    }
  }
  for (const f of filesOf(parsed, 'cert.certutil')) {
    if (f.value.store !== null && CA_STORES.has(f.value.store.toLowerCase())) caEvidence = true;
    if (f.value.store !== null && ROOT_STORES.has(f.value.store.toLowerCase())) rootEvidence = true;
    if (f.value.store !== null && SERVER_STORES.includes(f.value.store.toLowerCase()))
      serverStoreEvidence = true;
    for (const r of f.value.certificates) {
      if (!r.thumbprint) continue;
      const c = get(r.thumbprint);
      const store = inStore(c, f.value.store);
      c.certutil ??= r;
      const kept = c.certutilKey;
      if (
        kept === null ||
        (testsKey(r) && (!testsKey(kept) || kept.evidence.path === r.evidence.path))
      )
        c.certutilKey = r;
      c.sources.push(sourceOf('certutil', store, r.evidence));
      c.evidence.push({ ...r.evidence, label: 'certutil' });
    }
  }
  const captureTimes: string[] = [];
  for (const f of filesOf(parsed, 'capture.pcap')) {
    if (isSClient(f.value)) continue;
    if (f.value.lastPacketTime) captureTimes.push(f.value.lastPacketTime);
    for (const conn of f.value.connections) {
      const leaf = conn.certificates[0];
      if (!leaf) continue;
      const c = get(leaf.sha1);
      c.wireX509 ??= wireX509(leaf, f.path);
      // The rest of the Certificate message: intermediates (and a root, if sent), each an entity
      // seen on the wire with its frame, and a chain candidate (certificate-chain.ts).
      const chainCerts = conn.certificates.slice(1);
      if (c.servedChain === null && chainCerts.length > 0)
        c.servedChain = chainCerts.map((x) => x.sha1);
      for (const x of chainCerts) {
        const ic = get(x.sha1);
        if (ic.wireChain.length >= MAX_WIRE) continue;
        ic.wireX509 ??= wireX509(x, f.path);
        ic.wireChain.push({
          path: f.path,
          frame: x.frame,
          leaf: leaf.sha1,
          capturedAt: f.value.lastPacketTime,
        });
        const ev: EvidenceRef = {
          artifactId: 'capture.pcap',
          path: f.path,
          frames: [x.frame],
          label: 'chain certificate on the wire',
          excerpt: `${conn.server} → ${conn.client}: server Certificate, certificate ${x.index + 1} of ${conn.certificates.length}: ${x.subject ?? '?'} (thumbprint ${x.sha1.toUpperCase()}), issued by ${x.issuer ?? '?'}; sent after the leaf ${leaf.subject ?? '?'}`,
        };
        ic.sources.push(sourceOf('capture', null, ev));
        ic.evidence.push(ev);
      }
      const frames = [
        ...(conn.clientHello ? [conn.clientHello.frame] : []),
        ...(leaf.frame !== conn.clientHello?.frame ? [leaf.frame] : []),
      ];
      if (c.wire.length >= MAX_WIRE) continue;
      const sni = conn.clientHello?.serverName?.toLowerCase() ?? null;
      c.wire.push({
        path: f.path,
        subject: leaf.subject,
        issuer: leaf.issuer,
        notBefore: leaf.notBefore,
        notAfter: leaf.notAfter,
        serialNumber: leaf.serialNumber,
        sanDns: leaf.sanDns,
        sanIp: leaf.sanIp,
        parsed: leaf.subject !== null,
        sni,
        frames,
        capturedAt: f.value.lastPacketTime,
        chainLength: conn.certificates.length,
      });
      const ev: EvidenceRef = {
        artifactId: 'capture.pcap',
        path: f.path,
        frames,
        label: 'certificate on the wire',
        excerpt: `${conn.client} → ${conn.server}: ClientHello SNI ${sni ?? '(none)'}; server Certificate ${leaf.subject ?? '?'} (thumbprint ${leaf.sha1.toUpperCase()})`,
      };
      c.sources.push(sourceOf('capture', null, ev));
      c.evidence.push(ev);
    }
  }
  for (const f of filesOf(parsed, 'capture.pcap')) {
    if (!isSClient(f.value)) continue;
    for (const run of f.value.runs) wireFromSClient(run, f.path, get);
  }
  return { all, caEvidence, rootEvidence, serverStoreEvidence, captureTimes };
}

/**
 * An openssl s_client run: its chain is what the server sent (like a capture's Certificate
 * message), its verify result what a client made of it. Certificates printed without their PEM
 * block (no -showcerts) cannot be identified and are left out (the count still tells leaf-only).
 */
function wireFromSClient(run: SClientRun, path: string, get: (t: string) => Combined): void {
  const sorted = [...run.certificates].sort((a, b) => a.index - b.index);
  const leaf = sorted[0];
  if (!leaf || leaf.index !== 0 || leaf.x509 === null || leaf.sha1 === null) return;
  const c = get(leaf.sha1);
  const x = leaf.x509;
  c.wireX509 ??= x;
  const chainCerts = sorted.slice(1);
  const at = run.startTime;
  if (c.servedChain === null && chainCerts.length > 0 && chainCerts.every((k) => k.sha1 !== null))
    c.servedChain = chainCerts.map((k) => k.sha1!);
  const target = `${run.connect ?? '?'}${run.serverName ? ` (SNI ${run.serverName})` : ''}`;
  for (const k of chainCerts) {
    if (k.sha1 === null || k.x509 === null) continue;
    const ic = get(k.sha1);
    if (ic.wireChain.length >= MAX_WIRE) continue;
    ic.wireX509 ??= k.x509;
    const ev: EvidenceRef = {
      ...k.evidence,
      label: 'chain certificate (openssl s_client)',
      excerpt: `openssl s_client ${target}: certificate ${k.index + 1} of ${sorted.length}: ${k.x509.subject} (thumbprint ${k.sha1.toUpperCase()}), issued by ${k.x509.issuer}; sent after the leaf ${x.subject}`,
    };
    ic.wireChain.push({ path, frame: 0, leaf: leaf.sha1, capturedAt: at, evidence: ev });
    ic.sources.push(sourceOf('capture', null, ev));
    ic.evidence.push(ev);
  }
  if (c.wire.length >= MAX_WIRE) return;
  const ev: EvidenceRef = {
    ...leaf.evidence,
    label: 'certificate (openssl s_client)',
    excerpt: `openssl s_client ${target}: server certificate ${x.subject} (thumbprint ${leaf.sha1.toUpperCase()}), ${sorted.length === 1 ? 'sent alone' : `sent with ${sorted.length - 1} chain certificate(s)`}${run.verifyCode !== null ? `; Verify return code: ${run.verifyCode} (${run.verifyText ?? ''})` : ''}`,
  };
  c.wire.push({
    path,
    subject: x.subject,
    issuer: x.issuer,
    notBefore: x.notBefore,
    notAfter: x.notAfter,
    serialNumber: x.serialNumber,
    sanDns: x.sanDns,
    sanIp: x.sanIp,
    parsed: true,
    sni: run.serverName?.toLowerCase() ?? null,
    frames: [],
    capturedAt: at,
    chainLength: sorted.length,
    evidence: ev,
  });
  c.sources.push(sourceOf('capture', null, ev));
  c.evidence.push(ev);
  if (run.verifyCode !== null)
    c.clientVerify.push({
      code: run.verifyCode,
      text: run.verifyText ?? '',
      leafOnly: sorted.length === 1,
      leafIssuerMissing: run.verifyErrors.some(
        (e) => e.depth === 0 && (e.code === 20 || e.code === 21),
      ),
      evidence: { ...run.evidence, label: 'openssl s_client verify result' },
    });
}

/** The X.509 of a certificate seen on the wire, decoded from its DER (null when it did not parse). */
export function wireX509(x: WireCertificate, path: string): X509Summary | null {
  if (x.derBase64 === null) return null;
  try {
    return decodeCertificate(Buffer.from(x.derBase64, 'base64'), {
      artifactId: 'capture.pcap',
      path,
      frames: [x.frame],
    });
  } catch {
    return null;
  }
}

/** Picks the first known value and records every other source that says something else. */
export class Merger {
  readonly fieldSources: Record<string, string> = {};
  readonly conflicts: CertificateEntity['conflicts'] = [];
  readonly conflictEvidence: EvidenceRef[] = [];

  pick<T>(
    field: string,
    candidates: [T | null | undefined, string, EvidenceRef | null][],
    same: (a: T, b: T) => boolean = (a, b) => a === b,
    text: (v: T) => string = String,
  ): T | null {
    const known = candidates.filter((c): c is [T, string, EvidenceRef | null] => c[0] != null);
    const first = known[0];
    if (!first) return null;
    this.fieldSources[field] = first[1];
    for (const other of known.slice(1)) {
      if (same(first[0], other[0])) continue;
      this.conflicts.push({
        field,
        kept: text(first[0]),
        keptFrom: first[1],
        other: text(other[0]),
        otherFrom: other[1],
      });
      if (other[2]) this.conflictEvidence.push({ ...other[2], label: `disagrees on ${field}` });
    }
    return first[0];
  }
}

export const sameDn = (a: string, b: string): boolean => dnKey(a) === dnKey(b);

export const sameSerial = (a: string, b: string): boolean =>
  a.replace(/^0+/, '').toLowerCase() === b.replace(/^0+/, '').toLowerCase();
