/**
 * Decoding of individual TLS / SSL 2.0 handshake messages (RFC 5246 §7.4, RFC 8446 §4, and the
 * SSL 2.0 draft for the SSLv2 record format). Each function reads one complete message body and
 * returns plain numbers and strings, or null when the message is malformed.
 */

/** SHA-256("HelloRetryRequest"): the ServerHello.random of a HelloRetryRequest (RFC 8446 §4.1.3). */
const HRR_RANDOM = [
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

export interface RawClientHello {
  sslv2: boolean;
  legacyVersion: number;
  cipherSuites: number[];
  extensions: number[];
  supportedVersions: number[] | null;
  serverName: string | null;
  alpn: string[];
  groups: number[];
  signatureAlgorithms: number[];
}

export interface RawServerHello {
  sslv2: boolean;
  hrr: boolean;
  legacyVersion: number;
  selectedVersion: number | null;
  cipherSuite: number | null;
  extensions: number[];
  alpn: string | null;
  keyShareGroup: number | null;
  /** SSL 2.0 ServerHello carries the certificate. */
  certificate: Uint8Array | null;
}

const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
const u24 = (b: Uint8Array, o: number): number => (b[o]! << 16) | (b[o + 1]! << 8) | b[o + 2]!;

/** "http/1.1" */
const HTTP11 = [0x68, 0x74, 0x74, 0x70, 0x2f, 0x31, 0x2e, 0x31];

function latin1(b: Uint8Array, o: number, n: number): string {
  // The ALPN names nearly every hello carries, without building them a character at a time.
  if (n === 2 && b[o] === 0x68 && b[o + 1] === 0x32) return 'h2';
  if (n === 8) {
    let i = 0;
    while (i < 8 && b[o + i] === HTTP11[i]) i++;
    if (i === 8) return 'http/1.1';
  }
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[o + i]!);
  return s;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * An SNI host_name. RFC 6066 wants ASCII (IDNs as A-labels, `xn--bcher-kva…`); a client that
 * sends raw UTF-8 (`bücher…`) gets it read as UTF-8, not as Latin-1 mojibake that a reader, and
 * the redaction, cannot match with the name.
 */
function hostName(b: Uint8Array, o: number, n: number): string {
  try {
    return UTF8.decode(b.subarray(o, o + n));
  } catch {
    return latin1(b, o, n);
  }
}

/**
 * `hostName`, or the scratch's last decoded name when these bytes are its characters: then they
 * decode to it (ASCII; or bytes that are not UTF-8 and were read as Latin-1 the last time, since a
 * UTF-8 name with non-ASCII characters has fewer characters than bytes).
 */
function sniName(b: Uint8Array, o: number, n: number, ch: ClientHelloScratch): string {
  const last = ch.lastSni;
  if (last.length === n) {
    let i = 0;
    while (i < n && last.charCodeAt(i) === b[o + i]) i++;
    if (i === n) return last;
  }
  return (ch.lastSni = hostName(b, o, n));
}

/** A list of 16-bit values decoded into a reused buffer (no allocation once it is large enough). */
export class U16s {
  v = new Uint16Array(64);
  n = 0;
  /** The values of b[o, o + bytes), two bytes each. */
  fill(b: Uint8Array, o: number, bytes: number): void {
    const n = bytes > 0 ? bytes >> 1 : 0;
    if (n > this.v.length) this.v = new Uint16Array(Math.max(n, this.v.length * 2));
    const v = this.v;
    for (let i = 0; i < n; i++) v[i] = (b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!;
    this.n = n;
  }
  push(x: number): void {
    if (this.n === this.v.length) {
      const grown = new Uint16Array(this.v.length * 2);
      grown.set(this.v);
      this.v = grown;
    }
    this.v[this.n++] = x;
  }
  equals(a: readonly number[]): boolean {
    if (a.length !== this.n) return false;
    for (let i = 0; i < this.n; i++) if (a[i] !== this.v[i]) return false;
    return true;
  }
  toArray(): number[] {
    const out = new Array<number>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.v[i]!;
    return out;
  }
}

/** A ClientHello decoded into reused buffers (`scanClientHello`); `toRaw()` makes the value. */
export class ClientHelloScratch {
  legacyVersion = 0;
  readonly cipherSuites = new U16s();
  readonly extensions = new U16s();
  hasSupportedVersions = false;
  readonly supportedVersions = new U16s();
  serverName: string | null = null;
  /** The last SNI decoded: most hellos of a capture name the same server (`sniName`). */
  lastSni = '';
  /** alpn[0, alpnN) */
  readonly alpn: string[] = [];
  alpnN = 0;
  readonly groups = new U16s();
  readonly signatureAlgorithms = new U16s();

  toRaw(): RawClientHello {
    return {
      sslv2: false,
      legacyVersion: this.legacyVersion,
      cipherSuites: this.cipherSuites.toArray(),
      extensions: this.extensions.toArray(),
      supportedVersions: this.hasSupportedVersions ? this.supportedVersions.toArray() : null,
      serverName: this.serverName,
      alpn: this.alpn.slice(0, this.alpnN),
      groups: this.groups.toArray(),
      signatureAlgorithms: this.signatureAlgorithms.toArray(),
    };
  }
}

/** ClientHello body (after the 4-byte handshake header): b[o, end). */
export function parseClientHello(b: Uint8Array, o: number, end: number): RawClientHello | null {
  const s = new ClientHelloScratch();
  return scanClientHello(b, o, end, s) ? s.toRaw() : null;
}

/**
 * `parseClientHello` into reused buffers (allocating only the names' strings): false when the
 * message is malformed.
 */
export function scanClientHello(
  b: Uint8Array,
  o: number,
  end: number,
  ch: ClientHelloScratch,
): boolean {
  if (o + 38 > end) return false;
  ch.legacyVersion = u16(b, o);
  ch.cipherSuites.n = 0;
  ch.extensions.n = 0;
  ch.hasSupportedVersions = false;
  ch.serverName = null;
  ch.alpnN = 0;
  ch.groups.n = 0;
  ch.signatureAlgorithms.n = 0;
  let p = o + 34;
  p += 1 + b[p]!; // session id
  if (p + 2 > end) return false;
  const csLen = u16(b, p);
  p += 2;
  if (p + csLen > end) return false;
  ch.cipherSuites.fill(b, p, csLen);
  p += csLen;
  if (p + 1 > end) return false;
  p += 1 + b[p]!; // compression methods
  if (p > end) return false;
  if (p + 2 > end) return true; // no extensions (SSL 3.0 / early TLS)
  const extEnd = Math.min(end, p + 2 + u16(b, p));
  p += 2;
  while (p + 4 <= extEnd) {
    const type = u16(b, p);
    const len = u16(b, p + 2);
    const d = p + 4;
    const e = d + len;
    if (e > extEnd) return true;
    ch.extensions.push(type);
    if (type === 0 && len >= 5) {
      // server_name: list length, then (type, length, name) entries; take the host_name.
      let q = d + 2;
      while (q + 3 <= e) {
        const nt = b[q]!;
        const nl = u16(b, q + 1);
        if (q + 3 + nl > e) break;
        if (nt === 0 && ch.serverName === null) ch.serverName = sniName(b, q + 3, nl, ch);
        q += 3 + nl;
      }
    } else if (type === 43 && len >= 1) {
      ch.hasSupportedVersions = true;
      ch.supportedVersions.fill(b, d + 1, Math.min(b[d]!, len - 1));
    } else if (type === 16 && len >= 2) {
      let q = d + 2;
      while (q < e) {
        const l = b[q]!;
        if (q + 1 + l > e) break;
        const name = latin1(b, q + 1, l);
        if (ch.alpnN < ch.alpn.length) ch.alpn[ch.alpnN] = name;
        else ch.alpn.push(name);
        ch.alpnN++;
        q += 1 + l;
      }
    } else if (type === 10 && len >= 2) {
      ch.groups.fill(b, d + 2, Math.min(u16(b, d), len - 2));
    } else if (type === 13 && len >= 2) {
      ch.signatureAlgorithms.fill(b, d + 2, Math.min(u16(b, d), len - 2));
    }
    p = e;
  }
  return true;
}

/** ServerHello body (after the handshake header); with `scratch`, refilled and returned. */
export function parseServerHello(
  b: Uint8Array,
  o: number,
  end: number,
  scratch?: RawServerHello,
): RawServerHello | null {
  if (o + 38 > end) return null;
  let hrr = true;
  for (let i = 0; i < 32; i++) {
    if (b[o + 2 + i] !== HRR_RANDOM[i]) {
      hrr = false;
      break;
    }
  }
  const sh: RawServerHello = scratch ?? {
    sslv2: false,
    hrr,
    legacyVersion: 0,
    selectedVersion: null,
    cipherSuite: null,
    extensions: [],
    alpn: null,
    keyShareGroup: null,
    certificate: null,
  };
  sh.sslv2 = false;
  sh.hrr = hrr;
  sh.legacyVersion = u16(b, o);
  sh.selectedVersion = null;
  sh.cipherSuite = null;
  sh.alpn = null;
  sh.keyShareGroup = null;
  sh.certificate = null;
  let p = o + 34;
  // TLS 1.3 drafts before 22 put the draft version here and have no session id / compression.
  const draft = sh.legacyVersion >> 8 === 0x7f || sh.legacyVersion >> 8 === 0xfb;
  if (!draft) p += 1 + b[p]!;
  if (p + 3 > end) return null;
  sh.cipherSuite = u16(b, p);
  p += draft ? 2 : 3; // suite (+ compression method)
  // Extensions are written by index and the length set at the end: a reused scratch array
  // emptied with `length = 0` loses its storage on every call.
  const ext = sh.extensions;
  let ne = 0;
  if (p + 2 > end) {
    ext.length = 0;
    return sh;
  }
  const extEnd = Math.min(end, p + 2 + u16(b, p));
  p += 2;
  while (p + 4 <= extEnd) {
    const type = u16(b, p);
    const len = u16(b, p + 2);
    const d = p + 4;
    if (d + len > extEnd) break;
    ext[ne++] = type;
    if (type === 43 && len >= 2) sh.selectedVersion = u16(b, d);
    else if (type === 16 && len >= 3) {
      const l = b[d + 2]!;
      if (d + 3 + l <= d + len) sh.alpn = latin1(b, d + 3, l);
    } else if (type === 51 && len >= 2) sh.keyShareGroup = u16(b, d);
    p = d + len;
  }
  ext.length = ne;
  return sh;
}

/**
 * TLS ≤ 1.2 Certificate body: a 24-bit list of 24-bit-length DER certificates. Writes each
 * certificate's offset and length into `at` (two numbers per certificate) and returns their
 * count, or -1 when the list is malformed (no views are made: this runs for every connection).
 */
export function scanCertificateList(b: Uint8Array, o: number, end: number, at: number[]): number {
  if (o + 3 > end) return -1;
  const listEnd = o + 3 + u24(b, o);
  if (listEnd > end) return -1;
  let n = 0;
  let p = o + 3;
  while (p + 3 <= listEnd) {
    const l = u24(b, p);
    if (p + 3 + l > listEnd) return n > 0 ? n : -1;
    // Written by index, never emptied: `length = 0` would drop the array's storage every call.
    at[2 * n] = p + 3;
    at[2 * n + 1] = l;
    n++;
    p += 3 + l;
  }
  return n;
}

/** `scanCertificateList` as views of the certificates; null when malformed. */
export function parseCertificateList(b: Uint8Array, o: number, end: number): Uint8Array[] | null {
  const at: number[] = [];
  const n = scanCertificateList(b, o, end, at);
  if (n < 0) return null;
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) out.push(b.subarray(at[2 * i]!, at[2 * i]! + at[2 * i + 1]!));
  return out;
}

/** SSL 2.0 CLIENT-HELLO message (starting at the message type byte). */
export function parseSslv2ClientHello(
  b: Uint8Array,
  o: number,
  end: number,
): RawClientHello | null {
  if (o + 9 > end || b[o] !== 1) return null;
  const version = u16(b, o + 1);
  const specLen = u16(b, o + 3);
  const p = o + 9;
  if (p + specLen > end) return null;
  const specs: number[] = [];
  for (let i = 0; i + 2 < specLen; i += 3) specs.push(u24(b, p + i));
  return {
    sslv2: true,
    legacyVersion: version,
    cipherSuites: specs,
    extensions: [],
    supportedVersions: null,
    serverName: null,
    alpn: [],
    groups: [],
    signatureAlgorithms: [],
  };
}

/** SSL 2.0 SERVER-HELLO message (type 4). */
export function parseSslv2ServerHello(
  b: Uint8Array,
  o: number,
  end: number,
): RawServerHello | null {
  if (o + 11 > end || b[o] !== 4) return null;
  const version = u16(b, o + 3);
  const certLen = u16(b, o + 5);
  const specLen = u16(b, o + 7);
  const p = o + 11;
  if (p + certLen + specLen > end) return null;
  const spec = specLen >= 3 ? u24(b, p + certLen) : null;
  return {
    sslv2: true,
    hrr: false,
    legacyVersion: version,
    selectedVersion: null,
    cipherSuite: spec,
    extensions: [],
    alpn: null,
    keyShareGroup: null,
    certificate: certLen > 0 && b[o + 2] === 1 ? b.slice(p, p + certLen) : null,
  };
}
