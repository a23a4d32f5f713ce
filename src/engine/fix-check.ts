/**
 * Checks a rendered fix against the shell it declares, the way a support engineer will run it:
 * pasted into cmd.exe or PowerShell. Used by the every-fix test (src/engine/fix-commands.test.ts)
 * over every rule, sample and rule case, and with hostile values in every slot.
 *
 * cmd: no `#` lines; balanced double quotes; outside quotes no `<`, no `>` except the backup
 * redirect to "%TEMP%\tls-doctor-…", no `&`, no `^`, no `|` except `| findstr`; every `%NAME%`
 * is TEMP, windir or a variable the fix sets itself (`set "NAME=…"`), never one from evidence.
 * PowerShell: parses without ERROR / MISSING nodes (tree-sitter-powershell).
 * Both: no wildcard after MachineKeys / Keys; no slot marker left; no line broken by a value.
 */
import type { Node, Parser } from 'web-tree-sitter';
import { isCommentLine } from './render-fix.js';
import type { Shell } from './slots.js';

export interface FixProblem {
  line: number;
  problem: string;
  text: string;
}

const ENV_ALLOWED = new Set(['temp', 'windir']);
const KEY_WILDCARD = /(machinekeys|\\keys)\\\*/i;

/** Spans of `text` inside double quotes (cmd's quoting: `"` toggles). */
function quotedMask(text: string): boolean[] {
  const mask: boolean[] = [];
  let inQ = false;
  for (const ch of text) {
    if (ch === '"') {
      mask.push(true);
      inQ = !inQ;
    } else mask.push(inQ);
  }
  return mask;
}

export function checkCmd(fix: string): FixProblem[] {
  const out: FixProblem[] = [];
  const lines = fix.split('\n');
  const setVars = new Set<string>();
  for (const l of lines) {
    const m = /^set "([A-Za-z_][A-Za-z0-9_]*)=/.exec(l);
    if (m) setVars.add(m[1]!.toLowerCase());
  }
  lines.forEach((text, i) => {
    const line = i + 1;
    const bad = (problem: string) => out.push({ line, problem, text });
    // eslint-disable-next-line no-control-regex
    if (/[\u0000\r]/.test(text)) bad('control character or slot marker');
    if (KEY_WILDCARD.test(text)) bad('wildcard over a key folder');
    for (const m of text.matchAll(/%([^%\s"]*)%/g))
      if (!ENV_ALLOWED.has(m[1]!.toLowerCase()) && !setVars.has(m[1]!.toLowerCase()))
        bad(`%${m[1]}% is neither TEMP/windir nor set by the fix`);
    if (isCommentLine('cmd', text) || text.trim() === '') return;
    if (/^\s*#/.test(text)) bad('# line in a cmd fix');
    if ((text.match(/"/g) ?? []).length % 2 !== 0) bad('unbalanced double quotes');
    const mask = quotedMask(text);
    const outside = [...text].map((c, j) => (mask[j] ? ' ' : c)).join('');
    for (const m of outside.matchAll(/>>?|</g)) {
      const rest = text.slice(m.index + m[0].length).trimStart();
      const isBackup = m[0] !== '<' && /^"%TEMP%\\tls-doctor-[^"]+"/.test(rest);
      if (!isBackup) bad(`bare ${m[0]} outside quotes`);
    }
    if (/[&^]/.test(outside)) bad('& or ^ outside quotes');
    for (const m of outside.matchAll(/\|/g))
      if (!/^\| findstr /.test(outside.slice(m.index))) bad('| outside quotes (not | findstr)');
  });
  return out;
}

function errors(node: Node, out: Node[]): void {
  if (node.type === 'ERROR' || node.isMissing) out.push(node);
  for (const c of node.children) if (c) errors(c, out);
}

export function checkPowerShell(fix: string, parser: Parser): FixProblem[] {
  const out: FixProblem[] = [];
  const lines = fix.split('\n');
  lines.forEach((text, i) => {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000\r]/.test(text)) out.push({ line: i + 1, problem: 'control character', text });
    if (KEY_WILDCARD.test(text) && !isCommentLine('powershell', text))
      out.push({ line: i + 1, problem: 'wildcard over a key folder', text });
  });
  // tree-sitter-powershell reports ERROR for a program of comments only; nothing there can run.
  if (lines.every((l) => l.trim() === '' || isCommentLine('powershell', l))) return out;
  const tree = parser.parse(fix);
  if (!tree) return [...out, { line: 1, problem: 'does not parse', text: '' }];
  const bad: Node[] = [];
  errors(tree.rootNode, bad);
  for (const n of bad)
    out.push({
      line: n.startPosition.row + 1,
      problem: `parse error (${n.isMissing ? 'missing ' + n.type : 'ERROR'})`,
      text: lines[n.startPosition.row] ?? '',
    });
  tree.delete();
  return out;
}

export function checkFix(shell: Shell, fix: string, parser: Parser): FixProblem[] {
  return shell === 'cmd' ? checkCmd(fix) : checkPowerShell(fix, parser);
}

/**
 * Where a value from evidence (found by its `marker`) may appear on a runnable line: wholly inside
 * one quoted string (cmd: a `"…"` span; PowerShell: one string-literal node), so it can add no
 * command, pipeline, redirection or argument. Comment lines may show it (sanitised) as text.
 */
export function markerOutsideStrings(
  shell: Shell,
  fix: string,
  marker: string,
  parser: Parser,
): FixProblem[] {
  const out: FixProblem[] = [];
  const lines = fix.split('\n');
  const tree = shell === 'powershell' ? parser.parse(fix) : null;
  lines.forEach((text, i) => {
    if (isCommentLine(shell, text)) return;
    for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) {
      let inside = false;
      if (shell === 'cmd') inside = quotedMask(text)[at] === true;
      else if (tree) {
        // web-tree-sitter counts columns in UTF-16 code units, like String indexes.
        let n: Node | null = tree.rootNode.descendantForPosition({ row: i, column: at });
        while (n && !/string/.test(n.type) && n.type !== 'comment') n = n.parent;
        inside = n !== null;
      }
      if (!inside)
        out.push({ line: i + 1, problem: 'evidence value outside a quoted string', text });
    }
  });
  tree?.delete();
  return out;
}
