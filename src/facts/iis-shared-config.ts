/**
 * The host's IIS shared configuration (src/artifacts/iis-shared-config.ts decides what it sets
 * aside): where IIS reads its configuration, and where the IIS sites the rules see came from.
 */
import { iisRedirectOf } from '../artifacts/iis-shared-config.js';
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { EvidenceRef } from '../shared/evidence.js';

export interface IisSharedConfig {
  /** The share IIS reads applicationHost.config from (`\\server\share`); null when not given. */
  path: string | null;
  /** The server part of a UNC path; null otherwise. */
  server: string | null;
  userName: string | null;
  /** What says so: redirection.config itself, or only the collector's manifest. */
  source: 'redirection.config' | 'manifest';
  /**
   * Where the IIS sites the rules judged came from: appcmd's effective configuration (with
   * sslFlags), appcmd's site list (no sslFlags), or nowhere (IIS bindings not checked).
   */
  sitesFrom: 'appcmd-config' | 'appcmd-list' | 'none';
  /** A local applicationHost.config was in the bundle and was set aside as not effective. */
  localConfigSetAside: boolean;
  evidence: EvidenceRef[];
}

export function buildIisSharedConfig(parsed: ParsedBundle): IisSharedConfig | null {
  const redirect = iisRedirectOf(parsed);
  if (!redirect) return null;
  const config = filesOf(parsed, 'iis.appcmd-sites-config').filter((f) => f.value.sites.length);
  const list = filesOf(parsed, 'iis.appcmd-sites');
  const local = parsed.artifacts.find((a) => a.id === 'iis.config');
  const server = /^\\\\([^\\/]+)[\\/]/.exec(redirect.path ?? '')?.[1] ?? null;
  return {
    path: redirect.path,
    server,
    userName: redirect.userName,
    source: redirect.source,
    sitesFrom: config.length ? 'appcmd-config' : list.length ? 'appcmd-list' : 'none',
    localConfigSetAside: (local?.files.length ?? 0) > 0,
    evidence: [
      ...redirect.evidence,
      ...config.slice(0, 1).map((f) => ({
        ...f.value.sites[0]!.evidence,
        label: 'appcmd list site /config',
      })),
    ],
  };
}
