/**
 * HTTP.sys entries no IIS site uses (judge14 S1): with IIS's https bindings read, an IIS-owned
 * entry none of them resolves to, none falls back to and no captured connection reached serves
 * only clients that connect to an address (or port) of this machine no site is bound to. A finding
 * on such an entry is clean-up, never why a site fails (src/engine/unused-endpoints.ts).
 * Runs after src/facts/site.ts, binding-owner.ts, iis-https-missing.ts and the captures.
 */
import type {
  BindingEntity,
  CertificateEntity,
  ConnectionEntity,
  IisBindingEntity,
} from './model.js';
import type { Patch, View } from './patch.js';

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

export function markUnusedEndpoints(
  bindings: readonly View<BindingEntity>[],
  iisBindings: readonly View<IisBindingEntity>[],
  connections: readonly View<ConnectionEntity>[],
): Patch<BindingEntity, 'noSiteUses'>[] {
  // Ports where what an IIS binding reaches is not known (entries not all shown), and ports where
  // one finds no entry of its own: HTTP.sys then falls back to the port's wildcard entries.
  const unknownPorts = new Set<number>();
  const fallbackPorts = new Set<number>();
  for (const ib of iisBindings) {
    if (ib.port === null) continue;
    if (ib.httpSysMatch === 'unknown') unknownPorts.add(ib.port);
    if (ib.httpSysMatch === 'none') fallbackPorts.add(ib.port);
  }
  const fallbacks = new Set(
    iisBindings.flatMap((ib) => (ib.fallbackEndpoint ? [ib.fallbackEndpoint.toLowerCase()] : [])),
  );
  const reached = new Set(
    connections.flatMap((c) => (c.bindingEndpoint ? [c.bindingEndpoint.toLowerCase()] : [])),
  );
  return bindings.map((b, at) => {
    const wildcardFallback =
      b.type === 'ipport' &&
      b.port !== null &&
      fallbackPorts.has(b.port) &&
      WILDCARDS.has(b.address ?? '');
    const noSiteUses =
      b.iisBindings !== undefined &&
      b.iisBindings.length === 0 &&
      (b.iisHttpsBindingCount ?? 0) > 0 &&
      b.otherOwner == null &&
      b.port !== null &&
      !unknownPorts.has(b.port) &&
      !wildcardFallback &&
      !fallbacks.has(b.endpoint.toLowerCase()) &&
      !reached.has(b.endpoint.toLowerCase());
    return { at, set: { noSiteUses } };
  });
}

/**
 * A certificate bound only by IP entries of ports that also have hostname:port entries with other
 * certificates (judge14 M3): clients sending SNI for those names never get it. Its fixes say who
 * is affected: clients without SNI, or asking another name, not every client.
 */
export function markSniSpared(
  certificates: readonly View<CertificateEntity>[],
  bindings: readonly View<BindingEntity>[],
): Patch<CertificateEntity, 'sniSpared'>[] {
  return certificates.map((c, at) => {
    const own = c.boundBindings;
    const ports = new Set(
      bindings
        .filter((b) => b.type === 'ipport' && own.some((o) => o.endpoint === b.endpoint))
        .map((b) => b.port),
    );
    const spared =
      own.length > 0 && own.every((o) => o.type === 'ipport')
        ? bindings
            .filter(
              (b) =>
                b.type === 'hostnameport' &&
                ports.has(b.port) &&
                b.certificateHash !== null &&
                b.certificateHash !== c.thumbprint,
            )
            .map((b) => b.endpoint)
        : [];
    return { at, set: { sniSpared: spared } };
  });
}
