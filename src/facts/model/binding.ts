/** `binding`: HTTP.sys SSL bindings, and the client-certificate and revocation facts joined to them. */
import type { EvidenceRef } from '../../shared/evidence.js';
import type { EntityBase } from './base.js';
import type { ChainCaRef } from './certificate.js';
import type { BindingCipherSuites } from './cipher.js';

export type BindingType = 'ipport' | 'hostnameport' | 'ccs' | 'scopedccs';

/** One HTTP.sys SSL binding, merged from `netsh http show sslcert` and the registry. */
export interface BindingEntity extends EntityBase {
  type: BindingType;
  /** As printed by netsh, e.g. `0.0.0.0:443`, `[::]:443`, `www.contoso.com:443`. */
  endpoint: string;
  /** IP address (ipport), host name (hostnameport) or null (ccs). */
  address: string | null;
  hostname: string | null;
  port: number | null;
  /** SHA-1 thumbprint, lower-case hex without spaces; null when empty or `(null)`. */
  certificateHash: string | null;
  /** True when the hash field is present but holds no usable 40-hex-digit value. */
  certificateHashMalformed: boolean;
  /** The hash field as printed / stored (null when absent). */
  certificateHashRaw: string | null;
  /** `{guid}` lower case; null when absent. */
  applicationId: string | null;
  applicationIdIsZero: boolean;
  certificateStoreName: string | null;
  /** HTTP.sys DefaultFlags names that are set (DISABLE_LEGACY_TLS, DISABLE_TLS13, …). */
  flags: string[];
  /** Which sources show this binding. */
  sources: ('netsh' | 'registry')[];
  /** Fields where netsh and the registry disagree, e.g. `certificateHash`. */
  sourceConflicts: { field: string; netsh: string | null; registry: string | null }[];
  /** A conflict on the certificate hash, AppId or store (else only settings such as flags differ). */
  sourceIdentityConflict?: boolean;
  /** Other bindings with the same endpoint (case-insensitive host names, IPv6 forms). */
  duplicateOf: string | null;
  /** True when the IP listen list is non-empty and leaves this binding unreachable from the network (see ipListenReach). */
  notInIpListen: boolean;
  /** src/shared/net.ts listenReach: `all` (empty list), `listed`, `not-listed`, `loopback-only`, `none`. */
  ipListenReach: 'all' | 'listed' | 'not-listed' | 'loopback-only' | 'none';
  /** Listed addresses HTTP.sys does not listen on although the listener evidence is complete (not this machine's). */
  ipListenUnbound: string[];
  /** A wildcard binding the IP listen list narrows to these (non-loopback) addresses (src/facts/binding.ts confirmListenReach). */
  ipListenOnlyOn?: string[];
  /** Those addresses could not be checked against the machine's (no listener evidence): scenario 4 undecided. */
  ipListenUnverified?: boolean;
  /** This server's addresses (ipconfig, or where HTTP.sys served the port) the list leaves out, link-local ones excepted. */
  ipListenOwnUnlisted: string[];
  /**
   * A binding whose certificate is not in its store: the one usable server certificate of the
   * store that could replace it (src/facts/suggest.ts serverCandidates), and how many there are
   * (named only when exactly one, as a renewal is: judge10 M12).
   */
  replacementCandidate?: ChainCaRef | null;
  replacementCandidateCount?: number;
  /** The IP listen list in force (empty = listen on all addresses). */
  ipListen: string[];
  ipListenEvidence: EvidenceRef[];
  /** For fix commands: the hash to re-add (the other source's, or the linked certificate's), else null. */
  suggestedCertificateHash: string | null;
  /** Where the suggestion comes from: the binding itself, the other source (netsh / registry), or the only usable server certificate of the store. */
  suggestedCertificateSource: 'binding' | 'registry' | 'netsh' | 'store' | null;
  /** For fix commands: this binding's AppId when usable, else IIS's {4dc3e181-e14b-4a21-b022-59fc669b0914}. */
  suggestedApplicationId: string;
  /** For fix commands: the store name, `MY` when absent. */
  suggestedStoreName: string;
  /** Filled by the certificates stage (src/facts/certificate.ts): a summary of the linked certificate. */
  certificate?: Record<string, unknown> | null;
  /**
   * Certificates stage: `found` in the named store, `other-store` (only in another store: HTTP.sys
   * still fails), `not-found`, `not-collected` (no certificate evidence); null when there is no hash.
   */
  certificateLookup?:
    | 'found'
    | 'other-store'
    | 'not-found'
    | 'not-collected'
    /** Not among the certificates, but its store (e.g. WebHosting) was not collected: no evidence either way (judge6 p94). */
    | 'store-not-collected'
    | null;
  certificateFoundInStore?: string | null;
  /** Set when IIS evidence exists (src/facts/site.ts): the IIS https bindings this entry serves, as `IIS site 'X' https *:443:`. */
  iisBindings?: string[];
  /**
   * IIS's https bindings were read and none resolves to this IIS-owned entry, falls back to it or
   * reached it in a capture: only clients of an address no site is bound to get it (judge14 S1;
   * src/facts/unused-endpoint.ts). Its findings are clean-up, not a site's root cause.
   */
  noSiteUses?: boolean;
  /**
   * A hostname:port entry for the host name of IIS bindings that use the Central Certificate
   * Store (sslFlags 2/3): HTTP.sys matches it before ccs=port, so it answers instead of the store.
   * Those IIS bindings; empty when none, absent without IIS evidence (src/facts/site.ts).
   */
  shadowsCcs?: string[];
  /** A Windows component known by the entry's AppId (`WinRM`), named in the report (src/facts/binding-owner.ts). */
  knownOwner?: string | null;
  /** The program the evidence shows owns this entry when it is not IIS (WMSvc on 8172, another AppId); null when IIS or unknown (src/facts/binding-owner.ts). */
  otherOwner?: string | null;
  /** With IIS sites in the evidence (src/facts/iis-https-missing.ts): https bindings of all sites, the site names, and the IIS bindingInformation that would use this entry (`*:443:`). */
  iisHttpsBindingCount?: number;
  iisSiteNames?: string[];
  suggestedIisBindingInfo?: string | null;
  /** Cipher suites against this binding's certificate and clients (src/facts/cipher-suites.ts). */
  cipherSuites?: BindingCipherSuites;
  /**
   * src/facts/httpevent.ts: HttpEvent 15021 ("An error occurred while using SSL configuration for
   * endpoint") naming this endpoint — HTTP.sys could not build the TLS credential from this entry.
   * 0 when none was logged; absent when the System-log HttpEvent events were not collected.
   */
  sslConfigErrorEvents?: number;
  sslConfigErrorLastSeen?: string | null;
  /** Error status of those events (their binary data), `0x` + 8 hex digits with its name when known. */
  sslConfigErrorStatus?: string[];
  /** HttpEvent 15300 ("SSL Certificate Settings deleted") naming this endpoint. */
  sslSettingsDeletedEvents?: number;
  /**
   * src/facts/sni-port.ts: this port's HTTP.sys bindings are only hostname:port (SNI) entries,
   * with no ip:port (0.0.0.0 / [::] / one address) and no Central Certificate Store entry, so a
   * ClientHello without server_name finds no certificate. Set on every hostname:port entry; null
   * when the binding list may be incomplete (a listing elided with "...", no registry export).
   */
  sniOnlyPort?: boolean | null;
  /** The first hostname:port entry of an SNI-only port: the one its port-wide findings are on. */
  sniOnlyPortLead?: boolean;
  /**
   * On a `[::]:port` entry: the `0.0.0.0:port` entry of the same port binds another certificate
   * (judge8 S4: a renewal done on the IPv4 wildcard only; IIS's `*:443` binding writes 0.0.0.0,
   * a hand-made [::] entry keeps the old hash). Null when there is no such twin or a hash is
   * unreadable (src/facts/binding.ts).
   */
  wildcardTwin?: { endpoint: string; certificateHash: string } | null;
  /** Host names of the port's hostname:port entries. */
  sniOnlyPortNames?: string[];
  /** Captured inbound ClientHellos without server_name to this port (0 without a capture). */
  noSniClientHellos?: number;
  /** Of those, answered by a TCP reset or close with no ServerHello and no alert. */
  noSniResets?: number;
  /** Of those, answered with a ServerHello (the port did serve a client without SNI). */
  noSniAnswered?: number;
  /** Client addresses of the reset handshakes. */
  noSniResetClients?: string[];
  /** The registry DefaultFlags DWORD (null without the registry export). */
  defaultFlags?: number | null;
  /**
   * Protocol flags (DISABLE_TLS12/TLS13/LEGACY_TLS) netsh shows Set that the registry export's
   * DefaultFlags lacks: the two sources disagree, so DefaultFlags must be read before a change.
   */
  flagsOnlyInNetsh?: string[];
  /**
   * src/facts/binding.ts linkBindingProtocols: TLS versions the binding's flags take away
   * (DisableLegacyTLS = below TLS 1.2, DisableTLS12, DisableTLS13), the server's enabled versions
   * (SCHANNEL policy; null without it) and what is left for this endpoint (null when unknown).
   */
  flagDisabledVersions?: string[];
  serverEnabledVersions?: string[] | null;
  flagEnabledVersions?: string[] | null;
  /** `SslBindingInfo\0.0.0.0:443` (below HTTP\Parameters), for registry fixes. */
  registryKey?: string | null;
  /** The newest server-enabled version the flags take away, the flag that does, and DefaultFlags without it (null without the registry value). */
  restoreVersion?: string | null;
  restoreFlag?: string | null;
  restoreDefaultFlags?: number | null;
  /** The DefaultFlags bit of restoreFlag (0x400 = 1024 for DISABLE_LEGACY_TLS). */
  restoreFlagBit?: number | null;
  /** The same for the newest version the refused clients offered. */
  clientRestoreVersion?: string | null;
  clientRestoreFlag?: string | null;
  clientRestoreDefaultFlags?: number | null;
  clientRestoreFlagBit?: number | null;
  /** Failed inbound captured handshakes to this endpoint that offered only versions the flags take away (and the policy allows). */
  flagRefusedClients?: number;
  flagRefusedVersions?: string[];
  flagRefusedClientList?: string[];
  /** src/facts/binding-legacy-only.ts: the flags take away TLS 1.2 and 1.3, leaving only versions modern clients refuse. */
  flagsLeaveOnlyLegacy?: boolean;
  /** The flags take away every version (TLS 1.2, TLS 1.3 and the legacy ones): nothing is left, whatever the server allows. */
  flagsLeaveNoVersion?: boolean;
  /** The flags take away TLS 1.2 and every legacy version, not TLS 1.3: at most TLS 1.3 is left. */
  flagsLeaveOnlyTls13?: boolean;
  /** DefaultFlags without DISABLE_TLS12 (null without the registry value), and that bit. */
  tls12RestoreDefaultFlags?: number | null;
  tls12RestoreFlagBit?: number;
  /** Client-certificate settings and use (src/facts/client-auth.ts). */
  clientAuth?: BindingClientAuth;
}

/** Client certificates on one HTTP.sys binding (src/facts/client-auth.ts). */
export interface BindingClientAuth {
  /** `Negotiate Client Certificate` (DefaultFlags NEGOTIATE_CLIENT_CERT): asked in the first handshake; null = unknown. */
  negotiateAtHandshake: boolean | null;
  /** `Ctl Identifier` / `Ctl Store Name` (netsh); null when `(null)` or not shown. */
  ctlIdentifier: string | null;
  ctlStoreName: string | null;
  /** Certificates in the store `ctlStoreName` names; null without a name or when that store was not collected. */
  ctlStoreCount?: number | null;
  /** netsh `Verify Client Certificate Revocation` / `Verify Revocation Using Cached Client Certificate Only`. */
  revocationCheck: 'enabled' | 'cached-only' | 'disabled' | null;
  /** IIS sites served by this binding whose `<access sslFlags>` ask for client certificates (`Site (SslRequireCert)`). */
  sites: string[];
  /** applicationHost.config (whole file) was read, so `sites` is decided. */
  sitesKnown: boolean;
  /** Client certificates are used here: negotiated at the handshake, a CTL, or a site asking for them. */
  used: boolean;
  /** TLS 1.3 can be negotiated on this binding (build ≥ 20348, not disabled on the binding or in SCHANNEL); null = unknown. */
  tls13: boolean | null;
  osBuild: number | null;
  /** A site asks for a client certificate after the handshake while TLS 1.3 can be negotiated: the renegotiation fails. */
  renegotiationFails: boolean | null;
  /** What clients see then: `reset` (Server 2022, Windows 11 before 24H2) or `http-500` (0x80070032, Server 2025 / 24H2+). */
  renegotiationSymptom: 'reset' | 'http-500' | null;
  /** Only <location> paths below a site's root ask (not a whole site): negotiating at the handshake asks on every page. */
  onlySubPathsAsk?: boolean;
  /** Flags this check reads on which the registry (loaded at the next HTTP start) differs from netsh (live), e.g. `NEGOTIATE_CLIENT_CERT`; null when they agree. */
  persistedFlagsDiffer?: string | null;
  /** renegotiationFails with the registry's flags (after the next HTTP start). */
  renegotiationAfterRestart?: boolean | null;
  /** The flags that leave renegotiationFails undecided: fine with netsh's values, failing with the registry's. */
  renegotiationUndecidedBy?: string | null;
  // --- trusted issuers of client certificates (issue 16) ---
  /** SCHANNEL ClientAuthTrustMode (0 machine trust, the default when absent; 1 exclusive root; 2 exclusive CA); null when the SCHANNEL key was not collected. */
  clientAuthTrustMode?: number | null;
  /** Certificates in LocalMachine\ClientAuthIssuer (Client Authentication Issuers); null when that store was not collected. */
  clientAuthIssuerCount?: number | null;
  /** Their subjects (at most 10). */
  clientAuthIssuers?: string[];
}

/** Client authentication / trust-store facts of one certificate (src/facts/client-auth.ts). */
export interface CertificateClientAuth {
  /** In LocalMachine\Disallowed; null when that store was not collected (and it is not seen there). */
  inDisallowed: boolean | null;
  /** The first certificate of its chain (itself first) that is in Disallowed. */
  distrustedSubject: string | null;
  distrustedThumbprint: string | null;
  distrusted: boolean | null;
  /** In LocalMachine\Root with subject ≠ issuer (canonical DN): KB 2802568. */
  rootNotSelfSigned: boolean;
  /** HTTP.sys bindings that use client certificates (`ipport=0.0.0.0:443`). */
  clientCertBindings: string[];
  clientCertBindingCount: number;
  /** Bindings and IIS configuration were both collected, so no client-certificate use is a fact. */
  clientCertUseKnown: boolean;
  /** SCHANNEL ClientAuthTrustMode (0 machine trust, 1 exclusive root, 2 exclusive CA) / SendTrustedIssuerList; null when absent. */
  clientAuthTrustMode: number | null;
  sendTrustedIssuerList: number | null;
  /** CRL distribution point and OCSP URLs of its X.509 (empty without the .cer or without the extensions). */
  revocationUrls: string[];
  /** Every revocation URL is internal (ldap://, a single-label or .local/.corp/.lan/.internal host, a private address); null without URLs. */
  revocationUrlsInternalOnly: boolean | null;
}

/** Revocation failures of CAPI2 events against the client-certificate bindings (src/facts/client-auth.ts). */
export interface EventRevocation {
  /** CRYPT_E_REVOCATION_OFFLINE (0x80092013) or CRYPT_E_NO_REVOCATION_CHECK (0x80092012). */
  offline: boolean;
  /** The client-certificate bindings whose revocation checks these may be, with what a netsh update needs. */
  bindings: {
    type: BindingType;
    endpoint: string;
    param: string;
    certificateHash: string | null;
    applicationId: string | null;
    storeName: string;
  }[];
  bindingCount: number;
  /** Binding evidence was collected (else no binding is unknown, not absent). */
  bindingsKnown: boolean;
  /** Internal-only CDP / OCSP URLs of the collected certificates (clients outside cannot reach them either). */
  internalRevocationUrls: string[];
}
