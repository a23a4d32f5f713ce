/**
 * Evaluates rules against the fact base: each rule once per entity of its scope, with
 * json-rules-engine and a plain dot-path resolver. One engine per scope is reused and entities
 * are run one after another (concurrent runs on one engine drop events; see
 * dependency-facts.md). A rule whose required evidence is absent is reported as not evaluated,
 * never as passed.
 */
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { entitiesOf, type EntityBase, type Facts, type Scope } from '../facts/model.js';
import { compareText, type EvidenceRef } from '../shared/evidence.js';
import { getPath } from './dot-path.js';
import { busier, dedupeEvidence, foldExplained, mergeWildcardTwins } from './explains.js';
import { NAMED_CONDITIONS } from './conditions.js';
import { lowerUnusedEndpoints } from './unused-endpoints.js';
import { OPERATORS } from './operators.js';
import { renderFix } from './render-fix.js';
import { loadHbsRuntime } from '../shared/precompiled.js';
import {
  lazyLocalized,
  severityRank,
  type Finding,
  type Localized,
  type NotEvaluated,
  type Rule,
} from './rule.js';

export interface Evaluation {
  findings: Finding[];
  notEvaluated: NotEvaluated[];
  /** Rules that were evaluated (requirements met), for the report's coverage line. */
  evaluated: string[];
}

/** The not-evaluated reason: the rule's `unknownDetail` filled from the entity when it can be, then its `unknownText`. */
function unknownWhy(
  r: { unknownText?: Localized; unknownDetail?: Localized; title: Localized },
  entity: EntityBase,
): Localized {
  const base = r.unknownText ?? r.title;
  if (!r.unknownDetail) return base;
  const out = { ...base };
  for (const lang of Object.keys(base) as (keyof Localized)[]) {
    let whole = true;
    const d = r.unknownDetail[lang].replace(/\{([\w.]+)\}/g, (_, f: string) => {
      const v = getPath(entity, f);
      if (typeof v === 'string' && v !== '') return v;
      whole = false;
      return '';
    });
    if (whole) out[lang] = `${d} ${base[lang]}`;
  }
  return out;
}

const TRUNCATED: Localized = {
  en: 'The evidence of this entry is cut off (its file ends in the middle of it): nothing about it is judged. Collect the output again, whole.',
  'zh-CN': '此条目的证据被截断（文件在条目中间结束）：未对其作任何判断。请重新完整收集该输出。',
};

export function unmetRequirements(
  rule: Pick<Rule, 'requires'>,
  available: ReadonlySet<string>,
): (string | string[])[] {
  return rule.requires.filter((r) =>
    Array.isArray(r) ? !r.some((a) => available.has(a)) : !available.has(r),
  );
}

export function createEngine(rules: readonly Rule[]): Engine {
  const engine = new Engine([], {
    allowUndefinedFacts: true,
    pathResolver: (object: unknown, path: string) => getPath(object, path),
  });
  for (const [name, fn] of Object.entries(OPERATORS)) engine.addOperator(name, fn);
  for (const [name, c] of Object.entries(NAMED_CONDITIONS))
    engine.setCondition(name, c as TopLevelCondition);
  for (const r of rules) {
    const props: RuleProperties = {
      name: r.id,
      conditions: r.conditions,
      event: { type: r.id, params: r.event.params ?? {} },
    };
    if (r.priority !== undefined) props.priority = r.priority;
    engine.addRule(props);
  }
  return engine;
}

/** An engine whose rules are the `unknownWhen` conditions of `rules`, under the rules' ids. */
function createUnknownEngine(rules: readonly Rule[]): Engine {
  return createEngine(rules.map((r): Rule => ({ ...r, conditions: r.unknownWhen! })));
}

/**
 * An engine whose rules are the `severityWhen` conditions of `rules`, as `<id>#<index>`, and
 * their `titleWhen` conditions, as `<id>@<index>`.
 */
function createSeverityEngine(rules: readonly Rule[]): Engine {
  const variant = (r: Rule, id: string, when: Rule['conditions']): Rule => ({
    ...r,
    id,
    conditions: when,
    event: { type: id },
  });
  return createEngine(
    rules.flatMap((r) => [
      ...(r.severityWhen ?? []).map((s, i) => variant(r, `${r.id}#${i}`, s.when)),
      ...(r.titleWhen ?? []).map((s, i) => variant(r, `${r.id}@${i}`, s.when)),
    ]),
  );
}

/** The severity of a finding: the first `severityWhen` entry that held, else the rule's. */
function severityOf(rule: Rule, held: ReadonlySet<string>): Rule['severity'] {
  const i = (rule.severityWhen ?? []).findIndex((_, j) => held.has(`${rule.id}#${j}`));
  return i < 0 ? rule.severity : rule.severityWhen![i]!.severity;
}

/** The title of a finding: the first `titleWhen` entry that held, else the rule's. */
function titleOf(rule: Rule, held: ReadonlySet<string>): Rule['title'] {
  const i = (rule.titleWhen ?? []).findIndex((_, j) => held.has(`${rule.id}@${j}`));
  return i < 0 ? rule.title : rule.titleWhen![i]!.title;
}

/** Runs `rules` (all of one scope) for one entity; returns the ids that fired. */
export async function runEntity(
  engine: Engine,
  scope: Scope,
  entity: unknown,
  host: unknown,
): Promise<string[]> {
  const { events } = await engine.run({ [scope]: entity, host });
  return events.map((e) => e.type);
}

/** The fix in each language, rendered when the report first reads it (lazyLocalized). */
function renderAll(rule: Rule, context: Record<string, unknown>, entityKey: string): Localized {
  return lazyLocalized((lang) => {
    try {
      return renderFix(rule.fix[lang], context, {
        shell: rule.fixShell,
        lang,
        fileTag: { ruleId: rule.id, entityKey },
      });
    } catch (e) {
      // Strict mode throws when an entity lacks a field the template names (a null link, a
      // partial artifact): the finding stands, its fix says why it has no command.
      return `(fix not rendered for this entity: ${(e as Error).message.split('\n')[0]})`;
    }
  });
}

function linkedEvidence(rule: Rule, entity: EntityBase): EvidenceRef[] {
  const extra: EvidenceRef[] = [];
  for (const path of rule.evidenceFrom ?? []) {
    const linked = getPath(entity, path);
    for (const item of Array.isArray(linked) ? linked : [linked]) {
      const ev = getPath(item, 'evidence');
      if (Array.isArray(ev)) extra.push(...(ev as EvidenceRef[]));
    }
  }
  return extra;
}

export async function evaluate(
  rules: readonly Rule[],
  facts: Facts,
  available: ReadonlySet<string>,
): Promise<Evaluation> {
  const findings: Finding[] = [];
  const notEvaluated: NotEvaluated[] = [];
  const evaluated: string[] = [];
  const byScope = new Map<Scope, Rule[]>();
  for (const r of rules) {
    const missing = unmetRequirements(r, available);
    if (missing.length > 0) {
      notEvaluated.push({ ruleId: r.id, severity: r.severity, title: r.title, missing });
      continue;
    }
    evaluated.push(r.id);
    byScope.set(r.scope, [...(byScope.get(r.scope) ?? []), r]);
  }
  /** Rule id → entities it could not decide for (unknownWhen held and the rule did not fire). */
  const unknown = new Map<string, { entityKey: string; why: Localized }[]>();
  /** Rule ids decided (fired or not, unknownWhen false) for at least one entity. */
  const decided = new Set<string>();
  for (const [scope, scoped] of byScope) {
    const entities = entitiesOf(facts, scope);
    // No entity to run: building the scope's engines (every rule's conditions) is wasted.
    if (entities.length === 0) continue;
    const engine = createEngine(scoped);
    const undecidable = scoped.filter((r) => r.unknownWhen !== undefined);
    const unknownEngine = undecidable.length > 0 ? createUnknownEngine(undecidable) : null;
    const varies = (r: Rule): boolean => r.severityWhen !== undefined || r.titleWhen !== undefined;
    const graded = scoped.filter(varies);
    const severityEngine = graded.length > 0 ? createSeverityEngine(graded) : null;
    const byId = new Map(scoped.map((r) => [r.id, r]));
    for (const entity of entities) {
      // Evidence cut off inside this entity's record (judge6 T1): what it shows is not the
      // entry, so no rule judges it, and none passes it either.
      if (entity.evidenceTruncated === true) {
        for (const r of scoped) {
          const list = unknown.get(r.id) ?? [];
          list.push({ entityKey: entity.key, why: TRUNCATED });
          unknown.set(r.id, list);
        }
        continue;
      }
      // Sequential on purpose: one engine, one run at a time.
      const fired = await runEntity(engine, scope, entity, facts.host);
      const cannot = unknownEngine
        ? new Set(await runEntity(unknownEngine, scope, entity, facts.host))
        : new Set<string>();
      for (const r of scoped) {
        if (fired.includes(r.id) || !cannot.has(r.id)) {
          decided.add(r.id);
          continue;
        }
        const list = unknown.get(r.id) ?? [];
        list.push({ entityKey: entity.key, why: unknownWhy(r, entity) });
        unknown.set(r.id, list);
      }
      const held =
        severityEngine && fired.some((id) => varies(byId.get(id)!))
          ? new Set(await runEntity(severityEngine, scope, entity, facts.host))
          : new Set<string>();
      for (const id of fired) {
        const rule = byId.get(id)!;
        const context = { [scope]: entity, host: facts.host };
        findings.push({
          ruleId: rule.id,
          severity: severityOf(rule, held),
          scenario: rule.scenario,
          area: rule.area,
          scope,
          entityKey: entity.key,
          entity: entity as unknown as Record<string, unknown>,
          title: titleOf(rule, held),
          explanation: rule.explanation,
          fix: renderAll(rule, context, entity.key),
          fixShell: rule.fixShell,
          evidence: decisiveFirst(
            dedupeEvidence([...entity.evidence, ...linkedEvidence(rule, entity)]),
            rule.evidenceFirst,
          ),
          references: rule.references,
        });
      }
    }
  }
  for (const [id, unknownFor] of unknown) {
    const rule = rules.find((r) => r.id === id)!;
    notEvaluated.push({
      ruleId: id,
      severity: rule.severity,
      title: rule.title,
      missing: [],
      unknownFor,
    });
    // Undecided for every entity it applies to: not evaluated, not "passed".
    if (!decided.has(id)) evaluated.splice(evaluated.indexOf(id), 1);
  }
  findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      compareText(a.ruleId, b.ruleId) ||
      busier(a.entity, b.entity) ||
      compareText(a.entityKey, b.entityKey),
  );
  notEvaluated.sort((a, b) => compareText(a.ruleId, b.ruleId));
  // One finding per socket for 0.0.0.0 / [::] twins, those on entries no site uses capped,
  // then symptoms under their cause.
  const folded = foldExplained(
    lowerUnusedEndpoints(mergeWildcardTwins(findings), facts),
    rules,
    facts,
  );
  // Fixes render lazily and sync (lazyLocalized): the runtime is imported now, and only for them.
  if (folded.length > 0) await loadHbsRuntime();
  return { findings: folded, notEvaluated, evaluated: evaluated.sort() };
}

/** Stable sort: evidence of the rule's decisive artifacts first, in the rule's order. */
function decisiveFirst(refs: EvidenceRef[], first: readonly string[] | undefined): EvidenceRef[] {
  if (!first?.length) return refs;
  const rank = (r: EvidenceRef): number => {
    const i = first.indexOf(r.artifactId);
    return i < 0 ? first.length : i;
  };
  return refs
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map((x) => x.r);
}
