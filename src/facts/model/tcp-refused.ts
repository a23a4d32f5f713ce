/**
 * `tcpRefused`: TCP connections a capture shows refused (a SYN answered by a reset), or never
 * answered at all (SYNs retried, nothing back: `unanswered`, judge15 M3).
 */
import type { EntityBase } from './base.js';

/** Refused connections to one server address:port (src/facts/tcp-refused.ts). */
export interface TcpRefusedEntity extends EntityBase {
  /** `10.0.0.5:443` / `[fe80::1]:443`, as the capture shows it. */
  endpoint: string;
  serverPort: number;
  /** The SYNs got no answer at all (retried, no SYN-ACK, no reset), instead of a reset. */
  unanswered: boolean;
  /** The capture holds no TLS connection and all its refused / unanswered SYNs go to this port. */
  onlyPort: boolean;
  /**
   * The capture shows packets both ways on some connection; false when it shows none at all (it
   * may hold one direction only: the answers would not be in it); null for an older parse.
   */
  captureShowsReplies: boolean | null;
  /** Unanswered only: the SYNs sent in all, and the longest time one connection kept retrying (s). */
  syns: number | null;
  seconds: number | null;
  /** Connections refused (or unanswered), and up to 10 of their client addresses. */
  count: number;
  clients: string[];
  capture: string;
  /** The first refusal's frame. */
  frames: number[];
  /**
   * The port is one the server is meant to answer HTTPS on: an HTTP.sys SSL binding or an IIS
   * https binding names it, a capture shows TLS on it, or it is 443. Scanners' refusals on other
   * ports are not the customer's symptom.
   */
  httpsPort: boolean;
  /** TLS handshakes on the same address:port in the captures: some clients were let in. */
  tlsHandshakes: number;
  /** The address is one of this machine's (ipconfig); null without ipconfig. */
  ownAddress: boolean | null;
  /** ipconfig shows the address is not this machine's (`ownAddress` false). */
  otherAddress: boolean;
  /** What the bundle's listener list says of the port: a socket LISTENING on it (netstat /
   * Get-NetTCPConnection), none, or null when not collected. */
  listening: boolean | null;
  /** The listener list was collected and has nothing LISTENING on the port (`listening` false). */
  notListening: boolean;
  /**
   * HTTP.sys's IP listen list was collected, is not empty, and leaves this address out (or holds
   * only loopback addresses of its family): HTTP.sys does not listen there, which explains the
   * refusals (iplisten-excludes-binding-address).
   */
  notInIpListen: boolean;
}
