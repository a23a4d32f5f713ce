/**
 * .NET method calls: file-writing statics only inside a writer function on an asserted path,
 * statics whose names say they change something only when reviewed safe, instance methods that
 * write, run code or reach the network only where policy INSTANCE_METHODS allows them, no
 * `.Export*()` at all, no `[T]::new()` (PowerShell 5). Also lists every method called.
 */
import type { Check } from '../check-model.js';
import {
  CHANGING_STATIC,
  FILE_WRITE_STATICS,
  INSTANCE_METHODS,
  LOG_TAIL_READER,
  PROCESS_RUNNER,
  READ_ONLY_OPEN,
  SAFE_STATICS,
} from '../policy.js';
import { arrayElements, typeName } from '../ps-syntax.js';
import { writeTargetOk } from './writer-functions.js';

export const methodsCheck: Check = {
  name: 'methods',
  codes: [
    'file-write-outside-output',
    'system-change-method',
    'dynamic-execution',
    'incompatible-syntax',
    'private-key-export',
    'system-write',
    'network-call',
  ],
  nodeTypes: ['invokation_expression'],
  visit(n, fn, ctx) {
    const member = n.children.find((c) => c.type === 'member_name')?.text ?? '';
    const lmember = member.toLowerCase();
    const isStatic = n.children.some((c) => c.type === '::');
    const target = n.children[0];
    const argList = n.children.find((c) => c.type === 'argument_list');
    const argTexts = argList ? arrayElements(argList.text.replace(/^\(|\)$/g, '')) : [];
    const line = n.startPosition.row + 1;
    if (isStatic && target?.type === 'type_literal') {
      const t = typeName(target.text);
      ctx.methods.push({ name: `${t}::${member}`, line, inFunction: fn });
      const writes = FILE_WRITE_STATICS[t];
      const readOnlyOpen =
        t === 'io.file' &&
        lmember === 'open' &&
        fn === LOG_TAIL_READER &&
        argTexts.length === 4 &&
        argTexts.slice(1).every((a) => READ_ONLY_OPEN.test(a.trim()));
      if (writes && lmember in writes && !readOnlyOpen) {
        if (!writeTargetOk(ctx, fn, argTexts[writes[lmember]!])) {
          ctx.report(
            'file-write-outside-output',
            n,
            `[${t}]::${member} outside a writer function or on a path not checked by Assert-OutputPath`,
          );
        }
      }
      if (!writes && CHANGING_STATIC.test(member) && !SAFE_STATICS.has(`${t}::${lmember}`)) {
        ctx.report('system-change-method', n, `[${t}]::${member}() can change the system`);
      }
      if (t === 'diagnostics.process' && fn !== PROCESS_RUNNER)
        ctx.report('dynamic-execution', n, 'starts a process outside Invoke-Tool');
      if (t === 'scriptblock' && lmember === 'create')
        ctx.report('dynamic-execution', n, 'builds code from a string');
      if (lmember === 'new')
        ctx.report('incompatible-syntax', n, `[${t}]::new() needs PowerShell 5; use New-Object`);
    } else {
      ctx.methods.push({ name: `.${member}`, line, inFunction: fn });
      const rule = INSTANCE_METHODS[lmember];
      if (rule && !(fn !== null && rule.allowedIn.includes(fn))) {
        ctx.report(rule.code, n, `.${member}() is not allowed here`);
      }
    }
    if (/^export/i.test(member))
      ctx.report('private-key-export', n, `.${member}() exports key or certificate material`);
  },
};
