/**
 * Cipher suites, curves and the FIPS policy (issue 16, issue 20 #1 and #10): the `cipherPolicy`
 * entity and `binding.cipherSuites`.
 *
 * Which list is in force (Microsoft Learn, "Manage Transport Layer Security (TLS)"): the SSL
 * Cipher Suite Order group policy (`HKLM\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\
 * SSL\00010002` Functions) overrides the local list; Get-TlsCipherSuite shows the local list
 * Schannel loaded (`…\Control\Cryptography\Configuration\Local\SSL\00010002`); a change applies
 * at the next boot. So: group policy first, else Get-TlsCipherSuite, else the local Functions
 * value, else the defaults of the build — which are not listed here (they always hold ECDHE GCM
 * suites for RSA and ECDSA keys first on build 14393 and later), so rules that need the list
 * say "not evaluated" for them rather than guess.
 *
 * Suite facts are read from the IANA-style name Windows uses (the Get-TlsCipherSuite
 * `Certificate` field wins when collected): `_ECDSA_` needs an ECDSA certificate, `_RSA_` (RSA key
 * exchange, ECDHE_RSA, DHE_RSA) an RSA one, `_DSS_` a DSA one; TLS 1.3 suites (`TLS_AES_…`,
 * `TLS_CHACHA20_…`) are key-type neutral but only usable while TLS 1.3 is on (Server 2022+);
 * PSK suites need no certificate and HTTP.sys configures no PSK, so they serve nobody.
 * HTTP/2 (RFC 7540 Appendix A / 9.2.2) forbids every TLS 1.2 suite that is not ephemeral (ECDHE /
 * DHE) with an AEAD cipher (GCM, CCM, ChaCha20-Poly1305). FIPS mode (Schannel's "FIPS mode
 * enabled" column of the cipher-suite tables): suites with RC4, DES (not 3DES), NULL, MD5,
 * export or ChaCha20 ciphers are refused; SSL 2.0 / 3.0 suites too.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import { findKey, getValue, type RegFile, type RegKey } from '../parsers/reg.js';
import type { EvidenceRef } from '../shared/evidence.js';
import type {
  BindingCipherSuites,
  BindingEntity,
  CertificateEntity,
  CipherPolicyEntity,
  CipherSuiteSource,
  ConnectionEntity,
  EventGroupEntity,
  ProtocolEntity,
} from './model.js';
import { curveListed } from './certificate/curve.js';
import { tls12SuitesLeft, type AlgorithmKeys, type Tls12SuitesLeft } from './cipher-suites-left.js';
import type { Patch, View } from './patch.js';

export const GP_SSL_KEY =
  'HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002';
export const LOCAL_SSL_KEY =
  'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL\\00010002';
export const FIPS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy';
export const LSA_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa';

export type SuiteKeyType = 'RSA' | 'ECDSA' | 'DSA' | 'any' | 'none';

/** Windows' pre-1511 names carry the curve (`…_SHA256_P256`); the suite is the same. */
const normalize = (name: string): string => name.replace(/_P(256|384|521)$/, '');

export function isTls13Suite(name: string): boolean {
  return /^TLS_(AES_\d+_(GCM|CCM(_8)?)|CHACHA20_POLY1305)_SHA\d+$/.test(normalize(name));
}

/** The certificate key type a suite needs (`certificate` is Get-TlsCipherSuite's field when known). */
export function suiteKeyType(name: string, certificate?: string | null): SuiteKeyType {
  const n = normalize(name);
  if (isTls13Suite(n)) return 'any';
  if (/_PSK_|^TLS_PSK|_anon_|^TLS_NULL/i.test(n)) return 'none';
  if (certificate) {
    if (/^RSA$/i.test(certificate)) return 'RSA';
    if (/^ECDSA$/i.test(certificate)) return 'ECDSA';
    if (/^DSS|DSA$/i.test(certificate)) return 'DSA';
  }
  if (/_ECDSA_/.test(n)) return 'ECDSA';
  if (/_DSS_/.test(n)) return 'DSA';
  if (/^SSL_CK_|_RSA_/.test(n)) return 'RSA';
  return 'none';
}

/** Ephemeral key exchange with an AEAD cipher, or TLS 1.3: what HTTP/2 accepts. */
export function http2Allowed(name: string): boolean {
  const n = normalize(name);
  if (isTls13Suite(n)) return true;
  const ephemeral = /^TLS_(ECDHE|DHE)_/.test(n);
  const aead = /_GCM_|_CCM(_8)?$|_CHACHA20_POLY1305/.test(n);
  return ephemeral && aead;
}

/** Refused by Schannel in FIPS mode. */
export function nonFips(name: string): boolean {
  const n = normalize(name).toUpperCase();
  if (n.startsWith('SSL_')) return true;
  return /_RC4_|_RC2_|_DES_|_DES40_|DES_CBC|_NULL_|NULL_SHA|NULL_MD5|_MD5$|EXPORT|CHACHA20|_IDEA_|_SEED_|_CAMELLIA_|_ARIA_|GOST/.test(
    n.replace(/3DES_EDE/g, '3DESEDE'),
  );
}

/** The TLS 1.3 suites Server 2022 enables by default. */
const TLS13_DEFAULT = ['TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256'];

const ECDHE_GCM = /^TLS_ECDHE_(RSA|ECDSA)_WITH_AES_(128|256)_GCM_SHA(256|384)$/;

/** The fix's order: TLS 1.3 suites kept first, then ECDHE GCM suites for the key type, then the rest. */
function suggestedOrder(
  list: readonly string[],
  keyType: 'RSA' | 'ECDSA' | 'DSA' | null,
): string[] {
  const kt = keyType === 'ECDSA' ? 'ECDSA' : 'RSA';
  const wanted = [
    `TLS_ECDHE_${kt}_WITH_AES_256_GCM_SHA384`,
    `TLS_ECDHE_${kt}_WITH_AES_128_GCM_SHA256`,
  ];
  const tls13 = list.filter(isTls13Suite);
  const gcm = list.filter((s) => ECDHE_GCM.test(normalize(s)));
  const rest = list.filter((s) => !isTls13Suite(s) && !ECDHE_GCM.test(normalize(s)));
  const out: string[] = [];
  for (const s of [...tls13, ...wanted, ...gcm, ...rest]) if (!out.includes(s)) out.push(s);
  return out;
}

function functionsOf(
  file: RegFile | null,
  path: string,
): { list: string[]; evidence: EvidenceRef } | null {
  const v = getValue(file ? findKey(file, path) : undefined, 'Functions');
  if (!v || v.deleted) return null;
  const list = Array.isArray(v.data)
    ? v.data
    : typeof v.data === 'string'
      ? v.data.split(',')
      : null;
  if (!list) return null;
  return { list: list.map((s) => s.trim()).filter(Boolean), evidence: v.evidence };
}

function eccCurvesOf(file: RegFile | null): { list: string[]; evidence: EvidenceRef } | null {
  const v = getValue(file ? findKey(file, GP_SSL_KEY) : undefined, 'EccCurves');
  if (!v || v.deleted || !Array.isArray(v.data)) return null;
  return { list: v.data.map((s) => s.trim()).filter(Boolean), evidence: v.evidence };
}

/**
 * The curve list Schannel uses (issue 16): the ECC Curve Order group policy (`Policies\…\SSL\
 * 00010002` EccCurves) overrides the local list; else Get-TlsEccCurve. Get-TlsEccCurve decides
 * only when the policy key was collected and holds no EccCurves (a policy not collected could
 * override what the cmdlet printed); null otherwise: the build defaults are not listed here.
 */
export function eccCurvesInForce(parsed: ParsedBundle): {
  list: string[];
  source: 'group-policy' | 'get-tlsecccurve';
  evidence: EvidenceRef[];
} | null {
  const policyFile = filesOf(parsed, 'schannel.cipher-policy')[0] ?? null;
  const gp = eccCurvesOf(policyFile?.value ?? null);
  if (gp)
    return {
      list: gp.list,
      source: 'group-policy',
      evidence: [{ ...gp.evidence, label: 'ECC Curve Order (group policy)' }],
    };
  const live = filesOf(parsed, 'schannel.ecc-curves')[0]?.value ?? null;
  if (!policyFile || !live || live.curves.length === 0) return null;
  return {
    list: live.curves,
    source: 'get-tlsecccurve',
    evidence: live.evidence ? [{ ...live.evidence, label: 'Get-TlsEccCurve' }] : [],
  };
}

/** `keyCurveEnabled` and the list it was judged against, for every certificate with an EC key. */
export function linkCertificateCurves(
  parsed: ParsedBundle,
  certificates: readonly View<CertificateEntity>[],
): Patch<CertificateEntity, 'keyCurveEnabled' | 'eccCurvesInForce' | 'eccCurvesSource'>[] {
  const inForce = eccCurvesInForce(parsed);
  const out: Patch<
    CertificateEntity,
    'keyCurveEnabled' | 'eccCurvesInForce' | 'eccCurvesSource'
  >[] = [];
  certificates.forEach((c, at) => {
    if (keyTypeOf(c.keyAlgorithm) !== 'ECDSA') return;
    const enabled = inForce && c.keyCurve ? curveListed(c.keyCurve, inForce.list) : null;
    out.push({
      at,
      set: {
        keyCurveEnabled: enabled,
        eccCurvesInForce: inForce?.list ?? null,
        eccCurvesSource: inForce?.source ?? null,
      },
      // The curve list is evidence of a finding only when it lacks the curve.
      evidence: enabled === false ? (inForce?.evidence ?? []) : [],
    });
  });
  return out;
}

function dwordOf(key: RegKey | undefined, name: string): { value: number; ev: EvidenceRef } | null {
  const v = getValue(key, name);
  if (!v || v.deleted || typeof v.data !== 'number') return null;
  return { value: v.data, ev: v.evidence };
}

// Signaling values (RFC 5746 renegotiation SCSV, RFC 7507 fallback SCSV) are not suites.
const offered = (c: View<ConnectionEntity>): string[] =>
  (c.clientHello?.cipherSuites ?? []).filter(
    (s) => !s.startsWith('GREASE') && !/^0x/.test(s) && !s.endsWith('_SCSV'),
  );

const inboundHellos = (connections: readonly View<ConnectionEntity>[]): View<ConnectionEntity>[] =>
  connections.filter((c) => c.inbound && c.clientHello && offered(c).length > 0);

/** The `cipherPolicy` entity; null when the bundle has none of its evidence. */
export function buildCipherPolicy(
  parsed: ParsedBundle,
  ctx: {
    osBuild: number | null;
    connections: readonly View<ConnectionEntity>[];
    eventGroups: readonly View<EventGroupEntity>[];
  },
): CipherPolicyEntity | null {
  const policy = filesOf(parsed, 'schannel.cipher-policy')[0]?.value ?? null;
  const live = filesOf(parsed, 'schannel.cipher-suites')[0]?.value ?? null;
  const curvesFile = filesOf(parsed, 'schannel.ecc-curves')[0]?.value ?? null;
  const fips = filesOf(parsed, 'schannel.fips-policy')[0]?.value ?? null;
  if (!policy && !live && !curvesFile && !fips) return null;
  const evidence: EvidenceRef[] = [];

  const gp = functionsOf(policy, GP_SSL_KEY);
  const local = functionsOf(policy, LOCAL_SSL_KEY);
  const liveSuites = live && live.suites.length > 0 ? live.suites.map((s) => s.name) : null;
  let effectiveSuites: string[] | null = null;
  let effectiveSource: CipherSuiteSource = 'os-default';
  let effectiveReason: string;
  if (gp) {
    effectiveSuites = gp.list;
    effectiveSource = 'group-policy';
    effectiveReason =
      'The SSL Cipher Suite Order group policy (Policies\\…\\SSL\\00010002 Functions) is set; it overrides the local list.';
    evidence.push({ ...gp.evidence, label: 'cipher-suite order (group policy)' });
  } else if (liveSuites) {
    effectiveSuites = liveSuites;
    effectiveSource = 'get-tlsciphersuite';
    effectiveReason = 'No group policy order: the list Get-TlsCipherSuite printed is in force.';
    if (live?.evidence) evidence.push({ ...live.evidence, label: 'Get-TlsCipherSuite' });
  } else if (local) {
    effectiveSuites = local.list;
    effectiveSource = 'local-policy';
    effectiveReason =
      'No group policy order and no Get-TlsCipherSuite output: the local list (Local\\SSL\\00010002 Functions) is in force after the last reboot.';
    evidence.push({ ...local.evidence, label: 'cipher-suite order (local)' });
  } else {
    effectiveReason = `No cipher-suite order is configured and Get-TlsCipherSuite was not collected: the defaults of build ${ctx.osBuild ?? 'unknown'} apply (not listed by this tool).`;
  }
  const policyDiffersFromLive =
    gp !== null && liveSuites !== null && gp.list.join(',') !== liveSuites.join(',');
  if (policyDiffersFromLive && live?.evidence)
    evidence.push({ ...live.evidence, label: 'Get-TlsCipherSuite (differs from the policy)' });

  const gpCurves = eccCurvesOf(policy);
  const curves =
    curvesFile && curvesFile.curves.length > 0 ? curvesFile.curves : (gpCurves?.list ?? null);
  if (curvesFile?.evidence) evidence.push({ ...curvesFile.evidence, label: 'Get-TlsEccCurve' });

  let fipsEnabled: boolean | null = null;
  let fipsValue: string | null = null;
  if (fips) {
    const modern = dwordOf(findKey(fips, FIPS_KEY), 'Enabled');
    const legacy = dwordOf(findKey(fips, LSA_KEY), 'FIPSAlgorithmPolicy');
    // Either value turns the policy on (the security option writes the modern one; the legacy
    // one is still read); both absent = off (the default).
    fipsEnabled = (modern?.value ?? 0) !== 0 || (legacy?.value ?? 0) !== 0;
    const on = modern && modern.value !== 0 ? modern : legacy && legacy.value !== 0 ? legacy : null;
    fipsValue = on
      ? on === modern
        ? 'Lsa\\FipsAlgorithmPolicy\\Enabled'
        : 'Lsa\\FIPSAlgorithmPolicy'
      : null;
    for (const v of [modern, legacy]) if (v) evidence.push({ ...v.ev, label: 'FIPS policy' });
  }

  const hellos = inboundHellos(ctx.connections);
  const nonFipsOnly = hellos.filter((c) => offered(c).every(nonFips));
  // FIPS mode is the cause only for a client the list would otherwise serve.
  const inForce = new Set((effectiveSuites ?? []).map(normalize));
  const blocked = nonFipsOnly.filter((c) => offered(c).some((s) => inForce.has(normalize(s))));
  if (fipsEnabled)
    for (const c of blocked.slice(0, 5))
      evidence.push(...c.evidence.map((e) => ({ ...e, label: 'ClientHello (no FIPS suite)' })));
  const schannel = ctx.eventGroups.filter((g) => g.source === 'schannel');
  const events36874 = schannel.filter((g) => g.eventId === 36874).reduce((n, g) => n + g.count, 0);
  const events36888Alert40 = schannel
    .filter((g) => g.eventId === 36888 && g.alert === 40)
    .reduce((n, g) => n + g.count, 0);
  if (fipsEnabled)
    for (const g of schannel.filter(
      (x) => x.eventId === 36874 || (x.eventId === 36888 && x.alert === 40),
    ))
      evidence.push(...g.evidence.slice(0, 2));

  return {
    key: 'cipher-suites',
    evidence,
    osBuild: ctx.osBuild,
    effectiveSuites,
    effectiveSource,
    effectiveReason,
    groupPolicyOrder: gp?.list ?? null,
    localPolicyOrder: local?.list ?? null,
    liveSuites,
    policyDiffersFromLive,
    curves,
    fipsEnabled,
    fipsValue,
    nonFipsOnlyClientHellos: nonFipsOnly.length,
    fipsBlockedClientHellos: blocked.length,
    fipsBlockedClients: [...new Set(blocked.map((c) => c.client))].slice(0, 10),
    fipsBlockedServers: [...new Set(blocked.map((c) => c.server))].slice(0, 10),
    clientHellos: hellos.length,
    events36874,
    events36888Alert40,
  };
}

function keyTypeOf(alg: string | null | undefined): 'RSA' | 'ECDSA' | 'DSA' | null {
  if (!alg) return null;
  if (/^RSA/i.test(alg)) return 'RSA';
  if (/^(ECC|EC|ECDSA|ECDH)/i.test(alg)) return 'ECDSA';
  if (/^DSA/i.test(alg)) return 'DSA';
  return null;
}

/** Does this captured handshake go to this binding? Same port; a host-name binding also needs the SNI. */
function toBinding(c: View<ConnectionEntity>, b: View<BindingEntity>): boolean {
  if (b.port === null || c.serverPort !== b.port) return false;
  if (b.type === 'hostnameport')
    return (c.serverName ?? '').toLowerCase() === (b.hostname ?? '').toLowerCase();
  return true;
}

/** Fills `binding.cipherSuites` for every binding (after certificates and connections). */
export function linkBindingCipherSuites(
  bindings: readonly View<BindingEntity>[],
  ctx: {
    policy: View<CipherPolicyEntity> | null;
    certificates: readonly View<CertificateEntity>[];
    connections: readonly View<ConnectionEntity>[];
    protocols: readonly View<ProtocolEntity>[];
    osBuild: number | null;
    liveCertificateField: ReadonlyMap<string, string>;
    /** The SCHANNEL algorithm keys (Ciphers, Hashes, KeyExchangeAlgorithms). */
    algorithmKeys: AlgorithmKeys;
  },
): Patch<BindingEntity, 'cipherSuites'>[] {
  const tls13 = ctx.protocols.find((p) => p.protocol === 'TLS 1.3' && p.side === 'Server');
  const tls13Enabled: boolean | null = tls13
    ? tls13.enabled
    : ctx.osBuild === null
      ? null
      : ctx.osBuild >= 20348;
  const list = ctx.policy?.effectiveSuites ?? null;
  const tls12Server = ctx.protocols.find((p) => p.protocol === 'TLS 1.2' && p.side === 'Server');
  const hellos = inboundHellos(ctx.connections);
  return bindings.map((b, at) => {
    const cert = b.certificateHash
      ? ctx.certificates.find((c) => c.thumbprint === b.certificateHash)
      : undefined;
    const keyType = keyTypeOf(cert?.keyAlgorithm);
    const kt = (s: string) => suiteKeyType(s, ctx.liveCertificateField.get(s));
    const usable =
      list && keyType
        ? list.filter((s) => kt(s) === keyType || (kt(s) === 'any' && tls13Enabled === true))
        : [];
    let noSuiteForKeyType: boolean | null = null;
    // The defaults of Windows 8 / Server 2012 and later hold ECDHE suites for RSA and ECDSA keys.
    if (!list && (keyType === 'RSA' || keyType === 'ECDSA') && (ctx.osBuild ?? 0) >= 9200)
      noSuiteForKeyType = false;
    if (list && keyType) {
      const tls13Pending = list.some((s) => kt(s) === 'any') && tls13Enabled === null;
      noSuiteForKeyType = usable.length > 0 ? false : tls13Pending ? null : true;
    }
    const mine = hellos.filter((c) => toBinding(c, b));
    const without =
      list && keyType ? mine.filter((c) => !offered(c).some((s) => usable.includes(s))) : [];
    const noSuiteOffered =
      list && keyType && mine.length > 0 && noSuiteForKeyType === false
        ? without.length === mine.length
        : null;
    const flags = new Set(b.flags.map((f) => f.toUpperCase()));
    const http2Possible =
      !flags.has('DISABLE_HTTP2') && (ctx.osBuild === null || ctx.osBuild >= 14393);
    const tls12 = usable.filter((s) => !isTls13Suite(s));
    const firstTls12 = tls12[0] ?? null;
    const firstOk = tls12.findIndex(http2Allowed);
    const blacklistedBefore = (firstOk < 0 ? tls12 : tls12.slice(0, firstOk)).filter(
      (s) => !http2Allowed(s),
    );
    let why: string | null = null;
    if (noSuiteForKeyType === true)
      why = `the cipher-suite list (${ctx.policy?.effectiveSource}) has no suite for the ${keyType} key of the bound certificate`;
    else if (noSuiteOffered === true)
      why = `no captured client offers any of the ${usable.length} suites usable with the ${keyType} key`;
    else if (http2Possible && firstTls12 !== null && !http2Allowed(firstTls12))
      why = `${firstTls12} comes first for the ${keyType} key and HTTP/2 forbids it`;
    const evidence: EvidenceRef[] = (ctx.policy?.evidence ?? []).filter((e) =>
      /cipher-suite order|Get-TlsCipherSuite/.test(e.label ?? ''),
    );
    if (cert)
      evidence.push(
        ...cert.evidence.filter((e) => e.label === 'store.json' || e.label === 'certificate file'),
      );
    for (const c of without.slice(0, 5))
      evidence.push(
        ...c.evidence.map((e) => ({ ...e, label: 'ClientHello without a usable suite' })),
      );
    const left: Tls12SuitesLeft | null =
      b.certificateHash && noSuiteForKeyType !== true
        ? tls12SuitesLeft({
            list,
            listSource: ctx.policy?.effectiveSource ?? null,
            osBuild: ctx.osBuild,
            keyType,
            // The binding's own DISABLE_TLS12 flag: no TLS 1.2 there whatever the suites.
            tls12: flags.has('DISABLE_TLS12') ? false : tls12Server ? tls12Server.enabled : null,
            keys: ctx.algorithmKeys,
            suiteKeyType: kt,
            isTls13: isTls13Suite,
          })
        : null;
    if (left && left.state !== 'ok' && left.state !== 'not-applicable') {
      evidence.push(...left.evidence);
      if (tls12Server && left.state !== 'unknown') evidence.push(...tls12Server.evidence);
    }
    const tls13Listed = list ? list.some(isTls13Suite) : (ctx.osBuild ?? 0) >= 20348;
    // Whether the Ciphers keys also reach TLS 1.3 suites is not documented: then cannot tell.
    const tls13Touched =
      ctx.algorithmKeys.unknown.length > 0 ||
      ctx.algorithmKeys.removing.some((r) =>
        (list ?? TLS13_DEFAULT).some((s) => isTls13Suite(s) && r.test.test(s)),
      );
    const order = list ? suggestedOrder(list, keyType) : [];
    const info: BindingCipherSuites = {
      effectiveSource: ctx.policy?.effectiveSource ?? null,
      certificateKeyType: keyType,
      usableSuites: usable,
      noSuiteForKeyType,
      clientHellos: mine.length,
      clientHellosWithoutCommonSuite: without.length,
      clientsWithoutCommonSuite: [...new Set(without.map((c) => c.client))].slice(0, 10),
      noSuiteOffered,
      http2Possible,
      tls13Enabled,
      firstTls12Suite: firstTls12,
      // The defaults of build 14393+ start with ECDHE AES-GCM suites for both key types.
      firstTls12SuiteHttp2Blacklisted:
        firstTls12 !== null
          ? !http2Allowed(firstTls12)
          : !list && (keyType === 'RSA' || keyType === 'ECDSA') && (ctx.osBuild ?? 0) >= 14393
            ? false
            : null,
      blacklistedBeforeFirstHttp2Suite: blacklistedBefore,
      suggestedOrder: order,
      suggestedOrderText: order.join(','),
      preferredSuite: `TLS_ECDHE_${keyType === 'ECDSA' ? 'ECDSA' : 'RSA'}_WITH_AES_256_GCM_SHA384`,
      secondSuite: `TLS_ECDHE_${keyType === 'ECDSA' ? 'ECDSA' : 'RSA'}_WITH_AES_128_GCM_SHA256`,
      // Enable-TlsCipherSuite needs the TLS module (build 14393+); older builds take the policy value.
      fixViaGroupPolicy:
        ctx.policy?.effectiveSource === 'group-policy' ||
        (ctx.osBuild !== null && ctx.osBuild < 14393),
      tls12State: left?.state ?? 'not-applicable',
      tls12SuitesLeft: left?.left ?? [],
      tls12RemovedBy: left?.removedBy ?? [],
      tls12RemovedKeys: left?.removedKeys ?? [],
      tls12ListFrom: left?.listFrom ?? '',
      tls12UnknownWhy: left?.unknownWhy ?? null,
      tls12Why: left?.why ?? null,
      tls12ListLacks: left?.listLacks ?? false,
      tls13Serves:
        tls13Enabled === null || (tls13Touched && tls13Enabled && tls13Listed)
          ? null
          : tls13Enabled && tls13Listed,
      why,
      evidence,
    };
    return { at, set: { cipherSuites: info } };
  });
}
