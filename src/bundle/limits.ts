/**
 * Limits that protect the engineer's laptop from hostile or broken archives. Every limit is
 * checked on the declared sizes before anything is inflated, and inflation itself is capped at the
 * declared size, so a lying header cannot make us inflate more. Overridable from the CLI.
 */
export interface BundleLimits {
  /** Largest archive file we open (adm-zip reads archives whole; Node cannot read ≥ 2 GiB). */
  maxArchiveBytes: number;
  /** Largest single entry, uncompressed. */
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
  maxArchiveBytes: 2047 * MiB,
  maxEntryBytes: 1024 * MiB,
  maxTotalBytes: 4096 * MiB,
  maxEntries: 20_000,
  maxRatio: 200,
  ratioFloorBytes: 1 * MiB,
});
