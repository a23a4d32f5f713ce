/**
 * "HTTP works, HTTPS fails" with no https binding on any IIS site (judge9 T3): IIS registers no
 * https URL with HTTP.sys, so nothing on this server answers HTTPS, whatever HTTP.sys's
 * certificate list says. Decided only from a site list known to be whole: an applicationHost.config
 * whose `<sites>` element was read entire, or the collector's appcmd output; a pasted excerpt
 * (one site, an elision) says nothing about the other sites.
 */
import { effectiveIisConfigFiles } from '../artifacts/iis-shared-config.js';
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { BindingEntity, IisHttpsSummary, ListenerEntity, SiteEntity } from './model.js';
import type { View } from './patch.js';

const IIS_APP_ID = '{4dc3e181-e14b-4a21-b022-59fc669b0914}';

/** The site list holds every site of the server. */
function sitesWhole(parsed: ParsedBundle): boolean {
  const configs = effectiveIisConfigFiles(parsed).filter((f) => f.value.sites.length > 0);
  if (configs.length > 0) return configs.every((f) => f.value.sitesComplete === true);
  const appcmd = [
    ...filesOf(parsed, 'iis.appcmd-sites-config'),
    ...filesOf(parsed, 'iis.appcmd-sites'),
  ].filter((f) => f.value.sites.length > 0);
  // The collector runs appcmd whole; a pasted appcmd listing may be a few lines of it.
  return appcmd.length > 0 && appcmd.every((f) => f.matchedBy === 'manifest');
}

export function buildIisHttpsSummary(
  parsed: ParsedBundle,
  sites: readonly View<SiteEntity>[],
  bindings: readonly View<BindingEntity>[],
  listeners: readonly View<ListenerEntity>[],
): IisHttpsSummary | null {
  if (sites.length === 0) return null;
  const other443 = listeners.filter((l) => l.port === 443 && !l.isSystem && l.state !== 'BOUND');
  return {
    siteCount: sites.length,
    httpsBindingCount: sites.reduce((n, s) => n + s.httpsBindingCount, 0),
    sitesComplete: sitesWhole(parsed),
    siteNames: sites.map((s) => s.name || '(unnamed)').slice(0, 20),
    httpBindings: sites.flatMap((s) => s.bindings).slice(0, 20),
    httpSysIisEntryCount: bindings.filter((b) => b.applicationId === IIS_APP_ID).length,
    otherTlsListeners: other443.map((l) => l.ownerLabel),
    evidence: sites.flatMap((s) => s.evidence.slice(0, 1)).slice(0, 10),
  };
}
