/**
 * A minimal, bounds-checked DER (ASN.1) reader: enough to walk an X.509 certificate. Every read
 * checks lengths against the enclosing element, so hostile bytes end in a DerError, never in an
 * out-of-range read or an endless loop. Only definite lengths (DER) are accepted.
 */

export class DerError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'DerError';
  }
}

export interface DerNode {
  /** Full identifier octet (class + constructed bit + tag number < 31). */
  tag: number;
  /** Offset of the identifier octet in the whole buffer. */
  offset: number;
  /** Offset of the first content byte. */
  start: number;
  /** Offset after the last content byte. */
  end: number;
  bytes: Uint8Array;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  PRINTABLE: 0x13,
  T61: 0x14,
  IA5: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL: 0x1c,
  BMP: 0x1e,
} as const;

/** Reads the element at `offset` within `[offset, limit)`. */
export function readNode(bytes: Uint8Array, offset: number, limit = bytes.length): DerNode {
  if (offset + 2 > limit) throw new DerError('element header runs past its container', offset);
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used in X.509', offset);
  let len = bytes[offset + 1]!;
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw new DerError('indefinite length is not DER', offset);
    if (n > 4) throw new DerError('length field too long', offset);
    if (start + n > limit) throw new DerError('length field runs past its container', offset);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[start + i]!;
    start += n;
  }
  const end = start + len;
  if (end > limit) throw new DerError('element runs past its container', offset);
  return { tag, offset, start, end, bytes };
}

/** The children of a constructed element. */
export function children(node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  let at = node.start;
  while (at < node.end) {
    const child = readNode(node.bytes, at, node.end);
    out.push(child);
    at = child.end;
    if (out.length > 10_000) throw new DerError('too many elements', at);
  }
  return out;
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node) throw new DerError(`${what} is missing`, 0);
  if (node.tag !== tag) {
    throw new DerError(
      `${what}: expected tag 0x${tag.toString(16)}, found 0x${node.tag.toString(16)}`,
      node.offset,
    );
  }
  return node;
}

export function content(node: DerNode): Uint8Array {
  return node.bytes.subarray(node.start, node.end);
}

/** The whole element (header + content), e.g. to hash a Name or to compare two Names. */
export function raw(node: DerNode): Uint8Array {
  return node.bytes.subarray(node.offset, node.end);
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function oid(node: DerNode): string {
  const b = content(node);
  if (b.length === 0) throw new DerError('empty OID', node.offset);
  const parts: number[] = [];
  let v = 0;
  for (let i = 0; i < b.length; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if (!(b[i]! & 0x80)) {
      if (parts.length === 0) {
        const first = v < 80 ? Math.floor(v / 40) : 2;
        parts.push(first, v - first * 40);
      } else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** Unsigned integer as lower-case hex without leading zero bytes (serial numbers). */
export function integerHex(node: DerNode): string {
  let b = content(node);
  while (b.length > 1 && b[0] === 0) b = b.subarray(1);
  return hex(b);
}

export function smallInteger(node: DerNode): number {
  const b = content(node);
  if (b.length > 6) throw new DerError('integer too large', node.offset);
  let v = 0;
  for (const x of b) v = v * 256 + x;
  return v;
}

export function string(node: DerNode): string {
  const b = content(node);
  switch (node.tag) {
    case TAG.BMP:
      return Buffer.from(b.subarray(0, b.length & ~1))
        .swap16()
        .toString('utf16le');
    case TAG.UNIVERSAL: {
      let s = '';
      for (let i = 0; i + 3 < b.length; i += 4) {
        s += String.fromCodePoint(
          ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0,
        );
      }
      return s;
    }
    case TAG.T61:
      return Buffer.from(b).toString('latin1');
    default:
      return new TextDecoder('utf-8').decode(b);
  }
}

/** UTCTime / GeneralizedTime → ISO 8601 UTC string. */
export function time(node: DerNode): string {
  const s = new TextDecoder('ascii').decode(content(node));
  const m =
    node.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(s);
  if (!m) throw new DerError(`unsupported time "${s}"`, node.offset);
  let year = Number(m[1]);
  if (node.tag === TAG.UTC_TIME) year += year < 50 ? 2000 : 1900;
  const iso = `${String(year).padStart(4, '0')}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}Z`;
  if (Number.isNaN(Date.parse(iso))) throw new DerError(`invalid time "${s}"`, node.offset);
  return new Date(iso).toISOString().replace('.000Z', 'Z');
}

/**
 * The OID whose whole DER element a hex text holds (`06 08 2a 86 48 ce 3d 03 01 07`, spaces
 * optional: certutil's "Algorithm Parameters" bytes, store.json KeyParameters); null otherwise.
 */
export function oidFromHex(text: string): string | null {
  const h = text.replace(/\s+/g, '');
  if (h.length < 4 || h.length > 200 || h.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(h)) return null;
  const bytes = Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
  try {
    const node = readNode(bytes, 0);
    return node.tag === TAG.OID && node.end === bytes.length ? oid(node) : null;
  } catch (e) {
    if (e instanceof DerError) return null;
    throw e;
  }
}
