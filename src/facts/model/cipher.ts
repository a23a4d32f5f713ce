/** `cipherPolicy`: cipher suites, curves and the FIPS policy (issue 16 / 20 #1, #10). */
import type { EvidenceRef } from '../../shared/evidence.js';
import type { EntityBase } from './base.js';

/** Where the effective cipher-suite list comes from, most authoritative first. */
export type CipherSuiteSource =
  'group-policy' | 'get-tlsciphersuite' | 'local-policy' | 'os-default';

/**
 * The machine's cipher-suite state: the list Schannel uses (SSL Cipher Suite Order group policy,
 * else Get-TlsCipherSuite, else the local `Functions` value, else the defaults of the build), the
 * curves, and the FIPS algorithm policy. Built by src/facts/cipher-suites.ts.
 */
export interface CipherPolicyEntity extends EntityBase {
  osBuild: number | null;
  /** The suites in force, most preferred first; null when only the OS default applies (not listed). */
  effectiveSuites: string[] | null;
  effectiveSource: CipherSuiteSource;
  /** One sentence: which source was used and why. */
  effectiveReason: string;
  groupPolicyOrder: string[] | null;
  localPolicyOrder: string[] | null;
  /** Get-TlsCipherSuite names in order; null when not collected. */
  liveSuites: string[] | null;
  /** The group-policy order and Get-TlsCipherSuite disagree (a change not applied until a reboot, or the local list is overridden). */
  policyDiffersFromLive: boolean;
  /** Curves in preference order (Get-TlsEccCurve, else the group policy EccCurves); null when unknown. */
  curves: string[] | null;
  /** FIPS algorithm policy (`Lsa\FipsAlgorithmPolicy` Enabled, else the legacy `Lsa` FIPSAlgorithmPolicy); null when not collected. */
  fipsEnabled: boolean | null;
  /** `Lsa\FipsAlgorithmPolicy\Enabled`, `Lsa\FIPSAlgorithmPolicy` (legacy), or null. */
  fipsValue: string | null;
  /** Captured inbound ClientHellos whose every offered suite is one Schannel refuses in FIPS mode. */
  nonFipsOnlyClientHellos: number;
  /** Of those, the ClientHellos that share a suite with the list in force: FIPS mode alone refuses them (0 when the list is unknown). */
  fipsBlockedClientHellos: number;
  /** Their clients (`address:port`), at most 10. */
  fipsBlockedClients: string[];
  /** Their servers (`address:port`), at most 10: what the handshake findings there share with this one (explains key `server`). */
  fipsBlockedServers: string[];
  /** Captured inbound ClientHellos (with a cipher-suite list). */
  clientHellos: number;
  /** Schannel 36874 events ("no cipher suite in common" / protocol not supported) in the bundle. */
  events36874: number;
  /** Schannel 36888 events with alert 40 (handshake_failure). */
  events36888Alert40: number;
}

/** The cipher-suite facts of one HTTP.sys binding (`binding.cipherSuites.*`). */
export interface BindingCipherSuites {
  effectiveSource: CipherSuiteSource | null;
  /** The bound certificate's key type: RSA, ECDSA, DSA; null when unknown. */
  certificateKeyType: 'RSA' | 'ECDSA' | 'DSA' | null;
  /** Suites of the effective list this certificate can serve (TLS 1.3 suites only while TLS 1.3 is on). */
  usableSuites: string[];
  /** True when the effective list has no suite for the key type; null when the list, key type or TLS 1.3 state is unknown. */
  noSuiteForKeyType: boolean | null;
  /** Inbound ClientHellos captured for this binding. */
  clientHellos: number;
  /** ClientHellos that offer no suite of `usableSuites`. */
  clientHellosWithoutCommonSuite: number;
  /** Their clients (`address:port`), at most 10. */
  clientsWithoutCommonSuite: string[];
  /** True when every captured ClientHello offers no usable suite; null without ClientHellos or a known list. */
  noSuiteOffered: boolean | null;
  /** HTTP/2 can be negotiated on this binding (not DISABLE_HTTP2, build 14393+ or unknown). */
  http2Possible: boolean;
  /** TLS 1.3 on the server side is on (true), off (false) or unknown (null). */
  tls13Enabled: boolean | null;
  /** The first TLS 1.2 suite usable with the key type, and whether RFC 7540 Appendix A forbids it for HTTP/2. */
  firstTls12Suite: string | null;
  firstTls12SuiteHttp2Blacklisted: boolean | null;
  /** Suites that cannot serve HTTP/2 placed before the first one that can (for the explanation). */
  blacklistedBeforeFirstHttp2Suite: string[];
  /** A suggested order for the fix: ECDHE GCM suites for the key type first, then the rest of the list. */
  suggestedOrder: string[];
  /** The same, comma-separated as the SSL Cipher Suite Order policy takes it ('' when the list is unknown). */
  suggestedOrderText: string;
  /** The two ECDHE AES-GCM suites for the key type (RSA when unknown), most preferred first. */
  preferredSuite: string;
  secondSuite: string;
  /** The fix sets the SSL Cipher Suite Order policy value (the list comes from it, or the build predates Enable-TlsCipherSuite). */
  fixViaGroupPolicy: boolean;
  /**
   * TLS 1.2 suites this binding can still negotiate (src/facts/cipher-suites-left.ts): `none`,
   * `obsolete-only` (3DES / RC4 / NULL / export: current browsers offer none), `ok`, `unknown`
   * (see `tls12UnknownWhy`), `not-applicable` (TLS 1.2 off, no certificate, or no suite at all
   * for the key type: cipher-suites-no-usable-suite says so).
   */
  tls12State: 'ok' | 'none' | 'obsolete-only' | 'unknown' | 'not-applicable';
  tls12SuitesLeft: string[];
  /** `SCHANNEL\Ciphers\AES 128/128 Enabled=0`, … that removed suites of the list. */
  tls12RemovedBy: string[];
  /** Their full key paths (what the fix backs up and restores). */
  tls12RemovedKeys: string[];
  /** Where the list came from (`group-policy`, `get-tlsciphersuite`, `defaults of build 17763`). */
  tls12ListFrom: string;
  /** Why the state is unknown, and what to collect. */
  tls12UnknownWhy: string | null;
  /** One sentence for `none` / `obsolete-only` (fix comments). */
  tls12Why: string | null;
  /** The collected list itself holds no TLS 1.2 suite for the key type: the fix restores the order. */
  tls12ListLacks: boolean;
  /** TLS 1.3 suites serve this binding (TLS 1.3 on and listed); null when unknown. */
  tls13Serves: boolean | null;
  /** Why this binding's list cannot serve, in one sentence (for fix comments). */
  why: string | null;
  /** The list in force, the certificate and the ClientHellos without a common suite (`evidenceFrom: ["cipherSuites"]`). */
  evidence: EvidenceRef[];
}
