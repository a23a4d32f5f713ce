/**
 * Private keys found in the evidence (judge7 T1): the decoder left their lines out
 * (src/artifacts/private-keys.ts) and wrote a `private-key-omitted` issue per block; the verdict
 * names each one first, because the key was sent by mail or ticket and must be treated as exposed.
 */
import type { ParsedBundle } from '../artifacts/load.js';
import type { Lang } from '../engine/rule.js';
import { t } from './i18n.js';

export interface ExposedKey {
  path: string;
  start: number;
  end: number;
  /** The sentence in the report's language. */
  line: string;
}

export function exposedKeys(parsed: ParsedBundle, lang: Lang): ExposedKey[] {
  const seen = new Set<string>();
  const out: ExposedKey[] = [];
  const add = (path: string, start: number, end: number, pfx: boolean | 'file'): void => {
    const k = `${path}\u0000${start}`;
    if (seen.has(k)) return;
    seen.add(k);
    const line = t(
      pfx === 'file' ? 'verdict.pfxFile' : pfx ? 'verdict.pfx' : 'verdict.privateKey',
      lang,
    )
      .replace('{file}', path)
      .replace('{start}', String(start))
      .replace('{end}', String(end));
    out.push({ path, start, end, line });
  };
  for (const a of parsed.artifacts)
    for (const f of a.files)
      for (const i of f.issues)
        if (i.code === 'private-key-omitted')
          add(
            f.path,
            Number(i.params?.['start'] ?? i.line),
            Number(i.params?.['end'] ?? i.line),
            i.params?.['kind'] === 'pfx',
          );
  for (const u of parsed.unrecognized)
    for (const b of u.privateKeys ?? [])
      add(u.path, b.start, b.end, b.kind === 'pfx-file' ? 'file' : b.kind === 'pfx');
  return out;
}
