/**
 * One input holding several collector bundles (judge7 T2): a zip of `WEB01/` and `WEB-CN01/`,
 * each with its manifest.json, or two bundle folders given together. Read as one, the servers
 * were merged: one server's port conflict became the root cause of a report naming no host, and
 * "duplicate" findings were built from one file of each server. A report is about one server:
 * such an input is refused with the way to analyse each (`tls-doctor fleet`).
 */
import type { Bundle } from '../bundle/open.js';
import { BundleError } from '../bundle/errors.js';
import type { ParsedBundle } from './parsed.js';

/** A manifest.json the collector wrote (not a web app's manifest.json). */
function collectorManifest(read: () => Uint8Array): { host: string | null } | null {
  try {
    const m = JSON.parse(
      Buffer.from(read())
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    ) as unknown;
    if (m === null || typeof m !== 'object') return null;
    const o = m as Record<string, unknown>;
    if (!Array.isArray(o['artifacts']) || !('collector' in o || 'formatVersion' in o)) return null;
    const host = o['host'] as Record<string, unknown> | undefined;
    return { host: typeof host?.['name'] === 'string' ? host['name'] : null };
  } catch {
    return null;
  }
}

/** Throws `several-bundles` when `bundle` holds more than one collector manifest. */
export function refuseSeveralBundles(bundle: Bundle): void {
  const roots = bundle.files
    .filter((f) => /(^|\/)manifest\.json$/i.test(f.path) && f.size < 16 * 1024 * 1024)
    .map((f) => ({ path: f.path, manifest: collectorManifest(() => f.read()) }))
    .filter((r) => r.manifest !== null);
  if (roots.length < 2) return;
  const names = roots.map((r) => {
    const folder = r.path.replace(/(^|\/)manifest\.json$/i, '') || '.';
    return r.manifest!.host ? `${folder} (host ${r.manifest!.host})` : folder;
  });
  throw new BundleError(
    'several-bundles',
    `${bundle.source} holds ${roots.length} collector bundles (${names.join(', ')}); a report is about one server and servers are never merged: unzip it and run tls-doctor fleet <folder> on the folder that holds the bundles, or analyze each bundle on its own`,
  );
}

/**
 * One loose file holding the output of several machines (judge7 S7: `hostname` → WEB01 and its
 * sslcert, then `Enter-PSSession WEB02` and WEB02's sslcert). Read as one server, WEB02's broken
 * binding became a finding of no named host, and the listings of two servers were compared as
 * one. Split by prompts alone is not clean (output pasted without its prompt, Invoke-Command on
 * several hosts), so the file is refused with the hosts named; `params` lets the CLI word it in
 * the user's language.
 */
export class SeveralHostsError extends BundleError {
  readonly params: { file: string; hosts: (string | null)[] };
  constructor(file: string, hosts: (string | null)[]) {
    super(
      'several-hosts',
      `${file} holds the output of ${hosts.length} machines (${hosts
        .map((h) => h ?? 'the local console, name not shown')
        .join(
          ', ',
        )}); a report is about one server and servers are never merged: give each server's output in a file of its own (or run the collector on each server) and analyze each on its own`,
      file,
    );
    this.params = { file, hosts };
  }
}

/** Throws `several-hosts` when a loose file holds command output of more than one machine. */
export function refuseSeveralHostsInOneFile(parsed: ParsedBundle): void {
  const first = parsed.severalHosts?.[0];
  if (first)
    throw new SeveralHostsError(
      first.path,
      first.hosts.map((h) => h.name),
    );
}
