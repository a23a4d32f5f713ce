/**
 * Conventions of the fact pipeline (src/facts/index.ts): data flows one way. A step that reads
 * entities built before it takes them as readonly `View`s and returns what it sets (patches), and
 * only `apply` (src/facts/patch.ts) writes them. Checked with the TypeScript compiler on every call
 * `buildFacts` makes into src/facts, so a new step that takes a mutable entity array (and could
 * write into it) or returns nothing fails here.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { EvidenceRef } from '../shared/evidence.js';
import type { BindingEntity } from './model.js';
import { apply, type Patch } from './patch.js';

const INDEX = fileURLToPath(new URL('./index.ts', import.meta.url));
const FACTS_DIR = fileURLToPath(new URL('./', import.meta.url));

interface StepProblem {
  step: string;
  problem: string;
}

/** Every call of buildFacts into src/facts, with what breaks the one-way rule. */
function stepProblems(): { steps: string[]; problems: StepProblem[] } {
  const program = ts.createProgram([INDEX], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    exactOptionalPropertyTypes: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(INDEX)!;
  const build = source.statements.find(
    (s): s is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(s) && s.name?.text === 'buildFacts',
  );
  if (!build?.body) throw new Error('src/facts/index.ts has no buildFacts');
  const steps: string[] = [];
  const problems: StepProblem[] = [];
  const print = (t: ts.Type) => checker.typeToString(t, undefined, ts.TypeFormatFlags.NoTruncation);
  const visit = (node: ts.Node): void => {
    ts.forEachChild(node, visit);
    if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression)) return;
    let symbol = checker.getSymbolAtLocation(node.expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const decl = symbol?.declarations?.[0];
    const file = decl?.getSourceFile().fileName ?? '';
    if (!file.startsWith(FACTS_DIR) || file.endsWith('/patch.ts')) return;
    const name = node.expression.text;
    steps.push(name);
    // The declared signature (a generic step is checked as written, not as instantiated here).
    const signature = checker.getTypeOfSymbolAtLocation(symbol!, node).getCallSignatures()[0];
    if (!signature) return;
    let readsEntities = false;
    for (const param of signature.getParameters()) {
      const type = checker.getTypeOfSymbolAtLocation(param, node);
      // An options object's members count as parameters (`{ bindings, certificates, … }`).
      const members =
        type.getProperties().length > 0 && !checker.isArrayLikeType(type) && !isEntity(print(type))
          ? type.getProperties().map((p) => ({
              name: `${param.name}.${p.name}`,
              type: checker.getTypeOfSymbolAtLocation(p, node),
            }))
          : [{ name: param.name, type }];
      for (const m of members) {
        const text = print(m.type);
        // Every entity type the parameter names must be wrapped in View<…> (readonly fields and arrays).
        const bare = text.replace(/View<[^<>]*(<[^<>]*>)?[^<>]*>/g, '');
        if (/\b\w+Entity\b/.test(text)) readsEntities = true;
        if (/\b\w+Entity\b/.test(bare))
          problems.push({ step: name, problem: `${m.name}: ${text} is writable` });
      }
    }
    const returns = print(signature.getReturnType());
    if (readsEntities && returns === 'void')
      problems.push({ step: name, problem: 'reads entities and returns nothing (writes them?)' });
  };
  visit(build.body);
  return { steps, problems };
}

const isEntity = (text: string): boolean => /^(View<)?\w+Entity>?$/.test(text);

describe('facts pipeline', () => {
  it('gives every step of buildFacts readonly views of the entities built before it, and a result', () => {
    const { steps, problems } = stepProblems();
    // The link steps are found (the check is not vacuous).
    expect(steps).toEqual(
      expect.arrayContaining([
        'markOtherOwners',
        'linkListeners',
        'linkHttpEvents',
        'linkClientAuth',
        'linkBindingCipherSuites',
        'buildCertificates',
        'buildConnections',
      ]),
    );
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('apply', () => {
  const ev = (line: number): EvidenceRef => ({
    artifactId: 'httpsys.sslcert',
    path: 'x',
    lines: { start: line, end: line },
  });
  const entity = () =>
    ({ key: 'b', evidence: [ev(1)], otherOwner: 'x', port: 443 }) as unknown as BindingEntity;

  it('sets only the fields a patch names and appends its evidence after the entity own', () => {
    const list = [entity(), entity()];
    const patches: Patch<BindingEntity, 'otherOwner' | 'sniOnlyPort'>[] = [
      { at: 1, set: { otherOwner: null }, evidence: [ev(7)] },
      { at: 1, set: { sniOnlyPort: true }, evidence: [ev(8)] },
    ];
    apply(list, patches);
    expect(list[0]).toEqual(entity());
    expect(list[1]).toEqual({
      key: 'b',
      evidence: [ev(1), ev(7), ev(8)],
      otherOwner: null,
      port: 443,
      sniOnlyPort: true,
    });
  });

  it('refuses a patch for an entity the array does not have', () => {
    expect(() => apply([entity()], [{ at: 1, set: {} }])).toThrow(RangeError);
  });

  it('does not let a step declare a field outside its result type', () => {
    const patch: Patch<BindingEntity, 'otherOwner'> = {
      at: 0,
      // @ts-expect-error certificateHash is not among the fields this patch may set
      set: { certificateHash: 'aa' },
    };
    expect(patch.at).toBe(0);
  });
});
