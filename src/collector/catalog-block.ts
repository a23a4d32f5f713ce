/**
 * The artifact catalog as the collector script embeds it: a PowerShell block generated from
 * collectors/artifacts.json (`npm run collector:catalog` rewrites it; a test checks it is current),
 * so the script the customer runs needs no second file and cannot drift from the analyzer.
 */
import type { CatalogEntry } from '../artifacts/catalog.js';

export const BLOCK_START =
  '# region artifact catalog (generated from collectors/artifacts.json by `npm run collector:catalog`; do not edit by hand)';
export const BLOCK_END = '# endregion artifact catalog';

/** A PowerShell single-quoted string literal. */
export function psQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function renderCatalogBlock(entries: readonly CatalogEntry[]): string {
  const rows = entries.map(
    (e) =>
      `    @{ Id = ${psQuote(e.id)}; Path = ${psQuote(e.path)}; Kind = ${psQuote(e.kind)}; ` +
      `NeedsAdmin = ${e.needsAdmin ? '$true' : '$false'}; Source = ${psQuote(e.source)}; ` +
      `Description = ${psQuote(e.description)} }`,
  );
  return [BLOCK_START, '$script:Catalog = @(', ...rows, ')', BLOCK_END].join('\n');
}

/** The catalog block of a script (start marker to end marker, inclusive), or null. */
export function extractCatalogBlock(script: string): string | null {
  const text = script.replace(/\r\n/g, '\n');
  const start = text.indexOf(BLOCK_START);
  const end = text.indexOf(BLOCK_END);
  if (start < 0 || end < start) return null;
  return text.slice(start, end + BLOCK_END.length);
}

/** The script with its catalog block replaced by `block`. */
export function replaceCatalogBlock(script: string, block: string): string {
  const current = extractCatalogBlock(script);
  if (current === null) throw new Error('the collector script has no catalog block markers');
  return script.replace(/\r\n/g, '\n').replace(current, () => block);
}

/** Parses the block back into entries (for the test that compares it with artifacts.json). */
export function parseCatalogBlock(block: string): CatalogEntry[] {
  const str = String.raw`'((?:[^']|'')*)'`;
  const row = new RegExp(
    String.raw`^\s*@\{ Id = ${str}; Path = ${str}; Kind = ${str}; NeedsAdmin = \$(true|false); Source = ${str}; Description = ${str} \}$`,
  );
  const un = (s: string): string => s.replace(/''/g, "'");
  return block
    .split('\n')
    .filter((l) => l.trim().startsWith('@{'))
    .map((l) => {
      const m = row.exec(l);
      if (!m) throw new Error(`unreadable catalog row: ${l}`);
      return {
        id: un(m[1]!),
        path: un(m[2]!),
        kind: un(m[3]!) as CatalogEntry['kind'],
        needsAdmin: m[4] === 'true',
        source: un(m[5]!),
        description: un(m[6]!),
      };
    });
}

const VERSION_LINE = /^\$script:CollectorVersion = '[^']*'/m;

/** The collector version the script reports in its manifest, or null. */
export function scriptVersion(script: string): string | null {
  return /^\$script:CollectorVersion = '([^']*)'/m.exec(script)?.[1] ?? null;
}

/** The script with its collector version set (kept equal to the package version). */
export function setScriptVersion(script: string, version: string): string {
  if (!VERSION_LINE.test(script)) throw new Error('the collector script has no version line');
  return script.replace(VERSION_LINE, `$script:CollectorVersion = '${version}'`);
}
