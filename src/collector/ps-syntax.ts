/**
 * PowerShell syntax trees for the collector check: the tree-sitter-powershell parser (wasm, via
 * web-tree-sitter: no PowerShell needed), a cursor walk and helpers that read literals, arrays,
 * command names and arguments from nodes.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

let parserPromise: Promise<Parser> | undefined;

/** The PowerShell parser (wasm, loaded once). */
export function powershellParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const wasm = require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
    const lang = await Language.load(wasm);
    const parser = new Parser();
    parser.setLanguage(lang);
    return parser;
  })();
  return parserPromise;
}

/** A fresh syntax tree of `source` (the caller deletes it). */
export async function parseScript(source: string): Promise<Tree> {
  const tree = (await powershellParser()).parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

export function functionName(fn: Node): string | null {
  return fn.children.find((c) => c.type === 'function_name')?.text ?? null;
}

/**
 * Visits the nodes whose type is in `types` (and nodes tree-sitter inserted as MISSING), with the
 * enclosing function's name. A tree cursor keeps this fast: node objects are made only for
 * visited nodes (the wasm binding allocates per node).
 */
export function traverse(
  root: Node,
  types: ReadonlySet<string>,
  visit: (n: Node, fn: string | null) => void,
): void {
  const cursor = root.walk();
  const ctx: (string | null)[] = [null];
  let depth = 0;
  for (;;) {
    const type = cursor.nodeType;
    let childCtx: string | null = ctx[depth] ?? null;
    if (types.has(type) || cursor.nodeIsMissing) {
      const node = cursor.currentNode;
      if (type === 'function_statement') childCtx = functionName(node);
      visit(node, ctx[depth] ?? null);
    }
    if (cursor.gotoFirstChild()) {
      depth++;
      ctx[depth] = childCtx;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return;
      depth--;
    }
  }
}

export function firstLine(text: string): string {
  return text.split(/\r?\n/)[0]!.trim().slice(0, 160);
}

/** Value of a PowerShell string literal, or null when it is not a plain literal. */
export function literalValue(text: string): string | null {
  const t = text.trim();
  if (/^'(?:[^']|'')*'$/s.test(t)) return t.slice(1, -1).replace(/''/g, "'");
  if (/^"[^"$`]*"$/s.test(t)) return t.slice(1, -1);
  return null;
}

/** Splits the elements of `@(a, b, c)` (or `a, b`) at top-level commas. */
export function arrayElements(text: string): string[] {
  let t = text.trim();
  const wrapped = /^@\(([\s\S]*)\)$/.exec(t);
  if (wrapped) t = wrapped[1]!;
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (let i = 0; i < t.length; i++) {
    const ch = t[i]!;
    if (quote) {
      cur += ch;
      if (ch === quote) {
        if (t[i + 1] === quote) {
          cur += t[++i];
        } else quote = null;
      }
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if ((ch === ',' || ch === '\n') && depth === 0) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export interface CommandArgs {
  named: Map<string, Node | null>;
  positional: Node[];
}

export function commandArgs(cmd: Node): CommandArgs {
  const named = new Map<string, Node | null>();
  const positional: Node[] = [];
  const elements = cmd.childForFieldName('command_elements');
  if (!elements) return { named, positional };
  const items = elements.children.filter((c) => c.type !== 'command_argument_sep');
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.type === 'command_parameter') {
      const name = it.text.replace(/:$/, '').toLowerCase();
      const next = items[i + 1];
      if (next && next.type !== 'command_parameter') {
        named.set(name, next);
        i++;
      } else named.set(name, null);
    } else positional.push(it);
  }
  return { named, positional };
}

/** A command's name as the check compares it. */
export interface CommandName {
  /** Source text of the name (quotes kept). */
  raw: string;
  /** The name, unquoted when it is a string literal. */
  name: string;
  /** Lower-case, `.exe` removed. */
  lname: string;
  /** `lname` without a folder (`C:\Windows\System32\netsh` → `netsh`). */
  baseName: string;
  /** A name computed at run time (`& $cmd`, `& (Get-X)`). */
  computed: boolean;
}

export function commandName(cmd: Node): CommandName {
  const nameNode = cmd.childForFieldName('command_name');
  const raw = nameNode?.text.trim() ?? '';
  const name = literalValue(raw) ?? raw;
  const lname = name.toLowerCase().replace(/\.exe$/, '');
  const baseName = lname.split(/[\\/]/).pop() ?? lname;
  const computed =
    nameNode?.type === 'command_name_expr' && /[$({]/.test(raw) && !literalValue(raw);
  return { raw, name, lname, baseName, computed };
}

export function typeName(text: string): string {
  const t = text.trim();
  return (t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t)
    .trim()
    .replace(/^system\./i, '')
    .toLowerCase();
}

/** Variables a function assigns from Assert-OutputPath (its sanctioned write targets). */
export function assertedVariables(fn: Node): Set<string> {
  const vars = new Set<string>();
  for (const n of fn.descendantsOfType('assignment_expression')) {
    const left = n.childForFieldName('left') ?? n.children[0];
    const value = n.childForFieldName('value');
    if (!left || !value) continue;
    if (/^\s*Assert-OutputPath\b/i.test(value.text)) vars.add(left.text.trim().toLowerCase());
  }
  return vars;
}
