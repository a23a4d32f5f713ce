/**
 * Case tables for the collector's checks (src/collector/checks/), after ESLint's RuleTester:
 * `valid` scripts the check passes, `invalid` scripts with the exact violations (code + line) it
 * reports. Each script runs through that check alone (plus the syntax check, so a case that does
 * not parse fails instead of passing by accident). The table itself is checked first: no
 * duplicate script, no invalid case without errors, every code the check declares shown by an
 * invalid case and no other code expected.
 */
import { describe, expect, it } from 'vitest';
import type { Check, ViolationCode } from '../collector/check-model.js';
import { checkScript } from '../collector/check.js';
import { syntaxCheck } from '../collector/checks/syntax.js';

export interface ValidCase {
  /** PowerShell source (a few lines; define the functions the case needs). */
  script: string;
  /** Why the case matters, when the script does not say it. */
  notes?: string;
}

export interface InvalidCase extends ValidCase {
  errors: { code: ViolationCode; line: number }[];
}

export interface CheckCases {
  valid: (string | ValidCase)[];
  invalid: InvalidCase[];
}

/** Registers the check's cases as vitest tests. */
export function runCheckCases(check: Check, cases: CheckCases): void {
  const valid = cases.valid.map((c) => (typeof c === 'string' ? { script: c } : c));
  const checks = check === syntaxCheck ? [check] : [syntaxCheck, check];
  const run = async (script: string) =>
    (await checkScript(script, checks)).violations.map((v) => ({ code: v.code, line: v.line }));

  describe(`collector check ${check.name}`, () => {
    it('has a case table that shows every code it reports, each script once', () => {
      const scripts = [...valid, ...cases.invalid].map((c) => c.script);
      expect(
        scripts.filter((s, i) => scripts.indexOf(s) !== i),
        'duplicate case',
      ).toEqual([]);
      expect(cases.invalid.filter((c) => c.errors.length === 0).map((c) => c.script)).toEqual([]);
      const expected = new Set(cases.invalid.flatMap((c) => c.errors.map((e) => e.code)));
      expect([...expected].filter((c) => !check.codes.includes(c))).toEqual([]);
      expect(check.codes.filter((c) => !expected.has(c))).toEqual([]);
    });

    it.each(valid.map((c) => [c.script, c] as const))('valid: %s', async (_s, c) => {
      expect(await run(c.script)).toEqual([]);
    });

    it.each(cases.invalid.map((c) => [c.script, c] as const))('invalid: %s', async (_s, c) => {
      expect(await run(c.script)).toEqual(c.errors);
    });
  });
}
