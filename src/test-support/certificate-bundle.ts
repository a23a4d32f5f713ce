/**
 * In-memory bundles for the certificate facts tests (src/facts/certificate*.test.ts): real X.509
 * files made by scripts/gen-certs.ts (scripts/certs/out/), netsh / store.json text around them.
 */
import { readFileSync } from 'node:fs';
import { loadBundle } from '../artifacts/load.js';
import type { Bundle, BundleFile } from '../bundle/open.js';
import { buildFacts } from '../facts/index.js';

const index = JSON.parse(
  readFileSync(new URL('../../scripts/certs/out/index.json', import.meta.url), 'utf8'),
) as Record<string, { thumbprint: string }>;
export const T = (name: string): string => index[name]!.thumbprint.toLowerCase();
export const cer = (name: string): Buffer =>
  readFileSync(new URL(`../../scripts/certs/out/${name}.cer`, import.meta.url));

export function memoryBundle(files: Record<string, string | Buffer>): Bundle {
  const list: BundleFile[] = Object.entries(files).map(([path, body]) => {
    const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    return { path, size: buf.length, read: () => buf, chunks: () => [buf] };
  });
  return { source: 'memory', kind: 'folder', files: list, skipped: [] };
}

export const manifest = (at = '2026-11-27T08:00:00Z') =>
  JSON.stringify({ formatVersion: 1, collector: {}, host: {}, startedAt: at, artifacts: [] });

export const sslcert = (hash: string, endpoint = '0.0.0.0:443', label = 'IP:port', store = 'My') =>
  [
    'SSL Certificate bindings:',
    '-------------------------',
    '',
    `    ${label.padEnd(28)} : ${endpoint}`,
    `    Certificate Hash             : ${hash}`,
    '    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}',
    `    Certificate Store Name       : ${store}`,
    '',
  ].join('\r\n');

export const store = (...records: Record<string, unknown>[]) =>
  JSON.stringify({ formatVersion: 1, certificates: records }, null, 2);

/** A trusted chain: root in Root, intermediate in CA. */
export const chain = (): Record<string, Buffer> => ({
  [`certificates/Root/${T('root-ca')}.cer`]: cer('root-ca'),
  [`certificates/CA/${T('issuing-ca')}.cer`]: cer('issuing-ca'),
});

export const fixture = (name: string): string =>
  readFileSync(new URL(`../parsers/${name}`, import.meta.url), 'utf8');

export const facts = (files: Record<string, string | Buffer>) =>
  buildFacts(loadBundle(memoryBundle(files)));
