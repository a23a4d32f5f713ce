/**
 * manifest.json: the contract between collector and analyzer (see collectors/README.md).
 * Read leniently: a manifest with a missing or malformed field still yields everything else,
 * and each problem becomes an issue.
 */
import type { ParseIssue } from '../shared/parse.js';

export type ArtifactStatus = 'collected' | 'failed' | 'skipped';

export interface ManifestArtifact {
  id: string;
  path: string;
  status: ArtifactStatus;
  source?: string;
  exitCode?: number;
  stderr?: string;
  durationMs?: number;
  size?: number;
  sha256?: string;
  /** e.g. `utf-8`, `utf-16le`, `oem` (the host's OEM code page), `cp936`. */
  encoding?: string;
  /** Why it failed or was skipped. */
  reason?: string;
  /** The tool timed out and the file ends where it was cut (wevtutil: newest events first). */
  partial?: boolean;
}

export interface ManifestHost {
  name?: string;
  osCaption?: string;
  osVersion?: string;
  osBuild?: number;
  uiCulture?: string;
  /** The format culture (Get-Culture): how dates are printed. */
  culture?: string;
  /** Its short date pattern with the user's overrides (`M/d/yyyy`, `dd/MM/yyyy`). */
  shortDatePattern?: string;
  oemCodePage?: number;
  ansiCodePage?: number;
  timeZone?: string;
  elevated?: boolean;
  psVersion?: string;
  /** .NET Framework 4.x release number (NDP\\v4\\Full Release): which key tests could run. */
  dotNetRelease?: number;
}

export interface Manifest {
  formatVersion: number;
  collector: { name?: string; version?: string };
  host: ManifestHost;
  startedAt?: string;
  finishedAt?: string;
  redacted?: boolean;
  /** IIS shared configuration (redirection.config); when enabled the local applicationHost.config is stale. */
  iisSharedConfiguration?: { enabled: boolean; path?: string };
  artifacts: ManifestArtifact[];
}

export type ManifestIssueCode =
  | 'manifest-invalid-json'
  | 'manifest-invalid-field'
  | 'manifest-unsupported-version'
  | 'manifest-duplicate-entry';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && /^\d+$/.test(v)
      ? Number(v)
      : undefined;
const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Copies defined values only, so optional fields stay absent (exactOptionalPropertyTypes). */
function defined<T extends object>(o: { [K in keyof T]: T[K] | undefined }): T {
  const out = {} as T;
  for (const k of Object.keys(o) as (keyof T)[])
    if (o[k] !== undefined) out[k] = o[k] as T[keyof T];
  return out;
}

export const SUPPORTED_FORMAT_VERSION = 1;

/** Two entries of one artifact id: the collected one's fields win; the other fills the gaps. */
function mergeEntries(a: ManifestArtifact, b: ManifestArtifact): ManifestArtifact {
  const [win, lose] = b.status === 'collected' && a.status !== 'collected' ? [b, a] : [a, b];
  return { ...lose, ...win };
}

export function parseManifest(text: string): {
  manifest: Manifest | null;
  issues: ParseIssue<ManifestIssueCode>[];
} {
  const issues: ParseIssue<ManifestIssueCode>[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    issues.push({
      code: 'manifest-invalid-json',
      severity: 'error',
      message: `manifest.json is not valid JSON: ${(e as Error).message}`,
    });
    return { manifest: null, issues };
  }
  const m = obj(raw);
  const formatVersion = num(m['formatVersion']) ?? 0;
  if (formatVersion !== SUPPORTED_FORMAT_VERSION) {
    issues.push({
      code: 'manifest-unsupported-version',
      severity: 'warning',
      message: `manifest formatVersion ${String(m['formatVersion'])} (this analyzer reads ${SUPPORTED_FORMAT_VERSION}); reading it anyway`,
    });
  }
  const h = obj(m['host']);
  const c = obj(m['collector']);
  const artifacts: ManifestArtifact[] = [];
  const byId = new Map<string, ManifestArtifact>();
  const list = Array.isArray(m['artifacts']) ? (m['artifacts'] as unknown[]) : [];
  if (!Array.isArray(m['artifacts'])) {
    issues.push({
      code: 'manifest-invalid-field',
      severity: 'warning',
      message: 'manifest has no artifacts list; files are recognised by name and content',
    });
  }
  list.forEach((a, i) => {
    const o = obj(a);
    const id = str(o['id']);
    const path = str(o['path']);
    const status = str(o['status']);
    if (!id || !path) {
      issues.push({
        code: 'manifest-invalid-field',
        severity: 'warning',
        message: `artifact #${i + 1} lacks id or path; ignored`,
      });
      return;
    }
    const entry = defined<ManifestArtifact>({
      id,
      path: path.replace(/\\/g, '/'),
      status: status === 'failed' || status === 'skipped' ? status : 'collected',
      source: str(o['source']),
      exitCode: num(o['exitCode']),
      stderr: str(o['stderr']),
      durationMs: num(o['durationMs']),
      size: num(o['size']),
      sha256: str(o['sha256']),
      encoding: str(o['encoding']),
      reason: str(o['reason']),
      partial: o['partial'] === true ? true : undefined,
    });
    const prior = byId.get(id);
    if (!prior) {
      byId.set(id, entry);
      artifacts.push(entry);
      return;
    }
    // A second entry for one id (a re-run appended, an edited manifest): merged, never allowed to
    // hide a file. "collected" wins over failed/skipped, because whether the file is there and
    // parses is decided by the file itself, not by the other entry.
    const merged = mergeEntries(prior, entry);
    issues.push({
      code: 'manifest-duplicate-entry',
      severity: 'warning',
      message: `artifact #${i + 1} repeats ${id} (${prior.status} ${prior.path} / ${entry.status} ${entry.path}); merged as ${merged.status} ${merged.path}`,
    });
    Object.assign(prior, merged);
  });
  const manifest: Manifest = defined<Manifest>({
    formatVersion,
    collector: defined({ name: str(c['name']), version: str(c['version']) }),
    host: defined<ManifestHost>({
      name: str(h['name']),
      osCaption: str(h['osCaption']),
      osVersion: str(h['osVersion']),
      osBuild: num(h['osBuild']),
      uiCulture: str(h['uiCulture']),
      culture: str(h['culture']),
      shortDatePattern: str(h['shortDatePattern']),
      oemCodePage: num(h['oemCodePage']),
      ansiCodePage: num(h['ansiCodePage']),
      timeZone: str(h['timeZone']),
      elevated: typeof h['elevated'] === 'boolean' ? h['elevated'] : undefined,
      psVersion: str(h['psVersion']),
      dotNetRelease: num(h['dotNetRelease']),
    }),
    startedAt: str(m['startedAt']),
    finishedAt: str(m['finishedAt']),
    redacted: typeof m['redacted'] === 'boolean' ? m['redacted'] : undefined,
    iisSharedConfiguration:
      typeof obj(m['iisSharedConfiguration'])['enabled'] === 'boolean'
        ? defined({
            enabled: obj(m['iisSharedConfiguration'])['enabled'] === true,
            path: str(obj(m['iisSharedConfiguration'])['path']),
          })
        : undefined,
    artifacts,
  });
  return { manifest, issues };
}
