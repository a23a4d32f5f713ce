/**
 * Every command the script runs is a function it defines or a reviewed read-only cmdlet; known
 * network, dynamic-execution and writing cmdlets fail with their own code, native tools named as
 * commands fail (they run only through Invoke-Tool, see ./tool-calls.ts), file-writing cmdlets
 * pass only inside a writer function on an asserted path. Also lists every command run.
 */
import type { Check } from '../check-model.js';
import {
  DYNAMIC_CMDLETS,
  FILE_WRITE_CMDLETS,
  NATIVE_TOOLS,
  NETWORK_CMDLETS,
  STEP_RUNNER,
  TOOL_RUNNERS,
  TOOL_WRITE_ARGS,
  WRITE_VERBS,
  isReadOnlyCmdlet,
} from '../policy.js';
import { commandArgs, commandName } from '../ps-syntax.js';
import { writeTargetOk } from './writer-functions.js';

export const commandsCheck: Check = {
  name: 'commands',
  codes: [
    'dynamic-execution',
    'network-call',
    'private-key-export',
    'native-tool-direct',
    'system-write',
    'file-write-outside-output',
    'unreviewed-command',
  ],
  nodeTypes: ['command'],
  visit(n, fn, ctx) {
    const { raw, name, lname, baseName, computed } = commandName(n);
    const line = n.startPosition.row + 1;
    if (computed) {
      ctx.commands.push({ name: raw, line, inFunction: fn, kind: 'dynamic' });
      const op = n.children.find((c) => c.type === 'command_invokation_operator');
      // Invoke-Step runs the step's own script block ($Action), which the check reads in place.
      if (!(fn === STEP_RUNNER && op?.text === '&' && raw === '$Action')) {
        ctx.report('dynamic-execution', n, `runs a computed command (${raw})`);
      }
      return;
    }
    const isFunction = ctx.functions.has(lname);
    ctx.commands.push({ name, line, inFunction: fn, kind: isFunction ? 'function' : 'cmdlet' });
    const { named } = commandArgs(n);
    if (named.has('-computername') || named.has('-cimsession') || named.has('-session')) {
      ctx.report('network-call', n, `${name} -ComputerName / -Session reaches another machine`);
    }
    // Tool calls are ./tool-calls.ts's; the script's own functions are read where defined.
    if (TOOL_RUNNERS.has(lname) || isFunction) return;
    if (/export-pfxcertificate|exportpfx/i.test(lname)) {
      ctx.report('private-key-export', n, `${name} exports a private key`);
    } else if (NETWORK_CMDLETS.has(lname)) {
      ctx.report('network-call', n, `${name} reaches the network`);
    } else if (DYNAMIC_CMDLETS.has(lname)) {
      ctx.report('dynamic-execution', n, `${name} runs code or programs the check cannot see`);
    } else if (NATIVE_TOOLS.has(baseName)) {
      const writes = TOOL_WRITE_ARGS[baseName];
      const args = n.childForFieldName('command_elements')?.text.trim().split(/\s+/) ?? [];
      if (writes && args.some((a) => writes.test(a))) {
        ctx.report('system-write', n, `${name} ${args.join(' ')} changes the system`);
      } else {
        ctx.report(
          'native-tool-direct',
          n,
          `${name} must run through Invoke-Tool (read-only forms, time limit)`,
        );
      }
    } else if (FILE_WRITE_CMDLETS.has(lname)) {
      const target =
        named.get('-literalpath') ??
        named.get('-path') ??
        named.get('-filepath') ??
        named.get('-destination');
      if (!writeTargetOk(ctx, fn, target)) {
        ctx.report(
          'file-write-outside-output',
          n,
          `${name} outside a writer function or on a path not checked by Assert-OutputPath`,
        );
      }
    } else if (isReadOnlyCmdlet(name, lname)) {
      // New-Object's type is ./types.ts's.
      if (lname === 'add-type' && (!named.has('-assemblyname') || named.size !== 1)) {
        ctx.report(
          'dynamic-execution',
          n,
          'Add-Type may only load an assembly by name (no code compiled)',
        );
      }
      if (lname === 'new-object' && named.has('-comobject')) {
        ctx.report('dynamic-execution', n, 'New-Object -ComObject is not allowed');
      }
    } else if (WRITE_VERBS.test(name)) {
      ctx.report('system-write', n, `${name} changes the system`);
    } else {
      ctx.report('unreviewed-command', n, `${name} is not a reviewed read-only command`);
    }
  },
};
