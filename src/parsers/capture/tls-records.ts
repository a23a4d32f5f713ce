/**
 * TLS record assembly over a reassembled byte stream (the TCP layer, ./tracker.ts, hands in
 * bytes in order, as Zeek's TCP reassembler feeds its SSL analyzer).
 *
 * Records: 5-byte header (type, version, length ≤ 2^14 + 2048). Handshake records are appended to
 * a per-direction buffer and complete messages are decoded as soon as their last byte arrives,
 * so the frame of a message is the frame that completed it (as in Wireshark); a record that ends
 * in the segment with nothing pending is decoded in place, without a copy. Once both sides have
 * switched to encrypted records the connection is "established" and neither direction is read
 * any more. SSL 2.0 records (2-byte header with the high bit set) are read for the two hellos
 * only.
 */
import { issue } from '../../shared/parse.js';
import { Mode, type Conn, type Dir, type TrackerSink } from './conn.js';
import { Interner } from './intern.js';
import {
  ClientHelloScratch,
  parseServerHello,
  parseSslv2ClientHello,
  parseSslv2ServerHello,
  scanCertificateList,
  scanClientHello,
  type RawServerHello,
} from './tls.js';

const MAX_RECORD = 16384 + 2048;
/** Largest handshake message buffered (certificate chains). */
const MAX_HANDSHAKE = 1024 * 1024;
/** Certificates kept per chain (leaf first). */
const MAX_CHAIN = 6;

const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;

/**
 * Whether a segment starting at b[o] starts TLS records (a handshake record, or any record type
 * once the other direction is TLS) or an SSL 2.0 hello; Mode.Detect when it does not.
 */
export function detectRecords(b: Uint8Array, o: number, len: number, other: Dir): Mode {
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

export class RecordAssembler {
  /** Reusable handshake buffers (a partial record is rare and short-lived). */
  private readonly pool: Uint8Array[] = [];
  /** Hellos and certificates shared by the connections that sent them alike (./intern.ts). */
  private readonly shared = new Interner();
  private readonly chScratch = new ClientHelloScratch();
  /** Offsets and lengths of a Certificate message's entries (`scanCertificateList`). */
  private readonly certAt: number[] = [];
  private readonly shScratch: RawServerHello = {
    sslv2: false,
    hrr: false,
    legacyVersion: 0,
    selectedVersion: null,
    cipherSuite: null,
    extensions: [],
    alpn: null,
    keyShareGroup: null,
    certificate: null,
  };
  constructor(private readonly sink: TrackerSink) {}

  /**
   * `n` bytes of the stream will never arrive. True when they lie inside a record whose content
   * is not needed (application data, encrypted): the record is then read on past them.
   */
  skip(d: Dir, n: number): boolean {
    const buffering = d.recType === 22 && !d.encrypted;
    if (d.mode === Mode.Tls && d.hdrLen === 5 && !buffering && n < d.recRemain) {
      d.recRemain -= n;
      return true;
    }
    return false;
  }

  /** Frames `len` in-order stream bytes b[o, o + len) of direction `dir` into records. */
  feed(c: Conn, dir: 0 | 1, d: Dir, b: Uint8Array, o: number, len: number, frame: number): void {
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
    const x = c.d0;
    const y = c.d1;
    const done = c.tls13 ? x.app !== 0 && y.app !== 0 : x.ccs !== 0 && y.ccs !== 0;
    if (!done) return;
    c.established = true;
    // Nothing more to learn from the encrypted records: stop reading them.
    for (const d of c.d) {
      d.off();
      this.releaseHandshake(d);
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
      if (!scanClientHello(b, o, end, this.chScratch)) {
        this.sink.issue(issue('tls-message-invalid', 'Malformed ClientHello.', { frame }));
        return;
      }
      if (c.ch === null) {
        c.ch = this.shared.clientHello(this.chScratch);
        c.chDir = dir;
        c.chFrame = frame;
        c.chRecordVersion = d.recVersion;
      }
    } else if (type === 2) {
      const sh = parseServerHello(b, o, end, this.shScratch);
      if (sh === null) {
        this.sink.issue(issue('tls-message-invalid', 'Malformed ServerHello.', { frame }));
        return;
      }
      if (sh.hrr) {
        c.tls13 = true;
        if (c.hrr === null) {
          c.hrr = this.shared.serverHello(sh);
          c.hrrFrame = frame;
        }
        if (c.shDir < 0) c.shDir = dir;
        return;
      }
      if (c.sh === null) {
        c.sh = this.shared.serverHello(sh);
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
        c.clientCertCount = scanCertificateList(b, o, end, this.certAt);
      }
    } else if (
      type === 11 &&
      !c.tls13 &&
      c.certs.length === 0 &&
      this.sink.wantDetails() &&
      (c.chDir < 0 || dir !== c.chDir)
    ) {
      const n = scanCertificateList(b, o, end, this.certAt);
      if (n < 0) {
        this.sink.issue(issue('tls-message-invalid', 'Malformed Certificate message.', { frame }));
        return;
      }
      if (this.sink.wantDetails()) {
        const at = this.certAt;
        for (let i = 0; i < n && i < MAX_CHAIN; i++)
          c.certs.push({ der: this.shared.certificate(b, at[2 * i]!, at[2 * i + 1]!), frame });
      }
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
