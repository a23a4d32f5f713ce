/**
 * Native tools run only through Invoke-Tool / Save-ToolOutput with a literal tool name and an
 * argument list that matches one of the tool's reviewed read-only forms (policy TOOL_FORMS); the
 * forms that touch system state (the opt-in capture) only inside their own functions. Also lists
 * every tool call.
 */
import type { Check } from '../check-model.js';
import { OPT_IN_TOOLS, TOOL_FORMS, TOOL_RUNNERS, TOOL_SAVER, TOOL_WRITE_ARGS } from '../policy.js';
import { arrayElements, commandArgs, commandName, literalValue } from '../ps-syntax.js';

export const toolCallsCheck: Check = {
  name: 'tool-calls',
  codes: ['native-tool-not-read-only', 'system-write'],
  nodeTypes: ['command'],
  visit(cmd, fn, ctx) {
    const { lname, computed } = commandName(cmd);
    if (computed || !TOOL_RUNNERS.has(lname)) return;
    const { named } = commandArgs(cmd);
    const toolNode = named.get('-tool');
    const argsNode = named.get('-arguments');
    if (fn === TOOL_SAVER && toolNode?.text === '$Tool' && argsNode?.text === '$Arguments') return;
    const tool = toolNode ? literalValue(toolNode.text) : null;
    if (!tool) {
      ctx.report(
        'native-tool-not-read-only',
        cmd,
        'the -Tool of a tool call must be a string literal',
      );
      return;
    }
    if (!argsNode || !/^@\(/.test(argsNode.text.trim())) {
      ctx.report(
        'native-tool-not-read-only',
        cmd,
        'the -Arguments of a tool call must be an array literal @(...) the check can read',
      );
      return;
    }
    const args = arrayElements(argsNode.text).map((a) => literalValue(a) ?? '*');
    ctx.tools.push({ tool, args, line: cmd.startPosition.row + 1, inFunction: fn });
    const forms = TOOL_FORMS[tool.toLowerCase()];
    if (!forms) {
      ctx.report('native-tool-not-read-only', cmd, `${tool} is not a reviewed read-only tool`);
      return;
    }
    const writes = TOOL_WRITE_ARGS[tool.toLowerCase()];
    const bad = writes ? args.find((a) => writes.test(a)) : undefined;
    if (bad) {
      ctx.report('system-write', cmd, `${tool} ${bad} changes the system`);
      return;
    }
    const matches = forms.some(
      (f) =>
        f.length === args.length &&
        f.every((w, i) => w === '*' || w.toLowerCase() === args[i]!.toLowerCase()),
    );
    if (!matches) {
      ctx.report(
        'native-tool-not-read-only',
        cmd,
        `${tool} ${args.join(' ')} is not one of the reviewed read-only forms`,
      );
      return;
    }
    const home =
      OPT_IN_TOOLS[tool.toLowerCase()] ??
      OPT_IN_TOOLS[`${tool.toLowerCase()} ${(args[0] ?? '').toLowerCase()}`];
    if (home && !home.includes(fn ?? ''))
      ctx.report(
        'system-write',
        cmd,
        `${tool} ${args[0] ?? ''} may only run inside ${home.join(' / ')} (the opt-in capture)`,
      );
  },
};
