/**
 * State of one tracked connection, shared by the TCP reassembly (./tracker.ts) and the TLS
 * record assembly (./tls-records.ts). One `Dir` per direction holds both layers' fields (one
 * object per direction rather than two: no extra allocation per connection).
 */
import type { ParseIssue } from '../../shared/parse.js';
import type { RawClientHello, RawServerHello } from './tls.js';
import type { CaptureIssueCode } from './types.js';
import type { TcpSegment } from './packet.js';

/** How a direction's bytes are read. */
export const enum Mode {
  /** Looking for a TLS (or SSL 2.0) start at each segment start; no reassembly. */
  Detect = 0,
  /** Reassembled and framed into TLS records. */
  Tls = 1,
  /** Reassembled and framed into SSL 2.0 records (the two hellos only). */
  Ssl2 = 2,
  /** Not read any more (not TLS, a gap, or encrypted from here on). */
  Off = 3,
}

export interface RawAlert {
  dir: 0 | 1;
  level: number | null;
  desc: number | null;
  frame: number;
}

/** A certificate as sent (copied out of the packet); summarised only for listed connections. */
export interface RawCert {
  der: Uint8Array;
  frame: number;
}

/** A segment held until the bytes before it arrive: data[at, at + len), in the direction's
 * stash (detect mode) or a copy of its own. A class, not literals (allocation sites: see
 * `objectList`). */
export class Queued {
  constructor(
    readonly seq: number,
    public data: Uint8Array,
    readonly at: number,
    readonly len: number,
    readonly frame: number,
  ) {}
}

/** An empty list whose elements kind is "objects" (never written: `objectList` copies it). */
const NO_OBJECTS: unknown[] = [{}];
NO_OBJECTS.pop();

/**
 * An empty list of objects (a connection's certificates and alerts, a direction's queue) whose
 * elements are objects from the start. A `[]` starts with small-integer elements and changes kind
 * at its first object: optimized code that had only seen lists after that change (recycled
 * connections) was deoptimised by a new connection's first alert or certificate ("wrong map",
 * "not a Smi") and `feed` / `message` were compiled again.
 *
 * Copied (`slice`) rather than made by a literal: a literal is an allocation site, and once its
 * objects had survived a few collections V8 decided to allocate them in the old generation and
 * threw away every optimized function that had inlined it (`Conn`, `data`): compiled again.
 */
export function objectList<T>(): T[] {
  return NO_OBJECTS.slice() as T[];
}

export class Dir {
  // ---- TCP reassembly (./tracker.ts) ----
  init = false;
  /** Next expected sequence number (signed 32-bit, as `TcpSegment.seq`). */
  next = 0;
  mode: Mode = Mode.Detect;
  /** The stream has been seen from its SYN on with no byte missing or out of order (./tracker.ts,
   * while detecting). */
  gapless = false;
  seenBytes = 0;
  packets = 0;
  /** Out-of-order segments (or, while detecting, recent segment starts). */
  ooo: Queued[] | null = null;
  oooBytes = 0;
  /** Bytes of the segments queued while detecting, appended (stash[0, stashLen)); the tracker
   * lends it from its pool and takes it back (./tracker.ts). */
  stash: Uint8Array | null = null;
  stashLen = 0;
  // ---- TLS record assembly (./tls-records.ts) ----
  /** Record header bytes read so far, accumulated big-endian into a number (≤ 40 bits). */
  hdrAcc = 0;
  hdrLen = 0;
  recType = 0;
  recLen = 0;
  recRemain = 0;
  recVersion = 0;
  /** The first bytes of an alert record. */
  small: Uint8Array | null = null;
  smallLen = 0;
  /** Handshake bytes waiting for the rest of their message. */
  hs: Uint8Array | null = null;
  hsLen = 0;
  encrypted = false;
  /** Frames of the first ChangeCipherSpec / application data / FIN / RST (0: none). */
  ccs = 0;
  app = 0;
  fin = 0;
  rst = 0;
  ssl2Hello = false;

  /** Back to a new direction's state (a recycled connection, ./tracker.ts). */
  reset(): void {
    this.init = false;
    this.next = 0;
    this.mode = Mode.Detect;
    this.gapless = false;
    this.seenBytes = 0;
    this.packets = 0;
    this.ooo = null;
    this.oooBytes = 0;
    this.stash = null;
    this.stashLen = 0;
    this.hdrAcc = 0;
    this.hdrLen = 0;
    this.recType = 0;
    this.recLen = 0;
    this.recRemain = 0;
    this.recVersion = 0;
    this.small = null;
    this.smallLen = 0;
    this.hs = null;
    this.hsLen = 0;
    this.encrypted = false;
    this.ccs = 0;
    this.app = 0;
    this.fin = 0;
    this.rst = 0;
    this.ssl2Hello = false;
  }

  /** Stops reading this direction and drops its queued segments (the stash goes back to the
   * tracker's pool when the connection is recycled). */
  off(): void {
    this.mode = Mode.Off;
    this.ooo = null;
    this.oooBytes = 0;
  }
}

/** [a, b] without an array literal (an allocation site: see `objectList`). */
function pair(a: Dir, b: Dir): readonly [Dir, Dir] {
  const p = objectList<Dir>();
  p.push(a, b);
  return p as unknown as readonly [Dir, Dir];
}

/** The address words and ports of a segment (TcpSegment's names). */
export type TcpTuple = Pick<
  TcpSegment,
  'v6' | 's0' | 's1' | 's2' | 's3' | 'sport' | 'd0' | 'd1' | 'd2' | 'd3' | 'dport'
>;

export class Conn {
  // The fields a packet's look-up reads come first, with initial values of their final type, so
  // that they are stored in the object itself and share its first cache lines (fields first set
  // in `reuse()` went to a separate property array: one more cache miss per packet).
  /** Side `a` sent the connection's first packet (d[0]); side `b` is the other (d[1]). Address
   * words as in `TcpSegment` (signed). */
  ap = 0;
  bp = 0;
  a0 = 0;
  b0 = 0;
  /** Next connection in the same bucket of the tracker's table. */
  bucketNext: Conn | null = null;
  a1 = 0;
  a2 = 0;
  a3 = 0;
  b1 = 0;
  b2 = 0;
  b3 = 0;
  v6 = false;
  hash = 0;
  /** The directions as fields (the per-packet path), and as a pair (`d[dir]`) for the rest. */
  readonly d0 = new Dir();
  readonly d1 = new Dir();
  readonly d: readonly [Dir, Dir] = pair(this.d0, this.d1);
  lastFrame = 0;
  closedFrame = 0;
  firstFrame = 0;
  /** ms since 1970 (NaN: none), a double from the start. */
  firstTs = NaN;
  /** Neighbours in the tracker's list of live connections (creation order); `live` while in it. */
  livePrev: Conn | null = null;
  liveNext: Conn | null = null;
  live = false;
  /** Next in the tracker's queue of closed connections (`Tracker.closingHead`). */
  closingNext: Conn | null = null;
  synFrom = -1;
  /** Time (ms) of the last SYN without ACK: how long a SYN no one answered was retried. */
  lastSynTs = NaN;
  ch: RawClientHello | null = null;
  chDir = -1;
  chFrame = 0;
  chRecordVersion = 0;
  chCount = 0;
  sh: RawServerHello | null = null;
  shDir = -1;
  shFrame = 0;
  hrr: RawServerHello | null = null;
  hrrFrame = 0;
  certs: RawCert[] = objectList();
  /** Client authentication in the clear (TLS ≤ 1.2): the server's CertificateRequest frame, the
   * client's Certificate frame and how many certificates it held (-1 malformed); 0 = not seen. */
  certRequestFrame = 0;
  clientCertFrame = 0;
  clientCertCount = 0;
  alerts: RawAlert[] = objectList();
  tls13 = false;
  established = false;
  gapNoted = false;
  /** The server answered the ClientHello with plain HTTP (judge7 S2): its frame and head. */
  plainReplyFrame = 0;
  plainReply: string | null = null;
  /**
   * `first` is the connection's first segment (read, not kept: the reader reuses one scratch
   * record for every packet).
   */
  constructor(hash: number, first: Readonly<TcpTuple>, firstFrame: number, firstTs: number) {
    this.reuse(hash, first, firstFrame, firstTs);
  }

  /**
   * Makes this object a new connection, as the constructor does. The tracker recycles finished
   * connections (./tracker.ts): on a capture of short handshakes each one lives across many
   * young-generation collections, so allocating one per connection made the collector copy and
   * promote ~1 KB per connection (CLI heap flags, src/cli/heap.ts).
   */
  reuse(hash: number, first: Readonly<TcpTuple>, firstFrame: number, firstTs: number): void {
    this.v6 = first.v6;
    this.a0 = first.s0;
    this.a1 = first.s1;
    this.a2 = first.s2;
    this.a3 = first.s3;
    this.ap = first.sport;
    this.b0 = first.d0;
    this.b1 = first.d1;
    this.b2 = first.d2;
    this.b3 = first.d3;
    this.bp = first.dport;
    this.hash = hash;
    this.firstFrame = firstFrame;
    this.firstTs = firstTs;
    this.lastFrame = firstFrame;
  }

  /** Back to the state of a new object (before `reuse()`), for the tracker's free list. */
  clear(): void {
    this.bucketNext = null;
    this.livePrev = null;
    this.liveNext = null;
    this.live = false;
    this.closingNext = null;
    this.d0.reset();
    this.d1.reset();
    this.synFrom = -1;
    this.lastSynTs = NaN;
    this.ch = null;
    this.chDir = -1;
    this.chFrame = 0;
    this.chRecordVersion = 0;
    this.chCount = 0;
    this.sh = null;
    this.shDir = -1;
    this.shFrame = 0;
    this.hrr = null;
    this.hrrFrame = 0;
    this.certs.length = 0;
    this.certRequestFrame = 0;
    this.clientCertFrame = 0;
    this.clientCertCount = 0;
    this.alerts.length = 0;
    this.tls13 = false;
    this.established = false;
    this.closedFrame = 0;
    this.gapNoted = false;
    this.plainReplyFrame = 0;
    this.plainReply = null;
  }
  get hasHello(): boolean {
    return this.ch !== null || this.sh !== null || this.hrr !== null;
  }
}

export interface TrackerSink {
  /** False once no more connections will be listed in full (certificates need not be kept). */
  wantDetails(): boolean;
  /** Called once per connection when it is closed, evicted or at the end. */
  finish(c: Conn): void;
  issue(i: ParseIssue<CaptureIssueCode>): void;
}
