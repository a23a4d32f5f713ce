/**
 * The entities rules see. Facts join parsed artifacts into these shapes; every entity keeps
 * pointers to the evidence it was built from. Rules address fields with plain dot paths
 * (`binding.certificateHash`), so field names here are the public API of the rule files:
 * rename with care and update rules/ in the same change.
 */
import type { AlertInfo, ClientHelloInfo, ServerHelloInfo } from '../parsers/capture.js';
import type { EvidenceRef } from '../shared/evidence.js';

/** Every entity: a stable key (unique within its kind) and its evidence. */
export interface EntityBase {
  key: string;
  evidence: EvidenceRef[];
}

/** The bundle as a whole. */
export interface HostEntity extends EntityBase {
  name: string | null;
  osCaption: string | null;
  osVersion: string | null;
  osBuild: number | null;
  uiCulture: string | null;
  elevated: boolean | null;
  collectedAt: string | null;
  /** Where collectedAt came from: the collector's manifest, or `--as-of` given for loose files. */
  collectedAtSource: 'manifest' | 'as-of' | null;
  collectorVersion: string | null;
  /** Artifact ids that were collected and parsed into something usable. */
  artifacts: string[];
  /** Artifact ids the manifest says failed or were skipped. */
  missingArtifacts: string[];
  redacted: boolean;
  /** HTTP.sys IP listen list (empty = all addresses) and its length, for rules. */
  ipListen: string[];
  ipListenCount: number;
  /** Files that disagree about which machine they come from (src/facts/host-consistency.ts). */
  conflicts: HostConflict[];
  /** The system clock as the Windows Time service reports it (time.w32tm); null when not collected. */
  clock: HostClock | null;
  /** Outbound TLS defaults of .NET Framework and WinHTTP programs (dotnet.registry); null when not collected. */
  outboundTls: OutboundTls | null;
  /** HTTP.sys error logs summed up (logs.httperr, src/facts/logs.ts); null when not collected. */
  httpErr: HttpErrSummary | null;
  /** IIS version from InetStp (iis.version, src/facts/iis-version.ts); null when not collected. */
  iisVersion?: IisVersion | null;
}

/** src/facts/logs.ts: what the HTTP.sys error logs of the bundle show. */
export interface HttpErrSummary {
  files: number;
  records: number;
  /** A file was cut by the collector (only its newest part is there). */
  truncated: boolean;
  /** `date time` (UTC) of the oldest and newest record. */
  first: string | null;
  last: string | null;
  /** Record count per s-reason, most frequent first. */
  reasons: { reason: string; count: number }[];
  /**
   * `Timer_SslRenegotiation` records: "SSL renegotiation between the client and server took longer
   * than the default time-out of two minutes" (Microsoft Learn, Error logging in HTTP APIs).
   */
  sslRenegotiationTimeouts: number;
  /** Their server endpoints (`s-ip:s-port`), at most 10. */
  sslRenegotiationEndpoints: string[];
  sslRenegotiationLast: string | null;
  /** Client addresses of the records (at most 2000): only for redaction, never shown as such. */
  clientAddresses: string[];
  /** The header and up to 5 renegotiation time-out lines. */
  evidence: EvidenceRef[];
}

/** `HKLM\SOFTWARE\Microsoft\InetStp`: the installed IIS version. */
export interface IisVersion {
  major: number | null;
  minor: number | null;
  /** `7.5`, `10.0`. */
  version: string | null;
  /** `Version 7.5`, `IIS 7.5` as written. */
  versionString: string | null;
  setupString: string | null;
  /** IIS 8.0+ (Windows Server 2012+): SNI and the Centralized Certificate Store exist; null when unknown. */
  sniSupported: boolean | null;
  evidence: EvidenceRef[];
}

/** src/facts/outbound-tls.ts: what the server's own programs offer when they connect out. */
export interface OutboundTls {
  /** NDP\v4\Full Release (the registry export, else the manifest). */
  dotnetRelease: number | null;
  dotnetReleaseFrom: 'registry' | 'manifest' | null;
  /** `4.8`, `4.5.2`, … (`4.0` below 4.5). */
  dotnetVersion: string | null;
  /** Below 4.5: no TLS 1.2 at all, whatever the registry says. */
  dotnetBelow45: boolean | null;
  /** Below 4.6: every .NET program, not only old ones, needs the keys. */
  dotnetEveryProgram: boolean | null;
  dotnetKeys: {
    key: string;
    bitness: '64-bit' | '32-bit';
    present: boolean;
    schUseStrongCrypto: number | null;
    systemDefaultTlsVersions: number | null;
  }[];
  /** v4.0.30319 keys with neither SchUseStrongCrypto=1 nor SystemDefaultTlsVersions=1. */
  dotnetStrongCryptoUnset: string[];
  /** The same per view, for fixes that name only the key the evidence names. */
  dotnet64Unset: boolean;
  dotnet32Unset: boolean;
  /** Programs built for older .NET versions offer no TLS 1.2; null when the release is unknown. */
  dotnetTls12NotDefault: boolean | null;
  winHttp: { key: string; bitness: '64-bit' | '32-bit'; defaultSecureProtocols: number | null }[];
  /** Windows 7 / 2008 R2 / 2012: WinHTTP's default protocols lack TLS 1.1 and 1.2. */
  winHttpOldDefaultBuild: boolean | null;
  /** WinHttp keys without the TLS 1.2 bit (0x800) in DefaultSecureProtocols. */
  winHttpLacking: string[];
  winHttp64Lacking: boolean;
  winHttp32Lacking: boolean;
  winHttpTls12NotDefault: boolean | null;
  /** Schannel 36871 events of Type client (outbound credentials that failed), not stale (src/facts/event-age.ts). */
  clientCredentialFailures: number;
  evidence: EvidenceRef[];
}

/** `w32tm /query /status /verbose` judged (src/facts/host-clock.ts). */
export interface HostClock {
  /** false: nothing disciplines the clock (see `reasons`); true: a time source is in use; null: cannot tell (unknown labels, no status). */
  synchronized: boolean | null;
  /**
   * Why it is judged unsynchronized: `leap-indicator-3`, `stratum-0`, `local-clock-source`
   * (Local CMOS Clock / Free-running System Clock), `never-synchronized`, `service-not-running`
   * (0x80070426), `large-phase-offset` (the last sample was ≥ 60 s off).
   */
  reasons: string[];
  source: string | null;
  leapIndicator: number | null;
  stratum: number | null;
  lastSuccessfulSyncTime: string | null;
  /** Offset of the last sample in seconds (w32tm /verbose; stored, not live). */
  phaseOffsetSeconds: number | null;
  evidence: EvidenceRef[];
}

/** One way the files of a bundle contradict each other about their machine. */
export interface HostConflict {
  aspect: 'name' | 'osBuild' | 'address';
  /** Each value seen (a short host name, a build, a file's own addresses) and the files saying it. */
  values: { value: string; files: string[] }[];
}

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
  certificateLookup?: 'found' | 'other-store' | 'not-found' | 'not-collected' | null;
  certificateFoundInStore?: string | null;
  /** Set when IIS evidence exists (src/facts/site.ts): the IIS https bindings this entry serves, as `IIS site 'X' https *:443:`. */
  iisBindings?: string[];
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

/** A listening socket (netstat and/or Get-NetTCPConnection JSON) with its owning process. */
export interface ListenerEntity extends EntityBase {
  protocol: 'TCP' | 'UDP';
  ipVersion: 4 | 6;
  /** Address without brackets: `0.0.0.0`, `::`, `10.0.0.5`. */
  localAddress: string;
  port: number;
  /** `0.0.0.0:443`, `[::]:443`. */
  endpoint: string;
  /** Canonical state (`LISTENING`, `BOUND` for UDP). */
  state: string | null;
  pid: number | null;
  /** Image name (`vmware-hostd.exe`, `System`); null when nothing tells it. */
  processName: string | null;
  /** The name came from the tasklist table, which cuts names at 25 characters. */
  processNameTruncated: boolean;
  /** Services hosted by the process (tasklist /svc, Win32_Service, netstat -b component lines). */
  services: string[];
  /** Display label for findings: `vmware-hostd.exe (PID 26800, service VMwareHostd)`. */
  ownerLabel: string;
  /** PID 4: the kernel, i.e. HTTP.sys (or SMB etc.). */
  isSystem: boolean;
  /** Well-known port-443 squatters, for product-specific fix hints: vmware, skype, apache, nginx, teamviewer, java; null otherwise. */
  ownerKind: 'vmware' | 'skype' | 'apache' | 'nginx' | 'teamviewer' | 'java' | null;
  sources: ('netstat' | 'tcp-listeners')[];
  /** HTTPS bindings (IIS `site https ip:port:host`, HTTP.sys `sslcert <endpoint>`) needing this port on an address this socket covers. */
  httpsBindings: string[];
  /** IIS sites with such an https binding. */
  sites: string[];
  /** A non-System process listens where an https binding needs HTTP.sys to listen. */
  blocksHttps: boolean;
}

/** One IIS site from applicationHost.config and/or `appcmd list site`. */
export interface SiteEntity extends EntityBase {
  name: string;
  id: number | null;
  /** Runtime state from appcmd (`Started`, `Stopped`, …); null when appcmd was not collected. */
  state: string | null;
  serverAutoStart: boolean | null;
  sources: ('applicationHost' | 'appcmd')[];
  /** All bindings as `protocol/bindingInformation`. */
  bindings: string[];
  /** Keys of its https iisBinding entities. */
  httpsBindings: string[];
  httpsBindingCount: number;
  /** Some https binding of this site has a problem the iisBinding rules report. */
  httpsProblem: boolean;
  /**
   * src/facts/legacy-metadata.ts: the site's legacy SSL certificate hash in applicationHost.config
   * `<customMetadata>` (`<key path="LM/W3SVC/<id>"><property id="5506">`), as hex; null when the
   * value is not a SHA-1 hash; absent when the site has none (or applicationHost.config is not in
   * the bundle).
   */
  legacySslCertHash?: string | null;
  /** The metadata key path (`LM/W3SVC/2`) and value (base64) as written. */
  legacySslMetadataPath?: string;
  legacySslMetadataValue?: string;
  /** The key path is exactly `LM/W3SVC/<this site's id>`, so a fix can name it by the id. */
  legacySslMetadataSitePath?: boolean;
  /** HTTP.sys entries of the site's https bindings now (their certificate hashes), from netsh / the registry. */
  httpSysCertificateHashes?: string[];
  /** The legacy hash is one of those: re-creating the binding from it changes nothing; null without HTTP.sys evidence. */
  legacySslCertHashCurrent?: boolean | null;
  /** HttpEvent 15300 ("SSL Certificate Settings deleted") events naming an endpoint of the site's https bindings. */
  sslSettingsDeletedEvents?: number;
  /** Its newest W3C log (logs.iis-w3c, `logs/iis/W3SVC<id>/`), summed up; null when none was collected. */
  w3cLog: SiteW3cLog | null;
}

/** src/facts/logs.ts: one site's IIS W3C log. */
export interface SiteW3cLog {
  files: string[];
  records: number;
  truncated: boolean;
  first: string | null;
  last: string | null;
  /**
   * 502.3 (ARR / URL Rewrite could not complete the request to the backend) whose sc-win32-status
   * is 12175 ERROR_WINHTTP_SECURE_FAILURE, or 2147954575 (the same as HRESULT 0x80072F8F): the
   * server's own outbound TLS to an HTTPS backend failed.
   */
  arrSecureFailures: number;
  arrSecureFailureLast: string | null;
  /** Their request paths (cs-uri-stem), at most 10. */
  arrSecureFailureUris: string[];
  /** Other 502.3 records (12002 time-out, 12029 cannot connect, …): the backend, not TLS. */
  arrOtherFailures: number;
  /** The host's outbound TLS defaults when dotnet.registry was collected (WinHTTP is what ARR uses). */
  outboundTls: {
    winHttpTls12NotDefault: boolean | null;
    dotnetTls12NotDefault: boolean | null;
    evidence: EvidenceRef[];
  } | null;
  /** Client addresses and user names of the records (at most 2000 each): only for redaction. */
  clientAddresses: string[];
  userNames: string[];
  /** Up to 5 of the 502.3 secure-failure lines. */
  evidence: EvidenceRef[];
}

/** How HTTP.sys resolves the certificate for an IIS https binding. */
export type HttpSysLookup = 'ipport' | 'hostnameport' | 'ccs';

/** One IIS https binding, joined to the HTTP.sys entry that serves it and to the port's listener. */
export interface IisBindingEntity extends EntityBase {
  /** Filled by the certificates stage: a summary of the certificate HTTP.sys serves for it (with evidence). */
  certificate?: Record<string, unknown> | null;
  siteName: string;
  siteId: number | null;
  siteState: string | null;
  /** `https *:443:www.contoso.com` — as IIS Manager would show it. */
  display: string;
  bindingInformation: string;
  /** `*`, an IPv4 / IPv6 address; `*` also for an empty IP part. */
  address: string;
  wildcard: boolean;
  port: number | null;
  host: string | null;
  sslFlags: number;
  sslFlagNames: string[];
  sni: boolean;
  centralCertStore: boolean;
  /** What HTTP.sys looks up for this binding and the endpoint it needs (`0.0.0.0:443`, `www.contoso.com:443`, `443`). */
  lookup: HttpSysLookup;
  expectedEndpoint: string;
  /** How an HTTP.sys entry was found: `exact`, `wildcard` (0.0.0.0:port fallback for a specific IP), `none`, or `unknown` (no HTTP.sys evidence: the missing* flags stay false). */
  httpSysMatch: 'exact' | 'wildcard' | 'none' | 'unknown';
  /** The serving HTTP.sys binding: endpoint and entity key; null when none. */
  httpSysEndpoint: string | null;
  httpSysBindingKey: string | null;
  httpSysCertificateHash: string | null;
  /** The serving entry's AppId and store (for fixes that update it in place), null when none. */
  httpSysApplicationId: string | null;
  httpSysStoreName: string | null;
  /** For SNI / CCS bindings without their entry: the ip:port entry HTTP.sys falls back to (a different certificate), if any. */
  fallbackEndpoint: string | null;
  missingSslcert: boolean;
  missingHostnamePort: boolean;
  missingCcs: boolean;
  /** SNI flag set but no host name: IIS cannot start the binding. */
  sniWithoutHost: boolean;
  /** A specific IP that a non-empty HTTP.sys IP listen list does not contain. */
  addressNotListened: boolean;
  ipListen: string[];
  /** certificateHash attribute in applicationHost.config (rarely written), lower-case hex. */
  configuredCertificateHash: string | null;
  /** The attribute and the serving HTTP.sys entry name different certificates. */
  certificateHashMismatch: boolean;
  /** Thumbprint to put in a re-created HTTP.sys entry: the configured one, else the one another entry on this port uses; null when unknown. For an SNI binding only a certificate covering its host name (src/facts/suggest.ts). */
  suggestedCertificateHash: string | null;
  /** SNI binding: a certificate in LocalMachine\My covers its host name (true), none does and every SAN is known (false), cannot tell (null). */
  hostCoveredInStore: boolean | null;
  /** Listeners seen on this port: null when no netstat / listener JSON was collected. */
  portListened: boolean | null;
  /** Owner of a non-System listener covering this binding (`vmware-hostd.exe (PID 26800)`), else null. */
  portHeldBy: string | null;
  portHeldByPid: number | null;
  /** Another site has an https binding with the same ip:port:host. */
  duplicateOf: string | null;
  /** Centralized Certificate Store bindings (sslFlags 2) with iis.ccs collected: src/facts/ccs.ts; null otherwise. */
  ccs?: IisBindingCcs | null;
}

/** The Centralized Certificate Store as one CCS binding needs it (`iisBinding.ccs.*`). */
export interface IisBindingCcs {
  /** The CentralCertProvider key exists (false: the provider was never set up); null when only a folder listing was read. */
  providerConfigured: boolean | null;
  /** Enabled = 1 (false also when the key is absent); null when unknown. */
  providerEnabled: boolean | null;
  enabledValue: number | null;
  /** CertStoreLocation (local path or UNC share). */
  folder: string | null;
  folderSet: boolean;
  /** The account IIS reads the folder as (the collecting account may see it differently). */
  userName: string | null;
  /** The collector's listing of the folder: listed, error (could not read it), skipped (provider off / no folder). */
  listing: 'listed' | 'error' | 'skipped' | null;
  listingError: string | null;
  /** Listed and not cut at the collector's limit: a file absent from it is absent from the folder. */
  listingComplete: boolean;
  /** `www.contoso.com.pfx`, the name the provider tries first; null without a host name. */
  expectedFile: string | null;
  /** `_.contoso.com.pfx`, the wildcard name it tries next; null for a single-label host. */
  wildcardFile: string | null;
  /** The file of the listing the provider would load (as listed), or null. */
  foundFile: string | null;
  /** true: neither name is in a complete listing; false: found; null: cannot tell (no listing, cut, no host name). */
  fileMissing: boolean | null;
  /** Listed names that look meant for this host but do not follow the naming (`wildcard.contoso.com.pfx`). */
  similarFiles: string[];
  evidence: EvidenceRef[];
}

/**
 * Schannel (System log) or CAPI2 events of one kind: provider + event id + decoded error code /
 * TLS alert / error state / role / protocol (CAPI2: + certificate subject). Built by
 * src/facts/event-group.ts; evidence = a few representative events with their line ranges.
 */
export interface EventGroupEntity extends EntityBase {
  /** `httpevent`: Microsoft-Windows-HttpEvent (HTTP.sys) events of the System log. */
  source: 'schannel' | 'capi2' | 'httpevent' | 'other';
  provider: string;
  eventId: number;
  /** What the event id means (English, from src/shared/windows-codes.ts). */
  eventMeaning: string | null;
  level: number | null;
  levelName: 'critical' | 'error' | 'warning' | 'information' | 'verbose' | null;
  /** Schannel `Type`: server / client (localized values mapped); roleRaw keeps what was written. */
  role: 'server' | 'client' | null;
  roleRaw: string | null;
  /** `0x` + 8 lower-case hex digits (36870 ErrorCode, CAPI2 Result). */
  errorCode: string | null;
  /** NTE_BAD_KEYSET, CERT_E_UNTRUSTEDROOT, … */
  errorName: string | null;
  errorMeaning: string | null;
  /** Schannel internal error state (ErrorState / ErrorStatus). */
  errorState: number | null;
  errorStateMeaning: string | null;
  /** TLS alert number of 36887 / 36888 and its IANA name. */
  alert: number | null;
  alertName: string | null;
  alertMeaning: string | null;
  /** 36874: the protocol the client offered (`TLS 1.0`). */
  protocol: string | null;
  /** CAPI2: certificate subject, leaf thumbprint (from fileRef), SSL server name, process. */
  subjectName: string | null;
  certificateThumbprint: string | null;
  serverName: string | null;
  processName: string | null;
  chainErrorStatus: string | null;
  count: number;
  /** ISO times; UTC (`Z`) from event XML, local without zone from pasted text (timesLocal). */
  firstSeen: string | null;
  lastSeen: string | null;
  timesLocal: boolean;
  /** Read from pasted text rather than event XML. */
  fromText: boolean;
  /** Events per hour, key `YYYY-MM-DDTHH`. */
  perHour: Record<string, number>;
  computers: string[];
  /**
   * The protocols this server enables for its own side of the event's role (server side unless
   * the Schannel `Type` was client), from the protocol policy; null without SCHANNEL registry.
   */
  enabledProtocols: SchannelProtocol[] | null;
  /** CAPI2: the certificate the event names is in the bundle's certificate evidence / is bound. */
  certificateInBundle: boolean;
  certificateBound: boolean;
  /** 36870: the bound certificate's private key file when known, else null (see keyFolders). */
  keyFile: string | null;
  /** The key file's own icacls listing already grants SYSTEM and Administrators full control (src/facts/key-acl-grant.ts). */
  keyFileAclHoldsGrant?: boolean;
  keyFolders: string[];
  /**
   * HttpEvent: the endpoint the event names (`0.0.0.0:443`, `[::]:443`, `adfs.contoso.com:443`),
   * canonical as src/shared/net.ts writes it; null for other sources. Set by the grouping.
   */
  endpoint?: string | null;
  /** HttpEvent 15021: error status from the events' binary data (`0xc000005f STATUS_NO_SUCH_LOGON_SESSION`). */
  statusCodes?: string[];
  /** HttpEvent, joined by src/facts/httpevent.ts: was binding evidence (netsh / registry) collected at all. */
  bindingEvidence?: boolean;
  /**
   * HttpEvent 15300, src/facts/legacy-metadata.ts: IIS https bindings (`site 'X' https *:443:`)
   * that need this endpoint and have no HTTP.sys entry now — the deleted binding is still missing;
   * empty when none; absent without IIS evidence (applicationHost.config or appcmd).
   */
  iisBindingsStillMissing?: string[];
  iisBindingsStillMissingCount?: number;
  /** IIS sites whose https bindings need this endpoint (those above first). */
  iisSites?: string[];
  /** Sites among them whose applicationHost.config `<customMetadata>` holds a legacy SSL hash (5506). */
  legacySslMetadataSites?: string[];
  /** The HTTP.sys binding of `endpoint` exists in that evidence. */
  bindingFound?: boolean;
  bindingType?: BindingType | null;
  /** That binding's store for certutil (`MY` when it names none); `my` without a binding. */
  bindingStoreName?: string;
  /** The netsh parameter name for `endpoint`: the binding's type, else `ipport` for an address, `hostnameport` for a name. */
  sslType?: BindingType | null;
  /** That binding's certificate lookup (see BindingEntity.certificateLookup). */
  bindingCertificateLookup?: BindingEntity['certificateLookup'] | null;
  /** That binding's certificate private key state, when the certificate is in the evidence. */
  certificatePrivateKeyState?: CertificatePrivateKeyState | null;
  /** CAPI2 revocation failures (src/facts/client-auth.ts). */
  revocation?: EventRevocation;
  /** Whole days from the last occurrence to the collection time; null when either is unknown (src/facts/event-age.ts). */
  daysBeforeCollection?: number | null;
  /** Last logged more than EVENT_HISTORY_DAYS before the collection: history, not a current cause; null unknown. */
  historical?: boolean | null;
  /** What the age was judged against: the collection time, or the newest dated evidence (src/facts/event-age.ts). */
  ageBasis?: 'collection' | 'evidence' | null;
  ageEvidence?: import('./event-age.js').DatedEvidence | null;
  /** No collection time and nothing dates the event as history: it cannot be taken as current. */
  ageUnknown?: boolean;
}

/** What the Schannel event evidence can show: SCHANNEL EventLogging and the collected logs. */
export interface EventLogEntity extends EntityBase {
  /** The registry value; null when absent (Schannel then logs errors only). */
  eventLogging: number | null;
  eventLoggingExplicit: boolean;
  eventLoggingEffective: number;
  logsErrors: boolean;
  logsWarnings: boolean;
  logsInformation: boolean;
  registryCollected: boolean;
  schannelEventsCollected: boolean;
  schannelEventCount: number;
  capi2EventsCollected: boolean;
  capi2EventCount: number;
}

export type CertificatePrivateKeyState =
  /** A key test passed or the collector opened the key. */
  | 'usable'
  /** No private key linked (HasPrivateKey False, "No key provider information"). */
  | 'none'
  /** A key is linked but its container / file is gone ("Missing stored keyset", file absent). */
  | 'missing'
  /** The key exists but could not be used (key test failed, access error, keyset missing while the file exists). */
  | 'inaccessible'
  /** A key is linked; no source tested it. */
  | 'present-untested'
  | 'unknown';

/** `root-not-collected`: leaf and intermediates found, the root is in no collected store. */
export type CertificateChainStatus =
  'trusted' | 'untrusted-root' | 'incomplete' | 'root-not-collected' | 'unknown';

/**
 * One certificate of LocalMachine\My / WebHosting (or a store a binding names), merged from
 * store.json, the .cer file, certutil and icacls. Built by src/facts/certificate.ts.
 */
/** Where a certificate was seen: one entry per source record. */
export interface CertificateSource {
  kind: 'x509' | 'store.json' | 'powershell' | 'certutil' | 'capture';
  /** Canonical store the source puts it in; null when the source does not say (-dump, capture, loose .cer). */
  store: string | null;
  path: string;
  lines?: { start: number; end: number };
  frames?: number[];
}

export interface CertificateEntity extends EntityBase {
  /** The store it is judged in: a server store (My, WebHosting, a binding's) first, else the first it was found in. */
  store: string;
  /** Every store any source puts it in (empty: seen only on the wire or in a loose file). */
  stores: string[];
  /** Every record it was merged from, X.509 bytes first. */
  sources: CertificateSource[];
  /** Field → the source it was taken from (`x509 certificates/My/….cer`, `certutil a.txt lines 3-17`). */
  fieldSources: Record<string, string>;
  /** Sources disagreeing on a field; the X.509 bytes (then store.json, PowerShell, certutil) win. */
  conflicts: { field: string; kept: string; keptFrom: string; other: string; otherFrom: string }[];
  /** `utc` (X.509, store.json, capture) or `server-local` (certutil / PowerShell text: host local time, judged with a ±14 h margin). */
  validityTimeBasis: 'utc' | 'server-local' | null;
  /** Store name as certutil takes it (`my`, `WebHosting`); empty for a certificate in no store (only on the wire, a loose file): its store commands drop out. */
  storeCli: string;
  /** Lower-case hex. */
  thumbprint: string;
  thumbprintUpper: string;
  subject: string | null;
  subjectCommonName: string | null;
  issuer: string | null;
  serialNumber: string | null;
  friendlyName: string | null;
  sanDns: string[];
  sanIp: string[];
  notBefore: string | null;
  notAfter: string | null;
  /** The collection time validity is judged at (ISO); null when the bundle has none. */
  referenceTime: string | null;
  validityKnown: boolean;
  expired: boolean | null;
  notYetValid: boolean | null;
  daysUntilExpiry: number | null;
  expiresSoon: boolean | null;
  keyAlgorithm: string | null;
  keySize: number | null;
  /** RSA < 2048, DSA, ECC < 256. */
  weakKey: boolean | null;
  signatureAlgorithm: string | null;
  signatureHash: string | null;
  /** SHA-1 (or MD5) signature on a certificate that is not self-signed. */
  sha1Signature: boolean | null;
  /** EKU extension present; false = any purpose. */
  ekuPresent: boolean | null;
  eku: string[];
  /** Server Authentication allowed by the extension, the EKU property and the chain's CAs (see below). */
  serverAuthEku: boolean | null;
  /**
   * Not valid for Server Authentication (0x800B0110 CERT_E_WRONG_USAGE): its EKU extension, its
   * EKU property or a CA of its chain lacks it. null when the extension or the property is unknown.
   */
  missingServerAuthEku: boolean | null;
  // --- keys (issues 15, 20 #4): EKU property, issuing CAs, key provider and KeySpec ---
  /**
   * CERT_ENHKEY_USAGE_PROP_ID(9), the purposes set in the certificate's Properties dialog ("Enable
   * only the following purposes" / "Disable all purposes"; "Enable all purposes" removes it):
   * `present` (ekuProperty), `absent`, `unknown` (only certutil -v shows the properties).
   */
  ekuPropertyState: 'absent' | 'present' | 'unknown';
  /** The property's purposes (OIDs); empty with `present` = all purposes disabled. */
  ekuProperty: string[];
  /** The EKU extension allows Server Authentication (no extension = every purpose); null unknown. */
  serverAuthByExtension: boolean | null;
  /** The EKU property allows it (absent = no restriction); null unknown. */
  serverAuthByProperty: boolean | null;
  /** Every CA of the built chain allows it; false when one does not; null when the chain is not built or a CA's EKU is unknown. */
  serverAuthByIssuers: boolean | null;
  /** The chain's CAs that do not allow it: `subject (THUMBPRINT): EKU …`. */
  issuersWithoutServerAuth: string[];
  /** Where Server Authentication is missing. */
  serverAuthMissingIn: ('extension' | 'property' | 'issuer')[];
  /** KeySpec of the key (1 AT_KEYEXCHANGE, 2 AT_SIGNATURE, 0 none: CNG); null unknown. */
  keySpec: number | null;
  /** Provider type (0 CNG key storage provider, 1 PROV_RSA_FULL, 12 PROV_RSA_SCHANNEL, 24 PROV_RSA_AES). */
  keyProviderType: number | null;
  /** A CryptoAPI (CSP) key; false: CNG (KSP); null unknown. */
  keyIsCapi: boolean | null;
  /** `tpm`, `smart-card`, `hello` (Windows Hello, per user), `software` (Microsoft software providers), `other` (third party, e.g. an HSM). */
  keyProviderKind: 'software' | 'tpm' | 'smart-card' | 'hello' | 'other' | null;
  /** A CAPI key stored as AT_SIGNATURE: Schannel opens server keys as AT_KEYEXCHANGE only. */
  keySignatureOnly: boolean | null;
  // --- end keys ---
  keyUsage: string[] | null;
  isCa: boolean | null;
  selfSigned: boolean | null;
  hasPublicFile: boolean;
  /** Bundle path of the .cer. */
  publicFile: string | null;
  /** store.json HasPrivateKey as collected. */
  hasPrivateKey: boolean | null;
  privateKeyState: CertificatePrivateKeyState;
  privateKeyMissing: boolean;
  privateKeyInaccessible: boolean;
  /** What each source said about the key, human-readable. */
  privateKeyEvidence: string[];
  keyProvider: string | null;
  keyContainer: string | null;
  keyUniqueName: string | null;
  keyFilePath: string | null;
  keyFolder: string | null;
  keyAclCollected: boolean;
  /** The icacls path judged: the key file when listed, else its folder. */
  keyAclPath: string | null;
  /**
   * True when keyAclPath is the key file itself, false when only its folder was listed (the
   * folder's default entries are "this folder only", so they say nothing of the file), null
   * when no ACL was judged.
   */
  keyAclOfKeyFile: boolean | null;
  keyAclSystemAccess: 'read' | 'none' | 'denied' | null;
  keyAclMissingSystem: boolean | null;
  keyAclEntries: string[];
  chainStatus: CertificateChainStatus;
  /** Leaf first. */
  chain: { subject: string; thumbprint: string; store: string }[];
  chainStopReason: string | null;
  chainRootSubject: string | null;
  chainRootThumbprint: string | null;
  /** Store the (untrusted) root was found in. */
  chainRootStore: string | null;
  /** Bundle path of the root's .cer. */
  chainRootFile: string | null;
  missingIssuer: string | null;
  untrustedRoot: boolean | null;
  chainIncomplete: boolean | null;
  /** HTTP.sys endpoints using it. */
  boundBy: string[];
  /** The same as netsh parameters (`ipport=0.0.0.0:443`, `hostnameport=www.contoso.com:443`), for fixes. */
  bindingParams: string[];
  /** For renewal fixes: each HTTP.sys binding using it with its own store and AppId (its owner: IIS, ADFS, WinRM, …). */
  boundBindings: {
    type: BindingType;
    endpoint: string;
    storeName: string;
    applicationId: string;
  }[];
  /** IIS https bindings using it (`Default Web Site: https *:443:www.contoso.com`). */
  boundByIis: string[];
  isBound: boolean;
  /** CAPI2 chain errors logged for this certificate (`CERT_E_UNTRUSTEDROOT`, …), by thumbprint or name; set by src/facts/event-group.ts. */
  capi2ChainErrors?: string[];
  /** Endpoints binding it for which HTTP.sys logged HttpEvent 15021 (src/facts/httpevent.ts). */
  sslConfigErrorEndpoints?: string[];
  /** Host names clients use for it (SNI bindings, IIS host headers), lower case. */
  boundNames: string[];
  mismatchedNames: string[];
  /** Host names of IIS SNI bindings without their hostnameport entry that HTTP.sys serves this certificate for (it is the fallback entry's); checked like `boundNames`. */
  fallbackNames: string[];
  nameMismatch: boolean | null;
  /** The SAN dNSName list is known (X.509 bytes, a capture, store.json, certutil -v); the CN is never used instead. */
  sanKnown: boolean;
  /** `mismatch` / `match`, `san-unknown` (names to check but no SAN evidence), `no-names` (no binding host name or SNI). */
  nameCheck: 'match' | 'mismatch' | 'san-unknown' | 'no-names';
  /** A server sent it in a Certificate message of a capture. */
  servedOnWire: boolean;
  /** SNI host names of the ClientHellos it answered, lower case. */
  wireServerNames: string[];
  /** Bound (HTTP.sys / IIS) or served on the wire: a certificate clients actually get. */
  inUse: boolean;
  /** Chain building limits hit (candidates not tried), as counted issues. */
  chainIssues: { code: 'chain-candidates-capped'; count: number; message: string }[];
  /** Hours from NotBefore to the collection time (negative: not yet valid); set by src/facts/host-clock.ts. */
  hoursSinceNotBefore?: number | null;
  /** The host's clock (the same object as `host.clock`), for the clock rules' evidence. */
  hostClock?: HostClock | null;
  /** Trust stores and client authentication (src/facts/client-auth.ts). */
  clientAuth?: CertificateClientAuth;
  // --- chain paths and renewals (issue 12 wire chains, issue 20 #5 / #9) ---
  /** A server sent it as a chain certificate (after the leaf) in a Certificate message. */
  sentInWireChain: boolean;
  /** Certificates of its chain known only from the wire (in none of the collected stores). */
  chainViaWire: { subject: string; thumbprint: string }[];
  /** The path the chain-path facts judge: `served` (the chain a capture shows the server sending), `built` (from the stores), null (neither known). */
  chainPathSource: 'served' | 'built' | null;
  /** The path judged is known (else the chain-path rules cannot decide). */
  chainPathChecked: boolean | null;
  /** The first CA certificate of that path that is expired / not yet valid, or a cross certificate whose self-signed twin is in Root while the cross one's own chain ends at a root outside Root. */
  chainBadCa: ChainCaRef | null;
  chainBadCaProblem: 'expired' | 'not-yet-valid' | 'cross-signed' | null;
  /** A time-valid certificate in a collected store with the bad one's subject (and key id): what the chain can use instead. */
  chainBadCaAlternative: ChainCaRef | null;
  chainBadCaHasAlternative: boolean | null;
  /** A newer time-valid certificate with its key, same store, subject (and SANs when known), while this older one is bound. */
  renewedBy: ChainCaRef | null;
  /** Bound while a newer renewal sits beside it (null: subject or validity unknown). */
  renewalNotBound: boolean | null;
  /** Self-signed and in use: the one CA-issued certificate of its store that could serve the same names, trusted and with its key (src/facts/self-signed.ts). */
  selfSignedReplacement?: ChainCaRef | null;
  /** How many such certificates the bundle shows (0, 1 or more: the fix names one only when there is exactly one). */
  selfSignedCandidateCount?: number;
}

/** A certificate named by another one's facts (chain path, renewal), for evidence and fixes. */
export interface ChainCaRef {
  thumbprint: string;
  thumbprintUpper: string;
  subject: string | null;
  issuer: string | null;
  notBefore: string | null;
  notAfter: string | null;
  /** A collected store it is in (null: seen only on the wire or in a loose file). */
  store: string | null;
  /** It is in LocalMachine\CA (Intermediate Certification Authorities). */
  inCa: boolean;
  selfSigned: boolean | null;
  /** SAN dNSNames, when known. */
  sanDns: string[] | null;
}

export type SchannelProtocol =
  'SSL 2.0' | 'SSL 3.0' | 'TLS 1.0' | 'TLS 1.1' | 'TLS 1.2' | 'TLS 1.3' | 'DTLS 1.0' | 'DTLS 1.2';

/**
 * One SCHANNEL protocol on one side (`TLS 1.2` / `Server`): the effective state from the registry
 * (`…\SCHANNEL\Protocols\<protocol>\<side>` Enabled / DisabledByDefault) over the defaults of
 * the bundle's Windows build. Built by src/facts/protocol-policy.ts.
 */
export interface ProtocolEntity extends EntityBase {
  /** `TLS 1.2/Server`. */
  protocol: SchannelProtocol;
  side: 'Server' | 'Client';
  /** Used by default (what HTTP.sys / IIS get): enabled and not DisabledByDefault. null = unknown. */
  enabled: boolean | null;
  state: 'enabled' | 'disabled' | 'disabled-by-default' | 'not-supported' | 'unknown';
  /** Where the state comes from. */
  source: 'registry' | 'os-default' | 'os-unsupported';
  /** One sentence: why this state. */
  reason: string;
  registryEnabled: number | null;
  registryDisabledByDefault: number | null;
  /** The state this Windows build has without registry values. */
  osDefault: 'enabled' | 'disabled' | 'disabled-by-default' | 'not-supported' | 'unknown';
  /** SSL 2.0, SSL 3.0, TLS 1.0, TLS 1.1. */
  legacy: boolean;
  /** `HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server`. */
  registryPath: string;
  osBuild: number | null;
  /** Captured clients (up to 10 endpoints) whose highest offered version is this protocol (server side only). */
  clientsNeeding: string[];
  /** Distinct client addresses whose highest offered version is this protocol. */
  clientsNeedingCount: number;
  /** Captured handshakes to this server that failed while this protocol was the client's best. */
  failedHandshakes: number;
  /** Endpoints whose binding flags leave only legacy versions: disabling this one server-wide would leave them nothing (src/facts/binding-legacy-only.ts). */
  bindingsLeftWithout?: string[];
}

/** The machine's Schannel policy as a whole (schannel.registry, schannel.cipher-policy, dotnet.registry). */
export interface ProtocolPolicyEntity extends EntityBase {
  osBuild: number | null;
  /** Effective enabled protocols, oldest first. */
  serverEnabled: SchannelProtocol[];
  clientEnabled: SchannelProtocol[];
  serverHighest: SchannelProtocol | null;
  serverLowest: SchannelProtocol | null;
  legacyServerEnabled: SchannelProtocol[];
  /** Protocols whose state could not be determined (build unknown or not verified). */
  unknown: string[];
  /** `SCHANNEL\Ciphers\<name>` Enabled values as set in the registry. */
  ciphers: { name: string; enabled: boolean }[];
  disabledCiphers: string[];
  /** Weak ciphers explicitly enabled (RC4, DES, NULL, 3DES, RC2). */
  weakCiphersEnabled: string[];
  hashes: { name: string; enabled: boolean }[];
  keyExchange: {
    name: string;
    enabled: boolean | null;
    serverMinKeyBitLength: number | null;
    clientMinKeyBitLength: number | null;
  }[];
  /** Cipher-suite order in force (group policy first, then local), null when not configured. */
  cipherSuiteOrder: string[] | null;
  cipherSuiteOrderSource: 'group-policy' | 'local' | null;
  /** .NET Framework strong-crypto keys (64- and 32-bit, v4 and v2). */
  dotnet: {
    key: string;
    schUseStrongCrypto: number | null;
    systemDefaultTlsVersions: number | null;
  }[];
  /** True when some .NET v4 key lacks SchUseStrongCrypto=1 or SystemDefaultTlsVersions=1. */
  dotnetStrongCryptoMissing: boolean | null;
  /** SCHANNEL `EventLogging` DWORD (null = absent, default 1). */
  eventLogging: number | null;
}

/**
 * One TLS handshake seen in a capture (capture.pcap), flattened for rules and joined with the
 * server's protocol policy, its HTTP.sys binding and the certificate bound there.
 * Built by src/facts/connection.ts.
 */
export interface ConnectionEntity extends EntityBase {
  capture: string;
  /** The server end is this machine. When no signal decides, true with `directionAssumed`. */
  inbound: boolean;
  /** No evidence decided the direction: treated as inbound, and the findings say so. */
  directionAssumed: boolean;
  /** Which signal decided it: `loopback`, `local address`, `capture interface`, `bound host name`, `bound port`, `no listener on the server port`, `most frequent address`, or `assumed`. */
  directionFrom: string;
  client: string;
  server: string;
  clientAddress: string;
  serverAddress: string;
  serverPort: number;
  serverName: string | null;
  hasClientHello: boolean;
  hasServerHello: boolean;
  /** Offered versions (supported_versions, else legacy_version), e.g. ["TLS 1.3","TLS 1.2"]. */
  offeredVersions: string[];
  clientMaxVersion: string | null;
  /** True when the ClientHello lists its versions (supported_versions); else it only says its maximum. */
  clientListsVersions: boolean;
  negotiatedVersion: string | null;
  cipherSuite: string | null;
  offeredCipherSuiteCount: number;
  alpn: string[];
  /** The hellos as the capture parser read them (`clientHello.versions`, `serverHello.cipherSuite`, …). */
  clientHello: ClientHelloInfo | null;
  serverHello: ServerHelloInfo | null;
  /** Alerts with `from` (client | server), `level`, `description` (RFC name) and `frame`. */
  alerts: AlertInfo[];
  /** The same as text: `server fatal protocol_version`. */
  alertSummary: string[];
  outcome: 'established' | 'failed' | 'incomplete';
  reason: string | null;
  failureKind: 'alert' | 'rst' | 'fin' | null;
  failureBy: 'client' | 'server' | null;
  failureAlert: string | null;
  clientHelloFrame: number | null;
  serverHelloFrame: number | null;
  frames: number[];
  /** Leaf certificate sent on the wire (TLS ≤ 1.2), lower-case SHA-1. */
  wireCertificateThumbprint: string | null;
  wireCertificateSubject: string | null;
  wireCertificateIssuer: string | null;
  /** subjectAltName as the capture parser prints it (`DNS:www.contoso.com, IP:10.0.0.5`). */
  wireCertificateSans: string | null;
  wireCertificateNotBefore: string | null;
  wireCertificateNotAfter: string | null;
  /** Certificates in the chain the server sent (0 for TLS 1.3, where it is encrypted). */
  wireChainLength: number;
  /** The Certificate frame with the leaf's fields, as evidence; null when not seen. */
  wireCertificateEvidence: EvidenceRef | null;
  /** The client aborted after the server's hello/Certificate with a certificate alert (bad_certificate, unknown_ca, …). */
  certificateRejected: boolean;
  /** The handshake failed after the server asked for a client certificate (CertificateRequest, TLS ≤ 1.2) and the client sent none (an empty Certificate, or none at all before the server's alert). */
  clientCertificateMissing: boolean;
  /** The certificate problem that alert most likely means: `chain-trust` (unknown_ca), `name-usage-chain` (bad_certificate, certificate_unknown, unsupported_certificate), `validity` (certificate_expired), `revocation` (certificate_revoked), `access` (access_denied). */
  certificateRejectionCause: string | null;
  /** Server protocols enabled by policy (incl. the binding's DisableLegacyTLS / DisableTLS13); null without schannel.registry. */
  serverEnabledVersions: string[] | null;
  /** Offered ∩ server-enabled is empty (null when either side is unknown). */
  noCommonVersion: boolean | null;
  /** The handshake failed over the protocol version (wire signal or policy). */
  versionMismatch: boolean;
  /** What shows the mismatch: `alert` (protocol_version / inappropriate_fallback) or `policy` (no common version in the SCHANNEL registry); null when none. */
  versionMismatchFrom: 'alert' | 'policy' | null;
  /** Which side is behind: the server (client's best is disabled there) or the client. */
  versionMismatchSide: 'server' | 'client' | null;
  /** The version to enable server-side to serve this client (its best the OS supports). */
  fixProtocol: string | null;
  fixRegistryPath: string | null;
  /** The Server protocol entity of fixProtocol (its registry lines are the finding's evidence). */
  serverProtocol: ProtocolEntity | null;
  /** Flags that limit protocols for this endpoint (DISABLE_LEGACY_TLS, DISABLE_TLS13), from the HTTP.sys binding or the IIS binding's sslFlags. */
  bindingFlags: string[];
  /** HTTP.sys binding for this endpoint (by port; SNI binding when the host name matches). */
  bindingEndpoint: string | null;
  boundCertificateThumbprint: string | null;
  /** Wire leaf ≠ bound certificate (null when either is unknown). */
  certificateMismatch: boolean | null;
}

/**
 * Captured handshakes grouped by server endpoint, outcome, cause and offered / negotiated
 * versions, so that a thousand identical failures make one finding with a count.
 */
export interface HandshakeGroupEntity extends EntityBase {
  server: string;
  inbound: boolean;
  directionAssumed: boolean;
  serverPort: number;
  serverName: string | null;
  count: number;
  /** Up to 10 client endpoints. */
  clients: string[];
  clientCount: number;
  offeredVersions: string[];
  clientMaxVersion: string | null;
  negotiatedVersion: string | null;
  outcome: 'established' | 'failed' | 'incomplete';
  /** `alert` / `rst` / `fin` / null. */
  failureKind: 'alert' | 'rst' | 'fin' | null;
  failureBy: 'client' | 'server' | null;
  failureAlert: string | null;
  /** First connection's reason, as text. */
  reason: string | null;
  /** ClientHello seen and answered by RST/FIN without any ServerHello. */
  noServerHello: boolean;
  versionMismatch: boolean;
  versionMismatchSide: 'server' | 'client' | null;
  serverEnabledVersions: string[] | null;
  fixProtocol: string | null;
  fixRegistryPath: string | null;
  serverProtocol: ProtocolEntity | null;
  /** Up to 20 frame numbers, with the capture path. */
  frames: number[];
  capture: string;
  firstFrame: number;
  certificateRejected: boolean;
  clientCertificateMissing: boolean;
  wireCertificateThumbprint: string | null;
  certificateMismatch: boolean | null;
  /** Server endpoint the findings are grouped by: the HTTP.sys binding's listener (`*:443` for the 0.0.0.0 / [::] twins), else the server address:port. */
  endpoint: string;
  /** Keys of the handshakeEndpoint entities that count this group (what the report links to). */
  endpointKeys: string[];
}

/** What a handshakeEndpoint entity collects; each kind is read by one rule. */
export type HandshakeEndpointKind =
  | 'version-mismatch'
  | 'client-rejects-certificate'
  | 'failed-alert'
  | 'client-certificate-missing'
  | 'no-server-hello'
  | 'certificate-mismatch';

/** One handshake group as listed inside a handshakeEndpoint finding. */
export interface HandshakeGroupSummary {
  label: string;
  count: number;
  clientCount: number;
  /** Up to 3 client endpoints. */
  clients: string[];
  offeredVersions: string[];
  negotiatedVersion: string | null;
  outcome: 'established' | 'failed' | 'incomplete';
  failureKind: 'alert' | 'rst' | 'fin' | null;
  failureBy: 'client' | 'server' | null;
  failureAlert: string | null;
  versionMismatchSide: 'server' | 'client' | null;
  clientMaxVersion: string | null;
  /** `capture/x.pcap #4, #6, #8`: the first frames of the group's first example. */
  example: string;
}

/**
 * The handshakes of one kind (a failure class, or a wire/bound certificate difference) at one
 * server endpoint (listener address:port with its 0.0.0.0 / [::] twin, plus SNI), with the
 * handshake groups inside: one finding per rule per endpoint however many clients a capture holds.
 */
export interface HandshakeEndpointEntity extends EntityBase {
  kind: HandshakeEndpointKind;
  /** `10.0.0.5:443`, or `*:443` when a wildcard listener serves it (HTTP.sys 0.0.0.0 / [::] or host-name binding, IIS `*` binding, 0.0.0.0 / :: listener). */
  endpoint: string;
  /** Server address:port pairs seen (up to 10). */
  servers: string[];
  serverPort: number;
  serverName: string | null;
  inbound: boolean;
  directionAssumed: boolean;
  /** Handshakes, distinct client addresses, groups. */
  count: number;
  clientCount: number;
  /** Up to 10 client endpoints. */
  clients: string[];
  groupCount: number;
  /** Up to 10 groups, most handshakes first. */
  groups: HandshakeGroupSummary[];
  groupsOmitted: number;
  /** Fatal alerts seen, distinct (`unknown_ca`, …). */
  failureAlerts: string[];
  /** Every group ended after a ServerHello that chose a cipher suite: the suites were agreed, so a
   * handshake_failure there is not "no common cipher suite". */
  failedAfterServerHello: boolean;
  capture: string;
  /** First frames (up to 20) of the first group. */
  frames: number[];
  // version-mismatch
  serverEnabledVersions: string[] | null;
  /** Some group has the server behind (`versionMismatchSide` = server) / the client behind. */
  serverBehind: boolean;
  clientBehind: boolean;
  /** Lowest best version among the clients that are behind. */
  clientMaxVersion: string | null;
  fixProtocol: string | null;
  fixRegistryPath: string | null;
  /** Registry path of clientMaxVersion's Server key (the temporary re-enable for old clients). */
  clientFixRegistryPath: string | null;
  serverProtocol: ProtocolEntity | null;
  // client-rejects-certificate / certificate-mismatch
  wireCertificateThumbprint: string | null;
  wireCertificateSubject: string | null;
  wireCertificateIssuer: string | null;
  wireCertificateSans: string | null;
  wireCertificateNotBefore: string | null;
  wireCertificateNotAfter: string | null;
  /** Likely causes of the client's certificate alerts (see ConnectionEntity.certificateRejectionCause). */
  certificateRejectionCauses: string[];
  /** Certificate rule ids that find the likely cause in the server's own evidence. */
  relatedCertificateRules: string[];
  bindingEndpoint: string | null;
  boundCertificateThumbprint: string | null;
  /**
   * Every fatal alert is one a name mismatch draws (bad_certificate 42, certificate_unknown 46):
   * only then may a name finding explain the rejection (unknown_ca 48 is about trust).
   */
  nameRelatedAlertsOnly: boolean;
  /** The leaf the server sent has subject = issuer (self-signed: no client trusts it); null when not seen. */
  wireCertificateSelfSigned: boolean | null;
}

// ---------------------------------------------------------------------------------------------
// Inventory (issue 17): every record the parsers read, for `tls-doctor inspect`. Not a rule scope:
// rules see the entities above; these keep what was read, with links to the entities built from it.
// ---------------------------------------------------------------------------------------------

/** A process of the tasklist evidence. */
export interface ProcessInventory extends EntityBase {
  imageName: string;
  pid: number;
  /** Hosted services (`/svc`); [] for N/A or when the form has no services column (see servicesShown). */
  services: string[];
  servicesShown: boolean;
  sessionName: string | null;
  sessionNumber: number | null;
  memKb: number | null;
  /** `tasklist /v`: the user name column, when present. */
  user?: string;
  imageTruncated: boolean;
  /** Listener entity keys of this PID. */
  listeners: string[];
}

export interface AclInventoryEntry {
  account: string;
  sid: string | null;
  /** As the listing prints them: `(I)(OI)(CI)(F)`. */
  rights: string;
  /** Rights alone, as a list: `['F']`, `['M', 'DC']`, `['NW']` for an integrity label. */
  rightsList: string[];
  inherited: boolean;
  deny: boolean;
  inheritance: string[];
  /** Integrity level of a `Mandatory Label\…` entry; null for a DACL entry. */
  integrity: string | null;
  evidence: EvidenceRef;
}

/** A path of an icacls listing with every entry. */
export interface AclInventory extends EntityBase {
  path: string;
  kind: string;
  entries: AclInventoryEntry[];
  /** Certificate entity keys whose key file this is. */
  certificates: string[];
}

/** An IIS site as one source printed it, with all its bindings of any protocol. */
export interface SiteInventory extends EntityBase {
  source: 'applicationHost.config' | 'site list';
  /** null when the source does not give it (a `<binding>` fragment): see unknownFields. */
  name: string | null;
  id: number | null;
  state: string | null;
  unknownFields: string[];
  /** The site entity built from it. */
  site: string | null;
  bindings: {
    protocol: string;
    bindingInformation: string;
    /** http/https parts of bindingInformation (null for other protocols). */
    address: string | null;
    port: number | null;
    host: string | null;
    sslFlags?: number;
    certificateHash?: string | null;
    /** The IIS binding entity (https only). */
    iisBinding: string | null;
    evidence: EvidenceRef;
  }[];
}

/** A registry value read under the SCHANNEL, cipher-suite policy, .NET or HTTP keys. */
export interface RegistryValueInventory extends EntityBase {
  area: 'schannel' | 'cipher-policy' | 'dotnet' | 'http' | 'fips-policy';
  keyPath: string;
  /** '' for the default value; null for a key without values (listed so it is seen). */
  name: string | null;
  type: string | null;
  /** dword as a number, strings as text, multi_sz as a list, binary as hex. */
  value: string | number | string[] | null;
  deleted: boolean;
}

/** A certificate as one source listed it (store.json, certutil, a certificate file). */
export interface CertificateInventory extends EntityBase {
  source: 'store.json' | 'certutil' | 'certificate file';
  store: string | null;
  thumbprint: string | null;
  subject: string | null;
  issuer: string | null;
  serialNumber: string | null;
  notBefore: string | null;
  notAfter: string | null;
  /** Fields printed but not understood (an ambiguous certutil date). */
  unknownFields: string[];
  keyState?: string;
  /** The certificate entity built from it. */
  certificate: string | null;
}

export interface Inventory {
  processes: ProcessInventory[];
  acls: AclInventory[];
  sites: SiteInventory[];
  registryValues: RegistryValueInventory[];
  certificates: CertificateInventory[];
}

/**
 * The whole fact base for one bundle. Each kind is filled by its own builder in src/facts/;
 * the arrays are empty when the evidence for them is absent (rules that need it are then
 * reported as not evaluated, from their `requires`).
 */
export interface Facts {
  host: HostEntity;
  /** Server certificates (cert.store, cert.files, cert.certutil, cert.machinekeys-acl). */
  certificates: CertificateEntity[];
  bindings: BindingEntity[];
  /** IP listen list as HTTP.sys has it (netsh or registry). */
  ipListen: { addresses: string[]; evidence: EvidenceRef[] } | null;
  /** Schannel / CAPI2 events grouped by id + decoded code (events.schannel, events.capi2). */
  eventGroups: EventGroupEntity[];
  /** What the Schannel event evidence can show (SCHANNEL EventLogging, collected logs). */
  eventLogs: EventLogEntity[];
  /** Listening sockets with their owners (net.netstat, net.tcp-listeners, net.processes). */
  listeners: ListenerEntity[];
  /** IIS sites (iis.config, iis.appcmd-sites). */
  sites: SiteEntity[];
  /** IIS https bindings joined to HTTP.sys and listeners. */
  iisBindings: IisBindingEntity[];
  /** SCHANNEL protocol × side states (schannel.registry + OS defaults). */
  protocols: ProtocolEntity[];
  /** The Schannel policy as a whole; null without schannel.registry. */
  protocolPolicy: ProtocolPolicyEntity | null;
  /** TLS handshakes seen in captures (capture.pcap), failures first, capped. */
  connections: ConnectionEntity[];
  /** Connections seen but not listed in `connections` (caps). */
  connectionsOmitted: number;
  /** Captured handshakes grouped by server, outcome and cause. */
  handshakeGroups: HandshakeGroupEntity[];
  /** Failure classes per server endpoint (what the capture rules evaluate). */
  handshakeEndpoints: HandshakeEndpointEntity[];
  /** Every record read (issue 17), for inspect; listeners are `listeners` above. */
  inventory: Inventory;
  /** The cipher-suite / curve / FIPS state of the machine (src/facts/cipher-suites.ts); null without any of its evidence. */
  cipherPolicy: CipherPolicyEntity | null;
}

// --- Cipher suites, curves and FIPS policy (issue 16 / 20 #1, #10) -----------------------------

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
  /** Why this binding's list cannot serve, in one sentence (for fix comments). */
  why: string | null;
  /** The list in force, the certificate and the ClientHellos without a common suite (`evidenceFrom: ["cipherSuites"]`). */
  evidence: EvidenceRef[];
}

/**
 * The entity type of each rule scope. Its fields are the rules' field contract (the conventions
 * test in src/engine/rule-fields.test.ts reads this interface with the TypeScript compiler) and
 * each one is classified in SENSITIVE (src/facts/sensitive.ts) before the scope compiles.
 */
export interface ScopeEntities {
  host: HostEntity;
  binding: BindingEntity;
  certificate: CertificateEntity;
  eventGroup: EventGroupEntity;
  eventLog: EventLogEntity;
  listener: ListenerEntity;
  site: SiteEntity;
  iisBinding: IisBindingEntity;
  protocol: ProtocolEntity;
  protocolPolicy: ProtocolPolicyEntity;
  connection: ConnectionEntity;
  handshakeGroup: HandshakeGroupEntity;
  handshakeEndpoint: HandshakeEndpointEntity;
  cipherPolicy: CipherPolicyEntity;
}

export type EntityOf<S extends Scope> = ScopeEntities[S];

/**
 * Rule scopes: the scope name a rule file names → the entities it is evaluated for, once each.
 * To add a kind, add one line here, its entity type to ScopeEntities (and its array to Facts).
 */
const SCOPE_ENTITIES = {
  host: (f: Facts) => [f.host],
  binding: (f: Facts) => f.bindings,
  certificate: (f: Facts) => f.certificates,
  eventGroup: (f: Facts) => f.eventGroups,
  eventLog: (f: Facts) => f.eventLogs,
  listener: (f: Facts) => f.listeners,
  site: (f: Facts) => f.sites,
  iisBinding: (f: Facts) => f.iisBindings,
  protocol: (f: Facts) => f.protocols,
  protocolPolicy: (f: Facts) => (f.protocolPolicy ? [f.protocolPolicy] : []),
  connection: (f: Facts) => f.connections,
  handshakeGroup: (f: Facts) => f.handshakeGroups,
  handshakeEndpoint: (f: Facts) => f.handshakeEndpoints,
  cipherPolicy: (f: Facts) => (f.cipherPolicy ? [f.cipherPolicy] : []),
} satisfies { [S in keyof ScopeEntities]: (f: Facts) => ScopeEntities[S][] };

export type Scope = keyof typeof SCOPE_ENTITIES & keyof ScopeEntities;

export const SCOPES = Object.keys(SCOPE_ENTITIES) as Scope[];

export function isScope(s: string): s is Scope {
  return Object.hasOwn(SCOPE_ENTITIES, s);
}

export function entitiesOf(facts: Facts, scope: Scope): EntityBase[] {
  return SCOPE_ENTITIES[scope](facts);
}
