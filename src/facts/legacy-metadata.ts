/**
 * Vanishing SSL bindings (KB 2025598): HttpEvent 15300 "SSL Certificate Settings deleted for Port"
 * and the applicationHost.config `<customMetadata>` property 5506 that makes IIS delete them.
 *
 * - Each site gets the legacy SSL certificate hash of its `LM/W3SVC/<id>` key (when there is one),
 *   whether that hash is the one HTTP.sys serves for the site now, and the 15300 events that name
 *   an endpoint of its https bindings.
 * - Each 15300 group gets the IIS https bindings that need its endpoint and have no HTTP.sys entry
 *   now (the deletion was not undone), the sites of that endpoint, and those with 5506 metadata.
 *
 * Runs after buildSites (iisBinding.expectedEndpoint / missing*) and linkHttpEvents (the groups'
 * endpoints).
 */
import { effectiveIisConfigFiles } from '../artifacts/iis-shared-config.js';
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import { compareText } from '../shared/evidence.js';
import { canonicalEventEndpoint, HTTPEVENT_SSL_SETTINGS_DELETED } from './httpevent.js';
import type { EvidenceRef } from '../shared/evidence.js';
import type { EventGroupEntity, IisBindingEntity, SiteEntity } from './model.js';
import type { Patch, View } from './patch.js';

const endpointOf = (e: string | null | undefined): string | null =>
  e ? (canonicalEventEndpoint(e)?.toLowerCase() ?? null) : null;

/** The IIS binding has no HTTP.sys entry to serve it (the rules iis-*-without-* report which). */
const missing = (b: View<IisBindingEntity>): boolean =>
  b.missingSslcert || b.missingHostnamePort || b.missingCcs;

type SiteFields =
  | 'legacySslCertHash'
  | 'legacySslMetadataPath'
  | 'legacySslMetadataValue'
  | 'legacySslMetadataSitePath'
  | 'httpSysCertificateHashes'
  | 'legacySslCertHashCurrent'
  | 'sslSettingsDeletedEvents';

/** What linkLegacySslMetadata sets on the sites and on the 15300 event groups. */
export interface LegacySslMetadataLinks {
  sites: Patch<SiteEntity, SiteFields>[];
  groups: Patch<
    EventGroupEntity,
    | 'iisBindingsStillMissing'
    | 'iisBindingsStillMissingCount'
    | 'iisSites'
    | 'legacySslMetadataSites'
  >[];
}

export function linkLegacySslMetadata(
  parsed: ParsedBundle,
  sites: readonly View<SiteEntity>[],
  iisBindings: readonly View<IisBindingEntity>[],
  eventGroups: readonly View<EventGroupEntity>[],
): LegacySslMetadataLinks {
  const httpSysCollected =
    filesOf(parsed, 'httpsys.sslcert').length + filesOf(parsed, 'httpsys.registry').length > 0;
  const iisCollected =
    effectiveIisConfigFiles(parsed).length +
      filesOf(parsed, 'iis.appcmd-sites').length +
      filesOf(parsed, 'iis.appcmd-sites-config').length >
    0;
  const deleted = eventGroups.flatMap((g, at) =>
    g.source === 'httpevent' && g.eventId === HTTPEVENT_SSL_SETTINGS_DELETED ? [{ g, at }] : [],
  );
  const bindingsOf = (site: View<SiteEntity>): View<IisBindingEntity>[] =>
    iisBindings.filter((b) => site.httpsBindings.includes(b.key));
  const onSite = new Map<
    number,
    { set: Partial<Pick<SiteEntity, SiteFields>>; evidence: EvidenceRef[] }
  >();
  const of = (at: number) => {
    const p = onSite.get(at) ?? { set: {}, evidence: [] };
    onSite.set(at, p);
    return p;
  };
  const metadataPath = (at: number): string | undefined =>
    onSite.get(at)?.set.legacySslMetadataPath ?? sites[at]!.legacySslMetadataPath;

  for (const file of effectiveIisConfigFiles(parsed)) {
    for (const h of file.value.legacySslHashes ?? []) {
      const at = sites.findIndex((s) => s.id !== null && s.id === h.siteId);
      const site = sites[at];
      if (!site || metadataPath(at) !== undefined) continue;
      const served = bindingsOf(site)
        .map((b) => b.httpSysCertificateHash)
        .filter((x): x is string => x !== null);
      const p = of(at);
      Object.assign(p.set, {
        legacySslCertHash: h.certificateHash,
        legacySslMetadataPath: h.path,
        legacySslMetadataValue: h.value,
        legacySslMetadataSitePath: h.path === `LM/W3SVC/${site.id}`,
        httpSysCertificateHashes: [...new Set(served)].sort(compareText),
        legacySslCertHashCurrent:
          !httpSysCollected || h.certificateHash === null
            ? null
            : served.includes(h.certificateHash),
      } satisfies Partial<Pick<SiteEntity, SiteFields>>);
      p.evidence.push({ ...h.evidence, label: 'applicationHost.config customMetadata' });
    }
  }

  if (deleted.length > 0 || filesOf(parsed, 'events.httpevent').length > 0)
    sites.forEach((site, at) => {
      const eps = new Set(bindingsOf(site).map((b) => endpointOf(b.expectedEndpoint)));
      const events = deleted.filter(({ g }) => eps.has(endpointOf(g.endpoint)));
      const p = of(at);
      p.set.sslSettingsDeletedEvents = events.reduce((n, { g }) => n + g.count, 0);
      for (const { g } of events) p.evidence.push(...g.evidence);
    });

  const out: LegacySslMetadataLinks = { sites: [], groups: [] };
  for (const [at, p] of [...onSite].sort(([a], [b]) => a - b)) out.sites.push({ at, ...p });
  if (!iisCollected) return out;
  for (const { g, at } of deleted) {
    const ep = endpointOf(g.endpoint);
    const needing = iisBindings.filter((b) => ep !== null && endpointOf(b.expectedEndpoint) === ep);
    const still = needing.filter(missing);
    const names = [...still, ...needing].map((b) => b.siteName);
    const iisSites = [...new Set(names)];
    out.groups.push({
      at,
      set: {
        iisBindingsStillMissing: still.map((b) => `IIS site '${b.siteName}' ${b.display}`),
        iisBindingsStillMissingCount: still.length,
        iisSites,
        legacySslMetadataSites: iisSites.filter((n) =>
          sites.some((s, i) => s.name === n && metadataPath(i) !== undefined),
        ),
      },
      evidence: still.flatMap((b) => b.evidence),
    });
  }
  return out;
}
