/**
 * Keeps V8's heap small for the CLI's streaming work (docs/benchmarks.md "Round 7: peak RSS").
 *
 * A capture of short handshakes makes V8 grow its young generation from 1 MiB to 16 MiB
 * semi-spaces (32 MiB committed) and let the old generation grow to about three times its live
 * size between full collections: 150–210 MiB peak RSS for a live heap of ~30 MB. Both are
 * governed by flags V8 reads each time it decides to grow, not only at start-up, so they can be
 * set from inside the process (`v8.setFlagsFromString`): no `NODE_OPTIONS`, shebang flag or
 * re-executed node, so `node dist/cli.js`, `npx tls-doctor`, `npm run demo` and npm's Windows
 * shim all get them. (`--max-semi-space-size` is read only when the heap is set up and has no
 * effect from here; measured.)
 */
import { setHeapFlags } from '../shared/heap-flags.js';

/**
 * - `--semi-space-growth-factor=1`: the young generation stays at its initial 1 MiB semi-spaces;
 * - `--heap-growing-percent=N`: the old generation may grow by N % of what the last full
 *   collection left before the next one (V8's own factor is up to 4× on this workload).
 */
export const HEAP_FLAGS: readonly string[] = [
  '--semi-space-growth-factor=1',
  '--heap-growing-percent=50',
];

/** Sets HEAP_FLAGS in this process (before the work that allocates). */
export function keepHeapSmall(): void {
  setHeapFlags(HEAP_FLAGS);
}

// Imported first by src/cli.ts, so the flags hold before the other modules load.
keepHeapSmall();
