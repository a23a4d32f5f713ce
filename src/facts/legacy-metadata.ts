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
import type { EventGroupEntity, IisBindingEntity, SiteEntity } from './model.js';

const endpointOf = (e: string | null | undefined): string | null =>
  e ? (canonicalEventEndpoint(e)?.toLowerCase() ?? null) : null;

/** The IIS binding has no HTTP.sys entry to serve it (the rules iis-*-without-* report which). */
const missing = (b: IisBindingEntity): boolean =>
  b.missingSslcert || b.missingHostnamePort || b.missingCcs;

export function linkLegacySslMetadata(
  parsed: ParsedBundle,
  sites: SiteEntity[],
  iisBindings: IisBindingEntity[],
  eventGroups: EventGroupEntity[],
): void {
  const httpSysCollected =
    filesOf(parsed, 'httpsys.sslcert').length + filesOf(parsed, 'httpsys.registry').length > 0;
  const iisCollected =
    effectiveIisConfigFiles(parsed).length +
      filesOf(parsed, 'iis.appcmd-sites').length +
      filesOf(parsed, 'iis.appcmd-sites-config').length >
    0;
  const deleted = eventGroups.filter(
    (g) => g.source === 'httpevent' && g.eventId === HTTPEVENT_SSL_SETTINGS_DELETED,
  );
  const bindingsOf = (site: SiteEntity): IisBindingEntity[] =>
    iisBindings.filter((b) => site.httpsBindings.includes(b.key));

  for (const file of effectiveIisConfigFiles(parsed)) {
    for (const h of file.value.legacySslHashes ?? []) {
      const site = sites.find((s) => s.id !== null && s.id === h.siteId);
      if (!site || site.legacySslMetadataPath !== undefined) continue;
      site.legacySslCertHash = h.certificateHash;
      site.legacySslMetadataPath = h.path;
      site.legacySslMetadataValue = h.value;
      site.legacySslMetadataSitePath = h.path === `LM/W3SVC/${site.id}`;
      site.evidence.push({ ...h.evidence, label: 'applicationHost.config customMetadata' });
      const served = bindingsOf(site)
        .map((b) => b.httpSysCertificateHash)
        .filter((x): x is string => x !== null);
      site.httpSysCertificateHashes = [...new Set(served)].sort(compareText);
      site.legacySslCertHashCurrent =
        !httpSysCollected || h.certificateHash === null ? null : served.includes(h.certificateHash);
    }
  }

  for (const site of sites) {
    if (deleted.length === 0 && filesOf(parsed, 'events.httpevent').length === 0) break;
    const eps = new Set(bindingsOf(site).map((b) => endpointOf(b.expectedEndpoint)));
    const events = deleted.filter((g) => eps.has(endpointOf(g.endpoint)));
    site.sslSettingsDeletedEvents = events.reduce((n, g) => n + g.count, 0);
    for (const g of events) site.evidence.push(...g.evidence);
  }

  if (!iisCollected) return;
  for (const g of deleted) {
    const ep = endpointOf(g.endpoint);
    const needing = iisBindings.filter((b) => ep !== null && endpointOf(b.expectedEndpoint) === ep);
    const still = needing.filter(missing);
    g.iisBindingsStillMissing = still.map((b) => `IIS site '${b.siteName}' ${b.display}`);
    g.iisBindingsStillMissingCount = still.length;
    const names = [...still, ...needing].map((b) => b.siteName);
    g.iisSites = [...new Set(names)];
    g.legacySslMetadataSites = g.iisSites.filter((n) =>
      sites.some((s) => s.name === n && s.legacySslMetadataPath !== undefined),
    );
    for (const b of still) g.evidence.push(...b.evidence);
  }
}
