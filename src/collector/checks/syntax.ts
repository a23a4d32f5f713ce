/** The script must parse cleanly and use only syntax Windows PowerShell 4.0 runs. */
import type { Check } from '../check-model.js';
import { NEWER_SYNTAX } from '../policy.js';
import { firstLine } from '../ps-syntax.js';

export const syntaxCheck: Check = {
  name: 'syntax',
  codes: ['parse-error', 'incompatible-syntax'],
  nodeTypes: ['ERROR', 'MISSING', ...Object.keys(NEWER_SYNTAX)],
  visit(n, _fn, ctx) {
    if (n.type === 'ERROR' || n.isMissing) {
      ctx.report('parse-error', n, `syntax error near "${firstLine(n.text)}"`);
    } else {
      ctx.report(
        'incompatible-syntax',
        n,
        `${NEWER_SYNTAX[n.type]} does not run on PowerShell 4.0`,
      );
    }
  },
};
