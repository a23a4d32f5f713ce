/**
 * Checks one rule file against the field contract (src/test-support/fact-fields.ts): every path a
 * rule names — conditions and unknownWhen (named conditions expanded), `{{scope.x}}` paths of its
 * fix templates, `evidenceFrom`, `explains[].when`, and every case's facts — must be a field of the
 * model, as ESLint's RuleTester rejects unknown keys. Problems name the file and the path.
 */
import Handlebars from 'handlebars';
import { isConditionName, NAMED_CONDITIONS } from '../engine/conditions.js';
import { hasField, type ScopeFields } from './fact-fields.js';

export interface RuleForFields {
  scope: string;
  conditions: unknown;
  unknownWhen?: unknown;
  severityWhen?: { when: unknown }[];
  evidenceFrom?: string[];
  explains?: { rule: string; when?: Record<string, unknown> }[];
}

type Fields = Map<string, ScopeFields>;

function unknownPath(fields: Fields, scope: string, path: string): string | null {
  const f = fields.get(scope);
  if (!f) return `"${scope}" is not a scope of src/facts/model.ts ScopeEntities`;
  return hasField(f, path) ? null : `${scope}.${path} is not a field of ${scope}`;
}

function conditionProblems(fields: Fields, c: unknown, where: string, out: string[]): void {
  if (c === null || typeof c !== 'object') return;
  const o = c as Record<string, unknown>;
  if (typeof o['fact'] === 'string' && typeof o['path'] === 'string') {
    const p = unknownPath(fields, o['fact'], o['path']);
    if (p) out.push(`${where}: ${p}`);
  }
  if (typeof o['condition'] === 'string' && isConditionName(o['condition']))
    conditionProblems(
      fields,
      NAMED_CONDITIONS[o['condition']],
      `${where} (condition ${o['condition']})`,
      out,
    );
  for (const k of ['all', 'any'] as const)
    if (Array.isArray(o[k])) for (const x of o[k]) conditionProblems(fields, x, where, out);
  if (o['not']) conditionProblems(fields, o['not'], where, out);
}

/** Paths of a case's entity object: every key, arrays transparent, open records not entered. */
function valueProblems(
  fields: Fields,
  scope: string,
  value: unknown,
  prefix: string,
  where: string,
  out: string[],
): void {
  if (Array.isArray(value)) {
    for (const v of value) valueProblems(fields, scope, v, prefix, where, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const f = fields.get(scope);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix + k;
    const p = unknownPath(fields, scope, path);
    if (p) {
      out.push(`${where}: ${p}`);
      continue;
    }
    if (f && !f.open.some((o) => `${path}.`.startsWith(o)))
      valueProblems(fields, scope, v, `${path}.`, where, out);
  }
}

/** `{{scope.path}}` expressions of a Handlebars template (block params and `this` skipped). */
export function templatePaths(source: string): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const n = node as { type?: string; data?: boolean; original?: string; parts?: string[] };
    if (n.type === 'PathExpression' && !n.data && n.parts && n.parts.length > 1) {
      if (!/^(this|\.\.)/.test(n.original ?? '')) out.push(n.parts.join('.'));
      return;
    }
    for (const v of Object.values(node)) {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') visit(v);
    }
  };
  visit(Handlebars.parse(source));
  return out;
}

export function ruleFieldProblems(
  fields: Fields,
  file: string,
  rule: RuleForFields,
  extras: {
    cases?: Record<string, { name?: string; facts?: Record<string, unknown> }[]>;
    templates?: { name: string; source: string }[];
    scopeOf?: (ruleId: string) => string | undefined;
  } = {},
): string[] {
  const out: string[] = [];
  conditionProblems(fields, rule.conditions, `${file} conditions`, out);
  conditionProblems(fields, rule.unknownWhen, `${file} unknownWhen`, out);
  (rule.severityWhen ?? []).forEach((s, i) =>
    conditionProblems(fields, s.when, `${file} severityWhen[${i}]`, out),
  );
  for (const path of rule.evidenceFrom ?? []) {
    const p = unknownPath(fields, rule.scope, path);
    if (p) out.push(`${file} evidenceFrom: ${p}`);
  }
  for (const x of rule.explains ?? []) {
    const scope = extras.scopeOf?.(x.rule);
    if (!scope) continue;
    for (const path of Object.keys(x.when ?? {})) {
      const p = unknownPath(fields, scope, path);
      if (p) out.push(`${file} explains ${x.rule} when: ${p}`);
    }
  }
  for (const t of extras.templates ?? [])
    for (const path of templatePaths(t.source)) {
      const [scope, ...rest] = path.split('.');
      if (!fields.has(scope!)) continue;
      const p = unknownPath(fields, scope!, rest.join('.'));
      if (p) out.push(`${t.name}: ${p}`);
    }
  for (const [kind, list] of Object.entries(extras.cases ?? {}))
    for (const c of Array.isArray(list) ? list : [])
      for (const [scope, value] of Object.entries(c.facts ?? {})) {
        const where = `${file.replace(/\.json$/, '.cases.json')} ${kind} "${c.name ?? '?'}"`;
        if (!fields.has(scope)) {
          out.push(`${where}: "${scope}" is not a scope of src/facts/model.ts ScopeEntities`);
          continue;
        }
        valueProblems(fields, scope, value, '', where, out);
      }
  return out;
}
