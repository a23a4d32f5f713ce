/**
 * Per-connection TCP tracking and TLS record-layer state.
 *
 * Connections live in a hash table keyed by a direction-independent hash of the 4-tuple (no
 * allocation per packet). Each direction reassembles its byte stream by sequence number only
 * while it matters: until TLS is recognised ("detect", looking at segment starts, which also finds
 * TLS after STARTTLS / CONNECT / SSLRequest) and during the handshake ("tls"). Retransmissions and
 * duplicates (pktmon records a packet at several components) are trimmed against the next
 * expected sequence number; out-of-order segments are held in a small bounded queue. Once both
 * sides have switched to encrypted records the connection is "established" and its packets only
 * update FIN/RST state, so bulk data costs one table lookup per packet.
 *
 * Records: 5-byte header (type, version, length ≤ 2^14 + 2048). Handshake records are appended to
 * a per-direction buffer and complete messages are decoded as soon as their last byte arrives,
 * so the frame of a message is the frame that completed it (as in Wireshark). SSL 2.0 records
 * (2-byte header with the high bit set) are read for the two hellos only.
 */
import { issue, type ParseIssue } from '../../shared/parse.js';
import { ACK, FIN, RST, SYN, type TcpSegment } from './packet.js';
import {
  parseCertificateList,
  parseClientHello,
  parseServerHello,
  parseSslv2ClientHello,
  parseSslv2ServerHello,
  type RawClientHello,
  type RawServerHello,
} from './tls.js';
import type { CaptureIssueCode } from './types.js';

export const enum Mode {
  Detect = 0,
  Tls = 1,
  Ssl2 = 2,
  Off = 3,
}

/** Bytes of a direction's stream examined for a TLS start before giving up on it. */
const DETECT_LIMIT = 64 * 1024;
const MAX_RECORD = 16384 + 2048;
/** Largest handshake message buffered (certificate chains). */
const MAX_HANDSHAKE = 1024 * 1024;
const OOO_MAX_SEGMENTS = 64;
/** Certificates kept per chain (leaf first). */
const MAX_CHAIN = 6;
const OOO_MAX_BYTES = 1024 * 1024;

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

interface Queued {
  seq: number;
  data: Uint8Array;
  frame: number;
}

export class Dir {
  init = false;
  next = 0;
  mode: Mode = Mode.Detect;
  seenBytes = 0;
  packets = 0;
  ooo: Queued[] | null = null;
  oooBytes = 0;
  // record layer
  /** Record header bytes read so far, accumulated big-endian into a number (≤ 40 bits). */
  hdrAcc = 0;
  hdrLen = 0;
  recType = 0;
  recLen = 0;
  recRemain = 0;
  recVersion = 0;
  small: Uint8Array | null = null;
  smallLen = 0;
  hs: Uint8Array | null = null;
  hsLen = 0;
  encrypted = false;
  ccs = 0;
  app = 0;
  fin = 0;
  rst = 0;
  ssl2Hello = false;
}

export class Conn {
  bucketNext: Conn | null = null;
  readonly d: [Dir, Dir] = [new Dir(), new Dir()];
  lastFrame: number;
  synFrom = -1;
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
  certs: RawCert[] = [];
  /** Client authentication in the clear (TLS ≤ 1.2): the server's CertificateRequest frame, the
   * client's Certificate frame and how many certificates it held (-1 malformed); 0 = not seen. */
  certRequestFrame = 0;
  clientCertFrame = 0;
  clientCertCount = 0;
  alerts: RawAlert[] = [];
  tls13 = false;
  established = false;
  closedFrame = 0;
  gapNoted = false;
  constructor(
    readonly hash: number,
    readonly v6: boolean,
    readonly a0: number,
    readonly a1: number,
    readonly a2: number,
    readonly a3: number,
    readonly ap: number,
    readonly b0: number,
    readonly b1: number,
    readonly b2: number,
    readonly b3: number,
    readonly bp: number,
    readonly firstFrame: number,
    readonly firstTs: number,
  ) {
    this.lastFrame = firstFrame;
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

const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;

export class Tracker {
  private readonly table = new Map<number, Conn>();
  /** Live connections in creation order (for eviction). */
  private readonly live = new Set<Conn>();
  /** Closed connections waiting a grace period for late retransmissions. */
  private closing: Conn[] = [];
  private closingHead = 0;
  /** Reusable handshake buffers (a partial record is rare and short-lived). */
  private readonly pool: Uint8Array[] = [];
  constructor(
    private readonly sink: TrackerSink,
    private readonly maxLive = 20000,
    private readonly graceFrames = 256,
    /** [0] = time of the current packet, written by the reader. */
    private readonly clock: Float64Array = new Float64Array(1),
  ) {}

  segment(s: TcpSegment, frame: number): void {
    const h =
      (s.s0 ^
        s.s1 ^
        s.s2 ^
        s.s3 ^
        s.d0 ^
        s.d1 ^
        s.d2 ^
        s.d3 ^
        Math.imul(s.sport ^ s.dport, 0x9e3779b1)) |
      0;
    let c = this.table.get(h) ?? null;
    let dir = -1;
    while (c !== null) {
      if (
        s.sport === c.ap &&
        s.dport === c.bp &&
        s.s0 === c.a0 &&
        s.d0 === c.b0 &&
        s.s1 === c.a1 &&
        s.s2 === c.a2 &&
        s.s3 === c.a3 &&
        s.d1 === c.b1 &&
        s.d2 === c.b2 &&
        s.d3 === c.b3
      ) {
        dir = 0;
        break;
      }
      if (
        s.sport === c.bp &&
        s.dport === c.ap &&
        s.s0 === c.b0 &&
        s.d0 === c.a0 &&
        s.s1 === c.b1 &&
        s.s2 === c.b2 &&
        s.s3 === c.b3 &&
        s.d1 === c.a1 &&
        s.d2 === c.a2 &&
        s.d3 === c.a3
      ) {
        dir = 1;
        break;
      }
      c = c.bucketNext;
    }
    const flags = s.flags;
    if (c !== null && (flags & (SYN | ACK)) === SYN && c.d[dir]!.init) {
      // A new SYN on a known tuple: port reuse, unless it is a retransmitted SYN.
      if (((s.seq + 1 - c.d[dir]!.next) | 0) !== 0) {
        this.remove(c);
        c = null;
      }
    }
    if (c === null) {
      // Only SYNs and segments with data open a connection (a stray ACK or FIN does not).
      if ((flags & SYN) === 0 && s.pLen === 0) return;
      c = new Conn(
        h,
        s.v6,
        s.s0,
        s.s1,
        s.s2,
        s.s3,
        s.sport,
        s.d0,
        s.d1,
        s.d2,
        s.d3,
        s.dport,
        frame,
        this.clock[0]!,
      );
      c.bucketNext = this.table.get(h) ?? null;
      this.table.set(h, c);
      this.live.add(c);
      dir = 0;
      if (this.live.size > this.maxLive) this.evictOldest();
    }
    c.lastFrame = frame;
    const d = c.d[dir]!;
    d.packets++;
    if (flags & SYN) {
      if ((flags & ACK) === 0) c.synFrom = dir;
      d.next = (s.seq + 1) >>> 0;
      d.init = true;
      return;
    }
    if (s.pLen > 0 || s.missing > 0) this.data(c, dir as 0 | 1, d, s, frame);
    if (flags & RST) {
      if (d.rst === 0) d.rst = frame;
      this.close(c, frame);
    } else if (flags & FIN) {
      if (d.fin === 0) d.fin = frame;
      if (c.d[dir ^ 1]!.fin !== 0) this.close(c, frame);
    }
    this.expire(frame);
  }

  /** Finishes every remaining connection (end of capture). */
  end(): void {
    for (const c of this.live) this.sink.finish(c);
    this.live.clear();
    this.table.clear();
    this.closing = [];
  }

  private close(c: Conn, frame: number): void {
    if (c.closedFrame === 0) {
      c.closedFrame = frame;
      this.closing.push(c);
    }
  }

  private expire(frame: number): void {
    while (this.closingHead < this.closing.length) {
      const c = this.closing[this.closingHead]!;
      if (frame - c.closedFrame < this.graceFrames) break;
      this.closingHead++;
      if (this.live.has(c)) this.remove(c);
    }
    if (this.closingHead > 1024) {
      this.closing = this.closing.slice(this.closingHead);
      this.closingHead = 0;
    }
  }

  private evictOldest(): void {
    const first = this.live.values().next();
    if (!first.done) this.remove(first.value);
  }

  private remove(c: Conn): void {
    let p = this.table.get(c.hash) ?? null;
    if (p === c) {
      if (c.bucketNext === null) this.table.delete(c.hash);
      else this.table.set(c.hash, c.bucketNext);
    } else {
      while (p !== null && p.bucketNext !== c) p = p.bucketNext;
      if (p !== null) p.bucketNext = c.bucketNext;
    }
    c.bucketNext = null;
    this.live.delete(c);
    this.sink.finish(c);
  }

  // ---- TCP payload ----

  private data(c: Conn, dir: 0 | 1, d: Dir, s: TcpSegment, frame: number): void {
    if (d.mode === Mode.Off) return;
    const b = s.data;
    let o = s.pStart;
    let len = s.pLen;
    if (!d.init) {
      d.init = true;
      d.next = s.seq;
    }
    if (d.mode === Mode.Detect) {
      // No reassembly while looking for a TLS start: each segment start is a candidate.
      d.next = (s.seq + len + s.missing) >>> 0;
      d.seenBytes += len;
      const m = this.detect(b, o, len, c.d[dir ^ 1]!);
      if (m === Mode.Detect) {
        if (d.seenBytes > DETECT_LIMIT) {
          d.mode = Mode.Off;
          d.ooo = null;
          d.oooBytes = 0;
        } else if (s.missing === 0) {
          // Kept in case an earlier segment that starts the TLS stream arrives late.
          const q = (d.ooo ??= []);
          q.push({ seq: s.seq, data: b.slice(o, o + len), frame });
          d.oooBytes += len;
          if (q.length > OOO_MAX_SEGMENTS) d.oooBytes -= q.shift()!.data.length;
        }
        return;
      }
      d.mode = m;
      d.next = (s.seq + len) >>> 0;
      this.feed(c, dir, d, b, o, len, frame);
      if (s.missing > 0) {
        d.next = (d.next + s.missing) >>> 0;
        this.gap(c, d, s.missing, frame);
      }
      if (d.ooo !== null) this.drain(c, dir, d);
      return;
    }
    const rel = (s.seq - d.next) | 0;
    if (rel > 0) {
      this.enqueue(c, d, s, frame);
      return;
    }
    if (rel < 0) {
      if (-rel >= len) return; // retransmission or duplicate of bytes already seen
      o -= rel;
      len += rel;
    }
    d.next = (d.next + len) >>> 0;
    this.feed(c, dir, d, b, o, len, frame);
    if (s.missing > 0) {
      d.next = (d.next + s.missing) >>> 0;
      this.gap(c, d, s.missing, frame);
    }
    if (d.ooo !== null) this.drain(c, dir, d);
  }

  private enqueue(c: Conn, d: Dir, s: TcpSegment, frame: number): void {
    const q = (d.ooo ??= []);
    for (const e of q) if (e.seq === s.seq && e.data.length >= s.pLen) return; // duplicate
    q.push({ seq: s.seq, data: s.data.slice(s.pStart, s.pStart + s.pLen), frame });
    d.oooBytes += s.pLen;
    if (q.length > OOO_MAX_SEGMENTS || d.oooBytes > OOO_MAX_BYTES) {
      // The missing bytes never came: skip to the earliest queued segment.
      let min = q[0]!;
      for (const e of q) if (((e.seq - min.seq) | 0) < 0) min = e;
      const missing = (min.seq - d.next) | 0;
      d.next = min.seq;
      this.gap(c, d, missing, frame);
    }
  }

  private drain(c: Conn, dir: 0 | 1, d: Dir): void {
    const q = d.ooo!;
    let progressed = true;
    while (progressed && q.length > 0) {
      progressed = false;
      for (let i = 0; i < q.length; i++) {
        const e = q[i]!;
        const rel = (e.seq - d.next) | 0;
        if (rel > 0) continue;
        q.splice(i, 1);
        d.oooBytes -= e.data.length;
        progressed = true;
        if (-rel < e.data.length && d.mode !== Mode.Off) {
          const n = e.data.length + rel;
          d.next = (d.next + n) >>> 0;
          this.feed(c, dir, d, e.data, -rel, n, e.frame);
        }
        break;
      }
    }
    if (q.length === 0) {
      d.ooo = null;
      d.oooBytes = 0;
    }
  }

  /** Bytes of the stream that will never be seen (lost or cut by the snap length). */
  private gap(c: Conn, d: Dir, n: number, frame: number): void {
    if (d.mode === Mode.Off || n <= 0) return;
    // Inside an application-data (or encrypted) record the bytes are not needed anyway.
    const buffering = d.recType === 22 && !d.encrypted;
    if (d.mode === Mode.Tls && d.hdrLen === 5 && !buffering && n < d.recRemain) {
      d.recRemain -= n;
      return;
    }
    d.mode = Mode.Off;
    d.ooo = null;
    d.oooBytes = 0;
    if (!c.gapNoted && !c.established) {
      c.gapNoted = true;
      this.sink.issue(
        issue(
          'tcp-gap',
          `${n} bytes of a TLS stream are missing from the capture; its handshake is read only up to frame ${frame}.`,
          { frame },
          'info',
        ),
      );
    }
  }

  private detect(b: Uint8Array, o: number, len: number, other: Dir): Mode {
    if (len >= 6 && b[o + 1] === 3 && b[o + 2]! <= 4) {
      const t = b[o]!;
      const rl = u16(b, o + 3);
      if (rl > MAX_RECORD) return Mode.Detect;
      if (t === 22 && (b[o + 5] === 1 || b[o + 5] === 2) && rl >= 4) return Mode.Tls;
      if (t >= 20 && t <= 23 && other.mode === Mode.Tls) return Mode.Tls;
      return Mode.Detect;
    }
    if (len >= 5 && b[o]! & 0x80) {
      const rl = ((b[o]! & 0x7f) << 8) | b[o + 1]!;
      const v = u16(b, o + 3);
      if (b[o + 2] === 1 && rl >= 9 && (v === 0x0002 || (v >= 0x0300 && v <= 0x0304)))
        return Mode.Ssl2;
      if (b[o + 2] === 4 && rl >= 11 && other.ssl2Hello) return Mode.Ssl2;
    }
    return Mode.Detect;
  }

  // ---- record layer ----

  private feed(
    c: Conn,
    dir: 0 | 1,
    d: Dir,
    b: Uint8Array,
    o: number,
    len: number,
    frame: number,
  ): void {
    while (len > 0) {
      if (d.mode === Mode.Ssl2) {
        const n = this.feedSsl2(c, dir, d, b, o, len, frame);
        o += n;
        len -= n;
        continue;
      }
      if (d.mode !== Mode.Tls) return;
      if (d.hdrLen < 5) {
        let t: number;
        let v: number;
        let rl: number;
        if (d.hdrLen === 0 && len >= 5) {
          t = b[o]!;
          v = (b[o + 1]! << 8) | b[o + 2]!;
          rl = (b[o + 3]! << 8) | b[o + 4]!;
          o += 5;
          len -= 5;
          d.hdrLen = 5;
        } else {
          const take = Math.min(5 - d.hdrLen, len);
          for (let i = 0; i < take; i++) d.hdrAcc = d.hdrAcc * 256 + b[o + i]!;
          d.hdrLen += take;
          o += take;
          len -= take;
          if (d.hdrLen < 5) return;
          t = Math.floor(d.hdrAcc / 4294967296);
          const low = d.hdrAcc % 4294967296;
          v = low >>> 16;
          rl = low & 0xffff;
          d.hdrAcc = 0;
        }
        if (t < 20 || t > 24 || v >> 8 !== 3 || (v & 0xff) > 4 || rl > MAX_RECORD) {
          d.mode = Mode.Off;
          if (!c.established)
            this.sink.issue(
              issue(
                'tls-record-invalid',
                `Not a TLS record header (type ${t}, version 0x${v.toString(16)}, length ${rl}); the rest of this direction is not read.`,
                { frame },
              ),
            );
          return;
        }
        d.recType = t;
        d.recLen = rl;
        d.recRemain = rl;
        d.recVersion = v;
        d.smallLen = 0;
        if (rl === 0) {
          this.recordEnd(c, dir, d, frame);
          d.hdrLen = 0;
        }
        continue;
      }
      const take = Math.min(d.recRemain, len);
      if (d.recType === 22 && !d.encrypted) {
        if (d.hsLen === 0 && take === d.recRemain) {
          // The record ends in this segment and nothing is pending: decode in place and
          // keep only an unfinished trailing message.
          const used = this.messages(c, dir, d, b, o, o + take, frame);
          if (used < take && d.mode === Mode.Tls && !d.encrypted)
            this.appendHandshake(d, b, o + used, take - used, frame);
        } else this.appendHandshake(d, b, o, take, frame);
      } else if (d.recType === 21) {
        const sm = (d.small ??= new Uint8Array(8));
        for (let i = 0; i < take && d.smallLen < 8; i++) sm[d.smallLen++] = b[o + i]!;
      }
      d.recRemain -= take;
      o += take;
      len -= take;
      if (d.recRemain === 0) {
        this.recordEnd(c, dir, d, frame);
        d.hdrLen = 0;
      }
    }
  }

  private recordEnd(c: Conn, dir: 0 | 1, d: Dir, frame: number): void {
    switch (d.recType) {
      case 22:
        // Messages are decoded when the record holding their last byte is complete, so a
        // message's frame is that record's last frame (as Wireshark reports it).
        if (d.hsLen >= 4 && d.mode === Mode.Tls) {
          const hs = d.hs!;
          const used = this.messages(c, dir, d, hs, 0, d.hsLen, frame);
          if (d.hs === hs && used > 0) {
            hs.copyWithin(0, used, d.hsLen);
            d.hsLen -= used;
            if (d.hsLen === 0) this.releaseHandshake(d);
          }
        }
        break;
      case 20:
        if (d.ccs === 0) d.ccs = frame;
        // TLS 1.3 sends a dummy CCS (middlebox compatibility), also right after a
        // HelloRetryRequest; only in TLS ≤ 1.2 does it switch the sender to encrypted records.
        if (c.sh !== null && !c.tls13) {
          d.encrypted = true;
          this.releaseHandshake(d);
        }
        break;
      case 21: {
        const n = d.recLen;
        const sm = d.small!;
        let plain = !d.encrypted && n >= 2 && n <= 8 && n % 2 === 0;
        for (let i = 0; plain && i < n; i += 2) if (sm[i] !== 1 && sm[i] !== 2) plain = false;
        if (plain) {
          for (let i = 0; i < n; i += 2)
            c.alerts.push({ dir, level: sm[i]!, desc: sm[i + 1]!, frame });
        } else c.alerts.push({ dir, level: null, desc: null, frame });
        break;
      }
      case 23:
        if (d.app === 0) d.app = frame;
        break;
    }
    this.checkEstablished(c);
  }

  private checkEstablished(c: Conn): void {
    if (c.established || c.sh === null) return;
    const [x, y] = c.d;
    const done = c.tls13 ? x.app !== 0 && y.app !== 0 : x.ccs !== 0 && y.ccs !== 0;
    if (!done) return;
    c.established = true;
    // Nothing more to learn from the encrypted records: stop reading them.
    for (const d of c.d) {
      d.mode = Mode.Off;
      this.releaseHandshake(d);
      d.ooo = null;
      d.oooBytes = 0;
    }
  }

  private releaseHandshake(d: Dir): void {
    const hs = d.hs;
    d.hs = null;
    d.hsLen = 0;
    if (hs !== null && hs.length <= 65536 && this.pool.length < 64) this.pool.push(hs);
  }

  private appendHandshake(d: Dir, b: Uint8Array, o: number, n: number, frame: number): void {
    let hs = d.hs;
    const need = d.hsLen + n;
    if (hs === null || hs.length < need) {
      if (need > MAX_HANDSHAKE + 4) {
        d.mode = Mode.Off;
        this.sink.issue(
          issue(
            'limit-exceeded',
            `A handshake message larger than ${MAX_HANDSHAKE} bytes; the rest of this direction is not read.`,
            { frame },
          ),
        );
        return;
      }
      let grown = hs === null ? this.pool.pop() : undefined;
      if (grown === undefined || grown.length < need)
        grown = new Uint8Array(Math.max(need, hs === null ? 32768 : hs.length * 2));
      if (hs !== null) grown.set(hs.subarray(0, d.hsLen));
      hs = d.hs = grown;
    }
    hs.set(b.subarray(o, o + n), d.hsLen);
    d.hsLen = need;
  }

  /** Decodes the complete handshake messages in hs[start, end); returns the bytes used. */
  private messages(
    c: Conn,
    dir: 0 | 1,
    d: Dir,
    hs: Uint8Array,
    start: number,
    end: number,
    frame: number,
  ): number {
    let p = start;
    while (end - p >= 4) {
      const type = hs[p]!;
      const mlen = (hs[p + 1]! << 16) | (hs[p + 2]! << 8) | hs[p + 3]!;
      if (mlen > MAX_HANDSHAKE) {
        d.mode = Mode.Off;
        this.sink.issue(
          issue(
            'tls-message-invalid',
            `Handshake message of ${mlen} bytes; the rest of this direction is not read.`,
            { frame },
          ),
        );
        d.hs = null;
        d.hsLen = 0;
        return end - start;
      }
      if (end - p < 4 + mlen) break;
      this.message(c, dir, d, type, hs, p + 4, p + 4 + mlen, frame);
      p += 4 + mlen;
      if (d.mode !== Mode.Tls) return end - start;
    }
    return p - start;
  }

  private message(
    c: Conn,
    dir: 0 | 1,
    d: Dir,
    type: number,
    b: Uint8Array,
    o: number,
    end: number,
    frame: number,
  ): void {
    if (type === 1) {
      c.chCount++;
      const ch = parseClientHello(b, o, end);
      if (ch === null) {
        this.sink.issue(issue('tls-message-invalid', 'Malformed ClientHello.', { frame }));
        return;
      }
      if (c.ch === null) {
        c.ch = ch;
        c.chDir = dir;
        c.chFrame = frame;
        c.chRecordVersion = d.recVersion;
      }
    } else if (type === 2) {
      const sh = parseServerHello(b, o, end);
      if (sh === null) {
        this.sink.issue(issue('tls-message-invalid', 'Malformed ServerHello.', { frame }));
        return;
      }
      if (sh.hrr) {
        c.tls13 = true;
        if (c.hrr === null) {
          c.hrr = sh;
          c.hrrFrame = frame;
        }
        if (c.shDir < 0) c.shDir = dir;
        return;
      }
      if (c.sh === null) {
        c.sh = sh;
        c.shDir = dir;
        c.shFrame = frame;
        const v = sh.selectedVersion ?? sh.legacyVersion;
        c.tls13 = v === 0x0304 || v >> 8 === 0x7f || v >> 8 === 0xfb;
      }
    } else if (type === 13 && !c.tls13 && c.chDir >= 0 && dir !== c.chDir) {
      if (c.certRequestFrame === 0) c.certRequestFrame = frame;
    } else if (type === 11 && !c.tls13 && c.chDir >= 0 && dir === c.chDir) {
      // The client's own Certificate (answering a CertificateRequest): only its count matters.
      if (c.clientCertFrame === 0) {
        c.clientCertFrame = frame;
        c.clientCertCount = parseCertificateList(b, o, end)?.length ?? -1;
      }
    } else if (
      type === 11 &&
      !c.tls13 &&
      c.certs.length === 0 &&
      this.sink.wantDetails() &&
      (c.chDir < 0 || dir !== c.chDir)
    ) {
      const list = parseCertificateList(b, o, end);
      if (list === null) {
        this.sink.issue(issue('tls-message-invalid', 'Malformed Certificate message.', { frame }));
        return;
      }
      if (this.sink.wantDetails())
        for (const der of list.slice(0, MAX_CHAIN)) c.certs.push({ der: der.slice(), frame });
    }
  }

  /** SSL 2.0 record format: reads one hello record; returns bytes consumed. */
  private feedSsl2(
    c: Conn,
    dir: 0 | 1,
    d: Dir,
    b: Uint8Array,
    o: number,
    len: number,
    frame: number,
  ): number {
    let used = 0;
    if (d.hdrLen < 2) {
      const take = Math.min(2 - d.hdrLen, len);
      for (let i = 0; i < take; i++) d.hdrAcc = d.hdrAcc * 256 + b[o + i]!;
      d.hdrLen += take;
      used = take;
      if (d.hdrLen < 2) return used;
      d.recLen = d.hdrAcc & 0x7fff;
      d.hdrAcc = 0;
      d.recRemain = d.recLen;
      d.hsLen = 0;
      d.hs = new Uint8Array(d.recLen);
    }
    const take = Math.min(d.recRemain, len - used);
    d.hs!.set(b.subarray(o + used, o + used + take), d.hsLen);
    d.hsLen += take;
    d.recRemain -= take;
    used += take;
    if (d.recRemain > 0) return used;
    const m = d.hs!;
    d.hs = null;
    d.hsLen = 0;
    d.hdrLen = 0;
    d.mode = Mode.Off;
    if (m[0] === 1) {
      const ch = parseSslv2ClientHello(m, 0, m.length);
      c.chCount++;
      if (ch !== null && c.ch === null) {
        c.ch = ch;
        c.chDir = dir;
        c.chFrame = frame;
        d.ssl2Hello = ch.legacyVersion === 0x0002;
        // An SSLv2-compatible hello for SSL 3.0+ is followed by ordinary TLS records.
        if (!d.ssl2Hello) d.mode = Mode.Tls;
      }
    } else if (m[0] === 4) {
      const sh = parseSslv2ServerHello(m, 0, m.length);
      if (sh !== null && c.sh === null) {
        c.sh = sh;
        c.shDir = dir;
        c.shFrame = frame;
        if (sh.certificate) c.certs.push({ der: sh.certificate, frame });
      }
    }
    return used;
  }
}
