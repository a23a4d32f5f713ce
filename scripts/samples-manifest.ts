/**
 * Rewrites samples/<name>/manifest.json from the files present, exactly as the collector writes
 * it: every catalog artifact with path, size, SHA-256 and encoding; catalog artifacts whose files
 * are absent are listed as skipped, as the collector does when a source is not there. The host
 * block and timestamps of an existing manifest are kept; artifacts marked failed are kept.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModeGate } from './lib/check-builder.js';

// --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
checkModeGate(import.meta.url);

interface Art {
  id: string;
  path: string;
  source: string;
  kind: string;
}
const root = new URL('../samples/', import.meta.url).pathname;
const catalog = (
  JSON.parse(readFileSync(new URL('../collectors/artifacts.json', import.meta.url), 'utf8')) as {
    artifacts: Art[];
  }
).artifacts;

const DEFAULT_HOST = {
  name: 'WEB01',
  osCaption: 'Microsoft Windows Server 2019 Datacenter',
  osVersion: '10.0.17763',
  osBuild: 17763,
  uiCulture: 'en-US',
  oemCodePage: 437,
  ansiCodePage: 1252,
  timeZone: 'UTC',
  elevated: true,
  psVersion: '5.1.17763.5576',
};

function files(dir: string, base = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const full = join(dir, n);
    const rel = base ? `${base}/${n}` : n;
    return statSync(full).isDirectory() ? files(full, rel) : [rel];
  });
}

function encodingOf(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  return 'utf-8';
}

// Sample names on the command line limit the rewrite to them (others keep their manifests).
const only = new Set(process.argv.slice(2));
for (const name of readdirSync(root).filter(
  (n) => statSync(join(root, n)).isDirectory() && (only.size === 0 || only.has(n)),
)) {
  const dir = join(root, name);
  const manifestPath = join(dir, 'manifest.json');
  const old = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>)
    : {};
  const oldArts = (old['artifacts'] as { id: string; status: string }[] | undefined) ?? [];
  const present = files(dir).filter(
    (f) => f !== 'manifest.json' && f !== 'expected-findings.json' && !f.endsWith('.md'),
  );
  const artifacts = catalog.map((a) => {
    const kept = oldArts.find((o) => o.id === a.id && o.status === 'failed');
    if (kept) return kept;
    const mine = present.filter((f) =>
      a.path.endsWith('/')
        ? f.startsWith(a.path) && !catalog.some((c) => c.path === f)
        : f === a.path,
    );
    if (mine.length === 0)
      return {
        id: a.id,
        path: a.path,
        status: 'skipped',
        source: a.source,
        reason: 'not present on this server',
      };
    const bytes = mine.map((f) => readFileSync(join(dir, f)));
    const size = bytes.reduce((s, b) => s + b.length, 0);
    const sha256 = a.path.endsWith('/')
      ? undefined
      : createHash('sha256').update(bytes[0]!).digest('hex');
    return {
      id: a.id,
      path: a.path,
      status: 'collected',
      source: a.source,
      exitCode: 0,
      durationMs: 120,
      size,
      ...(sha256 && { sha256 }),
      // A folder of text files (the W3C and HTTPERR logs) carries no encoding, as the collector
      // writes it; a folder of binary files (.cer, captures) is binary.
      ...(a.path.endsWith('/')
        ? bytes.some((b) => b.subarray(0, 8192).includes(0)) && { encoding: 'binary' }
        : { encoding: encodingOf(bytes[0]!) }),
    };
  });
  const manifest = {
    formatVersion: 1,
    collector: { name: 'Collect-TlsEvidence.ps1', version: '0.1.0' },
    host: (old['host'] as object | undefined) ?? DEFAULT_HOST,
    startedAt: (old['startedAt'] as string | undefined) ?? '2026-11-20T09:14:02.000Z',
    finishedAt: (old['finishedAt'] as string | undefined) ?? '2026-11-20T09:14:31.000Z',
    redacted: false,
    artifacts,
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
}
console.log('manifests written');
