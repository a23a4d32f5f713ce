/**
 * IIS shared configuration (redirection.config `enabled="true"`): IIS then reads
 * applicationHost.config from a share, and a local applicationHost.config in the bundle is a stale
 * copy IIS does not use. What the analysis may read follows from it: the local file is set aside
 * (its sites, client-certificate and metadata settings are not the server's), and the rules that
 * need it wait for evidence of the effective configuration (`appcmd list site /config /xml`).
 * The collector already marks the local copy `skipped` in that case; loose files (a pasted
 * redirection.config beside an applicationHost.config) are handled the same way here. An IIS
 * Express applicationhost.config is set aside the same way: it is not the server's IIS.
 */
import type { EvidenceRef } from '../shared/evidence.js';
import { availableArtifacts, filesOf, type ParsedBundle } from './load.js';

export interface IisRedirect {
  path: string | null;
  userName: string | null;
  /** What says so: the redirection.config file read, or only the collector's manifest. */
  source: 'redirection.config' | 'manifest';
  evidence: EvidenceRef[];
}

/** The enabled shared-configuration redirect of the bundle; null when off or unknown. */
export function iisRedirectOf(parsed: ParsedBundle): IisRedirect | null {
  for (const f of filesOf(parsed, 'iis.redirection')) {
    if (f.value.enabled === true)
      return {
        path: f.value.path,
        userName: f.value.userName,
        source: 'redirection.config',
        evidence: f.value.evidence ? [f.value.evidence] : [],
      };
  }
  const m = parsed.manifest?.iisSharedConfiguration;
  if (m?.enabled === true)
    return { path: m.path ?? null, userName: null, source: 'manifest', evidence: [] };
  return null;
}

/**
 * The applicationHost.config files that are the server's configuration: none under a redirect,
 * and never IIS Express's file (a developer's sites, src/parsers/applicationhost/express.ts).
 */
export function effectiveIisConfigFiles(
  parsed: ParsedBundle,
): ReturnType<typeof filesOf<'iis.config'>> {
  return iisRedirectOf(parsed)
    ? []
    : filesOf(parsed, 'iis.config').filter((f) => !f.value.iisExpress);
}

/**
 * Artifacts usable by rules: the collected ones, less a local applicationHost.config under a
 * redirect, and less iis.config when every file of it is IIS Express's (rules about IIS sites
 * are then not evaluated, never passed on a developer's configuration).
 */
export function effectiveArtifacts(parsed: ParsedBundle): Set<string> {
  const ids = availableArtifacts(parsed);
  if (ids.has('iis.config') && effectiveIisConfigFiles(parsed).length === 0)
    ids.delete('iis.config');
  return ids;
}
