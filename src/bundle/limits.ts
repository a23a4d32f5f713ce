/**
 * Limits that protect the engineer's laptop from hostile or broken archives. Every limit is
 * checked on the declared sizes before anything is inflated, and inflation itself is capped at the
 * declared size, so a lying header cannot make us inflate more. Overridable from the CLI.
 */
export interface BundleLimits {
  /** Largest archive file we open (it is never read whole: the limit bounds time, not memory). */
  maxArchiveBytes: number;
  /**
   * Largest single entry, uncompressed. Captures and event logs stream at any size; text artifacts
   * are read whole and fail above 1 GiB whatever this says (zip.ts WHOLE_READ_MAX_BYTES).
   */
  maxEntryBytes: number;
  /** Sum of all entries, uncompressed. */
  maxTotalBytes: number;
  /** Number of entries (files and folders). */
  maxEntries: number;
  /** Largest uncompressed/compressed ratio for entries above `ratioFloorBytes`. */
  maxRatio: number;
  /** Entries smaller than this are exempt from the ratio check (tiny text compresses well). */
  ratioFloorBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<BundleLimits> = Object.freeze({
  maxArchiveBytes: 16 * 1024 * MiB,
  maxEntryBytes: 4096 * MiB,
  maxTotalBytes: 4096 * MiB,
  maxEntries: 20_000,
  maxRatio: 200,
  ratioFloorBytes: 1 * MiB,
});
