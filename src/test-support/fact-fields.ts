/**
 * The rules' field contract: every dot path a rule may name, per scope, read from the entity types
 * of src/facts/model.ts (`ScopeEntities`) with the TypeScript compiler — so the list cannot drift
 * from the model. Arrays are transparent (`certificate.bindings.site` names a field of the
 * bindings' elements), `Record<string, …>` fields accept any key below them, and `evidence`
 * is a leaf.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface ScopeFields {
  /** Paths below the scope entity, e.g. `certificateHash`, `iisBindings.siteName`. */
  paths: Set<string>;
  /** Prefixes under which any key is a field (`Record<string, …>`), e.g. `stores.`. */
  open: string[];
}

const MODEL = fileURLToPath(new URL('../facts/model.ts', import.meta.url));
const MAX_DEPTH = 6;
let cached: Map<string, ScopeFields> | undefined;

/** Scope name → its fields. Takes a few seconds (one compiler program), then cached. */
export function scopeFields(): Map<string, ScopeFields> {
  if (cached) return cached;
  const program = ts.createProgram([MODEL], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(MODEL);
  const decl = source?.statements.find(
    (s): s is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(s) && s.name.text === 'ScopeEntities',
  );
  if (!decl) throw new Error('src/facts/model.ts has no ScopeEntities interface');
  const scopes = checker.getTypeAtLocation(decl);
  const out = new Map<string, ScopeFields>();
  for (const scope of scopes.getProperties()) {
    const fields: ScopeFields = { paths: new Set(), open: [] };
    walk(checker, checker.getTypeOfSymbolAtLocation(scope, decl), '', 0, fields, new Set());
    out.set(scope.name, fields);
  }
  cached = out;
  return out;
}

function walk(
  checker: ts.TypeChecker,
  type: ts.Type,
  prefix: string,
  depth: number,
  fields: ScopeFields,
  seen: Set<ts.Type>,
): void {
  const t = checker.getNonNullableType(type);
  if (t.isUnion()) {
    for (const m of t.types) walk(checker, m, prefix, depth, fields, seen);
    return;
  }
  if (checker.isArrayType(t) || checker.isTupleType(t)) {
    // Templates test `{{#if list.length}}`.
    if (prefix !== '') fields.paths.add(`${prefix}length`);
    for (const e of checker.getTypeArguments(t as ts.TypeReference))
      walk(checker, e, prefix, depth, fields, seen);
    return;
  }
  if (!(t.flags & ts.TypeFlags.Object) || depth > MAX_DEPTH || seen.has(t)) return;
  if (t.getCallSignatures().length > 0) return;
  if (checker.getIndexInfosOfType(t).length > 0 && prefix !== '') fields.open.push(prefix);
  const inner = new Set(seen).add(t);
  for (const p of t.getProperties()) {
    const path = prefix + p.name;
    fields.paths.add(path);
    if (p.name === 'evidence') continue;
    const pt = checker.getTypeOfSymbol(p);
    walk(checker, pt, `${path}.`, depth + 1, fields, inner);
  }
}

/** Whether `path` (below the scope entity) names a field of the scope. */
export function hasField(fields: ScopeFields, path: string): boolean {
  return fields.paths.has(path) || fields.open.some((o) => path.startsWith(o));
}
