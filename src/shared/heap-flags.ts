/**
 * V8 flags a command set from inside the process (src/cli/heap.ts), kept so they can be set again.
 * Starting a worker thread resets some of them: its isolate's heap set-up writes V8's global
 * `semi_space_growth_factor` back to V8's default, and the main isolate reads that global each time
 * it decides to grow (measured on Node 20: the CLI's young generation grew from 1 to 16 MiB
 * semi-spaces after src/bundle/read-ahead.ts started its reader, +30 MiB peak RSS at 200 MB).
 */
import { setFlagsFromString } from 'node:v8';

const applied: string[] = [];

/** Sets `flags` in this process and remembers them for `reapplyHeapFlags`. */
export function setHeapFlags(flags: readonly string[]): void {
  for (const f of flags) {
    setFlagsFromString(f);
    if (!applied.includes(f)) applied.push(f);
  }
}

/** Sets again every flag `setHeapFlags` set: call once a new worker's isolate exists. */
export function reapplyHeapFlags(): void {
  for (const f of applied) setFlagsFromString(f);
}
