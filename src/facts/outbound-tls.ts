/**
 * Outbound TLS of the server's own programs (dotnet.registry): does a .NET Framework program, or a
 * program using WinHTTP's default protocols, get TLS 1.2 without being told?
 *
 * .NET Framework (learn.microsoft.com/dotnet/framework/network-programming/tls): TLS 1.2 exists
 * from 4.5 (Release 378389). A program compiled for 4.6+ uses it by default, 4.7+ follows the OS;
 * a program compiled for an older version (an ASP.NET site with targetFramework 4.5, a service
 * built years ago) offers only SSL 3.0 / TLS 1.0 unless SchUseStrongCrypto=1 (or
 * SystemDefaultTlsVersions=1) is set in the v4.0.30319 key of its bitness. With Release below
 * 393295 (4.5.x) that is every program.
 *
 * WinHTTP (KB3140245, WINHTTP_OPTION_SECURE_PROTOCOLS): on Windows 7 / Server 2008 R2 (builds
 * 7600/7601) and Server 2012 (9200) programs asking for the default protocols get SSL 3.0 and TLS
 * 1.0 only, unless DefaultSecureProtocols includes 0x800 (TLS 1.2) in the WinHttp key of their
 * bitness (the update KB3140245 must be installed for the value to be read). Windows 8.1 / Server
 * 2012 R2 (9600) and later include TLS 1.1 and 1.2 in that default: nothing is judged there.
 * Whether KB3140245 is listed among the installed updates (system.hotfixes) is cited, never
 * judged missing: Win32_QuickFixEngineering lists only Component Based Servicing updates, and a
 * later rollup can include the fix without listing it, so "not listed" is not "missing". It
 * decides one thing: on those builds a DefaultSecureProtocols value with TLS 1.2 takes effect
 * only with the update, so a listed KB3140245 makes the value effective, and an unlisted one (or
 * no list) leaves it "cannot tell" (winHttpValueUnconfirmed), never "TLS 1.2 is the default".
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import { findKey, getValue, type RegFile } from '../parsers/reg.js';
import type { EvidenceRef } from '../shared/evidence.js';
import type { EventGroupEntity, OutboundTls } from './model.js';
import type { View } from './patch.js';

const NDP_FULL = 'HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full';
const DOTNET_V4 = [
  ['HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319', '64-bit'],
  ['HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319', '32-bit'],
] as const;
const WINHTTP = [
  ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp', '64-bit'],
  [
    'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp',
    '32-bit',
  ],
] as const;
/** Builds whose WinHTTP default protocols lack TLS 1.1 / 1.2 (Windows 7 / 2008 R2, Server 2012). */
const WINHTTP_OLD_DEFAULT_BUILDS = new Set([7600, 7601, 9200]);
const WINHTTP_TLS12 = 0x800;

/** .NET Framework 4.x Release numbers (lowest of each version) → version, newest first. */
const DOTNET_RELEASES: readonly [number, string][] = [
  [533320, '4.8.1'],
  [528040, '4.8'],
  [461808, '4.7.2'],
  [461308, '4.7.1'],
  [460798, '4.7'],
  [394802, '4.6.2'],
  [394254, '4.6.1'],
  [393295, '4.6'],
  [379893, '4.5.2'],
  [378675, '4.5.1'],
  [378389, '4.5'],
];
export const DOTNET_45 = 378389;
export const DOTNET_46 = 393295;

export function dotnetVersionOf(release: number | null): string | null {
  if (release === null) return null;
  return DOTNET_RELEASES.find(([min]) => release >= min)?.[1] ?? '4.0';
}

function dword(
  file: RegFile,
  path: string,
  name: string,
): { value: number | null; evidence: EvidenceRef | null } {
  const v = getValue(findKey(file, path), name);
  if (!v || v.deleted || typeof v.data !== 'number') return { value: null, evidence: null };
  return { value: v.data, evidence: v.evidence };
}

export function buildOutboundTls(
  parsed: ParsedBundle,
  osBuild: number | null,
  eventGroups: readonly View<EventGroupEntity>[],
): OutboundTls | null {
  const reg = filesOf(parsed, 'dotnet.registry')[0]?.value ?? null;
  if (reg === null) return null;
  const evidence: EvidenceRef[] = [];
  const cite = (ev: EvidenceRef | null | undefined): void => {
    if (ev) evidence.push(ev);
  };

  const rel = dword(reg, NDP_FULL, 'Release');
  const manifestRelease = parsed.manifest?.host?.dotNetRelease ?? null;
  const dotnetRelease = rel.value ?? manifestRelease;
  cite(rel.evidence);
  const dotnetKeys = DOTNET_V4.map(([path, bitness]) => {
    const strong = dword(reg, path, 'SchUseStrongCrypto');
    const sys = dword(reg, path, 'SystemDefaultTlsVersions');
    return {
      key: path,
      bitness,
      present: findKey(reg, path) !== undefined,
      schUseStrongCrypto: strong.value,
      systemDefaultTlsVersions: sys.value,
      evidence: [strong.evidence, sys.evidence].filter((e): e is EvidenceRef => e !== null),
    };
  });
  // A key in the export with neither value set.
  const unset = dotnetKeys.filter(
    (k) => k.present && k.schUseStrongCrypto !== 1 && k.systemDefaultTlsVersions !== 1,
  );
  // An export with neither v4 key says nothing (the key exists wherever .NET 4 is installed):
  // cannot tell, rather than "not set".
  const anyV4 = dotnetKeys.some((k) => k.present);
  for (const k of dotnetKeys) for (const e of k.evidence) cite(e);
  const dotnetStrongCryptoUnset = unset.map((k) => k.key);
  const dotnetTls12NotDefault = !anyV4
    ? null
    : unset.length === 0
      ? false
      : dotnetRelease === null
        ? null
        : true;

  const winHttp = WINHTTP.map(([path, bitness]) => {
    const d = dword(reg, path, 'DefaultSecureProtocols');
    cite(d.evidence);
    return { key: path, bitness, defaultSecureProtocols: d.value };
  });
  const oldDefault = osBuild === null ? null : WINHTTP_OLD_DEFAULT_BUILDS.has(osBuild);
  const winHttpLacking = winHttp.filter(
    (w) => w.defaultSecureProtocols === null || (w.defaultSecureProtocols & WINHTTP_TLS12) === 0,
  );
  const winHttpTls12NotDefault =
    oldDefault === null ? null : oldDefault && winHttpLacking.length > 0;

  // Schannel 36871 with Type client: an outbound credential failed on this server (recently:
  // src/facts/event-age.ts; a failure that stopped years ago says nothing about today's keys).
  const clientCredentialFailures = eventGroups
    .filter(
      (g) =>
        g.source === 'schannel' &&
        g.eventId === 36871 &&
        g.role === 'client' &&
        g.historical !== true,
    )
    .reduce((n, g) => n + g.count, 0);

  const hotfixes = filesOf(parsed, 'system.hotfixes')[0]?.value ?? null;
  let kb3140245: OutboundTls['kb3140245'] = null;
  if (hotfixes !== null && oldDefault === true) {
    const row = hotfixes.hotfixes.find((h) => h.hotFixId === 'KB3140245');
    // The lines cited: the update's own, else the whole list (whose accounts are then named).
    const cited = row ? [row] : hotfixes.hotfixes;
    const installedBy = [
      ...new Set(cited.map((h) => h.installedBy).filter((u): u is string => u !== null)),
    ];
    kb3140245 = row
      ? { listed: true, installedBy, evidence: [row.evidence] }
      : { listed: false, installedBy, evidence: hotfixes.evidence ? [hotfixes.evidence] : [] };
  }

  return {
    dotnetRelease,
    dotnetReleaseFrom:
      rel.value !== null ? 'registry' : manifestRelease !== null ? 'manifest' : null,
    dotnetVersion: dotnetVersionOf(dotnetRelease),
    dotnetBelow45: dotnetRelease === null ? null : dotnetRelease < DOTNET_45,
    dotnetEveryProgram: dotnetRelease === null ? null : dotnetRelease < DOTNET_46,
    dotnetKeys: dotnetKeys.map(({ evidence: _e, ...k }) => k),
    dotnetStrongCryptoUnset,
    dotnet64Unset: unset.some((k) => k.bitness === '64-bit'),
    dotnet32Unset: unset.some((k) => k.bitness === '32-bit'),
    dotnetTls12NotDefault,
    winHttp,
    winHttpOldDefaultBuild: oldDefault,
    winHttpLacking: winHttpLacking.map((w) => w.key),
    winHttp64Lacking:
      winHttpTls12NotDefault === true && winHttpLacking.some((w) => w.bitness === '64-bit'),
    winHttp32Lacking:
      winHttpTls12NotDefault === true && winHttpLacking.some((w) => w.bitness === '32-bit'),
    winHttpTls12NotDefault,
    winHttpValueUnconfirmed:
      oldDefault === true && winHttpLacking.length === 0 && kb3140245?.listed !== true,
    clientCredentialFailures,
    kb3140245,
    evidence,
  };
}
