/** `httpsysUrl`: URL prefixes HTTP.sys knows: reserved (netsh http show urlacl) and registered (show servicestate). */
import type { EntityBase } from './base.js';

/** One URL prefix (src/facts/httpsys-url.ts), merged from its reservation and its registration. */
export interface HttpsysUrlEntity extends EntityBase {
  /** As reserved or registered (`https://+:443/ReportServer/`). */
  url: string;
  scheme: 'http' | 'https';
  /** `+` (every address), `*` (what no other prefix takes), an address or a host name, lower case. */
  host: string;
  hostKind: 'strong-wildcard' | 'weak-wildcard' | 'ip' | 'name';
  port: number;
  path: string;
  /** An IIS registration bound to one address (`HTTP://127.0.0.1:8000:127.0.0.1/`); else null. */
  boundAddress: string | null;
  /** A reservation exists (httpsys.urlacl); null when that evidence was not collected. */
  reserved: boolean | null;
  /** Accounts the reservation lets register it (`NT SERVICE\ReportServer`). */
  reservedFor: string[];
  /** A process has it registered right now (httpsys.servicestate); null when not collected. */
  registered: boolean | null;
  /** The request queue: an IIS application pool name, or null (unnamed / not known). */
  queueName: string | null;
  /** PIDs attached to that queue, and their images / services (servicestate, tasklist). */
  processIds: number[];
  processNames: string[];
  services: string[];
  /** `iis` (a named queue with a controller process: WAS), `other` (an unnamed queue: a program using the HTTP Server API), `unknown`. */
  owner: 'iis' | 'other' | 'unknown';
  /** How the report names the owner (`svchost.exe (PID 2688, service NcHostAgent)`); null when unknown. */
  ownerName: string | null;
  /** HTTP.sys SSL evidence (netsh http show sslcert or the registry) was collected whole. */
  sslcertKnown: boolean;
  /** HTTP.sys SSL entries that serve this URL's port (`0.0.0.0:443`, `www.contoso.com:443`, `ccs:443`). */
  sslBindings: string[];
  /** An https URL that no HTTP.sys SSL entry can serve: no ip:port (covering its address), hostname:port or CCS entry on its port. False for http or when unknown. */
  missingSslcert: boolean;
  /** The ip:port entry a fix adds (`0.0.0.0:443`, `10.0.0.5:443`); null for http URLs. */
  suggestedEndpoint: string | null;
}
