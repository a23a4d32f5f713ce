/** `host`: the bundle as a whole (OS, collection, HTTP.sys error logs, IIS version, outbound TLS, clock, conflicts). */
import type { EvidenceRef } from '../../shared/evidence.js';
import type { IisSharedConfig } from '../iis-shared-config.js';
import type { EntityBase } from './base.js';

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
  /** The `--as-of` time the engineer gave (used only without a manifest time); null when none (judge7 M3). */
  asOfGiven?: string | null;
  collectorVersion: string | null;
  /** Artifact ids that were collected and parsed into something usable. */
  artifacts: string[];
  /** Artifact ids the manifest says failed or were skipped. */
  missingArtifacts: string[];
  redacted: boolean;
  /** HTTP.sys IP listen list (empty = all addresses) and its length, for rules. */
  ipListen: string[];
  ipListenCount: number;
  /** The list holds `0.0.0.0` and `::` (no port): it restricts nothing (shared/net.ts listensEverywhere). */
  ipListenEverywhere: boolean;
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
  /** The ACL of the MachineKeys folder itself (cert.machinekeys-acl, src/facts/key-folder-acl.ts); null when not listed. */
  machineKeysFolder?: KeyFolderAcl | null;
  /** IIS shared configuration (redirection.config, src/facts/iis-shared-config.ts); null when off. */
  iisSharedConfig?: IisSharedConfig | null;
  /** Key-folder / key-file ACLs from icacls and Get-Acl SDDL compared (src/facts/key-acl-sources.ts); null when neither was collected. */
  keyAclSources?: KeyAclSources | null;
  /** HTTP.sys service-wide settings (httpsys.setting, `netsh http show setting`), for the inventory; null when not collected. */
  httpSettings?: { name: string; value: string; evidence: EvidenceRef }[] | null;
  /**
   * A `netsh http add / update sslcert` of a console copy that failed with error 1312
   * (src/facts/sslcert-changes.ts, judge7 S5); null when the copies hold none.
   */
  sslcertKeyError?: SslcertKeyError | null;
  /** IIS sites and their https bindings summed up (src/facts/iis-no-https.ts); null without IIS sites. */
  iisHttps?: IisHttpsSummary | null;
}

/** Whether any IIS site has an https binding, and whether the site list is the whole of it. */
export interface IisHttpsSummary {
  siteCount: number;
  httpsBindingCount: number;
  /** Every site of the server was read (a whole `<sites>` element, or the collector's appcmd). */
  sitesComplete: boolean;
  /** At most 20 site names and 20 bindings (`http/*:80:`), for the finding. */
  siteNames: string[];
  httpBindings: string[];
  /** HTTP.sys entries with IIS's AppId: iis-no-https-binding reports that case with the entry. */
  httpSysIisEntryCount: number;
  /** Non-System listeners on port 443 (nginx, a proxy): they may terminate TLS instead of IIS. */
  otherTlsListeners: string[];
  evidence: EvidenceRef[];
}

/**
 * `netsh http add sslcert … certhash=<hash>` answered `SSL Certificate add failed, Error: 1312`
 * (ERROR_NO_SUCH_LOGON_SESSION, "A specified logon session does not exist"): HTTP.sys could not
 * use the certificate's private key (the IIS support blog's 0x80070520). The first such failure.
 */
export interface SslcertKeyError {
  op: 'add' | 'update';
  /** The endpoint the command names (`0.0.0.0:443`), null when it names none. */
  endpoint: string | null;
  /** certhash= of the command, lower case and upper case (certutil's form). */
  certificateHash: string | null;
  certificateHashUpper: string | null;
  /** certstorename= of the command as certutil names the store (`my` when not given). */
  storeCli: string;
  errorCode: number;
  /** A later listing of the copy lacks the endpoint (true), lists it (false); null: not shown. */
  entryAbsent: boolean | null;
  /** Failed adds / updates with 1312 in the copies (all hashes). */
  count: number;
  hashes: string[];
  evidence: EvidenceRef[];
}

/** src/facts/key-acl-sources.ts: which listings the key-ACL facts read, and where icacls and SDDL disagree. */
export interface KeyAclSources {
  /** `both`, `icacls` or `sddl`; null when neither was collected. */
  source: 'icacls' | 'sddl' | 'both' | null;
  /** Paths only the SDDL lists (icacls output missing, localized or cut). */
  sddlOnlyPaths: string[];
  /** Paths both list with different entries: the SDDL is used for them. */
  disagreements: { path: string; icacls: string[]; sddl: string[]; evidence: EvidenceRef[] }[];
  disagreementCount: number;
  disagreePaths: string[];
}

/** src/facts/key-folder-acl.ts: `%ProgramData%\Microsoft\Crypto\RSA\MachineKeys` as icacls listed it. */
export interface KeyFolderAcl {
  /** The folder as listed (`C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`). */
  path: string;
  /** Its parent (where `icacls /restore` of a saved ACL runs). */
  parentPath: string;
  /** Every entry as icacls printed it. */
  entries: string[];
  /**
   * Entries giving Everyone, Users or Authenticated Users more than Microsoft's default
   * (Everyone `(R,W)`, this folder only): full control, modify, delete, change permissions or
   * ownership on the folder, or read rights the key files created in it inherit (OI).
   */
  broadGrants: string[];
  broadGrantCount: number;
  /** Of those, the entries that let every user delete, re-permission or take over the folder's key files (judge6 M8). */
  writeGrants: string[];
  writeGrantCount: number;
  everyoneTooBroad: boolean;
  usersTooBroad: boolean;
  authenticatedUsersTooBroad: boolean;
  /** Some of those entries are inherited (I) from a parent folder: removing them here does nothing. */
  broadGrantsInherited: boolean;
  /** Default entries the listing lacks: `BUILTIN\Administrators:(F)`, `Everyone:(R,W)`. */
  missingDefaults: string[];
  evidence: EvidenceRef[];
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
  /**
   * On the builds KB3140245 is for (7600, 7601, 9200), every WinHttp key sets the TLS 1.2 bit, but
   * KB3140245 (the update that makes WinHTTP read DefaultSecureProtocols) is not in the
   * installed-update list, or the list was not collected: whether the value takes effect cannot
   * be told (a rollup may include the update without listing it). false when decided.
   */
  winHttpValueUnconfirmed: boolean;
  /** Schannel 36871 events of Type client (outbound credentials that failed), not stale (src/facts/event-age.ts). */
  clientCredentialFailures: number;
  /**
   * KB3140245 in the installed-update list (system.hotfixes) on the builds it is for (7600, 7601,
   * 9200); null without the list or on other builds. Not listed is never "missing": a later
   * rollup can include it without listing it (src/facts/outbound-tls.ts).
   */
  kb3140245: {
    listed: boolean;
    /** The InstalledBy accounts of the lines cited (user names: only for redaction). */
    installedBy: string[];
    evidence: EvidenceRef[];
  } | null;
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
