/**
 * Plain dot-path lookup (`certificate.eku.0`), used as json-rules-engine's pathResolver instead of
 * JSONPath: faster, no jsonpath-plus CVE surface, and the same syntax the fix templates use.
 * Only own properties are followed, so `__proto__` / `constructor` resolve to undefined.
 */
export function getPath(value: unknown, path: string): unknown {
  if (path === '' || path === '$') return value;
  let cur: unknown = value;
  for (const part of path.replace(/^\$\.?/, '').split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
