/**
 * Link layer → IP → TCP decoding into a reused scratch record (no allocation per packet).
 *
 * Link types: 0 NULL (BSD loopback, family in host byte order), 108 LOOP (family big-endian),
 * 1 Ethernet (802.1Q / 802.1ad / QinQ tags skipped), 113 Linux SLL, 276 Linux SLL2,
 * 101 / 12 / 14 raw IP, 228 raw IPv4, 229 raw IPv6.
 * IPv4: header length, total length (Ethernet padding removed), fragments counted and skipped.
 * IPv6: hop-by-hop, routing, destination-options and AH extension headers skipped; fragments
 * counted and skipped. GTP-U tunnels (UDP 2152) are opened once to reach the inner IP packet.
 */

export interface TcpSegment {
  v6: boolean;
  /** Addresses as four signed 32-bit words (IPv4 uses word 0 only; `>>> 0` for the unsigned). */
  s0: number;
  s1: number;
  s2: number;
  s3: number;
  d0: number;
  d1: number;
  d2: number;
  d3: number;
  sport: number;
  dport: number;
  /** Sequence number, signed 32-bit like the address words (compared modulo 2^32 with `| 0`). */
  seq: number;
  flags: number;
  /** Payload view: data[pStart, pStart + pLen). */
  data: Uint8Array;
  pStart: number;
  pLen: number;
  /** Payload bytes the packet carried but the capture cut off (snap length). */
  missing: number;
}

export const enum Decode {
  Tcp = 0,
  NotTcp = 1,
  Fragment = 2,
  UnknownLink = 3,
  Short = 4,
}

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const ACK = 0x10;

const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
/** A big-endian 32-bit word as a signed int32: a small integer V8 stores unboxed in the segment
 * and connection records (an unsigned word above 2^31 is a heap number, one more load per use). */
const i32 = (b: Uint8Array, o: number): number =>
  (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;

/** Decodes one packet into `seg`; returns Decode.Tcp when `seg` holds a TCP segment. */
export function decodePacket(
  seg: TcpSegment,
  linkType: number,
  b: Uint8Array,
  start: number,
  capLen: number,
  origLen: number,
): Decode {
  const end = start + capLen;
  let o = start;
  let ethType: number;
  switch (linkType) {
    case 1: {
      if (capLen < 14) return Decode.Short;
      ethType = u16(b, o + 12);
      o += 14;
      while (ethType === 0x8100 || ethType === 0x88a8 || ethType === 0x9100) {
        if (o + 4 > end) return Decode.Short;
        ethType = u16(b, o + 2);
        o += 4;
      }
      break;
    }
    case 0: {
      if (capLen < 4) return Decode.Short;
      const fam = b[o] === 0 && b[o + 1] === 0 ? b[o + 3]! : b[o]!;
      ethType = fam === 2 ? 0x0800 : fam === 24 || fam === 28 || fam === 30 ? 0x86dd : 0;
      o += 4;
      break;
    }
    case 108: {
      if (capLen < 4) return Decode.Short;
      const fam = b[o + 3]!;
      ethType = fam === 2 ? 0x0800 : fam === 24 || fam === 28 || fam === 30 ? 0x86dd : 0;
      o += 4;
      break;
    }
    case 113:
      if (capLen < 16) return Decode.Short;
      ethType = u16(b, o + 14);
      o += 16;
      break;
    case 276:
      if (capLen < 20) return Decode.Short;
      ethType = u16(b, o);
      o += 20;
      break;
    case 101:
    case 12:
    case 14:
      if (capLen < 1) return Decode.Short;
      ethType = b[o]! >> 4 === 6 ? 0x86dd : 0x0800;
      break;
    case 228:
      ethType = 0x0800;
      break;
    case 229:
      ethType = 0x86dd;
      break;
    default:
      return Decode.UnknownLink;
  }
  // Bytes the capture cut off at the end of this packet.
  const cut = origLen > capLen ? origLen - capLen : 0;
  let ipEnd = 0;
  let proto = 0;
  for (let depth = 0; depth < 2; depth++) {
    if (ethType === 0x0800) {
      if (o + 20 > end || b[o]! >> 4 !== 4) return Decode.Short;
      const ihl = (b[o]! & 0x0f) * 4;
      const total = u16(b, o + 2);
      const frag = u16(b, o + 6);
      if ((frag & 0x3fff) !== 0) return Decode.Fragment;
      proto = b[o + 9]!;
      seg.v6 = false;
      seg.s0 = i32(b, o + 12);
      seg.d0 = i32(b, o + 16);
      seg.s1 = seg.s2 = seg.s3 = seg.d1 = seg.d2 = seg.d3 = 0;
      // total = 0 happens with TSO offload captures: take what was captured.
      ipEnd = total === 0 ? end + cut : o + total;
      o += ihl;
    } else if (ethType === 0x86dd) {
      if (o + 40 > end) return Decode.Short;
      const plen = u16(b, o + 4);
      proto = b[o + 6]!;
      seg.v6 = true;
      seg.s0 = i32(b, o + 8);
      seg.s1 = i32(b, o + 12);
      seg.s2 = i32(b, o + 16);
      seg.s3 = i32(b, o + 20);
      seg.d0 = i32(b, o + 24);
      seg.d1 = i32(b, o + 28);
      seg.d2 = i32(b, o + 32);
      seg.d3 = i32(b, o + 36);
      ipEnd = plen === 0 ? end + cut : o + 40 + plen;
      o += 40;
      for (let hops = 0; hops < 8; hops++) {
        if (proto === 0 || proto === 43 || proto === 60) {
          if (o + 2 > end) return Decode.Short;
          proto = b[o]!;
          o += (b[o + 1]! + 1) * 8;
        } else if (proto === 51) {
          if (o + 2 > end) return Decode.Short;
          proto = b[o]!;
          o += (b[o + 1]! + 2) * 4;
        } else if (proto === 44) {
          return Decode.Fragment;
        } else break;
      }
    } else return Decode.NotTcp;
    if (proto === 6) break;
    // GTP-U (UDP port 2152, mobile-network captures): decode the inner IP packet once.
    if (proto !== 17 || depth > 0 || o + 16 > end) return Decode.NotTcp;
    if (u16(b, o) !== 2152 && u16(b, o + 2) !== 2152) return Decode.NotTcp;
    const g = o + 8;
    const gflags = b[g]!;
    if (gflags >> 5 !== 1 || b[g + 1] !== 0xff) return Decode.NotTcp;
    o = g + 8;
    if (gflags & 0x07) {
      o += 4;
      let next = gflags & 0x04 ? b[o - 1]! : 0;
      while (next !== 0 && o < end) {
        const l = b[o]! * 4;
        if (l === 0) return Decode.Short;
        next = b[o + l - 1]!;
        o += l;
      }
    }
    if (o >= end) return Decode.Short;
    ethType = b[o]! >> 4 === 6 ? 0x86dd : 0x0800;
  }
  if (proto !== 6) return Decode.NotTcp;
  if (o + 20 > end) return Decode.Short;
  const doff = (b[o + 12]! >> 4) * 4;
  seg.sport = u16(b, o);
  seg.dport = u16(b, o + 2);
  seg.seq = i32(b, o + 4);
  seg.flags = b[o + 13]!;
  const pStart = o + doff;
  const declared = ipEnd - pStart;
  const avail = end - pStart;
  // Stored only when the buffer changes (once per chunk): a store of a new chunk's (young)
  // view into the long-lived record is a write-barrier slow path on every packet.
  if (seg.data !== b) seg.data = b;
  seg.pStart = pStart;
  if (declared <= 0 || avail <= 0) {
    seg.pLen = 0;
    seg.missing = declared > 0 ? declared : 0;
  } else if (avail >= declared) {
    seg.pLen = declared;
    seg.missing = 0;
  } else {
    seg.pLen = avail;
    seg.missing = declared - avail;
  }
  return Decode.Tcp;
}
