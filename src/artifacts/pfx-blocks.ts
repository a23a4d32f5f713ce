/**
 * Base64 PFX files pasted into evidence (judge8 z09). Customers mail the output of
 * `[Convert]::ToBase64String((Get-Content x.pfx -Encoding Byte))` (one line, or wrapped at the
 * console's width), `openssl base64` (64 columns), MIME (76 columns), or `certutil -encode x.pfx`
 * (64 columns inside a `-----BEGIN CERTIFICATE-----` wrapper although it is no certificate).
 * A PFX carries the private key, so its lines are blanked like a PEM key (private-keys.ts).
 *
 * Recognised by content, not by wrapper: a base64 run whose first bytes are a PKCS#12 PFX
 * (RFC 7292: SEQUENCE { INTEGER 3, ContentInfo { OID pkcs7-data 1.2.840.113549.1.7.1 or
 * pkcs7-encryptedData …7.6 } … }). A certificate's base64 starts SEQUENCE { SEQUENCE … } and is
 * never taken for one.
 */

/** 1.2.840.113549.1.7 (PKCS#7 content types) as DER, then .1 (data) or .6 (encryptedData). */
const PKCS7_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07];

/** Offset after a DER length at `p` (definite up to 4 bytes, or BER indefinite), or -1. */
function skipLength(b: Uint8Array, p: number): number {
  const first = b[p];
  if (first === undefined) return -1;
  if (first < 0x80 || first === 0x80) return p + 1;
  const n = first & 0x7f;
  return n <= 4 ? p + 1 + n : -1;
}

/** Bytes of the whole DER value starting at 0 (null when its length is indefinite). */
function derSize(b: Uint8Array): number | null {
  const first = b[1]!;
  if (first < 0x80) return 2 + first;
  if (first === 0x80) return null;
  let n = 0;
  for (let k = 0; k < (first & 0x7f); k++) n = n * 256 + b[2 + k]!;
  return 2 + (first & 0x7f) + n;
}

/** The first bytes of a PKCS#12 PFX (the 30 or so the header needs). */
export function isPfxHeader(b: Uint8Array): boolean {
  if (b[0] !== 0x30) return false;
  let p = skipLength(b, 1);
  if (p < 0 || b[p] !== 0x02 || b[p + 1] !== 0x01 || b[p + 2] !== 0x03) return false;
  p += 3;
  if (b[p] !== 0x30) return false;
  p = skipLength(b, p + 1);
  if (p < 0) return false;
  for (let k = 0; k < PKCS7_OID.length; k++) if (b[p + k] !== PKCS7_OID[k]) return false;
  const last = b[p + PKCS7_OID.length];
  return last === 0x01 || last === 0x06;
}

/**
 * A base64 token that may start a PFX: `MI` is base64 of a SEQUENCE with a long length (0x30
 * 0x8x); a PFX is always over 127 bytes. Delimited, so a run inside other base64 is not one.
 */
const TOKEN = /(?<![A-Za-z0-9+/])MI[A-Za-z0-9+/]{38,}={0,2}/g;
/** Cheap test before splitting a text into lines. */
export const MAY_HOLD_PFX = /MI[A-Za-z0-9+/]{38}/;
const BODY = /^[A-Za-z0-9+/]+={0,2}$/;
const WRAP_BEGIN = /^-{3,}\s*BEGIN [A-Z0-9 #]+-{3,}$/i;
const WRAP_END = /^-{3,}\s*END [A-Z0-9 #]+-{3,}$/i;

const bare = (line: string): string => line.replace(/^[\s>]*/, '').trimEnd();

/** Where a PFX's base64 starts in `line`, and how many base64 characters the whole PFX takes. */
function pfxToken(line: string): { end: number; length: number; chars: number | null } | null {
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(line); m !== null; m = TOKEN.exec(line)) {
    const head = Buffer.from(m[0].slice(0, 64), 'base64');
    if (!isPfxHeader(head)) continue;
    const size = derSize(head);
    return {
      end: m.index + m[0].length,
      length: m[0].length,
      chars: size === null ? null : Math.ceil(size / 3) * 4,
    };
  }
  return null;
}

export interface PfxBlock {
  start: number;
  end: number;
  /** The run ends (file end or other text) before its wrapper's END line. */
  cut: boolean;
}

/**
 * The PFX runs of `lines` (1-based, inclusive), skipping lines `taken` already (PEM key blocks).
 * A run is its first line, the base64 lines that follow it (wrapped output, blank lines between
 * them as a mail's reflow adds), and a BEGIN/END wrapper around it (certutil -encode).
 */
export function pfxBlocks(lines: readonly string[], taken: (line: number) => boolean): PfxBlock[] {
  const out: PfxBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (taken(i + 1)) continue;
    const line = lines[i]!;
    const tok = pfxToken(line);
    if (tok === null) continue;
    let start = i;
    let wrapped = false;
    for (let k = i - 1; k >= 0 && !taken(k + 1); k--) {
      const b = bare(lines[k]!);
      if (b === '') continue;
      if (WRAP_BEGIN.test(b)) {
        start = k;
        wrapped = true;
      }
      break;
    }
    let last = i;
    let have = tok.length;
    // The PFX's own length says how many characters follow, so a short word after the run
    // ("Thanks") is not taken for its last line; wrapped output continues only when the token
    // ends its line (a quote may close it).
    const want = tok.chars ?? Infinity;
    if (/^["']?$/.test(line.slice(tok.end).trim())) {
      for (let j = i + 1; j < lines.length && have < want && !taken(j + 1); j++) {
        const b = bare(lines[j]!).replace(/["']$/, '');
        if (b === '') continue;
        if (!BODY.test(b)) break;
        have += b.length;
        last = j;
      }
    }
    let ended = have >= want;
    if (wrapped) {
      ended = false;
      for (let j = last + 1; j < lines.length && !taken(j + 1); j++) {
        const b = bare(lines[j]!);
        if (b === '') continue;
        if (WRAP_END.test(b)) {
          last = j;
          ended = true;
        }
        break;
      }
    }
    out.push({ start: start + 1, end: last + 1, cut: !ended });
    i = last;
  }
  return out;
}
