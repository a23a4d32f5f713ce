/**
 * Static check of collectors/Collect-TlsEvidence.ps1 over its PowerShell syntax tree
 * (tree-sitter-powershell, run through web-tree-sitter's wasm build: no PowerShell needed).
 *
 * It lists everything the script runs — cmdlets, script functions, native tools with their
 * arguments, .NET types and method calls — and reports a violation for anything that could change
 * the server or reach the network. The guarantee comes from allowlists, not from guessing intent:
 *
 * - every command name must be a function the script defines or a reviewed read-only cmdlet
 *   (aliases and unknown names fail); known writers / network cmdlets fail with a specific code;
 * - native tools run only through `Invoke-Tool` / `Save-ToolOutput` with a literal tool name and
 *   an argument list that matches the tool's read-only forms (TOOL_FORMS); naming a tool as a
 *   command (`netsh …`, `& reg.exe …`) fails;
 * - file writes (.NET File/Directory/FileStream/ZipArchive, Remove-Item, redirection) only inside
 *   the sanctioned writer functions, and only to a variable that function got from
 *   `Assert-OutputPath` (which refuses anything outside the evidence folder at run time);
 * - every .NET type must be on the reviewed list; System.Net (bar IPAddress and the local
 *   IPGlobalProperties), the registry API, X509Store and P/Invoke fail;
 * - private-key export in any form fails: Export-PfxCertificate, `-exportPFX`, `.Export*(` and
 *   `ToXmlString(` on anything, the Pfx / Pkcs12 content types.
 *
 * The parse itself must be clean: a tree with ERROR or MISSING nodes fails too.
 *
 * The allowlists are data in ./policy.ts; each check is one module in ./checks/ (`{ name, codes,
 * nodeTypes, visit }`, as an ESLint rule) with its valid / invalid case table beside it. This
 * module walks the tree once and hands each node to the checks that visit its type.
 */
import type { Node } from 'web-tree-sitter';
import type { Check, CheckContext, CheckReport, Violation } from './check-model.js';
import { commandsCheck } from './checks/commands.js';
import { keyExportTokensCheck } from './checks/key-export-tokens.js';
import { methodsCheck } from './checks/methods.js';
import { propertyAssignmentsCheck } from './checks/property-assignments.js';
import { redirectionsCheck } from './checks/redirections.js';
import { syntaxCheck } from './checks/syntax.js';
import { toolCallsCheck } from './checks/tool-calls.js';
import { typesCheck } from './checks/types.js';
import { writerFunctionsCheck } from './checks/writer-functions.js';
import { assertedVariables, firstLine, functionName, parseScript, traverse } from './ps-syntax.js';

export type {
  Check,
  CheckReport,
  CommandUse,
  MethodUse,
  ToolCall,
  Violation,
  ViolationCode,
} from './check-model.js';
export { READ_ONLY_CMDLETS, REVIEWED_TYPES, TOOL_FORMS, WRITER_FUNCTIONS } from './policy.js';
export { arrayElements, literalValue, powershellParser } from './ps-syntax.js';

/** Every check, in the order their violations are listed for one node. */
export const CHECKS: readonly Check[] = [
  syntaxCheck,
  commandsCheck,
  toolCallsCheck,
  typesCheck,
  methodsCheck,
  propertyAssignmentsCheck,
  redirectionsCheck,
  writerFunctionsCheck,
  keyExportTokensCheck,
];

export async function checkScript(
  source: string,
  checks: readonly Check[] = CHECKS,
): Promise<CheckReport> {
  const tree = await parseScript(source);
  try {
    return checkTree(source, tree.rootNode, checks);
  } finally {
    tree.delete();
  }
}

/** Runs `checks` over the syntax tree `root` of `source`. */
export function checkTree(
  source: string,
  root: Node,
  checks: readonly Check[] = CHECKS,
): CheckReport {
  const byType = new Map<string, Check[]>();
  for (const c of checks) {
    for (const t of c.nodeTypes) {
      const list = byType.get(t);
      if (list) list.push(c);
      else byType.set(t, [c]);
    }
  }
  // Functions the script defines and comment ranges first: checks need all of them at any node.
  const functions = new Map<string, Node>();
  const comments: [number, number][] = [];
  const visited: [Node, string | null][] = [];
  const wanted = new Set(['function_statement', 'comment', 'ERROR', ...byType.keys()]);
  traverse(root, wanted, (n, fn) => {
    if (n.type === 'ERROR' || n.isMissing) visited.push([n, fn]);
    else if (n.type === 'function_statement') {
      const name = functionName(n);
      if (name) functions.set(name.toLowerCase(), n);
    } else if (n.type === 'comment') comments.push([n.startIndex, n.endIndex]);
    else visited.push([n, fn]);
  });
  const asserted = new Map<string, Set<string>>();
  for (const [name, n] of functions) asserted.set(name, assertedVariables(n));

  const violations: Violation[] = [];
  const types = new Set<string>();
  const ctx: CheckContext = {
    source,
    functions,
    asserted,
    comments,
    commands: [],
    tools: [],
    types,
    methods: [],
    report(code, node, message) {
      violations.push({
        code,
        line: node.startPosition.row + 1,
        message,
        text: firstLine(node.text),
      });
    },
    reportLine(code, line, message, text) {
      violations.push({ code, line, message, text });
    },
  };
  for (const [n, fn] of visited) {
    const type = n.isMissing ? 'MISSING' : n.type;
    for (const c of byType.get(type) ?? []) c.visit?.(n, fn, ctx);
  }
  for (const c of checks) c.script?.(ctx);

  return {
    functions: [...functions.values()].map(
      (n) => n.children.find((c) => c.type === 'function_name')!.text,
    ),
    commands: ctx.commands,
    tools: ctx.tools,
    types: [...types].sort(),
    methods: ctx.methods,
    violations,
  };
}
