import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARTIFACT_IDS } from '../shared/artifact-ids.js';
import { ARTIFACT_IDS_FILE, catalog, renderArtifactIds } from './catalog.js';
import { PARSERS, PARSERS_BY_ID, parsersOf } from './parsers.js';

describe('artifact contract', () => {
  it('has the ArtifactId union generated from the current catalog (npm run collector:catalog)', () => {
    const file = readFileSync(new URL(`../../${ARTIFACT_IDS_FILE}`, import.meta.url), 'utf8');
    expect(file, 'stale: run `npm run collector:catalog`').toBe(renderArtifactIds(catalog()));
    expect([...ARTIFACT_IDS]).toEqual(catalog().map((c) => c.id));
  });

  it('lists every catalog id in PARSERS_BY_ID, each parser under its own id', () => {
    expect(Object.keys(PARSERS_BY_ID).sort()).toEqual([...ARTIFACT_IDS].sort());
    for (const id of Object.keys(PARSERS_BY_ID))
      for (const p of parsersOf(id))
        expect(p.artifactId, `${p.describe} listed under ${id}`).toBe(id);
    expect(PARSERS).toEqual(Object.keys(PARSERS_BY_ID).flatMap(parsersOf));
    expect(PARSERS.length).toBeGreaterThan(Object.keys(PARSERS_BY_ID).length / 2);
  });

  it('renders ids a catalog change would add, in catalog order', () => {
    const out = renderArtifactIds([{ id: 'b.one' }, { id: 'a.two' }]);
    expect(out).toContain("export const ARTIFACT_IDS = [\n  'b.one',\n  'a.two',\n] as const;");
    expect(out).toContain('export type ArtifactId = (typeof ARTIFACT_IDS)[number];');
  });
});
