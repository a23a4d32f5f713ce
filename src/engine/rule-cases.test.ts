/**
 * Runs every rule's own cases (rules/<area>/<id>.cases.json), like ESLint's RuleTester: each
 * positive case must fire and render its fix in strict mode (containing `fixContains`, titled `title`), each
 * negative case must stay silent. A rule without both kinds of case fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine, runEntity } from './evaluate.js';
import { loadRules } from './load-rules.js';
import { renderFix } from './render-fix.js';
import { LANGS } from './rule.js';

interface Case {
  name: string;
  facts: Record<string, unknown>;
  fixContains?: string[];
  /** Text the English fix must not contain (a destructive line that must stay commented out). */
  fixNotContains?: string[];
  /** The English title the finding gets (`titleWhen`, else the rule's title; judge9 M2). */
  title?: string;
}

const rules = loadRules();

/** Restarts: never live while every step before them is a comment or read-only (judge c06:
 * `iisreset /restart` ran although each change was a REM line, and nothing was fixed). */
const RESTART = /^(iisreset\b|net stop (http|w3svc|was)\b|shutdown \/r\b|Restart-Computer\b)/i;
const READ_ONLY =
  /^(tasklist|netstat|netsh http show|reg query|reg export|sc query|certutil -(v -)?store|certutil -verifystore|wevtutil qe|Get-|w32tm \/query|date \/t|time \/t|appcmd list)/i;
function restartWithoutChange(fix: string): string | null {
  for (const raw of fix.split('\n')) {
    const line = raw.trim();
    if (!line || /^(rem\b|#|::)/i.test(line)) continue;
    if (RESTART.test(line)) return line;
    if (!READ_ONLY.test(line)) return null;
  }
  return null;
}

describe('rule cases', () => {
  it('finds rules', () => {
    expect(rules.length).toBeGreaterThan(0);
  });

  for (const rule of rules) {
    describe(rule.id, () => {
      const casesFile = rule.file.replace(/\.json$/, '.cases.json');
      const cases = existsSync(casesFile)
        ? (JSON.parse(readFileSync(casesFile, 'utf8')) as {
            positive?: Case[];
            negative?: Case[];
            unknown?: Case[];
          })
        : {};
      const positive = cases.positive ?? [];
      const negative = cases.negative ?? [];
      const unknown = cases.unknown ?? [];

      it('has at least one positive and one negative case, with unique names', () => {
        expect(positive.length, `${casesFile}: no positive case`).toBeGreaterThan(0);
        expect(negative.length, `${casesFile}: no negative case`).toBeGreaterThan(0);
        const names = [...positive, ...negative, ...unknown].map((c) => c.name);
        expect(new Set(names).size).toBe(names.length);
      });

      const run = async (c: Case, conditions = rule.conditions): Promise<boolean> => {
        const entity = c.facts[rule.scope];
        expect(entity, `case "${c.name}" has no "${rule.scope}" fact`).toBeDefined();
        const fired = await runEntity(
          createEngine([{ ...rule, conditions }]),
          rule.scope,
          entity,
          c.facts['host'] ?? {},
        );
        return fired.includes(rule.id);
      };

      for (const c of positive) {
        it(`fires: ${c.name}`, async () => {
          expect(await run(c)).toBe(true);
          if (c.title !== undefined) {
            let title = rule.title.en;
            for (const t of rule.titleWhen ?? [])
              if (await run(c, t.when)) {
                title = t.title.en;
                break;
              }
            expect(title).toBe(c.title);
          }
          for (const lang of LANGS) {
            const text = renderFix(
              rule.fix[lang],
              { [rule.scope]: c.facts[rule.scope], host: c.facts['host'] ?? {} },
              { shell: rule.fixShell, lang },
            );
            expect(text.length).toBeGreaterThan(0);
            for (const s of c.fixContains ?? []) if (lang === 'en') expect(text).toContain(s);
            for (const s of c.fixNotContains ?? [])
              if (lang === 'en') expect(text).not.toContain(s);
            expect(restartWithoutChange(text), `${rule.id} (${lang})`).toBeNull();
          }
        });
      }
      for (const c of negative) {
        it(`stays silent: ${c.name}`, async () => {
          expect(await run(c)).toBe(false);
          // A negative case is a decided "no", not an entity the rule cannot judge.
          if (rule.unknownWhen) expect(await run(c, rule.unknownWhen)).toBe(false);
        });
      }
      it('has an unknown case exactly when it has unknownWhen', () => {
        expect(unknown.length > 0, `${casesFile}: unknown cases vs unknownWhen`).toBe(
          rule.unknownWhen !== undefined,
        );
      });
      for (const c of unknown) {
        it(`cannot decide: ${c.name}`, async () => {
          expect(await run(c)).toBe(false);
          expect(await run(c, rule.unknownWhen)).toBe(true);
        });
      }
    });
  }
});
