/**
 * The causes of "HTTPS fails" the rules diagnose (rules/causes.json): docs/rules/README.md lists
 * the rules by cause with the evidence each needs. The list is data, beside the rules, so a new
 * rule only names itself under its cause; a test fails when a rule has no cause or two.
 */
import { readFileSync } from 'node:fs';
import type { Lang } from './rule.js';

export interface Cause {
  id: string;
  title: Record<Lang, string>;
  /** Seed scenario (1–5) the cause belongs to, or null. */
  scenario: number | null;
  rules: string[];
}

const CAUSES_FILE = new URL('../../rules/causes.json', import.meta.url);

function isText(x: unknown): x is Record<Lang, string> {
  const o = x as Record<string, unknown> | null;
  return typeof o?.['en'] === 'string' && typeof o['zh-CN'] === 'string';
}

/** The causes in the order an engineer checks them; throws on a malformed file. */
export function loadCauses(file: URL | string = CAUSES_FILE): Cause[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { causes?: unknown };
  if (!Array.isArray(doc.causes)) throw new Error(`${String(file)}: "causes" must be an array`);
  return doc.causes.map((c: unknown, i): Cause => {
    const o = c as Record<string, unknown>;
    const ok =
      typeof o['id'] === 'string' &&
      isText(o['title']) &&
      (o['scenario'] === null || typeof o['scenario'] === 'number') &&
      Array.isArray(o['rules']) &&
      o['rules'].every((r) => typeof r === 'string');
    if (!ok)
      throw new Error(`${String(file)}: cause ${i} needs id, title {en, zh-CN}, scenario, rules[]`);
    return o as unknown as Cause;
  });
}

/** Rule ids listed under no cause, under two, or unknown to the rule set (for the test and the index). */
export function causeProblems(causes: readonly Cause[], ruleIds: readonly string[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  const known = new Set(ruleIds);
  for (const c of causes)
    for (const r of c.rules) {
      const other = seen.get(r);
      if (other) problems.push(`${r} is listed under both "${other}" and "${c.id}"`);
      seen.set(r, c.id);
      if (!known.has(r)) problems.push(`${r} (cause "${c.id}") is not a rule`);
    }
  for (const id of ruleIds) if (!seen.has(id)) problems.push(`${id} is listed under no cause`);
  return problems;
}
