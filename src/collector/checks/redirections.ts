/** Output redirection writes a file (`> $null` excepted): never allowed in the collector. */
import type { Check } from '../check-model.js';

export const redirectionsCheck: Check = {
  name: 'redirections',
  codes: ['file-write-outside-output'],
  nodeTypes: ['redirection'],
  visit(n, _fn, ctx) {
    const target = n.children.find((c) => c.type === 'redirected_file_name')?.text.trim() ?? '';
    if (!/^\$null$/i.test(target))
      ctx.report('file-write-outside-output', n, `redirection to ${target} writes a file`);
  },
};
