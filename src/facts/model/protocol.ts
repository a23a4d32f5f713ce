/** `protocol` and `protocolPolicy`: SCHANNEL protocol states and the policy as a whole. */
import type { EntityBase } from './base.js';

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
  /** Server side: TLS 1.0, 1.1 and 1.2 are all off, and TLS 1.3 is not known to be on (judge6 M4). */
  serverNoTlsLeft?: boolean;
  /** Server side: inbound captured handshakes whose ServerHello chose this version, and their clients (src/facts/protocol-negotiated.ts). */
  capturedNegotiations?: number;
  capturedNegotiationClients?: string[];
  /** Server side: off by the registry or the build, yet a capture shows this server negotiating it. */
  offButNegotiated?: boolean;
  /** Server side: every server protocol that is off yet negotiated in a capture (the same list on each). */
  serverNegotiatedOff?: SchannelProtocol[];
  /** Server side: TLS 1.3's state is unknown (the build is not in the evidence). */
  serverTls13Unknown?: boolean;
  /**
   * Settings meant for this protocol and side that Schannel does not read (src/facts/protocol-keys.ts):
   * a misspelt key (`TLS1.2\Server`), values on the protocol key itself, or a value that is not a
   * REG_DWORD under the real key. Each: `<key path>: <value> = <type> <data>, …`.
   */
  unreadSettings?: string[];
  /** The misspelt keys among them (path as written), which do nothing and may go once backed up. */
  misspeltKeys?: string[];
  unreadCount?: number;
  /** One of them is a value of the wrong type under the real key (not a misspelt key). */
  unreadNotDword?: boolean;
  /** The Enabled / DisabledByDefault those settings meant, when the real key has no DWORD of that name: what a fix writes. */
  intendedEnabled?: number | null;
  intendedDisabledByDefault?: number | null;
  /** intendedEnabled or intendedDisabledByDefault is a number. */
  intendedKnown?: boolean;
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
