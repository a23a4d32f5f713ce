/**
 * Writer functions (policy WRITER_FUNCTIONS) must take every write target from
 * Assert-OutputPath, which refuses anything outside the evidence folder at run time; the root
 * writer creates the (new, empty) evidence folder itself from `$full`.
 */
import type { Node } from 'web-tree-sitter';
import type { Check, CheckContext } from '../check-model.js';
import { ROOT_WRITER, WRITER_FUNCTIONS } from '../policy.js';

const WRITERS = new Set([...WRITER_FUNCTIONS.keys()].map((w) => w.toLowerCase()));

/** True when `fn` is a writer function and `target` a path it got from Assert-OutputPath. */
export function writeTargetOk(
  ctx: CheckContext,
  fn: string | null,
  target: Node | string | null | undefined,
): boolean {
  if (!fn || !WRITERS.has(fn.toLowerCase()) || !target) return false;
  const t = (typeof target === 'string' ? target : target.text).trim().toLowerCase();
  if (fn === ROOT_WRITER) return t === '$full';
  return ctx.asserted.get(fn.toLowerCase())?.has(t) ?? false;
}

export const writerFunctionsCheck: Check = {
  name: 'writer-functions',
  codes: ['file-write-outside-output'],
  nodeTypes: [],
  script(ctx) {
    for (const name of WRITER_FUNCTIONS.keys()) {
      const n = ctx.functions.get(name.toLowerCase());
      if (n && name !== ROOT_WRITER && ctx.asserted.get(name.toLowerCase())!.size === 0) {
        ctx.report(
          'file-write-outside-output',
          n,
          `writer function ${name} does not call Assert-OutputPath`,
        );
      }
    }
  },
};
