/**
 * Judge round 9 fault T1, run end to end on the judge's own case (copied into src/fixtures/judge9,
 * origin in the README there): the collector, not elevated, saw `netsh http show sslcert` and the
 * HTTP.sys registry export fail; the headline said "No problem found in … HTTP.sys bindings".
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { judgeRound } from './test-support/judge.js';

const { fixture, model } = judgeRound(9, '2026-12-07T00:00:00Z');

describe('judge9 T1: a command the collector ran and saw fail leaves its areas unchecked', () => {
  it('73 (not elevated: sslcert and HTTP.sys registry failed): HTTP.sys bindings not checked, the cure named once', async () => {
    const a = await analyze([fixture('73-bundle-sslcert-failed-not-elevated')]);
    const v = model(a).verdict;
    expect(v.evaluatedAreas).not.toContain('HTTP.sys bindings');
    expect(v.headline).not.toMatch(/No problem found in[^;]*HTTP\.sys bindings/);
    // Both failed commands are named with the areas they left unchecked, in one item.
    expect(v.headline).toMatch(
      /not checked: [^;—]*HTTP\.sys bindings[^;—]* — netsh http show sslcert, reg export [^;]* failed: requires elevation; re-run the collector as Administrator/,
    );
    // Captures were simply not collected: they are not blamed on the failed netsh.
    expect(v.headline).not.toMatch(/captures[^;]*— netsh/);
    expect(v.headline).toMatch(/not checked: captures — collect a network capture/);
    expect(model(a, 'zh-CN').verdict.headline).toMatch(/需要提升权限/);
  });
});
