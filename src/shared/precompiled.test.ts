import { describe, expect, it } from 'vitest';
import { loadRules } from '../engine/load-rules.js';
import { fixTemplatesToPrecompile } from '../engine/render-fix.js';
import { pageTemplatesToPrecompile } from '../report/render-html.js';
import { hbsFull, hbsRuntime, precompiled, precompiledFiles, templateKey } from './precompiled.js';

/** Evaluates a generated module as CommonJS: what `require` gives a run. */
function load(source: string): unknown {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', source)(module, module.exports);
  return module.exports;
}

describe('precompiled templates (npm run build)', () => {
  const rules = loadRules();
  const fixes = fixTemplatesToPrecompile(rules);
  const pages = pageTemplatesToPrecompile();

  it('covers every fix template of the built-in rules, their partials and the report pages', () => {
    for (const r of rules)
      for (const source of Object.values(r.fix))
        expect(fixes.some((e) => e.kind.startsWith('fix|') && e.source === source)).toBe(true);
    expect(fixes.some((e) => e.kind.startsWith('fix-partial|'))).toBe(true);
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });

  it('names a file by options and source, so an edited template is compiled, never served stale', () => {
    const files = precompiledFiles([...fixes, ...pages]);
    expect(files.size).toBe(
      new Set([...fixes, ...pages].map((e) => templateKey(e.kind, e.source))).size,
    );
    expect(templateKey('fix|cmd|en', 'a')).not.toBe(templateKey('fix|cmd|en', 'a '));
    expect(templateKey('fix|cmd|en', 'a')).not.toBe(templateKey('fix|powershell|en', 'a'));
    // Tests run from src/: nothing is built beside it, every template is compiled when used.
    expect(precompiled(fixes[0]!.kind, fixes[0]!.source)).toBeUndefined();
  });

  it('renders a page the same from the build as compiled at run time', () => {
    const helpers = (hb: ReturnType<typeof hbsFull>): ReturnType<typeof hbsFull> => {
      for (const h of [
        't',
        'sev',
        'status',
        'yesno',
        'or',
        'join',
        'missing',
        'eventTimeline',
        'eq',
        'withCode',
      ])
        hb.registerHelper(h, (...args: unknown[]) => `[${h}:${args.length}]`);
      return hb;
    };
    const runtime = helpers(hbsRuntime().create());
    const compiler = helpers(hbsFull().create());
    const model = { model: { lang: 'en', findings: [], notEvaluated: [] }, csp: 'x' };
    const files = precompiledFiles(pages);
    for (const e of pages) {
      const spec = load(files.get(`${templateKey(e.kind, e.source)}.cjs`)!);
      const built = runtime.template(spec as Parameters<typeof runtime.template>[0]);
      expect(built(model)).toBe(compiler.compile(e.source, e.options)(model));
    }
  });
});
