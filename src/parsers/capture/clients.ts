import { isIPv6 } from '../../shared/ip.js';
import type { ClientAddresses } from './types.js';

/**
 * The distinct client addresses of one tallied connection kind (./index.ts), kept as address
 * words in typed arrays: 12 bytes per IPv4 client and 24 per IPv6 one (list + index), where a
 * `Set` held a heap number or a string per client (~40–90 bytes). A busy server's capture has a
 * few hundred thousand distinct clients (4.3 GB bench capture: 211,256), and they are kept until
 * the end so the totals stay exact. Insertion order is kept (the output lists them in it).
 *
 * One kind's connections all have the same server address, so its clients are all IPv4 or all
 * IPv6: the width is fixed by the first address added.
 *
 * The parse result hands the set itself to the facts (`omittedKinds[].clientAddresses`), which
 * count distinct clients from the words: as strings, 211,256 clients were ~10 MiB of the parse
 * result and as much again in the facts' sets. Its JSON is the address strings, as before.
 */
export class ClientSet implements ClientAddresses {
  /** Address words in insertion order, `width` per client (1 for IPv4, 4 for IPv6). */
  private list = new Int32Array(16);
  /** Open addressing: client position + 1 per slot, 0 = empty. Capacity a power of two. */
  private index = new Int32Array(32);
  private width = 0;
  size = 0;

  /** Whether the client is in the set. */
  has(v6: boolean, w0: number, w1: number, w2: number, w3: number): boolean {
    if (this.size === 0 || (this.width === 4) !== v6) return false;
    if (this.index.length === 0) this.rehash();
    const h = v6 ? mix(mix(mix(mix(0, w0), w1), w2), w3) : mix(0, w0);
    const mask = this.index.length - 1;
    const list = this.list;
    const wd = this.width;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const p = this.index[i]!;
      if (p === 0) return false;
      const o = (p - 1) * wd;
      if (
        list[o] === (w0 | 0) &&
        (wd === 1 ||
          (list[o + 1] === (w1 | 0) && list[o + 2] === (w2 | 0) && list[o + 3] === (w3 | 0)))
      )
        return true;
    }
  }

  /** Adds a client (its address words; w1–w3 ignored for IPv4). */
  add(v6: boolean, w0: number, w1: number, w2: number, w3: number): void {
    if (this.width === 0) this.width = v6 ? 4 : 1;
    else if ((this.width === 4) !== v6) return; // cannot happen for one kind (same server)
    const wd = this.width;
    if (this.index.length === 0) this.rehash();
    const h = v6 ? mix(mix(mix(mix(0, w0), w1), w2), w3) : mix(0, w0);
    const mask = this.index.length - 1;
    const list = this.list;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const p = this.index[i]!;
      if (p === 0) {
        if (this.size * wd + wd > list.length) this.grow();
        const at = this.size * wd;
        this.list[at] = w0;
        if (wd === 4) {
          this.list[at + 1] = w1;
          this.list[at + 2] = w2;
          this.list[at + 3] = w3;
        }
        this.size++;
        this.index[i] = this.size;
        if (this.size * 2 > this.index.length) this.rehash();
        return;
      }
      const o = (p - 1) * wd;
      if (
        list[o] === (w0 | 0) &&
        (wd === 1 ||
          (list[o + 1] === (w1 | 0) && list[o + 2] === (w2 | 0) && list[o + 3] === (w3 | 0)))
      )
        return;
    }
  }

  /** The clients' address words in insertion order: callback per client. */
  forEach(fn: (v6: boolean, w0: number, w1: number, w2: number, w3: number) => void): void {
    const wd = this.width;
    const l = this.list;
    for (let i = 0; i < this.size; i++) {
      const o = i * wd;
      if (wd === 1) fn(false, l[o]! >>> 0, 0, 0, 0);
      else fn(true, l[o]! >>> 0, l[o + 1]! >>> 0, l[o + 2]! >>> 0, l[o + 3]! >>> 0);
    }
  }

  /** The addresses as text (RFC 5952 for IPv6), in insertion order: what JSON shows. */
  toJSON(): string[] {
    const out: string[] = [];
    this.forEach((v6, w0, w1, w2, w3) => out.push(formatAddress(v6, w0, w1, w2, w3)));
    return out;
  }

  /** Frees the unused tail of the list and the index (rebuilt if the set is used again). */
  seal(): void {
    if (this.list.length > this.size * Math.max(this.width, 1))
      this.list = this.list.slice(0, this.size * Math.max(this.width, 1));
    this.index = new Int32Array(0);
  }

  private grow(): void {
    const grown = new Int32Array(Math.max(16, this.list.length * 2));
    grown.set(this.list);
    this.list = grown;
  }

  private rehash(): void {
    let cap = 32;
    while (cap < this.size * 2 + 2) cap *= 2;
    const index = new Int32Array(cap);
    const mask = index.length - 1;
    const wd = this.width;
    const l = this.list;
    for (let p = 1; p <= this.size; p++) {
      const o = (p - 1) * wd;
      const h =
        wd === 1 ? mix(0, l[o]!) : mix(mix(mix(mix(0, l[o]!), l[o + 1]!), l[o + 2]!), l[o + 3]!);
      let i = h & mask;
      while (index[i] !== 0) i = (i + 1) & mask;
      index[i] = p;
    }
    this.index = index;
  }
}

/** One step of a multiplicative hash (murmur3's finaliser constants). */
function mix(h: number, w: number): number {
  let x = (h ^ w) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

/** An address as text: dotted IPv4, RFC 5952 IPv6 (the capture's own formatting). */
export function formatAddress(v6: boolean, w0: number, w1: number, w2: number, w3: number): string {
  if (!v6) return `${w0 >>> 24}.${(w0 >>> 16) & 255}.${(w0 >>> 8) & 255}.${w0 & 255}`;
  const g = [w0, w1, w2, w3].flatMap((w) => [w >>> 16, w & 0xffff]);
  // RFC 5952: compress the longest run (≥ 2) of zero groups.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Address words of an IPv4 or IPv6 address in text (the inverse of formatAddress, and any
 * other valid IPv6 spelling); null for anything else. */
export function addressWords(
  s: string,
): { v6: boolean; w0: number; w1: number; w2: number; w3: number } | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m) {
    const b = m.slice(1).map(Number);
    if (b.some((x) => x > 255)) return null;
    return {
      v6: false,
      w0: ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0,
      w1: 0,
      w2: 0,
      w3: 0,
    };
  }
  if (!isIPv6(s) || s.includes('%')) return null;
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  let text = s;
  if (tail) {
    const b = tail.slice(1).map(Number);
    text = `${s.slice(0, tail.index)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const hs = head === '' ? [] : head.split(':');
  const rs = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = [...hs, ...Array<string>(8 - hs.length - rs.length).fill('0'), ...rs].map((x) =>
    parseInt(x, 16),
  );
  if (groups.length !== 8) return null;
  const w = (i: number): number => ((groups[i]! << 16) | groups[i + 1]!) >>> 0;
  return { v6: true, w0: w(0), w1: w(2), w2: w(4), w3: w(6) };
}
