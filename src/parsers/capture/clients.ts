/**
 * The distinct client addresses of one tallied connection kind (./index.ts), kept as address
 * words in typed arrays: 12 bytes per IPv4 client and 24 per IPv6 one (list + index), where a
 * `Set` held a heap number or a string per client (~40–90 bytes). A busy server's capture has a
 * few hundred thousand distinct clients (4.3 GB bench capture: 211,256), and they are kept until
 * the end so the totals stay exact. Insertion order is kept (the output lists them in it).
 *
 * One kind's connections all have the same server address, so its clients are all IPv4 or all
 * IPv6: the width is fixed by the first address added.
 */
export class ClientSet {
  /** Address words in insertion order, `width` per client (1 for IPv4, 4 for IPv6). */
  private list = new Int32Array(16);
  /** Open addressing: client position + 1 per slot, 0 = empty. Capacity a power of two. */
  private index = new Int32Array(32);
  private width = 0;
  size = 0;

  /** Adds a client (its address words; w1–w3 ignored for IPv4). */
  add(v6: boolean, w0: number, w1: number, w2: number, w3: number): void {
    if (this.width === 0) this.width = v6 ? 4 : 1;
    else if ((this.width === 4) !== v6) return; // cannot happen for one kind (same server)
    const wd = this.width;
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

  private grow(): void {
    const grown = new Int32Array(this.list.length * 2);
    grown.set(this.list);
    this.list = grown;
  }

  private rehash(): void {
    const index = new Int32Array(this.index.length * 2);
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
