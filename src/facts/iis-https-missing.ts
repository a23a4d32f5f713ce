/**
 * "HTTP works, HTTPS fails" when IIS has no https binding at all: HTTP.sys may still hold IIS's
 * certificate entry for 0.0.0.0:443 (left when the binding was removed, or made by netsh), but no
 * site is registered for HTTPS, so every HTTPS request fails. The entry is then what the missing
 * binding needs, not a leftover to delete. Sets on each HTTP.sys entry how many https bindings IIS
 * has, the sites that could take one, and the IIS bindingInformation that would use this entry.
 * Runs after src/facts/site.ts.
 */
import type { BindingEntity, SiteEntity } from './model.js';
import type { Patch, View } from './patch.js';

/** `*:443:` for 0.0.0.0:443 / [::]:443, `10.0.0.5:443:` for an address, `*:443:host` for SNI. */
function bindingInfoFor(b: View<BindingEntity>): string | null {
  if (b.port === null) return null;
  if (b.type === 'hostnameport') return b.hostname ? `*:${b.port}:${b.hostname}` : null;
  if (b.type !== 'ipport' || b.address === null) return null;
  const wildcard = b.address === '0.0.0.0' || b.address === '[::]' || b.address === '::';
  return `${wildcard ? '*' : b.address}:${b.port}:`;
}

export function markMissingHttpsBindings(
  bindings: readonly View<BindingEntity>[],
  sites: readonly View<SiteEntity>[],
): Patch<BindingEntity, 'iisHttpsBindingCount' | 'iisSiteNames' | 'suggestedIisBindingInfo'>[] {
  if (sites.length === 0) return [];
  const count = sites.reduce((n, s) => n + s.httpsBindingCount, 0);
  const names = sites.map((s) => s.name);
  return bindings.flatMap((b, at) =>
    b.iisBindings === undefined
      ? []
      : [
          {
            at,
            set: {
              iisHttpsBindingCount: count,
              iisSiteNames: names,
              suggestedIisBindingInfo: bindingInfoFor(b),
            },
          },
        ],
  );
}
