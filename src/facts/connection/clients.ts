/**
 * Distinct client addresses of a handshake group or endpoint, counted from address words: the
 * capture parser hands over a tallied kind's clients as words (ClientAddresses), and turning a
 * busy capture's few hundred thousand clients into strings and a `Set` of them cost the facts
 * stage ~11 MiB at 4.3 GB (docs/benchmarks.md, round 9).
 */
import { ClientSet, addressWords } from '../../parsers/capture/clients.js';
import type { ClientAddresses } from '../../parsers/capture/index.js';

export class DistinctClients {
  private v4: ClientSet | null = null;
  private v6: ClientSet | null = null;
  /** What is no IP address in text (cannot come from a capture; kept exact all the same). */
  private other: Set<string> | null = null;
  /**
   * The one set this one holds, shared, not copied: most groups are one tallied kind and most
   * endpoints one group, and copying every client into each (two hash tables of up to 100,000
   * clients per kind) was most of the grouping's time at 1 GB (issue 18). Never written to:
   * copied into this set's own tables before anything else is added.
   */
  private shared: ClientAddresses | DistinctClients | null = null;

  get size(): number {
    if (this.shared) return this.shared.size;
    return (this.v4?.size ?? 0) + (this.v6?.size ?? 0) + (this.other?.size ?? 0);
  }

  /** A listed connection's client address (text). */
  addText(address: string): void {
    this.own();
    const w = addressWords(address);
    if (w) this.addWords(w.v6, w.w0, w.w1, w.w2, w.w3);
    else (this.other ??= new Set()).add(address);
  }

  hasText(address: string): boolean {
    if (this.shared instanceof DistinctClients) return this.shared.hasText(address);
    this.own();
    const w = addressWords(address);
    if (!w) return this.other?.has(address) ?? false;
    return (w.v6 ? this.v6 : this.v4)?.has(w.v6, w.w0, w.w1, w.w2, w.w3) ?? false;
  }

  /** A tallied kind's clients, or another set's (held as they are while this set is empty). */
  addAll(from: ClientAddresses | DistinctClients): void {
    if (this.shared === null && this.v4 === null && this.v6 === null && this.other === null) {
      this.shared = from;
      return;
    }
    this.own();
    this.copy(from);
  }

  /** Copies the shared set into this one's own tables (before a write). */
  private own(): void {
    const from = this.shared;
    if (from === null) return;
    this.shared = null;
    this.copy(from);
  }

  private copy(from: ClientAddresses | DistinctClients): void {
    if (from instanceof DistinctClients) {
      if (from.shared) return this.copy(from.shared);
      for (const s of [from.v4, from.v6]) s?.forEach((v6, ...w) => this.addWords(v6, ...w));
      for (const a of from.other ?? []) (this.other ??= new Set()).add(a);
    } else from.forEach((v6, ...w) => this.addWords(v6, ...w));
  }

  private addWords(v6: boolean, w0: number, w1: number, w2: number, w3: number): void {
    const set = v6 ? (this.v6 ??= new ClientSet()) : (this.v4 ??= new ClientSet());
    set.add(v6, w0, w1, w2, w3);
  }
}
