/**
 * IIS Centralized Certificate Store (iis.ccs) joined to the IIS bindings that use it (sslFlags
 * bit 2): is the provider configured and enabled, is its folder set and readable, and is there a
 * certificate file for the binding's host name?
 *
 * File naming (learn.microsoft.com/iis/web-hosting/scenario-build-a-web-farm-with-iis-servers/
 * planning-step-4-plan-ssl-central-certificate-store; learn.microsoft.com/iis/get-started/
 * whats-new-in-iis-8/iis-80-centralized-ssl-certificate-support-ssl-scalability-and-manageability):
 * the file is the host name plus `.pfx` (`www.contoso.com.pfx`); a wildcard certificate is named
 * with `_` for `*` (`_.contoso.com.pfx`). For `www.contoso.com` the provider tries
 * `www.contoso.com.pfx` first, then `_.contoso.com.pfx`. Names compare case-insensitively (NTFS / SMB).
 *
 * The listing is what the COLLECTING account sees; IIS reads the folder as the provider's
 * UserName, so a listing error says the folder may be unreadable, not that it is.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { EvidenceRef } from '../shared/evidence.js';
import type { IisBindingCcs, IisBindingEntity } from './model.js';
import type { Patch, View } from './patch.js';

/** The file names the provider looks for, most specific first (empty without a host name). */
export function ccsFileNames(host: string | null): string[] {
  if (host === null || host.trim() === '') return [];
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (h.startsWith('*.')) return [`_.${h.slice(2)}.pfx`];
  const dot = h.indexOf('.');
  // A single-label name has no parent domain, so no wildcard file can match it.
  return dot > 0 && dot < h.length - 1 ? [`${h}.pfx`, `_.${h.slice(dot + 1)}.pfx`] : [`${h}.pfx`];
}

/**
 * Files in the listing that were probably meant for this host but do not follow the naming:
 * `*.` / `wildcard.` / `star.` spellings of the wildcard name, the parent domain alone, a
 * doubled `.pfx`, a different letter case is NOT one (names compare case-insensitively).
 */
function similarFiles(host: string, files: readonly string[]): string[] {
  const h = host.toLowerCase().replace(/^\*\./, '');
  const parent = h.includes('.') ? h.slice(h.indexOf('.') + 1) : h;
  const wanted = new Set(ccsFileNames(host));
  return files
    .filter((f) => {
      const n = f.toLowerCase();
      if (wanted.has(n)) return false;
      const stem = n.replace(/(\.pfx)+$/, '');
      return (
        stem === h ||
        stem === parent ||
        stem.endsWith(`.${parent}`) ||
        stem.endsWith(`_${parent}`) ||
        stem.replace(/_/g, '.') === h
      );
    })
    .slice(0, 10);
}

export function linkCcs(
  parsed: ParsedBundle,
  iisBindings: readonly View<IisBindingEntity>[],
): Patch<IisBindingEntity, 'ccs'>[] {
  const file = filesOf(parsed, 'iis.ccs')[0];
  const none = iisBindings.map((_, at) => ({ at, set: { ccs: null } }));
  if (!file) return none;
  const { registry, listing } = file.value;
  const evidence: EvidenceRef[] = [registry?.evidence, listing?.evidence].filter(
    (e): e is EvidenceRef => e !== null && e !== undefined,
  );
  const files = listing?.status === 'listed' ? listing.files : [];
  const lower = new Map(files.map((f) => [f.toLowerCase(), f]));
  const listingComplete = listing?.status === 'listed' && !listing.truncated;
  return iisBindings.map((b, at) => {
    if (!b.centralCertStore) return { at, set: { ccs: null } };
    const names = ccsFileNames(b.host);
    const found = names.map((n) => lower.get(n)).find((f) => f !== undefined) ?? null;
    const ccs: IisBindingCcs = {
      providerConfigured: registry === null ? null : registry.present,
      providerEnabled: registry === null ? null : registry.present ? registry.enabled === 1 : false,
      enabledValue: registry?.enabled ?? null,
      folder: registry?.certStoreLocation ?? listing?.path ?? null,
      folderSet: (registry?.certStoreLocation ?? null) !== null,
      userName: registry?.userName ?? null,
      listing: listing?.status ?? null,
      listingError: listing?.error ?? null,
      listingComplete,
      expectedFile: names[0] ?? null,
      wildcardFile: names[1] ?? (b.host?.startsWith('*.') ? (names[0] ?? null) : null),
      foundFile: found,
      fileMissing:
        names.length === 0 ? null : found !== null ? false : listingComplete ? true : null,
      similarFiles: b.host && found === null ? similarFiles(b.host, files) : [],
      evidence,
    };
    return { at, set: { ccs } };
  });
}
