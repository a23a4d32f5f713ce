/**
 * Loads rules/<area>/<rule-id>.json (and any folder passed with --rules), validates each file
 * against rules/rule.schema.json plus the conventions a schema cannot say (id = file name,
 * event.type = name = id, known scope, known artifact ids, fix templates that compile, `explains`
 * naming existing rules by a key both scopes have), and
 * refuses the whole set with every file and reason when one is invalid: a rule is code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { catalog } from '../artifacts/catalog.js';
import { isScope } from '../facts/model.js';
import { checkExplains } from './explains.js';
import { compileFix } from './render-fix.js';
import { LANGS, type Rule, type RuleFile } from './rule.js';

export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export class RuleLoadError extends Error {
  constructor(readonly problems: { file: string; reason: string }[]) {
    super(`invalid rule files:\n${problems.map((p) => `  ${p.file}: ${p.reason}`).join('\n')}`);
    this.name = 'RuleLoadError';
  }
}

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(doc: unknown): string[] {
  if (!validator) {
    const schema = JSON.parse(
      readFileSync(join(BUILTIN_RULES_DIR, 'rule.schema.json'), 'utf8'),
    ) as object;
    validator = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  }
  if (validator(doc)) return [];
  return (validator.errors ?? []).map(
    (e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`,
  );
}

/** Every rule file (not cases, not the schema) below `dir`, sorted. */
export function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (
        name.endsWith('.json') &&
        !name.endsWith('.cases.json') &&
        !name.endsWith('.schema.json')
      )
        out.push(full);
    }
  };
  walk(dir);
  return out;
}

export function checkRule(doc: unknown, file: string): string[] {
  const problems = validate(doc);
  if (problems.length > 0) return problems;
  const r = doc as RuleFile;
  const id = basename(file, '.json');
  if (r.id !== id) problems.push(`id "${r.id}" differs from the file name "${id}"`);
  if (r.name !== r.id) problems.push(`name "${r.name}" must equal id`);
  if (r.event.type !== r.id) problems.push(`event.type "${r.event.type}" must equal id`);
  if (!isScope(r.scope)) problems.push(`unknown scope "${r.scope}"`);
  const known = new Set(catalog().map((c) => c.id));
  for (const req of r.requires.flat())
    if (!known.has(req)) problems.push(`requires unknown artifact "${req}"`);
  for (const lang of LANGS) {
    try {
      compileFix(r.fix[lang]);
    } catch (e) {
      problems.push(`fix[${lang}] does not compile: ${(e as Error).message}`);
    }
    if (/\{\{\{|\{\{&/.test(r.fix[lang])) problems.push(`fix[${lang}] uses unescaped output`);
  }
  return problems;
}

export function loadRules(dirs: readonly string[] = [BUILTIN_RULES_DIR]): Rule[] {
  const rules: Rule[] = [];
  const problems: { file: string; reason: string }[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    for (const file of ruleFiles(dir)) {
      let doc: unknown;
      try {
        doc = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        problems.push({ file, reason: `not valid JSON: ${(e as Error).message}` });
        continue;
      }
      const p = checkRule(doc, file);
      if (p.length > 0) {
        problems.push(...p.map((reason) => ({ file, reason })));
        continue;
      }
      const r = doc as RuleFile;
      if (seen.has(r.id)) {
        problems.push({ file, reason: `duplicate id "${r.id}" (also in ${seen.get(r.id)})` });
        continue;
      }
      seen.set(r.id, file);
      const area = relative(dir, file).split(sep).slice(0, -1).join('/') || 'general';
      rules.push({ ...r, area, file });
    }
  }
  // `explains` names other rules: checked once the whole set is known.
  for (const r of rules)
    problems.push(...checkExplains(r, rules).map((reason) => ({ file: r.file, reason })));
  if (problems.length > 0) throw new RuleLoadError(problems);
  return rules;
}
