/**
 * What the collector check reports (violations and the inventory of what the script runs) and
 * the shape of one check: ESLint's rule module as `{ name, codes, nodeTypes, visit }`.
 */
import type { Node } from 'web-tree-sitter';

export type ViolationCode =
  | 'parse-error'
  | 'system-write'
  | 'file-write-outside-output'
  | 'private-key-export'
  | 'network-call'
  | 'dynamic-execution'
  | 'native-tool-direct'
  | 'native-tool-not-read-only'
  | 'unreviewed-command'
  | 'unreviewed-type'
  | 'system-change-method'
  | 'incompatible-syntax';

export interface Violation {
  code: ViolationCode;
  /** 1-based line in the script. */
  line: number;
  message: string;
  /** The offending source text (first line of it). */
  text: string;
}

export interface CommandUse {
  name: string;
  line: number;
  /** Enclosing function, or null at script level (including top-level script blocks). */
  inFunction: string | null;
  kind: 'function' | 'cmdlet' | 'dynamic';
}

export interface ToolCall {
  tool: string;
  /** Literal arguments; `*` for an argument computed at run time. */
  args: string[];
  line: number;
  inFunction: string | null;
}

export interface MethodUse {
  /** `Type::Member` for static calls, `.Member` for instance calls. */
  name: string;
  line: number;
  inFunction: string | null;
}

export interface CheckReport {
  functions: string[];
  commands: CommandUse[];
  tools: ToolCall[];
  types: string[];
  methods: MethodUse[];
  violations: Violation[];
}

/** What a check sees besides the node: the script's functions, the inventory and `report`. */
export interface CheckContext {
  readonly source: string;
  /** Functions the script defines, by lower-case name. */
  readonly functions: ReadonlyMap<string, Node>;
  /** Per function (lower-case name): the variables it assigns from Assert-OutputPath. */
  readonly asserted: ReadonlyMap<string, ReadonlySet<string>>;
  /** Comment ranges [start, end) in the source. */
  readonly comments: readonly (readonly [number, number])[];
  readonly commands: CommandUse[];
  readonly tools: ToolCall[];
  readonly types: Set<string>;
  readonly methods: MethodUse[];
  report(code: ViolationCode, node: Node, message: string): void;
  /** For whole-script checks that look at text, not nodes. */
  reportLine(code: ViolationCode, line: number, message: string, text: string): void;
}

/** One check: the violation codes it may report and the syntax nodes it visits. */
export interface Check {
  /** Kebab-case; its case table is `checks/<name>.test.ts`. */
  readonly name: string;
  /** Every code it reports (its case table shows each; reporting another fails the table). */
  readonly codes: readonly ViolationCode[];
  /** Node types `visit` is called for (`MISSING` for a node tree-sitter inserted). */
  readonly nodeTypes: readonly string[];
  /** Called per node of `nodeTypes`, with the enclosing function's name (null at script level). */
  visit?(node: Node, fn: string | null, ctx: CheckContext): void;
  /** Called once after every node was visited (checks over the whole script). */
  script?(ctx: CheckContext): void;
}
