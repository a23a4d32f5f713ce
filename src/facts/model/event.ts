/** `eventGroup` and `eventLog`: Schannel / CAPI2 / HttpEvent events and what the logs can show. */
import type { EntityBase } from './base.js';
import type { BindingEntity, BindingType, EventRevocation } from './binding.js';
import type { CertificatePrivateKeyState } from './certificate.js';
import type { SchannelProtocol } from './protocol.js';

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
  /**
   * A table view cut the events' messages (Get-EventLog's `...`, judge7 S3): the error code and
   * state that follow in the message are not in the copy; the fix first reads them in full.
   */
  messageCut?: boolean;
  /**
   * The times showed no year (Get-EventLog's `Dec 05 20:27`): firstSeen / lastSeen carry the year
   * of the collection (the year before when that date would follow it); null without one.
   */
  yearAssumed?: boolean;
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
  /** The key file's own icacls listing gives SYSTEM no access: only then is 0x80090016 a permissions problem. */
  keyFileAclMissingSystem?: boolean;
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
  /**
   * Earliest and latest the last occurrence can be when some event times are ambiguous (pasted
   * `12/5/2026`: 5 December or 12 May, judge8 T1); absent when every time is known.
   */
  lastSeenRange?: [string, string];
  /** Whole days from the last occurrence to the collection time; null when either is unknown (src/facts/event-age.ts). */
  daysBeforeCollection?: number | null;
  /** Last logged more than EVENT_HISTORY_DAYS before the collection: history, not a current cause; null unknown. */
  historical?: boolean | null;
  /**
   * What the age was judged against: the collection time, the newest dated evidence, the analysis
   * run's date (the collection cannot be later), or the zip's newest file time (src/facts/event-age.ts).
   */
  ageBasis?: 'collection' | 'evidence' | 'run-date' | 'file-times' | null;
  ageEvidence?: import('../event-age.js').DatedEvidence | null;
  /** No collection time and no bound decides the event's age: the probable cause only if current. */
  ageUnknown?: boolean;
  /**
   * IIS W3SVC 1003 / 1004 / 1007 (src/facts/w3svc-event.ts): the WWW Service could not register a
   * site's URL prefix with HTTP.sys and disabled the site. Absent for other events.
   */
  urlRegistrationFailed?: boolean;
  /** The URL prefix the event names as written (`https://*:443/`); its scheme and port. */
  urlPrefix?: string | null;
  urlPrefixScheme?: 'http' | 'https' | null;
  urlPort?: number | null;
  /** The site id the event names. */
  siteId?: number | null;
  /** That site in the IIS evidence (applicationHost.config / appcmd): name, state now, https bindings; null when not found. */
  siteName?: string | null;
  /** `Started`, `Stopped`, … as appcmd lists it now; null when appcmd was not collected or lacks the site. */
  siteState?: string | null;
  siteHttpsBindingCount?: number | null;
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
