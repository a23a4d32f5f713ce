/**
 * Linking steps as values. A step of `buildFacts` (src/facts/index.ts) that joins entities built
 * before it reads them as readonly views and returns what it would set as `Patch`es; `apply` is the
 * only code that writes them. So the fields a step may set are in its declared result type (an
 * object literal naming another field does not compile), and index.ts reads as a pipeline.
 */
import type { EvidenceRef } from '../shared/evidence.js';

/** An array as a step reads it: no push, no sort in place. */
type ReadonlyArrays<T> = T extends readonly (infer U)[] ? readonly U[] : T;

/**
 * An entity as a step reads it: its fields cannot be assigned and its array fields (`evidence`,
 * lists of names) cannot be pushed to. Objects below the entity are not guarded (by care).
 */
export type View<E> = { readonly [K in keyof E]: ReadonlyArrays<E[K]> };

/**
 * What one step sets on one entity: the entity's index in the array the step read, some of the
 * fields `F`, and evidence lines to append to the entity's own (in order, after those it has).
 */
export interface Patch<E extends object, F extends keyof E> {
  readonly at: number;
  readonly set: Partial<Pick<E, F>>;
  readonly evidence?: readonly EvidenceRef[];
}

/**
 * Writes `patches` into `entities`, in order (a later patch of the same entity and field wins;
 * evidence accumulates). A patch whose index is outside the array is a bug of its step: thrown.
 */
export function apply<E extends object, F extends keyof E>(
  entities: E[],
  patches: readonly Patch<E, F>[],
): void {
  for (const p of patches) {
    const e = entities[p.at];
    if (e === undefined) throw new RangeError(`patch for entity ${p.at} of ${entities.length}`);
    for (const k of Object.keys(p.set) as F[]) e[k] = p.set[k] as E[F];
    if (p.evidence === undefined || p.evidence.length === 0) continue;
    const own = (e as { evidence?: unknown }).evidence;
    if (!Array.isArray(own)) throw new TypeError(`patch with evidence for entity ${p.at} without`);
    own.push(...p.evidence);
  }
}
