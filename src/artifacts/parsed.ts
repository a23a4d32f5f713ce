/**
 * What loading a bundle yields: each artifact's state and parsed files, what was not recognised
 * and what the bundle reader skipped, and typed access for the fact builders. The loader
 * (load.ts) fills it; every later stage reads only this.
 */
import type { Bundle, SkippedEntry } from '../bundle/open.js';
import type { Manifest, ManifestArtifact } from '../bundle/manifest.js';
import type { ParseIssue } from '../shared/parse.js';
import type { HostNameLine } from './host-lines.js';
import type { SessionHost } from './host-sessions.js';
import type { ArtifactValues } from './parsers.js';

export interface ParsedFile<T = unknown> {
  artifactId: string;
  path: string;
  size: number;
  /** null when the parser could not produce anything. */
  value: T | null;
  issues: ParseIssue[];
  encoding: string | null;
  /** How the file was matched to its artifact. */
  matchedBy: 'manifest' | 'path' | 'name' | 'content';
  /** One of several outputs pasted into one file: its lines (1-based, inclusive) and how many there are. */
  segment?: { start: number; end: number; of: number };
}

/**
 * parsed / partial (parsed with errors) / failed (nothing usable) / unreadable (its files hold
 * nothing of its format: binary, another kind of file; unreadable-content.ts) / kept (present,
 * no parser: shown as evidence only) / not-collected (the manifest says failed or skipped) /
 * missing.
 */
export type ArtifactStatus =
  'parsed' | 'partial' | 'failed' | 'unreadable' | 'kept' | 'not-collected' | 'missing';

export interface ArtifactState {
  id: string;
  status: ArtifactStatus;
  files: ParsedFile[];
  manifest: ManifestArtifact | null;
  /** Why it is not usable (manifest reason, parser error). */
  reason: string | null;
  /**
   * Which kind of reason, for a report in another language: `collector` (the manifest's own
   * words, data), `file-absent` (params.path), `no-parser`, `parse-errors` (see the issues).
   */
  reasonCode?:
    | 'collector'
    | 'file-absent'
    | 'no-parser'
    | 'parse-errors'
    | 'duplicate-differs'
    | 'over-limit'
    | 'unreadable';
  reasonParams?: Record<string, string | number>;
}

export interface ParsedBundle {
  source: string;
  kind: Bundle['kind'];
  manifest: Manifest | null;
  manifestIssues: ParseIssue[];
  artifacts: ArtifactState[];
  /** `code` words the reason in a report's language (`unrecognized.<code>` in the i18n table). */
  unrecognized: {
    path: string;
    reason: string;
    code?: 'unreadable' | 'not-an-artifact' | 'name-only';
    params?: Record<string, string>;
    /** Private key blocks found in it (their lines are never read or shown: private-keys.ts). */
    privateKeys?: { start: number; end: number; kind?: 'pfx' | 'pfx-file' }[];
  }[];
  skipped: SkippedEntry[];
  /** A zip's newest entry time and its file: an estimate of when the files were written (judge6 S1). */
  fileTimes?: { newest: string; path: string } | null;
  /** Host names loose texts state (`hostname` output, ipconfig's Host Name; src/artifacts/host-lines.ts). */
  hostNames?: HostNameLine[];
  /**
   * Loose files holding command output of more than one machine (a PowerShell remoting copy:
   * src/artifacts/host-sessions.ts), each with those hosts (null: the local console, not named).
   */
  severalHosts?: { path: string; hosts: SessionHost[] }[];
}

export interface LoadOptions {
  /** Forced text encoding for every text file (CLI --encoding). */
  encoding?: string;
}

/** Typed access to the parsed files of one artifact. */
export function filesOf<K extends keyof ArtifactValues>(
  parsed: ParsedBundle,
  id: K,
): (ParsedFile<ArtifactValues[K]> & { value: ArtifactValues[K] })[] {
  const state = parsed.artifacts.find((a) => a.id === id);
  return (state?.files ?? []).filter((f) => f.value !== null) as (ParsedFile<ArtifactValues[K]> & {
    value: ArtifactValues[K];
  })[];
}

/** Artifact ids that yielded something usable. */
export function availableArtifacts(parsed: ParsedBundle): Set<string> {
  return new Set(
    parsed.artifacts
      .filter((a) => a.status === 'parsed' || a.status === 'partial')
      .map((a) => a.id),
  );
}
