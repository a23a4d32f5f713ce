/**
 * The pipeline, in reading order: open the input → parse every artifact → build facts →
 * evaluate rules → hand the result to the report. No console, no argv, no exit codes here.
 */
import { availableArtifacts, loadBundle, type ParsedBundle } from './artifacts/load.js';
import { openInputs } from './bundle/open.js';
import { DEFAULT_LIMITS, type BundleLimits } from './bundle/limits.js';
import { evaluate, type Evaluation } from './engine/evaluate.js';
import { BUILTIN_RULES_DIR, loadRules } from './engine/load-rules.js';
import type { Rule } from './engine/rule.js';
import { buildFacts } from './facts/index.js';
import type { Facts } from './facts/model.js';

export interface AnalyzeOptions {
  limits?: BundleLimits;
  /** Extra rule folders (--rules); the shipped rules are always loaded. */
  ruleDirs?: string[];
  /** Forced text encoding (--encoding). */
  encoding?: string;
}

export interface Analysis {
  parsed: ParsedBundle;
  facts: Facts;
  rules: Rule[];
  evaluation: Evaluation;
}

export async function analyze(
  inputs: readonly string[],
  options: AnalyzeOptions = {},
): Promise<Analysis> {
  const bundle = openInputs(inputs, options.limits ?? DEFAULT_LIMITS);
  const parsed = loadBundle(
    bundle,
    options.encoding !== undefined ? { encoding: options.encoding } : {},
  );
  const facts = buildFacts(parsed);
  const rules = loadRules([BUILTIN_RULES_DIR, ...(options.ruleDirs ?? [])]);
  const evaluation = await evaluate(rules, facts, availableArtifacts(parsed));
  return { parsed, facts, rules, evaluation };
}
