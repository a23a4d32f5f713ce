/**
 * The collector check for tests that plant a line in the real collector script dozens of times:
 * a variant of the first script checked is re-parsed incrementally from its tree, which
 * tree-sitter guarantees gives the same tree as a fresh parse, in a fraction of the time.
 * ASCII only, so string indexes and columns agree.
 */
import { Edit, type Point, type Tree } from 'web-tree-sitter';
import { checkTree, type CheckReport } from '../collector/check.js';
import { powershellParser } from '../collector/ps-syntax.js';

/** The first (ASCII) script parsed: later variants of it are re-parsed incrementally. */
let base: { source: string; tree: Tree } | undefined;

const isAscii = (s: string): boolean => !/[^\t\n\r\x20-\x7e]/.test(s);

function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

async function parse(source: string): Promise<Tree> {
  const parser = await powershellParser();
  if (base && base.source !== source && isAscii(source)) {
    const old = base.source;
    let start = 0;
    while (start < old.length && start < source.length && old[start] === source[start]) start++;
    let tail = 0;
    while (
      tail < old.length - start &&
      tail < source.length - start &&
      old[old.length - 1 - tail] === source[source.length - 1 - tail]
    )
      tail++;
    const edited = base.tree.copy();
    edited.edit(
      new Edit({
        startIndex: start,
        oldEndIndex: old.length - tail,
        newEndIndex: source.length - tail,
        startPosition: pointAt(old, start),
        oldEndPosition: pointAt(old, old.length - tail),
        newEndPosition: pointAt(source, source.length - tail),
      }),
    );
    const tree = parser.parse(source, edited);
    edited.delete();
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  if (!base && isAscii(source)) base = { source, tree: tree.copy() };
  return tree;
}

/** `checkScript` with every check, re-parsing incrementally from the first script checked. */
export async function checkPlanted(source: string): Promise<CheckReport> {
  const tree = await parse(source);
  try {
    return checkTree(source, tree.rootNode);
  } finally {
    tree.delete();
  }
}
