/**
 * Validity bounds: exact (UTC) or host-local with the time-zone margin, and ambiguous local dates
 * (day/month order unknown) that decide only what both readings agree on.
 */
import { EAST_MS, WEST_MS } from './common.js';

/** A validity bound: exact (UTC ISO) or host-local (`YYYY-MM-DDTHH:MM`) with its margin. */
export interface Bound {
  text: string;
  ms: number;
  local: boolean;
  /**
   * A local date whose day/month order is unknown (`3/11/2024`): `ms` is one reading, `alt` the
   * other. The date itself is unknown; only what both readings agree on is decided.
   */
  alt?: number;
}

export function bound(
  exact: string | null,
  local: string | null | undefined,
  readings?: [string, string],
): Bound | null {
  if (exact !== null && !Number.isNaN(Date.parse(exact)))
    return { text: exact, ms: Date.parse(exact), local: false };
  if (local != null && !Number.isNaN(Date.parse(`${local}Z`)))
    return { text: local, ms: Date.parse(`${local}Z`), local: true };
  if (readings) {
    const [a, b] = readings.map((r) => Date.parse(`${r}Z`)) as [number, number];
    if (!Number.isNaN(a) && !Number.isNaN(b))
      return { text: readings.join(' | '), ms: Math.min(a, b), alt: Math.max(a, b), local: true };
  }
  return null;
}

/** `b` is before `ref` for sure (true), after for sure (false), or cannot tell (null). */
export function before(b: Bound, ref: number, hostUtc: boolean): boolean | null {
  const one = (ms: number): boolean | null => {
    if (!b.local || hostUtc) return ms < ref;
    if (ms + WEST_MS < ref) return true;
    if (ms - EAST_MS >= ref) return false;
    return null;
  };
  const first = one(b.ms);
  // Both readings of an ambiguous date must agree (expired either way), else it is not decided.
  return b.alt === undefined || one(b.alt) === first ? first : null;
}
