/**
 * Custom operators for rule conditions, beyond json-rules-engine's built-ins (equal, notEqual,
 * in, notIn, contains, doesNotContain, lessThan…). Each takes the fact value and the rule's value.
 */
export const OPERATORS: Record<string, (factValue: unknown, ruleValue: unknown) => boolean> = {
  /** Array or string is empty (null/undefined count as empty). */
  isEmpty: (f, want) =>
    (f === null ||
      f === undefined ||
      ((Array.isArray(f) || typeof f === 'string') && f.length === 0)) === want,
  /** Regular-expression match on a string fact (case-insensitive). */
  matches: (f, re) =>
    typeof f === 'string' && typeof re === 'string' && new RegExp(re, 'i').test(f),
  /** The array fact shares at least one element with the rule's array. */
  hasAny: (f, values) =>
    Array.isArray(f) && Array.isArray(values) && f.some((x) => values.includes(x)),
  /** The array fact contains none of the rule's values. */
  hasNone: (f, values) =>
    Array.isArray(f) && Array.isArray(values) && !f.some((x) => values.includes(x)),
  /** Value is null or undefined (`value: true`) or present (`value: false`). */
  isNull: (f, want) => (f === null || f === undefined) === want,
};
