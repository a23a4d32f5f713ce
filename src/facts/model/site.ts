/** `listener`, `site` and `iisBinding`: who listens, and the IIS view of the https bindings. */
import type { EvidenceRef } from '../../shared/evidence.js';
import type { EntityBase } from './base.js';

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
  /**
   * No binding evidence was collected, and a non-System process listens on 0.0.0.0:443 / [::]:443:
   * the cause if the site's https binding uses the default port (scenario 3 from netstat alone).
   */
  mayBlockHttps: boolean;
  /**
   * The owner(s) the OTHER listener source names for this socket when netstat and Get-NetTCPConnection
   * disagree on who listens on it (`System (PID 4)`): which one is right
   * cannot be told (judge6 p49: netstat edited after collection); null when they agree.
   */
  ownerDisputed: string | null;
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
  /** The certificate of that fallback entry: what clients asking for this binding's host name get. */
  fallbackCertificateHash?: string | null;
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
