/**
 * Named conditions (json-rules-engine `setCondition`): what many rules repeat, written once and
 * referenced as `{ "condition": "<name>" }`. The loader refuses an unknown name, or one whose facts
 * are not the rule's scope or `host`; the field contract test checks the paths inside them too.
 */
import type { TopLevelCondition } from 'json-rules-engine';

export const NAMED_CONDITIONS = {
  /** The certificate is the one an HTTP.sys binding names (what its own binding rules act on). */
  certificateIsBound: {
    all: [{ fact: 'certificate', path: 'isBound', operator: 'equal', value: true }],
  },
  /** The certificate is bound, or served in a captured handshake. */
  certificateInUse: {
    all: [{ fact: 'certificate', path: 'inUse', operator: 'equal', value: true }],
  },
  /**
   * The event group is not history (last logged within EVENT_HISTORY_DAYS of the collection, or
   * the event has no time). A group of unknown age (no bound on the collection time decides) is
   * judged too: the verdict presents its finding as the probable cause only if it is current
   * (judge6 S1); see src/facts/event-age.ts.
   */
  eventIsCurrent: {
    all: [{ fact: 'eventGroup', path: 'historical', operator: 'notEqual', value: true }],
  },
} as const satisfies Record<string, TopLevelCondition>;

export type ConditionName = keyof typeof NAMED_CONDITIONS;

export function isConditionName(name: string): name is ConditionName {
  return Object.hasOwn(NAMED_CONDITIONS, name);
}

/** Every condition reference in a condition tree (`{ "condition": name }`). */
export function conditionRefs(c: unknown): string[] {
  if (c === null || typeof c !== 'object') return [];
  const o = c as Record<string, unknown>;
  const out: string[] = typeof o['condition'] === 'string' ? [o['condition']] : [];
  for (const k of ['all', 'any'] as const)
    if (Array.isArray(o[k])) for (const x of o[k]) out.push(...conditionRefs(x));
  if (o['not']) out.push(...conditionRefs(o['not']));
  return out;
}

/** The `fact` names a condition tree reads, named conditions expanded. */
export function conditionFacts(c: unknown): string[] {
  if (c === null || typeof c !== 'object') return [];
  const o = c as Record<string, unknown>;
  if (typeof o['fact'] === 'string') return [o['fact']];
  if (typeof o['condition'] === 'string')
    return isConditionName(o['condition']) ? conditionFacts(NAMED_CONDITIONS[o['condition']]) : [];
  const out: string[] = [];
  for (const k of ['all', 'any'] as const)
    if (Array.isArray(o[k])) for (const x of o[k]) out.push(...conditionFacts(x));
  if (o['not']) out.push(...conditionFacts(o['not']));
  return out;
}
