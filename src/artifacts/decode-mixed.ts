/**
 * One file, two encodings (judge8 x13): `netsh http show sslcert > out.txt` in cmd writes the
 * ANSI/OEM code page, then `netstat -ano >> out.txt` in Windows PowerShell 5.1 appends UTF-16LE
 * (no BOM when appending); or the reverse (PowerShell `>` writes UTF-16LE with a BOM, cmd `>>`
 * appends single bytes). Decoded with one encoding, half the file is NUL-riddled or CJK noise.
 *
 * The switch points are found by NUL density at line starts: a UTF-16LE part of console text has
 * a NUL in every other byte (the high bytes of ASCII); a single-byte part has none. Parts are cut
 * at line ends only, so decoding each with its own encoding keeps every line number.
 */

export interface EncodingPart {
  /** Byte range [start, end) of the part. */
  start: number;
  end: number;
  utf16: boolean;
}

/** Bytes looked at after a candidate switch point. */
const WINDOW = 64;

/** UTF-16LE ASCII-range text from `p`: NULs at most odd offsets, none at even ones. */
export function looksUtf16le(b: Uint8Array, p: number): boolean {
  const end = Math.min(b.length, p + WINDOW);
  let nulEven = 0;
  let nulOdd = 0;
  let pairs = 0;
  for (let i = p; i + 1 < end; i += 2) {
    if (b[i] === 0) nulEven++;
    if (b[i + 1] === 0) nulOdd++;
    pairs++;
  }
  return pairs >= 4 && nulEven <= 1 && nulOdd / pairs >= 0.75;
}

/** Single-byte text from `p`: no NUL, at least 8 bytes up to a line end (or the window). */
function looksSingleByte(b: Uint8Array, p: number): boolean {
  const end = Math.min(b.length, p + WINDOW);
  if (end - p < 8) return false;
  let ascii = 0;
  for (let i = p; i < end; i++) {
    const c = b[i]!;
    if (c === 0) return false;
    if (c === 0x0a && i - p >= 8) return ascii / (i - p) > 0.9;
    if ((c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0d) ascii++;
  }
  return ascii / (end - p) > 0.9;
}

/**
 * The parts of `bytes` (from `from`, past a BOM) when it mixes single-byte text and UTF-16LE,
 * else null. Linear in the file size.
 */
export function mixedParts(bytes: Uint8Array, from = 0): EncodingPart[] | null {
  const parts: EncodingPart[] = [];
  let utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || looksUtf16le(bytes, from);
  let start = from;
  let p = from;
  while (p < bytes.length) {
    if (!utf16) {
      // Single-byte text: a line end, then UTF-16LE (a BOM or NUL high bytes) switches.
      const nl = bytes.indexOf(0x0a, p);
      if (nl === -1) break;
      p = nl + 1;
      const bom = bytes[p] === 0xff && bytes[p + 1] === 0xfe;
      if (bom || looksUtf16le(bytes, p)) {
        parts.push({ start, end: p, utf16: false });
        start = p;
        utf16 = true;
      }
    } else {
      // UTF-16LE: the line feed is 0A 00 at an even distance from the part's start.
      let nl = bytes.indexOf(0x0a, p);
      while (nl !== -1 && ((nl - start) % 2 !== 0 || bytes[nl + 1] !== 0))
        nl = bytes.indexOf(0x0a, nl + 1);
      if (nl === -1) break;
      p = nl + 2;
      if (looksSingleByte(bytes, p)) {
        parts.push({ start, end: p, utf16: true });
        start = p;
        utf16 = false;
      }
    }
  }
  if (parts.length === 0) return null;
  parts.push({ start, end: bytes.length, utf16 });
  return parts;
}
