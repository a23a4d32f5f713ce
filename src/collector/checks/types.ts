/**
 * Every .NET type the script names (`[Type]` literals and `New-Object -TypeName`) is on the
 * reviewed list; System.Net (bar the reviewed ones), the registry API, X509Store / PKCS#12 and
 * P/Invoke or reflection fail with their own code; some types only inside one function
 * (policy TYPE_HOME). Also lists every type used.
 */
import type { Node } from 'web-tree-sitter';
import type { Check, CheckContext } from '../check-model.js';
import { REVIEWED_TYPES, TYPE_HOME, isReadOnlyCmdlet } from '../policy.js';
import { commandArgs, commandName, literalValue, typeName } from '../ps-syntax.js';

function noteType(ctx: CheckContext, node: Node, text: string, fn: string | null): void {
  const t = typeName(text);
  ctx.types.add(t);
  if (!t || (/^[a-z]+$/.test(t) && REVIEWED_TYPES.has(t))) return;
  if (/^net\./.test(t) && !REVIEWED_TYPES.has(t)) {
    ctx.report('network-call', node, `[${t}] reaches the network`);
  } else if (/microsoft\.win32\.registry|registrykey/.test(t)) {
    ctx.report('system-write', node, `[${t}] can write the registry`);
  } else if (/x509store|pkcs12|x509contenttype/.test(t)) {
    ctx.report('private-key-export', node, `[${t}] can export or change certificates and keys`);
  } else if (/runtime\.interopservices|reflection|activator|dllimport/.test(t)) {
    ctx.report('dynamic-execution', node, `[${t}] escapes what a static check can see`);
  } else if (!REVIEWED_TYPES.has(t)) {
    ctx.report('unreviewed-type', node, `[${t}] is not a reviewed type`);
  } else {
    const home = TYPE_HOME[t];
    if (home && !(fn !== null && home.includes(fn))) {
      ctx.report('dynamic-execution', node, `[${t}] may only be used in ${home.join(', ')}`);
    }
  }
}

export const typesCheck: Check = {
  name: 'types',
  codes: [
    'network-call',
    'system-write',
    'private-key-export',
    'dynamic-execution',
    'unreviewed-type',
  ],
  nodeTypes: ['type_literal', 'command'],
  visit(n, fn, ctx) {
    if (n.type === 'type_literal') {
      noteType(ctx, n, n.text, fn);
      return;
    }
    // New-Object, the reviewed cmdlet (not a script function of that name)
    const { name, lname, computed } = commandName(n);
    if (computed || lname !== 'new-object' || ctx.functions.has(lname)) return;
    if (!isReadOnlyCmdlet(name, lname)) return;
    const { named, positional } = commandArgs(n);
    const t = named.get('-typename') ?? positional[0];
    if (t) noteType(ctx, t, literalValue(t.text) ?? t.text, fn);
  },
};
