/** Redaction over a JSON-like model (report, diff or fleet): which strings are scanned and rewritten. */
import type { Facts } from '../../facts/model.js';
import type { Redactor } from '../redact.js';

/**
 * Text the tool wrote (rule titles, explanations, references, column headers) is not scanned by
 * the detectors — it names products (`ASP.NET`), not customers — but is still rewritten, so a value
 * found elsewhere never survives in it.
 */
const TOOL_TEXT = new Set([
  'title',
  'explanation',
  'references',
  'headers',
  'ruleId',
  'artifactId',
  'missing',
  'artifacts',
  'missingArtifacts',
]);

const isLog = (v: unknown): boolean =>
  Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object');

function walkStrings(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const v of value) walkStrings(v, visit);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value))
      // `artifacts` is a list of ids in the host, but the collection log (lines quoted from the
      // customer's files, e.g. a mail's signature) in the report model: that one is scanned.
      if (!TOOL_TEXT.has(k) || (k === 'artifacts' && isLog(v))) walkStrings(v, visit);
}

/** Rule and inventory prose: never holds evidence, so a host named like a word cannot mangle it. */
const STATIC_TEXT = new Set(['title', 'explanation', 'references', 'headers', 'aspectTitle']);

function mapStrings(value: unknown, f: (s: string, key: string) => string, key = ''): unknown {
  if (typeof value === 'string') return STATIC_TEXT.has(key) ? value : f(value, key);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f, key));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f, k)]));
  return value;
}

/** The input as given (`C:\\Users\\alice\\Downloads\\contoso-web01.zip`): its file name only, loosely redacted. */
const sourceName = (s: string): string => s.split(/[\\/]/).filter(Boolean).pop() ?? s;

/**
 * Returns a redacted copy of a JSON-like model (report, diff or fleet model). Registers the values
 * the facts name and the detectors find, then replaces them in every string. Sets `host.redacted`
 * where the model has a host.
 */
export function redactModel<T>(model: T, redactor: Redactor, facts?: readonly Facts[]): T {
  for (const f of facts ?? []) redactor.addFacts(f);
  walkStrings(model, (s) => redactor.scan(s));
  const out = mapStrings(model, (s, key) =>
    key === 'source' ? redactor.apply(sourceName(s), true) : redactor.apply(s),
  ) as T;
  markRedacted(out);
  return out;
}

function markRedacted(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) markRedacted(v);
    return;
  }
  const o = value as Record<string, unknown>;
  if (o['host'] && typeof o['host'] === 'object' && 'redacted' in (o['host'] as object))
    (o['host'] as Record<string, unknown>)['redacted'] = true;
  for (const v of Object.values(o)) if (v && typeof v === 'object') markRedacted(v);
}
