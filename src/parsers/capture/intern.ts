/**
 * Sharing of what many connections send alike. A busy server sees the same few ClientHellos
 * (per client software), ServerHellos and certificate chains on thousands of connections; a
 * connection that lives across thousands of interleaved packets would otherwise keep its own
 * decoded copy of each until it ends, and V8 promotes all of it to the old generation (the
 * capture's peak memory grew with its size). Here a hello is decoded into scratch arrays and
 * the connection gets the first equal decoded object; a certificate is compared with the copies
 * already kept and copied only when new. Bounded: past the caps a table starts over.
 */
import { Buffer } from 'node:buffer';
import type { ClientHelloScratch, RawClientHello, RawServerHello, U16s } from './tls.js';

const MAX_HELLOS = 4096;
const MAX_CERTS = 4096;
const MAX_CERT_BYTES = 16 * 1024 * 1024;

const compareRange = Buffer.prototype.compare;

/** Whether `kept` holds the bytes b[o, o + n). */
function sameBytes(kept: Uint8Array, b: Uint8Array, o: number, n: number): boolean {
  return kept.length === n && compareRange.call(kept, b, o, o + n) === 0;
}

/** Equal numbers / strings in the same order. */
function same<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function mixList(h: number, a: readonly number[]): number {
  h = Math.imul(h ^ a.length, 0x01000193);
  for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a[i]!, 0x01000193);
  return h;
}

function mixString(h: number, s: string | null): number {
  if (s === null) return Math.imul(h ^ 0x5bd1e995, 0x01000193);
  h = Math.imul(h ^ s.length, 0x01000193);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function mixU16s(h: number, a: U16s): number {
  h = Math.imul(h ^ a.n, 0x01000193);
  const v = a.v;
  for (let i = 0; i < a.n; i++) h = Math.imul(h ^ v[i]!, 0x01000193);
  return h;
}

function clientHelloHash(ch: ClientHelloScratch): number {
  let h = Math.imul(0x811c9dc5 ^ ch.legacyVersion, 0x01000193);
  h = mixU16s(h, ch.cipherSuites);
  h = mixU16s(h, ch.extensions);
  h = ch.hasSupportedVersions ? mixU16s(h, ch.supportedVersions) : Math.imul(h ^ 0x7f, 0x01000193);
  h = mixString(h, ch.serverName);
  h = Math.imul(h ^ ch.alpnN, 0x01000193);
  for (let i = 0; i < ch.alpnN; i++) h = mixString(h, ch.alpn[i]!);
  h = mixU16s(h, ch.groups);
  return mixU16s(h, ch.signatureAlgorithms) | 0;
}

/** Whether the kept `a` is what `s` decoded (`a` is never an SSL 2.0 hello here). */
function sameClientHello(a: RawClientHello, s: ClientHelloScratch): boolean {
  if (a.sslv2 || a.legacyVersion !== s.legacyVersion || a.serverName !== s.serverName) return false;
  if (a.alpn.length !== s.alpnN) return false;
  for (let i = 0; i < s.alpnN; i++) if (a.alpn[i] !== s.alpn[i]) return false;
  return (
    s.cipherSuites.equals(a.cipherSuites) &&
    s.extensions.equals(a.extensions) &&
    (a.supportedVersions === null
      ? !s.hasSupportedVersions
      : s.hasSupportedVersions && s.supportedVersions.equals(a.supportedVersions)) &&
    s.groups.equals(a.groups) &&
    s.signatureAlgorithms.equals(a.signatureAlgorithms)
  );
}

function serverHelloHash(sh: RawServerHello): number {
  let h = Math.imul(0x811c9dc5 ^ sh.legacyVersion ^ (sh.hrr ? 0x10000 : 0), 0x01000193);
  h = Math.imul(h ^ (sh.selectedVersion ?? -1), 0x01000193);
  h = Math.imul(h ^ (sh.cipherSuite ?? -1), 0x01000193);
  h = Math.imul(h ^ (sh.keyShareGroup ?? -1), 0x01000193);
  h = mixString(h, sh.alpn);
  return mixList(h, sh.extensions) | 0;
}

function sameServerHello(a: RawServerHello, b: RawServerHello): boolean {
  return (
    a.sslv2 === b.sslv2 &&
    a.hrr === b.hrr &&
    a.legacyVersion === b.legacyVersion &&
    a.selectedVersion === b.selectedVersion &&
    a.cipherSuite === b.cipherSuite &&
    a.alpn === b.alpn &&
    a.keyShareGroup === b.keyShareGroup &&
    a.certificate === null &&
    b.certificate === null &&
    same(a.extensions, b.extensions)
  );
}

/** A table of shared values by 32-bit hash (collisions chained, equality checked with a probe
 * of type P). Bounded: past `max` values it starts over. */
export class Shared<T, P = T> {
  private readonly byHash = new Map<number, T | T[]>();
  private count = 0;
  constructor(
    private readonly max: number,
    private readonly equal: (kept: T, probe: P) => boolean,
  ) {}

  /** Values kept since the table last started over. */
  get size(): number {
    return this.count;
  }

  /** The kept value equal to `v`, or undefined. */
  find(h: number, v: P): T | undefined {
    const e = this.byHash.get(h);
    if (e === undefined) return undefined;
    if (!Array.isArray(e)) return this.equal(e as T, v) ? (e as T) : undefined;
    for (const x of e) if (this.equal(x, v)) return x;
    return undefined;
  }

  add(h: number, v: T): void {
    if (this.count >= this.max) {
      this.byHash.clear();
      this.count = 0;
    }
    this.count++;
    const e = this.byHash.get(h);
    if (e === undefined) this.byHash.set(h, v);
    else if (Array.isArray(e)) e.push(v);
    else this.byHash.set(h, [e as T, v]);
  }
}

const cloneServerHello = (sh: RawServerHello): RawServerHello => ({
  ...sh,
  extensions: sh.extensions.slice(),
});

export class Interner {
  private readonly clientHellos = new Shared<RawClientHello, ClientHelloScratch>(
    MAX_HELLOS,
    sameClientHello,
  );
  private readonly serverHellos = new Shared<RawServerHello>(MAX_HELLOS, sameServerHello);
  private readonly certs = new Map<number, Uint8Array | Uint8Array[]>();
  private certCount = 0;
  private certBytes = 0;
  /**
   * The shared ClientHello that `scratch` decoded: the caller must not change what this returns,
   * and may refill `scratch` afterwards.
   */
  clientHello(scratch: ClientHelloScratch): RawClientHello {
    const h = clientHelloHash(scratch);
    const hit = this.clientHellos.find(h, scratch);
    if (hit !== undefined) return hit;
    const kept = scratch.toRaw();
    this.clientHellos.add(h, kept);
    return kept;
  }

  /** As `clientHello`, for a ServerHello (or HelloRetryRequest) without a certificate. */
  serverHello(scratch: RawServerHello): RawServerHello {
    const h = serverHelloHash(scratch);
    const hit = this.serverHellos.find(h, scratch);
    if (hit !== undefined) return hit;
    const kept = cloneServerHello(scratch);
    this.serverHellos.add(h, kept);
    return kept;
  }

  /** A kept copy of the certificate b[o, o + n) (in a packet): the same object for the same bytes. */
  certificate(b: Uint8Array, o: number, n: number): Uint8Array {
    // Length and the last bytes (the signature: effectively random per certificate).
    let h = Math.imul(0x811c9dc5 ^ n, 0x01000193);
    for (let i = Math.max(0, n - 16); i < n; i++) h = Math.imul(h ^ b[o + i]!, 0x01000193);
    h |= 0;
    const e = this.certs.get(h);
    if (e !== undefined) {
      // memcmp against the range, not a loop over a few KiB in JavaScript (nor a view per call)
      if (!Array.isArray(e)) {
        if (sameBytes(e as Uint8Array, b, o, n)) return e as Uint8Array;
      } else for (const x of e) if (sameBytes(x, b, o, n)) return x;
    }
    const copy = b.slice(o, o + n);
    if (this.certCount >= MAX_CERTS || this.certBytes + n > MAX_CERT_BYTES) {
      this.certs.clear();
      this.certCount = 0;
      this.certBytes = 0;
    }
    this.certCount++;
    this.certBytes += n;
    const cur = this.certs.get(h);
    if (cur === undefined) this.certs.set(h, copy);
    else if (Array.isArray(cur)) cur.push(copy);
    else this.certs.set(h, [cur as Uint8Array, copy]);
    return copy;
  }
}
