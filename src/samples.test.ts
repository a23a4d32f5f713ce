/**
 * Every sample bundle (samples/<name>/) must produce exactly the findings its
 * expected-findings.json lists, from the folder and from the same tree zipped; the healthy sample
 * must produce nothing above info.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { renderSamplesReadme } from './test-support/samples-readme.js';
import { compareText } from './shared/evidence.js';

const root = new URL('../samples/', import.meta.url).pathname;
// samples/pasted holds loose pasted fragments (src/pasted.test.ts), not a bundle.
const samples = readdirSync(root).filter(
  (n) => n !== 'pasted' && statSync(join(root, n)).isDirectory(),
);
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-samples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Expected {
  /** `explainedBy`: the rule id of the cause this finding is folded under. */
  findings: { ruleId: string; entity: string; explainedBy?: string }[];
  /** Rules listed as not evaluated for these entities (facts unknown), never as passed. */
  notEvaluated?: { ruleId: string; entity: string }[];
  /** The problem sample this one is the healthy twin of: nothing above low may fire. */
  healthyTwinOf?: string;
}

const summary = async (input: string) => {
  const { evaluation } = await analyze([input]);
  return evaluation.findings.map((f) => ({
    ruleId: f.ruleId,
    entity: f.entityKey,
    severity: f.severity,
    explainedBy: f.explainedBy,
  }));
};

describe('samples', () => {
  it('has the healthy sample and the seed scenarios', () => {
    expect(samples).toEqual(
      expect.arrayContaining(['healthy', 's4-empty-hash', 's4-zero-appid', 's4-iplisten']),
    );
  });

  it.each(samples)(
    '%s yields exactly its expected findings, from the folder and from a zip',
    async (name) => {
      const dir = join(root, name);
      const expected = JSON.parse(
        readFileSync(join(dir, 'expected-findings.json'), 'utf8'),
      ) as Expected;
      const fromFolder = await summary(dir);
      if (expected.healthyTwinOf !== undefined) {
        expect(samples).toContain(expected.healthyTwinOf);
        expect(fromFolder.filter((f) => !['low', 'info'].includes(f.severity))).toEqual([]);
      }
      if (expected.notEvaluated) {
        const { evaluation } = await analyze([dir]);
        const undecided = evaluation.notEvaluated.flatMap((n) =>
          (n.unknownFor ?? []).map((u) => ({ ruleId: n.ruleId, entity: u.entityKey })),
        );
        for (const ne of expected.notEvaluated) expect(undecided).toContainEqual(ne);
      }
      const got = fromFolder.map(({ ruleId, entity, explainedBy }) => ({
        ruleId,
        entity,
        ...(explainedBy && { explainedBy: explainedBy.ruleId }),
      }));
      const sort = (l: { ruleId: string; entity: string }[]) =>
        [...l].sort((a, b) => compareText(`${a.ruleId}|${a.entity}`, `${b.ruleId}|${b.entity}`));
      expect(sort(got)).toEqual(sort(expected.findings));
      // Cause first: the first finding is explained by nothing, and every symptom follows its cause.
      expect(fromFolder[0]?.explainedBy).toBeUndefined();
      fromFolder.forEach((f, i) => {
        if (!f.explainedBy) return;
        const cause = fromFolder.findIndex(
          (c) => c.ruleId === f.explainedBy!.ruleId && c.entity === f.explainedBy!.entityKey,
        );
        expect(cause).toBeGreaterThanOrEqual(0);
        expect(cause).toBeLessThan(i);
      });

      const zip = new AdmZip();
      zip.addLocalFolder(dir, name); // a right-click "Send to zip" puts everything under one folder
      const zipPath = join(tmp, `${name}.zip`);
      zip.writeZip(zipPath);
      expect(await summary(zipPath)).toEqual(fromFolder);
    },
  );

  it('lists every sample in samples/README.md (npx tsx scripts/samples-readme.ts)', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe(renderSamplesReadme(root));
  });

  it('healthy yields nothing above info', async () => {
    const findings = await summary(join(root, 'healthy'));
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
