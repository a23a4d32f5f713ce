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
 * - `cert.machinekeys-acl`: the ACL of the key file (joined by container name) or of its folder.
 *
 * Every store's certificates are entities (CA and Root too: `inspect` shows them all); the
 * rules only judge certificates in use (`inUse`: bound in HTTP.sys / IIS or served on the wire).
 * Validity is judged at the COLLECTION time (host.collectedAt; for a certificate seen only on the
 * wire, the capture's last packet), never the analysis time. Host-local times (certutil,
 * PowerShell) are judged with a ±14 h margin unless the manifest says the host runs on UTC; inside
 * the margin the answer is "unknown", not a guess. Chains: certificate-chain.ts.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import { decodeCertificate, type X509Summary } from '../parsers/cert-file.js';
import type { WireCertificate } from '../parsers/capture/types.js';
import type { StoreCertificate } from '../parsers/cert-store.js';
import type { CertutilCertificate } from '../parsers/certutil-store.js';
import type { IcaclsAce, IcaclsPath } from '../parsers/icacls.js';
import { compareText, type EvidenceRef } from '../shared/evidence.js';
import { canonicalDn, commonNameOf, dnKey, hostCovered } from '../shared/x509-names.js';
import { ChainBuilder, ROOT_STORES, type ChainNode } from './certificate-chain.js';
import type {
  BindingEntity,
  CertificateEntity,
  CertificatePrivateKeyState,
  CertificateSource,
  ChainCaRef,
  IisBindingEntity,
} from './model.js';

export const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const ANY_EKU = '2.5.29.37.0';
/** Days before NotAfter from which `expiresSoon` is set. */
export const EXPIRES_SOON_DAYS = 30;
const MACHINE_KEYS = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';
const CNG_KEYS = 'C:\\ProgramData\\Microsoft\\Crypto\\Keys';
/** Stores whose certificates are server certificates; the others feed chains. */
const SERVER_STORES = ['my', 'webhosting'];
const CA_STORES = new Set(['ca', 'root', 'authroot']);
/** Host-local time → UTC lies within [local − 14 h, local + 12 h]. */
const EAST_MS = 14 * 3_600_000;
const WEST_MS = 12 * 3_600_000;
/** Wire observations (SNI + frames) kept per certificate. */
const MAX_WIRE = 20;

/** Canonical store name as Windows spells the common ones. */
export function canonicalStore(s: string): string {
  const known: Record<string, string> = {
    my: 'My',
    personal: 'My',
    webhosting: 'WebHosting',
    ca: 'CA',
    root: 'Root',
    authroot: 'AuthRoot',
    trustedpeople: 'TrustedPeople',
    disallowed: 'Disallowed',
    clientauthissuer: 'ClientAuthIssuer',
  };
  return known[s.toLowerCase()] ?? s;
}

/** certutil's name for a store (`my`, `WebHosting`, `CA`, `Root`). */
function certutilStore(store: string): string {
  // Seen only on the wire or in a loose file: no store to name, so store commands drop out.
  if (['capture', 'unknown'].includes(store.toLowerCase())) return '';
  return store.toLowerCase() === 'my' ? 'my' : store;
}

/** RFC 6125 host-name matching (the one matcher: src/shared/x509-names.ts). */
export function nameCovered(name: string, patterns: string[]): boolean {
  return hostCovered(name, patterns);
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

/** A leaf as a server sent it, with the ClientHello it answered. */
interface WireSeen {
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
}

/** Everything the bundle says about one thumbprint. */
interface Combined {
  thumbprint: string;
  stores: string[];
  x509: X509Summary | null;
  filePath: string | null;
  meta: StoreCertificate | null;
  /** PowerShell listing record (names, local dates) when store.json has none. */
  listing: StoreCertificate | null;
  certutil: CertutilCertificate | null;
  wire: WireSeen[];
  /** The X.509 a server sent (leaf or chain), decoded once: key ids, CA flag, DER for signatures. */
  wireX509: X509Summary | null;
  /** Sent by a server as a chain certificate (position ≥ 1 of a Certificate message). */
  wireChain: { path: string; frame: number; leaf: string; capturedAt: string | null }[];
  /** For a leaf: the chain certificates a server sent after it (thumbprints, in wire order). */
  servedChain: string[] | null;
  sources: CertificateSource[];
  evidence: EvidenceRef[];
}

function sourceOf(
  kind: CertificateSource['kind'],
  store: string | null,
  ev: EvidenceRef,
): CertificateSource {
  const s: CertificateSource = { kind, store, path: ev.path };
  if (ev.lines) s.lines = ev.lines;
  if (ev.frames) s.frames = ev.frames;
  return s;
}

function describeSource(s: CertificateSource): string {
  const where = s.lines
    ? ` lines ${s.lines.start}-${s.lines.end}`
    : s.frames
      ? ` frame ${s.frames.join(', ')}`
      : '';
  return `${s.kind} ${s.path}${where}`;
}

function gather(parsed: ParsedBundle): {
  all: Map<string, Combined>;
  caEvidence: boolean;
  rootEvidence: boolean;
  captureTimes: string[];
} {
  const all = new Map<string, Combined>();
  let caEvidence = false;
  /** The Root store was read (an untrusted root needs it: "not in Root" must be seen, not assumed). */
  let rootEvidence = false;
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
        wire: [],
        wireX509: null,
        wireChain: [],
        servedChain: null,
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
    }
  }
  for (const f of filesOf(parsed, 'cert.certutil')) {
    if (f.value.store !== null && CA_STORES.has(f.value.store.toLowerCase())) caEvidence = true;
    if (f.value.store !== null && ROOT_STORES.has(f.value.store.toLowerCase())) rootEvidence = true;
    for (const r of f.value.certificates) {
      if (!r.thumbprint) continue;
      const c = get(r.thumbprint);
      const store = inStore(c, f.value.store);
      c.certutil ??= r;
      c.sources.push(sourceOf('certutil', store, r.evidence));
      c.evidence.push({ ...r.evidence, label: 'certutil' });
    }
  }
  const captureTimes: string[] = [];
  for (const f of filesOf(parsed, 'capture.pcap')) {
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
  return { all, caEvidence, rootEvidence, captureTimes };
}

/** The X.509 of a certificate seen on the wire, decoded from its DER (null when it did not parse). */
function wireX509(x: WireCertificate, path: string): X509Summary | null {
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
class Merger {
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

const sameDn = (a: string, b: string): boolean => dnKey(a) === dnKey(b);
const sameSerial = (a: string, b: string): boolean =>
  a.replace(/^0+/, '').toLowerCase() === b.replace(/^0+/, '').toLowerCase();

/** A validity bound: exact (UTC ISO) or host-local (`YYYY-MM-DDTHH:MM`) with its margin. */
interface Bound {
  text: string;
  ms: number;
  local: boolean;
  /**
   * A local date whose day/month order is unknown (`3/11/2024`): `ms` is one reading, `alt` the
   * other. The date itself is unknown; only what both readings agree on is decided.
   */
  alt?: number;
}

function bound(
  exact: string | null,
  local: string | null | undefined,
  readings?: [string, string],
): Bound | null {
  if (exact !== null && !Number.isNaN(Date.parse(exact)))
    return { text: exact, ms: Date.parse(exact), local: false };
  if (local != null && !Number.isNaN(Date.parse(`${local}Z`)))
    return { text: local, ms: Date.parse(`${local}Z`), local: true };
  if (readings) {
    const [a, b] = readings.map((r) => Date.parse(`${r}Z`)) as [number, number];
    if (!Number.isNaN(a) && !Number.isNaN(b))
      return { text: readings.join(' | '), ms: Math.min(a, b), alt: Math.max(a, b), local: true };
  }
  return null;
}

/** `b` is before `ref` for sure (true), after for sure (false), or cannot tell (null). */
function before(b: Bound, ref: number, hostUtc: boolean): boolean | null {
  const one = (ms: number): boolean | null => {
    if (!b.local || hostUtc) return ms < ref;
    if (ms + WEST_MS < ref) return true;
    if (ms - EAST_MS >= ref) return false;
    return null;
  };
  const first = one(b.ms);
  // Both readings of an ambiguous date must agree (expired either way), else it is not decided.
  return b.alt === undefined || one(b.alt) === first ? first : null;
}

function keyState(
  m: StoreCertificate | null,
  cu: CertutilCertificate | null,
  ps: StoreCertificate | null = null,
): { state: CertificatePrivateKeyState; reasons: string[] } {
  const reasons: string[] = [];
  // A PowerShell Format-List prints HasPrivateKey as store.json does (the table view does not).
  const hasKey = m?.hasPrivateKey ?? ps?.hasPrivateKey ?? null;
  const from = m?.hasPrivateKey != null ? 'store.json' : 'PowerShell listing';
  if (hasKey !== null) reasons.push(`${from}: HasPrivateKey = ${hasKey ? 'True' : 'False'}`);
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
  else if (hasKey === false || cu?.keyState === 'no-key') state = 'none';
  else if (fileExists === false) state = 'missing';
  else if (cu?.keyState === 'missing-keyset')
    state = fileExists === true ? 'inaccessible' : 'missing';
  else if (cu?.keyState === 'test-failed' || m?.keyAccessible === false) state = 'inaccessible';
  else if (hasKey === true || cu?.keyState === 'present-untested') state = 'present-untested';
  return { state, reasons };
}

export function buildCertificates(
  parsed: ParsedBundle,
  bindings: BindingEntity[],
  iisBindings: IisBindingEntity[],
  collectedAt: string | null,
): CertificateEntity[] {
  const { all, caEvidence, rootEvidence, captureTimes } = gather(parsed);
  const acl: IcaclsPath[] = filesOf(parsed, 'cert.machinekeys-acl').flatMap((f) => f.value.paths);
  const aclCollected = filesOf(parsed, 'cert.machinekeys-acl').length > 0;
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
        ? { artifactId: 'capture.pcap', path: s.wireChain[0].path, frames: [s.wireChain[0].frame] }
        : null;
    const ev = (r: { evidence: EvidenceRef } | null): EvidenceRef | null => r?.evidence ?? null;
    const wEv: EvidenceRef | null = w
      ? { artifactId: 'capture.pcap', path: w.path, frames: w.frames }
      : null;
    const label = (kind: CertificateSource['kind'], e: EvidenceRef | null): string =>
      e ? describeSource(sourceOf(kind, null, e)) : kind;
    const xl = label('x509', ev(x));
    const ml = label('store.json', ev(m));
    const pl = label('powershell', ev(ps));
    const cl = label('certutil', ev(cu));
    const wl = label('capture', wEv);
    const wxl = label('capture', wxEv);
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

    const eku = x ? x.eku : m?.hasEkuExtension === false ? null : (m?.eku ?? cu?.eku ?? null);
    const ekuPresent = x
      ? x.eku !== null
      : (m?.hasEkuExtension ??
        (m?.eku && m.eku.length > 0 ? true : cu?.eku ? true : cu?.extensionsListed ? false : null));
    const serverAuth =
      ekuPresent === null
        ? null
        : ekuPresent === false || (eku ?? []).some((o) => o === SERVER_AUTH || o === ANY_EKU);
    const usage = usageFacts(serverAuth, cu);
    const keyAlgorithm = mg.pick('keyAlgorithm', [
      [x?.keyAlgorithm, xl, ev(x)],
      [m?.keyAlgorithm, ml, ev(m)],
    ]);
    const keySize = mg.pick('keySize', [
      [x?.keySize, xl, ev(x)],
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
    const sigHash = x?.signatureHash ?? null;
    const selfSigned = x
      ? x.selfIssued
      : wx
        ? wx.selfIssued
        : cu?.isRoot != null
          ? cu.isRoot
          : subject !== null && issuer !== null
            ? dnKey(subject) === dnKey(issuer)
            : null;
    const { state, reasons } = keyState(m, cu, ps);

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
      ...usage,
      keyUsage: x?.keyUsage ?? null,
      isCa: x?.isCa ?? wx?.isCa ?? null,
      selfSigned,
      hasPublicFile: x !== null,
      publicFile: s.filePath,
      hasPrivateKey: m?.hasPrivateKey ?? ps?.hasPrivateKey ?? null,
      privateKeyState: state,
      privateKeyMissing: state === 'none' || state === 'missing',
      privateKeyInaccessible: state === 'inaccessible',
      privateKeyEvidence: reasons,
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
      fallbackNames: [],
      nameMismatch: null,
      sanKnown,
      nameCheck: 'no-names',
      servedOnWire: s.wire.length > 0,
      wireServerNames: wireNames,
      inUse: s.wire.length > 0,
      chainIssues: [],
      sentInWireChain: s.wireChain.length > 0,
      chainViaWire: [],
      chainPathSource: null,
      chainPathChecked: null,
      chainBadCa: null,
      chainBadCaProblem: null,
      chainBadCaAlternative: null,
      chainBadCaHasAlternative: null,
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

  link(entities, bindings, iisBindings, all.size > 0);
  const chains = new ChainBuilder(nodes.values(), caEvidence, rootEvidence);
  for (const e of entities) {
    // Chains for the certificates clients get, and for every server-store certificate.
    if (!e.inUse && !serverStores.includes(e.store.toLowerCase())) continue;
    const rootEvidence = (t: string): EvidenceRef[] =>
      (all.get(t)?.evidence ?? []).filter((x) => x.artifactId !== 'capture.pcap');
    chain(e, nodes.get(e.thumbprint)!, chains, all.get(e.thumbprint)!.certutil, rootEvidence);
  }
  chainPaths(entities, nodes, chains, all);
  renewals(entities);
  issuerUsage(entities);
  // The bindings' summaries carry the chain outcome: refresh them now that chains are built.
  const byKey = new Map(entities.map((e) => [e.key, e]));
  for (const b of [...bindings, ...iisBindings]) {
    const k = b.certificate?.['key'];
    const e = typeof k === 'string' ? byKey.get(k) : undefined;
    if (e) b.certificate = summary(e);
  }
  entities.sort(
    (a, b) =>
      Number(b.inUse) - Number(a.inUse) ||
      Number(serverStores.includes(b.store.toLowerCase())) -
        Number(serverStores.includes(a.store.toLowerCase())) ||
      compareText(a.key, b.key),
  );
  return entities;
}

function chain(
  e: CertificateEntity,
  node: ChainNode,
  chains: ChainBuilder,
  certutil: CertutilCertificate | null,
  evidenceOf: (thumbprint: string) => EvidenceRef[],
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
  if (!node.x509 && r.status !== 'trusted' && r.status !== 'untrusted-root') {
    if (verdict !== null && /UNTRUSTEDROOT|0x800b0109/i.test(verdict))
      return set('untrusted-root', `certutil -verifystore: ${verdict}`);
    if (verdict !== null && /CHAINING|PARTIAL|0x800b010a/i.test(verdict))
      return set('incomplete', `certutil -verifystore: ${verdict}`);
    if (certutil?.verifyResult === 'valid')
      return set('trusted', 'certutil -verifystore: Certificate is valid');
  }
  e.chain = r.path;
  e.chainRootSubject = r.rootSubject;
  e.chainRootThumbprint = r.rootThumbprint;
  e.chainRootStore = r.rootStore;
  e.chainRootFile = r.rootFile;
  e.missingIssuer = r.missingIssuer;
  e.chainViaWire = r.viaWire;
  if (r.rootNode && r.rootNode.thumbprint !== e.thumbprint)
    for (const x of evidenceOf(r.rootNode.thumbprint))
      e.evidence.push({ ...x, label: `chain root (not in Root): ${x.label ?? ''}`.trim() });
  set(r.status, r.byName ? `${r.reason} (linked by issuer name; no signature checked)` : r.reason);
}

/** The first two store / file lines of `from` shown under `to`'s finding, labelled (captures left out: they name no store). */
export function borrowEvidence(
  to: CertificateEntity,
  from: CertificateEntity,
  label: string,
): void {
  to.evidence.push(
    ...from.evidence
      .filter((x) => x.artifactId !== 'capture.pcap')
      .slice(0, 2)
      .map((x) => ({ ...x, label: `${label}: ${x.label ?? ''}`.trim() })),
  );
}

export function caRef(e: CertificateEntity): ChainCaRef {
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
    sanDns: e.sanKnown ? e.sanDns : null,
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
function chainPaths(
  entities: CertificateEntity[],
  nodes: Map<string, ChainNode>,
  chains: ChainBuilder,
  all: Map<string, Combined>,
): void {
  const byThumb = new Map(entities.map((e) => [e.thumbprint, e]));
  for (const e of entities) {
    if (!e.inUse) continue;
    const served = all.get(e.thumbprint)?.servedChain ?? null;
    const path =
      served !== null
        ? served
        : e.chainStatus !== 'unknown'
          ? e.chain.slice(1).map((c) => c.thumbprint)
          : null;
    e.chainPathSource = served !== null ? 'served' : path !== null ? 'built' : null;
    e.chainPathChecked = path !== null ? true : null;
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

const instant = (t: string | null): number =>
  t === null ? NaN : Date.parse(/T\d\d:\d\d$/.test(t) ? `${t}Z` : t);

/**
 * Renewal leftovers (issue 20 #9): a bound certificate while a newer one of the same subject
 * (and SAN set, when both are known) sits in the same store, time-valid and with its private
 * key. The newest such certificate is `renewedBy`.
 */
function renewals(entities: CertificateEntity[]): void {
  const groups = new Map<string, CertificateEntity[]>();
  for (const e of entities) {
    const k = dnKey(e.subject);
    if (k === null) continue;
    for (const st of e.stores) push(groups, `${st.toLowerCase()}\u0000${k}`, e);
  }
  const sameSans = (a: CertificateEntity, b: CertificateEntity): boolean => {
    if (!a.sanKnown || !b.sanKnown) return true;
    const x = new Set(a.sanDns.map((n) => n.toLowerCase()));
    const y = new Set(b.sanDns.map((n) => n.toLowerCase()));
    return x.size === y.size && [...x].every((n) => y.has(n));
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
        sameSans(e, c),
    );
    newer.sort((a, b) => instant(b.notAfter) - instant(a.notAfter));
    const best = newer[0];
    e.renewalNotBound = best !== undefined;
    e.renewedBy = best ? caRef(best) : null;
    if (best) borrowEvidence(e, best, 'newer certificate');
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function keyAcl(
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

function link(
  entities: CertificateEntity[],
  bindings: BindingEntity[],
  iisBindings: IisBindingEntity[],
  anyEvidence: boolean,
): void {
  const byThumb = new Map(entities.map((c) => [c.thumbprint, c]));
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
    const found = byThumb.get(b.certificateHash);
    // Seen only where no store is named (the wire, a loose .cer, certutil -dump): which store
    // holds it is not known, so it is not "in another store" either.
    const storeUnknown = found !== undefined && found.stores.length === 0;
    const inStore =
      found !== undefined && found.stores.some((s) => s.toLowerCase() === store.toLowerCase());
    b.certificateLookup =
      found === undefined ? 'not-found' : inStore || storeUnknown ? 'found' : 'other-store';
    b.certificateFoundInStore = found ? (inStore ? canonicalStore(store) : found.store) : null;
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
      found.inUse = true;
      if (b.hostname) found.boundNames.push(b.hostname);
      found.evidence.push(...b.evidence.slice(0, 1));
    }
  }
  for (const ib of iisBindings) {
    const thumb = ib.httpSysCertificateHash ?? ib.configuredCertificateHash;
    if (!thumb) continue;
    const c = byThumb.get(thumb);
    ib.certificate = c ? summary(c) : null;
    if (!c) continue;
    c.boundByIis.push(`${ib.siteName}: ${ib.display}`);
    c.isBound = true;
    c.inUse = true;
    if (ib.host) c.boundNames.push(ib.host);
  }
  // An SNI host without its hostnameport entry gets the certificate HTTP.sys falls back to.
  for (const ib of iisBindings) {
    if (!ib.missingHostnamePort || !ib.host || !ib.fallbackEndpoint) continue;
    const hash = bindings.find((b) => b.endpoint === ib.fallbackEndpoint)?.certificateHash;
    const c = hash ? byThumb.get(hash) : undefined;
    if (c) c.fallbackNames.push(ib.host.toLowerCase());
  }
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
    c.nameCheck = c.nameMismatch ? 'mismatch' : 'match';
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

// --- keys: EKU property, issuing CAs' EKU, key provider and KeySpec (issues 15, 20 #4) ---

type UsageFacts = Pick<
  CertificateEntity,
  | 'serverAuthEku'
  | 'missingServerAuthEku'
  | 'ekuPropertyState'
  | 'ekuProperty'
  | 'serverAuthByExtension'
  | 'serverAuthByProperty'
  | 'serverAuthByIssuers'
  | 'issuersWithoutServerAuth'
  | 'serverAuthMissingIn'
>;

const allowsServerAuth = (oids: string[]): boolean =>
  oids.some((o) => o === SERVER_AUTH || o === ANY_EKU);

/**
 * Server Authentication as the chain engine sees it for the certificate itself: the EKU extension
 * (`byExtension`, none = every purpose) AND the CERT_ENHKEY_USAGE_PROP_ID property set in its
 * Properties dialog (CertGetEnhancedKeyUsage combines both). Only certutil -v shows the property
 * (store.json's EnhancedKeyUsageList is read from X509Certificate2.Extensions: the extension only;
 * a .cer file has no properties): without it the property is `unknown`, never "absent".
 */
function usageFacts(byExtension: boolean | null, cu: CertutilCertificate | null): UsageFacts {
  const state: CertificateEntity['ekuPropertyState'] =
    cu?.ekuProperty != null ? 'present' : cu?.propertiesListed ? 'absent' : 'unknown';
  const ekuProperty = cu?.ekuProperty ?? [];
  const byProperty =
    state === 'unknown' ? null : state === 'absent' ? true : allowsServerAuth(ekuProperty);
  const missingIn: CertificateEntity['serverAuthMissingIn'] = [];
  if (byExtension === false) missingIn.push('extension');
  if (byProperty === false) missingIn.push('property');
  return {
    ...combineUsage(byExtension, byProperty, true, missingIn),
    ekuPropertyState: state,
    ekuProperty,
    serverAuthByExtension: byExtension,
    serverAuthByProperty: byProperty,
    serverAuthByIssuers: null,
    issuersWithoutServerAuth: [],
    serverAuthMissingIn: missingIn,
  };
}

/** Any restriction without Server Authentication decides; else the certificate's own two must be known. */
function combineUsage(
  byExtension: boolean | null,
  byProperty: boolean | null,
  byIssuers: boolean | null,
  missingIn: string[],
): Pick<CertificateEntity, 'serverAuthEku' | 'missingServerAuthEku'> {
  const ok =
    missingIn.length > 0
      ? false
      : byExtension === null || byProperty === null
        ? null
        : byIssuers !== false;
  return { serverAuthEku: ok, missingServerAuthEku: ok === null ? null : !ok };
}

/**
 * The CA certificates of each built chain restrict the leaf: an intermediate (or root) whose EKU
 * lacks Server Authentication makes the chain fail with CERT_E_WRONG_USAGE for a TLS server even
 * when the leaf has it. Judged on the CAs the bundle holds (their extension, and their property
 * where certutil -v shows it); a chain not built to a root leaves `serverAuthByIssuers` null (the
 * chain rules report the missing issuer) without making the leaf's own verdict unknown.
 */
function issuerUsage(entities: CertificateEntity[]): void {
  const byThumb = new Map(entities.map((c) => [c.thumbprint, c]));
  for (const e of entities) {
    const cas = e.chain.slice(1).map((n) => byThumb.get(n.thumbprint));
    const lacking = cas.filter(
      (c): c is CertificateEntity =>
        c !== undefined && (c.serverAuthByExtension === false || c.serverAuthByProperty === false),
    );
    const unknown = cas.some((c) => c === undefined || c.serverAuthByExtension === null);
    const built = e.chainStatus === 'trusted' || e.chainStatus === 'untrusted-root';
    e.issuersWithoutServerAuth = lacking.map((c) => {
      const where = [
        c.serverAuthByExtension === false ? `EKU ${c.eku.join(' ') || '(none)'}` : '',
        c.serverAuthByProperty === false
          ? `EKU property ${c.ekuProperty.join(' ') || '(all purposes disabled)'}`
          : '',
      ]
        .filter(Boolean)
        .join('; ');
      return `${c.subject ?? c.thumbprint} (${c.thumbprintUpper}): ${where}`;
    });
    e.serverAuthByIssuers =
      lacking.length > 0 ? false : e.chain.length === 0 || unknown || !built ? null : true;
    if (lacking.length > 0 && !e.serverAuthMissingIn.includes('issuer'))
      e.serverAuthMissingIn.push('issuer');
    Object.assign(
      e,
      combineUsage(
        e.serverAuthByExtension,
        e.serverAuthByProperty,
        e.serverAuthByIssuers,
        e.serverAuthMissingIn,
      ),
    );
    for (const c of lacking)
      e.evidence.push(
        ...c.evidence.slice(0, 1).map((x) => ({
          ...x,
          label: `issuing CA without Server Authentication: ${x.label ?? ''}`.trim(),
        })),
      );
  }
}

type KeyFacts = Pick<
  CertificateEntity,
  'keySpec' | 'keyProviderType' | 'keyIsCapi' | 'keyProviderKind' | 'keySignatureOnly'
>;

/**
 * Providers whose keys live outside the machine's software key store: a TPM ("Microsoft
 * Platform Crypto Provider"), a smart card (Microsoft's smart-card KSP / CSP, used by card
 * minidrivers), Windows Hello ("Microsoft Passport Key Storage Provider", per user). Third-party
 * (HSM) providers are `other`: many support Schannel, so they are not judged.
 */
export function providerKind(provider: string | null): CertificateEntity['keyProviderKind'] {
  if (provider === null || provider.trim() === '') return null;
  if (/platform crypto provider/i.test(provider)) return 'tpm';
  if (/smart ?card/i.test(provider)) return 'smart-card';
  if (/passport key storage provider/i.test(provider)) return 'hello';
  if (/^microsoft\b/i.test(provider)) return 'software';
  return 'other';
}

/** KeySpec as certutil (`2 -- AT_SIGNATURE`, `0`) or store.json (2, "Signature") gives it. */
export function keySpecOf(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : null;
  const n = /^\s*(\d+)\b/.exec(v);
  if (n) return Number(n[1]);
  if (/^\s*(AT_)?SIGNATURE\b/i.test(v)) return 2;
  if (/^\s*(AT_)?(KEYEXCHANGE|EXCHANGE)\b/i.test(v)) return 1;
  return null;
}

function keyProviderFacts(
  provider: string | null,
  m: StoreCertificate | null,
  cu: CertutilCertificate | null,
): KeyFacts {
  const keySpec = keySpecOf(m?.keySpec ?? null) ?? keySpecOf(cu?.keySpec);
  const providerType = m?.keyProviderType ?? cu?.providerType ?? null;
  // CAPI (CSP) keys have a provider type; a CNG key storage provider has 0.
  const keyIsCapi =
    providerType !== null
      ? providerType !== 0
      : provider === null
        ? null
        : !/key storage provider|platform crypto provider/i.test(provider);
  return {
    keySpec,
    keyProviderType: providerType,
    keyIsCapi,
    keyProviderKind: providerKind(provider),
    // Schannel opens a CAPI server key as AT_KEYEXCHANGE only ("Server private keys must be of
    // type AT_KEYEXCHANGE"); a CNG key has no key pair slot.
    keySignatureOnly:
      keyIsCapi === false ? false : keyIsCapi && keySpec !== null ? keySpec === 2 : null,
  };
}
