/**
 * Loads rules/<area>/<rule-id>.json (and any folder passed with --rules), validates each file
 * against rules/rule.schema.json plus the conventions a schema cannot say (id = file name,
 * event.type = name = id, known scope, known artifact ids, fix templates beside the rule file
 * (`<id>.fix.<fixShell>.<lang>.hbs`) that compile and print values only through typed slots,
 * `explains` naming existing rules by a key both scopes have), and
 * refuses the whole set with every file and reason when one is invalid: a rule is code.
 *
 * The built-in rules are checked in full by the test suite (rules-conventions.test.ts), so a run
 * reads them without the schema validator and template compiler (≈0.4 s of a 1 MB bundle's
 * analysis); a folder passed with --rules is always checked in full.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass } from 'ajv';
import { catalog } from '../artifacts/catalog.js';
import { isScope } from '../facts/model.js';
import { conditionFacts, conditionRefs, isConditionName } from './conditions.js';
import { checkExplains } from './explains.js';
import { compileFix, slotProblems } from './render-fix.js';
import { LANGS, type Lang, type Localized, type Rule, type RuleFile } from './rule.js';
import type { Shell } from './slots.js';

export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export class RuleLoadError extends Error {
  constructor(readonly problems: { file: string; reason: string }[]) {
    super(`invalid rule files:\n${problems.map((p) => `  ${p.file}: ${p.reason}`).join('\n')}`);
    this.name = 'RuleLoadError';
  }
}

let validator: ReturnType<AjvClass['compile']> | undefined;
function validate(doc: unknown): string[] {
  if (!validator) {
    // Loaded on first use: a run over the built-in rules alone never needs it.
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
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

/** A rule file and its area: the folders between the rules folder and the file, `/`-joined. */
interface ListedRule {
  file: string;
  area: string;
}

/**
 * Every rule file (not cases, not the schema) below `dir`, sorted, with its area. Paths are
 * joined by hand from the normalised folder and the listing's names (which hold no separator),
 * the same strings `path.join` gives: join and relative, run cold on each of the ~500 entries,
 * took ~15 ms of every run's start (docs/benchmarks.md "Start-up", round 14).
 */
function listRules(dir: string): ListedRule[] {
  const out: ListedRule[] = [];
  const walk = (d: string, prefix: string, area: string): void => {
    // Entry types from the listing: a stat per file was ~490 system calls a run (issue 18).
    const entries = readdirSync(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = entry.name;
      const full = prefix + name;
      const isDir = entry.isSymbolicLink() ? statSync(full).isDirectory() : entry.isDirectory();
      if (isDir) walk(full, full + sep, area ? `${area}/${name}` : name);
      else if (
        name.endsWith('.json') &&
        !name.endsWith('.cases.json') &&
        !name.endsWith('.schema.json')
      )
        out.push({ file: full, area });
    }
  };
  const root = normalize(dir);
  walk(root, root === '.' ? '' : root.endsWith(sep) ? root : root + sep, '');
  return out;
}

/** Every rule file (not cases, not the schema) below `dir`, sorted. */
export function ruleFiles(dir: string): string[] {
  return listRules(dir).map((r) => r.file);
}

/** `rules/<area>/<id>.fix.<shell>.<lang>.hbs` for a rule file. */
export function fixTemplateFile(ruleFile: string, shell: Shell, lang: Lang): string {
  return join(dirname(ruleFile), `${basename(ruleFile, '.json')}.fix.${shell}.${lang}.hbs`);
}

/** `fixTemplateFile` of a path `listRules` gave (normalised, ends in .json), without path calls. */
const listedTemplateFile = (ruleFile: string, shell: Shell, lang: Lang): string =>
  `${ruleFile.slice(0, -'.json'.length)}.fix.${shell}.${lang}.hbs`;

/** Key folders a fix must never touch as a whole: only the key file its evidence names. */
const KEY_FOLDER_WILDCARD = /(MachineKeys|Crypto\\Keys|\\Keys)\\\*/i;

/**
 * Problems of one fix template (also used by tests on rendered text). `compile: false` only
 * parses it (syntax, slots): the built-in templates are compiled by the tests, so a run needs not
 * pay Handlebars' code generation for every fix it will not render (it compiles on first use).
 */
export function fixTemplateProblems(
  template: string,
  shell: Shell,
  lang: Lang,
  { compile = true }: { compile?: boolean } = {},
): string[] {
  const problems: string[] = [];
  try {
    if (compile) compileFix(template, shell, lang, true);
    problems.push(...slotProblems(template));
  } catch (e) {
    return [`does not compile: ${(e as Error).message}`];
  }
  if (/\{\{\{|\{\{&/.test(template)) problems.push('uses unescaped output');
  if (KEY_FOLDER_WILDCARD.test(template))
    problems.push('uses a wildcard over a key folder (name the key file from the evidence)');
  return problems;
}

/** Reads the fix templates of a rule file; a missing file is a problem, not an empty fix. */
export function readFixTemplates(
  file: string,
  shell: Shell,
  problems: string[] = [],
  compile = true,
): Localized | null {
  const fix = {} as Localized;
  for (const lang of LANGS) {
    const f = fixTemplateFile(file, shell, lang);
    if (!existsSync(f)) {
      problems.push(`fix template ${basename(f)} is missing`);
      continue;
    }
    fix[lang] = readFileSync(f, 'utf8');
    for (const p of fixTemplateProblems(fix[lang], shell, lang, { compile }))
      problems.push(`fix template ${basename(f)} ${p}`);
  }
  return problems.length > 0 ? null : fix;
}

export function checkRule(doc: unknown, file: string): string[] {
  return checkRuleFile(doc, file, true).problems;
}

/** The checks of `checkRule`, returning the fix templates it read so the loader reads them once. */
function checkRuleFile(
  doc: unknown,
  file: string,
  compile: boolean,
): { problems: string[]; fix: Localized | null } {
  const problems = validate(doc);
  if (problems.length > 0) return { problems, fix: null };
  const r = doc as RuleFile;
  const id = basename(file, '.json');
  if (r.id !== id) problems.push(`id "${r.id}" differs from the file name "${id}"`);
  if (r.name !== r.id) problems.push(`name "${r.name}" must equal id`);
  if (r.event.type !== r.id) problems.push(`event.type "${r.event.type}" must equal id`);
  if (!isScope(r.scope)) problems.push(`unknown scope "${r.scope}"`);
  const severityTrees = [...(r.severityWhen ?? []), ...(r.titleWhen ?? [])].map((s) => s.when);
  for (const tree of [r.conditions, r.unknownWhen, ...severityTrees])
    for (const name of conditionRefs(tree))
      if (!isConditionName(name)) problems.push(`names unknown condition "${name}"`);
  for (const fact of new Set(
    [r.conditions, r.unknownWhen, ...severityTrees].flatMap((t) => conditionFacts(t)),
  ))
    if (fact !== r.scope && fact !== 'host')
      problems.push(
        `reads fact "${fact}" but its scope is "${r.scope}" (a rule sees its scope and host)`,
      );
  const known = new Set(catalog().map((c) => c.id));
  for (const req of r.requires.flat())
    if (!known.has(req)) problems.push(`requires unknown artifact "${req}"`);
  const fix = readFixTemplates(file, r.fixShell, problems, compile);
  for (const other of ['cmd', 'powershell'] as const)
    if (other !== r.fixShell && LANGS.some((l) => existsSync(fixTemplateFile(file, other, l))))
      problems.push(`has a ${other} fix template but declares fixShell "${r.fixShell}"`);
  return { problems, fix };
}

/** A built-in rule as shipped (checked by the tests): its fix templates, and its id = file name. */
function builtinRuleFile(
  doc: unknown,
  file: string,
): { problems: string[]; fix: Localized | null } {
  const r = doc as Partial<RuleFile>;
  const fix = {} as Localized;
  const problems: string[] = [];
  if (r.id !== basename(file, '.json') || (r.fixShell !== 'cmd' && r.fixShell !== 'powershell'))
    return checkRuleFile(doc, file, true);
  for (const lang of LANGS) {
    const f = listedTemplateFile(file, r.fixShell, lang);
    // Read without asking first: one system call per template, not two.
    try {
      fix[lang] = readFileSync(f, 'utf8');
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      problems.push(`fix template ${basename(f)} is missing`);
    }
  }
  return { problems, fix: problems.length ? null : fix };
}

export function loadRules(
  dirs: readonly string[] = [BUILTIN_RULES_DIR],
  options: { checkBuiltin?: boolean } = {},
): Rule[] {
  const rules: Rule[] = [];
  const problems: { file: string; reason: string }[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    for (const { file, area: folders } of listRules(dir)) {
      let doc: unknown;
      try {
        doc = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        problems.push({ file, reason: `not valid JSON: ${(e as Error).message}` });
        continue;
      }
      const { problems: p, fix } =
        dir === BUILTIN_RULES_DIR && !options.checkBuiltin
          ? builtinRuleFile(doc, file)
          : checkRuleFile(doc, file, true);
      if (p.length > 0 || !fix) {
        problems.push(...p.map((reason) => ({ file, reason })));
        continue;
      }
      const r = doc as RuleFile;
      if (seen.has(r.id)) {
        problems.push({ file, reason: `duplicate id "${r.id}" (also in ${seen.get(r.id)})` });
        continue;
      }
      seen.set(r.id, file);
      const area = folders || 'general';
      rules.push({ ...r, fix, area, file });
    }
  }
  // `explains` names other rules: checked once the whole set is known.
  for (const r of rules)
    problems.push(...checkExplains(r, rules).map((reason) => ({ file: r.file, reason })));
  if (problems.length > 0) throw new RuleLoadError(problems);
  return rules;
}
