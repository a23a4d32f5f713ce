/**
 * The TLS 1.2 suites a binding can still negotiate (judge14 T1, T2): the list in force (policy,
 * Get-TlsCipherSuite, else the enabled-by-default list of the build), minus the suites whose bulk
 * cipher or key exchange the SCHANNEL `Ciphers` / `KeyExchangeAlgorithms` / `Hashes` keys turn
 * off, minus the suites the bound certificate's key type cannot serve.
 *
 * Sources: Microsoft Learn, "TLS/SSL settings" (the Ciphers, Hashes and KeyExchangeAlgorithms
 * subkeys, Enabled=0 turns the algorithm off) and "Cipher Suites in TLS/SSL (Schannel SSP)"
 * (the default lists of Windows 10 1607 / Server 2016 through Server 2022: ECDHE and DHE AES-GCM,
 * ECDHE AES-CBC, RSA AES, then TLS_RSA_WITH_3DES_EDE_CBC_SHA; no ChaCha20 in TLS 1.2). Only what
 * those pages state is modelled: `Hashes` other than MD5 and `KeyExchangeAlgorithms\PKCS` (which
 * also govern signatures and the PRF) and unknown key names or value forms make the result
 * unknown, never a guess.
 */
import { subkeysOf, type RegFile, type RegValue } from '../parsers/reg.js';
import type { EvidenceRef } from '../shared/evidence.js';
import { SCHANNEL } from './protocol-policy.js';

/** Enabled by default on build 14393 (Server 2016) and later, TLS 1.2 part, most preferred first. */
export const DEFAULT_TLS12_SUITES_14393: readonly string[] = [
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_CBC_SHA256',
  'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
];

/** Suites current browsers no longer offer (3DES, RC4, RC2, DES, NULL, export, anonymous, MD5). */
export function obsoleteSuite(name: string): boolean {
  return /3DES|_RC4_|_RC2_|_DES_|DES40|_NULL_|_WITH_NULL|EXPORT|_anon_|_MD5$/i.test(name);
}

/** What one SCHANNEL algorithm key removes (a suite-name test), or why its effect is unknown. */
function algorithmEffect(
  area: 'Ciphers' | 'Hashes' | 'KeyExchangeAlgorithms',
  name: string,
): RegExp | 'unknown' {
  const n = name.trim().toLowerCase();
  if (area === 'Ciphers') {
    if (n === 'aes 128/128') return /_AES_128_/;
    if (n === 'aes 256/256') return /_AES_256_/;
    if (n === 'triple des 168' || n === 'triple des 168/168') return /3DES_EDE/;
    // Ciphers only obsolete suites use (any key size: removing too much only turns
    // "obsolete suites left" into "none left", both of which fail browsers).
    if (/^rc4\b/.test(n)) return /_RC4_/;
    if (/^rc2\b/.test(n)) return /_RC2_/;
    if (/^des\b/.test(n)) return /_DES_|_DES40_/;
    if (n === 'null') return /_NULL_|_WITH_NULL/;
    return 'unknown';
  }
  if (area === 'KeyExchangeAlgorithms') {
    if (n === 'ecdh') return /^TLS_ECDHE?_/;
    if (n === 'diffie-hellman') return /^TLS_DHE_/;
    return 'unknown';
  }
  if (n === 'md5') return /_MD5$/;
  return 'unknown';
}

export interface AlgorithmKeys {
  /** Disabled algorithms with a known effect: the registry path, the suite test, the evidence. */
  removing: { path: string; label: string; test: RegExp; evidence: EvidenceRef }[];
  /** Disabled keys, or values, whose effect this tool does not model. */
  unknown: { label: string; evidence: EvidenceRef }[];
}

/** Reads `SCHANNEL\Ciphers|Hashes|KeyExchangeAlgorithms\<name>` Enabled values. */
export function readAlgorithmKeys(file: RegFile | null): AlgorithmKeys {
  const out: AlgorithmKeys = { removing: [], unknown: [] };
  if (!file) return out;
  for (const area of ['Ciphers', 'Hashes', 'KeyExchangeAlgorithms'] as const) {
    // A key may be opened twice in one export (real IIS Crypto files): the last Enabled wins.
    const enabled = new Map<string, { name: string; v: RegValue }>();
    for (const key of subkeysOf(file, `${SCHANNEL}\\${area}`)) {
      if (key.deleted) continue;
      const name = key.path.slice(key.path.lastIndexOf('\\') + 1);
      const v = key.values.find((x) => x.name.toLowerCase() === 'enabled' && !x.deleted);
      if (v) enabled.set(name.toLowerCase(), { name, v });
    }
    for (const { name, v } of enabled.values()) {
      const label = `SCHANNEL\\${area}\\${name}`;
      if (typeof v.data !== 'number') {
        out.unknown.push({ label: `${label} Enabled (not a DWORD)`, evidence: v.evidence });
        continue;
      }
      if (v.data !== 0) continue;
      const effect = algorithmEffect(area, name);
      if (effect === 'unknown')
        out.unknown.push({ label: `${label} Enabled=0`, evidence: v.evidence });
      else
        out.removing.push({
          path: `${SCHANNEL}\\${area}\\${name}`,
          label: `${label} Enabled=0`,
          test: effect,
          evidence: v.evidence,
        });
    }
  }
  return out;
}

export type Tls12State = 'ok' | 'none' | 'obsolete-only' | 'unknown' | 'not-applicable';

export interface Tls12SuitesLeft {
  state: Tls12State;
  /** TLS 1.2 suites left for the key type (all key types when it is unknown and does not matter). */
  left: string[];
  /** The disabling registry values that removed suites of the list (labels and full key paths). */
  removedBy: string[];
  removedKeys: string[];
  /** Where the list came from, in words; why the state is unknown (what to collect). */
  listFrom: string;
  unknownWhy: string | null;
  /** One sentence for `none` / `obsolete-only` (fix comments), else null. */
  why: string | null;
  /** The collected list itself holds no TLS 1.2 suite for the key type (the fix restores the order). */
  listLacks: boolean;
  evidence: EvidenceRef[];
}

/**
 * Decides for one binding. `list` is the list in force (null: not collected, the build's defaults
 * apply); `keyType` the bound certificate's; `tls12` the server side of TLS 1.2 (null unknown).
 */
export function tls12SuitesLeft(args: {
  list: readonly string[] | null;
  listSource: string | null;
  osBuild: number | null;
  keyType: 'RSA' | 'ECDSA' | 'DSA' | null;
  tls12: boolean | null;
  keys: AlgorithmKeys;
  /** The certificate key type a suite needs, and whether it is a TLS 1.3 suite (cipher-suites.ts). */
  suiteKeyType: (suite: string) => string;
  isTls13: (suite: string) => boolean;
}): Tls12SuitesLeft {
  const { keys } = args;
  const base: Tls12SuitesLeft = {
    state: 'unknown',
    left: [],
    removedBy: [],
    removedKeys: [],
    listFrom: args.list
      ? (args.listSource ?? 'collected list')
      : `defaults of build ${args.osBuild ?? 'unknown'}`,
    unknownWhy: null,
    why: null,
    listLacks: false,
    evidence: [],
  };
  if (args.tls12 === false) return { ...base, state: 'not-applicable' };
  // Nothing collected narrows the defaults, which always hold suites for RSA and ECDSA keys.
  if (!args.list && keys.removing.length === 0 && keys.unknown.length === 0)
    return { ...base, state: 'ok' };
  const list = args.list ?? ((args.osBuild ?? 0) >= 14393 ? DEFAULT_TLS12_SUITES_14393 : null);
  const unknown = (why: string): Tls12SuitesLeft => ({
    ...base,
    unknownWhy: why,
    evidence: keys.unknown.map((u) => ({ ...u.evidence, label: u.label })),
  });
  if (!list)
    return unknown(
      `the SCHANNEL algorithm keys narrow the default cipher-suite list of build ${args.osBuild ?? 'unknown'}, which this tool does not list: collect Get-TlsCipherSuite (Server 2016 and later) or the cipher-suite policy (reg export of HKLM\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL) and the OS build`,
    );
  const kt = args.suiteKeyType;
  const tls12 = list.filter((s) => !args.isTls13(s));
  const removers = new Set<AlgorithmKeys['removing'][number]>();
  const survives = (s: string) => {
    const hit = keys.removing.filter((r) => r.test.test(s));
    for (const r of hit) removers.add(r);
    return hit.length === 0;
  };
  const after = tls12.filter(survives);
  const forType = (t: 'RSA' | 'ECDSA' | 'DSA') => after.filter((s) => kt(s) === t);
  const verdict = (left: readonly string[]): Tls12State =>
    left.length === 0 ? 'none' : left.every(obsoleteSuite) ? 'obsolete-only' : 'ok';
  let state: Tls12State;
  let left: string[];
  if (args.keyType) {
    left = forType(args.keyType);
    state = verdict(left);
  } else {
    // Key type unknown: decided only when RSA and ECDSA certificates would fare alike.
    const rsa = verdict(forType('RSA'));
    const ecdsa = verdict(forType('ECDSA'));
    left = after.filter((s) => kt(s) === 'RSA' || kt(s) === 'ECDSA');
    state = rsa === ecdsa ? rsa : 'unknown';
    if (state === 'unknown')
      return unknown(
        'the key type of the bound certificate is unknown and the suites left serve only one key type: collect the certificate stores',
      );
  }
  // An unmodelled key could only remove more: it does not change "none", and may change the rest.
  if (keys.unknown.length > 0 && state !== 'none')
    return unknown(
      `${keys.unknown.map((u) => u.label).join(', ')}: this tool does not model what that setting removes; run Get-TlsCipherSuite on the server and compare it with the suites clients offer`,
    );
  if (args.tls12 === null && state !== 'ok')
    return unknown(
      'the state of TLS 1.2 on the server side is unknown: collect the SCHANNEL registry export and the OS build',
    );
  const used = [...removers];
  const served = (s: string) =>
    args.keyType ? kt(s) === args.keyType : kt(s) === 'RSA' || kt(s) === 'ECDSA';
  const listLacks = args.list !== null && !tls12.some(served);
  const key = args.keyType
    ? `the ${args.keyType} key of the bound certificate`
    : 'RSA or ECDSA keys';
  const why =
    state === 'none'
      ? `TLS 1.2 is on, but no TLS 1.2 cipher suite is left for ${key}`
      : state === 'obsolete-only'
        ? `TLS 1.2 is on, but only ${left.join(', ')} is left for ${key}: current browsers no longer offer it`
        : null;
  return {
    ...base,
    state,
    why,
    listLacks,
    left,
    removedBy: used.map((r) => r.label),
    removedKeys: used.map((r) => r.path),
    evidence: used.map((r) => ({ ...r.evidence, label: r.label })),
  };
}
