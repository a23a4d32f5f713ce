/**
 * What the capture parser returns: one record per TCP connection in which a TLS (or SSL 2.0)
 * hello was seen, with the handshake as the wire shows it. Names of versions, suites, alerts,
 * extensions, groups and signature schemes come from the IANA registry (see names.ts).
 */
import type { EvidenceRef } from '../../shared/evidence.js';

export type Side = 'client' | 'server';

export interface ClientHelloInfo {
  /** Frame in which the ClientHello was complete (last segment of its reassembly). */
  frame: number;
  /** SSL 2.0 record format (an SSLv2 or SSLv2-compatible ClientHello). */
  sslv2Format: boolean;
  /** Record-layer version of the record carrying the hello, e.g. "TLS 1.0"; null for SSLv2 format. */
  recordVersion: string | null;
  /** `legacy_version` field (client_version), e.g. "TLS 1.2". */
  legacyVersion: string;
  legacyVersionCode: number;
  /** From supported_versions when present (GREASE removed), else [legacyVersion]. */
  versions: string[];
  /** Raw supported_versions list incl. GREASE; null when the extension is absent. */
  supportedVersionCodes: number[] | null;
  /** Highest offered version (the first non-GREASE entry of `versions` by value). */
  maxVersion: string;
  serverName: string | null;
  /** IANA names; GREASE entries as "GREASE (0x0a0a)"; unknown as "0x1234". */
  cipherSuites: string[];
  cipherSuiteCodes: number[];
  alpn: string[];
  signatureAlgorithms: string[];
  groups: string[];
  /** Extension names in wire order. */
  extensions: string[];
  grease: boolean;
}

export interface ServerHelloInfo {
  frame: number;
  sslv2Format: boolean;
  /** Negotiated version: supported_versions when present, else legacy_version. */
  version: string;
  versionCode: number;
  legacyVersion: string;
  /** IANA name of the chosen suite (SSLv2: the first cipher spec). */
  cipherSuite: string | null;
  cipherSuiteCode: number | null;
  alpn: string | null;
  extensions: string[];
}

export interface HelloRetryRequestInfo {
  frame: number;
  version: string | null;
  cipherSuite: string | null;
  /** Group the server asks for in key_share, if any. */
  group: string | null;
}

export interface WireCertificate {
  /** Position in the chain (0 = leaf). */
  index: number;
  subject: string | null;
  issuer: string | null;
  /** SHA-1 of the DER, lower-case hex (the Windows thumbprint). */
  sha1: string;
  notBefore: string | null;
  notAfter: string | null;
  serialNumber: string | null;
  subjectAltName: string | null;
  /** SAN dNSName / iPAddress entries (empty when the certificate has none or did not parse). */
  sanDns: string[];
  sanIp: string[];
  /** The DER as base64 (shared with every connection that sent the same certificate); null when
   * it did not parse. Intermediates are chain candidates in the facts (src/facts/certificate.ts). */
  derBase64: string | null;
  frame: number;
}

export interface AlertInfo {
  from: Side;
  /** 'warning' | 'fatal', or 'encrypted' when the alert record is encrypted. */
  level: 'warning' | 'fatal' | 'encrypted' | 'unknown';
  levelCode: number | null;
  /** RFC name, e.g. "protocol_version"; null for encrypted alerts. */
  description: string | null;
  descriptionCode: number | null;
  frame: number;
}

export type Outcome = 'established' | 'failed' | 'incomplete';

export type FailureKind =
  | 'alert' // a plaintext fatal alert
  | 'rst' // TCP reset before the handshake finished
  | 'fin'; // TCP close before the handshake finished

export interface TlsConnection {
  /** "ip:port" of the client ("[v6]:port" for IPv6). */
  client: string;
  server: string;
  clientAddress: string;
  clientPort: number;
  serverAddress: string;
  serverPort: number;
  /** Which hello told client and server apart. */
  rolesFrom: 'client-hello' | 'server-hello';
  firstFrame: number;
  lastFrame: number;
  /** ISO time of the first packet of the connection in the capture (null without timestamps). */
  firstSeen: string | null;
  synSeen: boolean;
  clientHello: ClientHelloInfo | null;
  /** Number of ClientHellos (2 after a HelloRetryRequest, or renegotiation in the clear). */
  clientHelloCount: number;
  helloRetryRequest: HelloRetryRequestInfo | null;
  serverHello: ServerHelloInfo | null;
  /** Server certificate chain as sent in the clear (TLS ≤ 1.2 and SSL); empty otherwise. */
  certificates: WireCertificate[];
  /** Client authentication as the clear-text handshake shows it (TLS ≤ 1.2; TLS 1.3 encrypts
   * it): the server's CertificateRequest frame, the client's Certificate frame and how many
   * certificates it carried (0 = an empty Certificate: the client had none to offer). */
  clientAuth: {
    requestFrame: number | null;
    certificateFrame: number | null;
    certificates: number | null;
  };
  alerts: AlertInfo[];
  changeCipherSpec: { client: number | null; server: number | null };
  applicationData: { client: number | null; server: number | null };
  fin: { client: number | null; server: number | null };
  rst: { client: number | null; server: number | null };
  outcome: Outcome;
  /** Human-readable reason for failed / incomplete, null for established. */
  reason: string | null;
  failureKind: FailureKind | null;
  failureBy: Side | null;
  /** RFC name of the fatal alert when failureKind = 'alert'. */
  failureAlert: string | null;
  /** The server answered the ClientHello in plain HTTP (not TLS): the frame, the status line and
   * the Server header if any (judge7 S2); null otherwise. */
  plainHttpReply: { frame: number; statusLine: string; server: string | null } | null;
  /** Frames that show the handshake (hellos, alerts, RST/FIN), with an excerpt. */
  evidence: EvidenceRef;
}

export interface CaptureValue {
  format: 'pcap' | 'pcapng' | null;
  /** Link-layer types seen (DLT / LINKTYPE numbers). */
  linkTypes: number[];
  frames: number;
  bytes: number;
  firstPacketTime: string | null;
  lastPacketTime: string | null;
  connections: TlsConnection[];
  /** The capturing machine's own addresses as the pcapng interface blocks state them (if_IPv4addr,
   * if_IPv6addr); empty for pcap and for pcapng without these options. */
  interfaceAddresses: string[];
  /** Connections with a TLS hello that were counted but not kept in `connections` (size limits). */
  omittedConnections: number;
  /** The omitted connections tallied by kind (server, SNI, outcome, cause, versions): one
   * representative connection (without certificates when past the detail limit), how many, and
   * their distinct client addresses (up to 100,000 per kind; in JSON the address strings). Up to
   * 10,000 kinds. */
  omittedKinds: { connection: TlsConnection; count: number; clientAddresses: ClientAddresses }[];
  stats: CaptureStats;
  /**
   * TCP connections the server refused: a SYN answered by a reset, no SYN-ACK and no byte of
   * data (nothing listened on that address and port, or a firewall rejected). Per server
   * endpoint, in the order first seen; up to 1,000 endpoints.
   */
  refused?: TcpRefused[];
  /**
   * TCP connections whose SYN was sent again and again and never answered (no SYN-ACK, no reset,
   * no packet at all from the server): dropped on the way, or nothing received them. Per server
   * endpoint, in the order first seen; up to 1,000 endpoints.
   */
  unanswered?: TcpUnanswered[];
  /**
   * Connections with packets in both directions. None at all: the capture may hold one direction
   * only (a filter, a one-way mirror port), so an unanswered SYN proves nothing (judge15 M3).
   */
  twoWayConnections?: number;
}

/** Unanswered TCP connection attempts to one server address:port. */
export interface TcpUnanswered {
  server: string;
  port: number;
  /** Connections (client address:port) whose SYNs got no answer, and the SYNs they sent. */
  count: number;
  syns: number;
  firstFrame: number;
  /** From a connection's first SYN to its last retry, the longest (seconds). */
  seconds: number;
  /** Up to 10 distinct client addresses. */
  clients: string[];
}

/** Refused TCP connections to one server address:port. */
export interface TcpRefused {
  /** `10.0.0.5:443` / `[fe80::1]:443`. */
  server: string;
  port: number;
  count: number;
  firstFrame: number;
  /** Up to 10 distinct client addresses. */
  clients: string[];
}

export interface CaptureStats {
  tcpPackets: number;
  /** IP fragments seen (not reassembled). */
  ipFragments: number;
  /** Packets cut by the snap length. */
  truncatedPackets: number;
  /** Connections by outcome, including omitted ones. */
  outcomes: Record<Outcome, number>;
}

export type CaptureIssueCode =
  | 'empty-input'
  | 'unknown-format'
  | 'truncated'
  | 'damaged-block'
  | 'unsupported-link-type'
  | 'ip-fragments'
  | 'truncated-packets'
  | 'tcp-gap'
  | 'tls-record-invalid'
  | 'tls-message-invalid'
  | 'certificate-unparsable'
  | 'limit-exceeded'
  | 'unsupported-variant';

/** A tallied kind's distinct clients (./index.ts), compact: address words, text only in JSON. */
export interface ClientAddresses {
  readonly size: number;
  /** Whether the client (its address words; w1–w3 are 0 for IPv4) is one of them. */
  has(v6: boolean, w0: number, w1: number, w2: number, w3: number): boolean;
  /** The clients' address words (unsigned) in the order first seen. */
  forEach(fn: (v6: boolean, w0: number, w1: number, w2: number, w3: number) => void): void;
  /** The addresses as text, in the order first seen. */
  toJSON(): string[];
}
