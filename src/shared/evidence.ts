/**
 * Pointers from every parsed value back to the bytes it came from, so that a finding can show
 * the exact lines (or capture frames) it rests on. Parsers create them; facts carry them;
 * the report prints them.
 */
export interface EvidenceRef {
  /** Logical artifact id from collectors/artifacts.json, e.g. `httpsys.sslcert`. */
  artifactId: string;
  /** Path of the file inside the bundle (forward slashes). */
  path: string;
  /** 1-based inclusive line range in the decoded text, for text artifacts. */
  lines?: { start: number; end: number };
  /** 1-based frame numbers, for captures. */
  frames?: number[];
  /** Byte offset, for binary artifacts without frames. */
  offset?: number;
  /** The lines themselves (or a one-line summary for binary evidence), already capped in size. */
  excerpt?: string;
  /** Short note on what this evidence shows ("registry view", "netsh view"). */
  label?: string;
}

/** Largest excerpt kept per evidence pointer: evidence is for humans, not a copy of the file. */
export const MAX_EXCERPT_LINES = 40;
/** Longest line kept in an excerpt: a single-line file of 32 MB is not copied into every finding. */
export const MAX_EXCERPT_LINE_CHARS = 2000;

const capLine = (line: string): string =>
  line.length <= MAX_EXCERPT_LINE_CHARS
    ? line
    : `${line.slice(0, MAX_EXCERPT_LINE_CHARS)} … (${line.length - MAX_EXCERPT_LINE_CHARS} more characters)`;

/** Builds an evidence ref for a line range of a text artifact, with its excerpt. */
export function lineEvidence(
  src: { artifactId: string; path: string; lines: readonly string[] },
  start: number,
  end: number,
  label?: string,
): EvidenceRef {
  const from = Math.max(1, start);
  const to = Math.max(from, Math.min(end, src.lines.length));
  const shown = src.lines.slice(from - 1, Math.min(to, from - 1 + MAX_EXCERPT_LINES)).map(capLine);
  const more = to - from + 1 - shown.length;
  const ref: EvidenceRef = {
    artifactId: src.artifactId,
    path: src.path,
    lines: { start: from, end: to },
    excerpt: shown.join('\n') + (more > 0 ? `\n… (${more} more lines)` : ''),
  };
  if (label !== undefined) ref.label = label;
  return ref;
}

/** Code-point order, the same on every machine (localeCompare depends on the ICU locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
