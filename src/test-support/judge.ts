/**
 * Test helpers of the judge regression tests (src/judge*.test.ts): a round's fixtures under
 * src/fixtures/judge<round>/, the findings as `rule:severity` strings, and the report model on the
 * judge's day (a fixed `now`, so that evidence ages do not drift with the calendar).
 */
import { analyze } from '../analyze.js';
import { buildReportModel } from '../report/model.js';

export type Analysis = Awaited<ReturnType<typeof analyze>>;
export type Lang = 'en' | 'zh-CN';

/** The collection date most judge cases are analyzed as of. */
export const AS_OF = { asOf: '2026-12-06' };

/** Findings as `rule:severity`, sorted: compared as a set. */
export const fired = (a: Analysis): string[] =>
  a.evaluation.findings.map((f) => `${f.ruleId}:${f.severity}`).sort();

/** Findings as `rule:severity` in the engine's order (most severe first). */
export const firedInOrder = (a: Analysis): string[] =>
  a.evaluation.findings.map((f) => `${f.ruleId}:${f.severity}`);

/** Findings as `rule:severity:entity`, sorted. */
export const firedOn = (a: Analysis): string[] =>
  a.evaluation.findings.map((f) => `${f.ruleId}:${f.severity}:${f.entityKey}`).sort();

/**
 * One judge round (`7`, or a lane's folder `'9-hm1'`): `fixture(name)` is the path of
 * src/fixtures/judge<round>/<name>; `model`,
 * `verdict` and `fixOf` build the report as of `now` (the day the round was judged).
 */
export function judgeRound(round: number | string, now = '2026-12-06T00:00:00Z') {
  const at = new Date(now);
  const model = (a: Analysis, lang: Lang = 'en') =>
    buildReportModel(a, { lang, now: at, toolVersion: 't' });
  return {
    fixture: (name: string): string =>
      new URL(`../fixtures/judge${round}/${name}`, import.meta.url).pathname,
    model,
    verdict: (a: Analysis, lang: Lang = 'en') => model(a, lang).verdict,
    /** The rendered fix of the first finding of `ruleId` ('' when none). */
    fixOf: (a: Analysis, ruleId: string, lang: Lang = 'en'): string =>
      model(a, lang).findings.find((f) => f.ruleId === ruleId)?.fix ?? '',
  };
}
