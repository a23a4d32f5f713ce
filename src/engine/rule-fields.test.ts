/**
 * The rule ↔ fact contract: every path a rule, its fix templates and its cases name is a field of
 * the entity its scope names in src/facts/model.ts (read with the TypeScript compiler).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scopeFields, type ScopeFields } from '../test-support/fact-fields.js';
import { ruleFieldProblems, templatePaths } from '../test-support/rule-fields.js';
import { BUILTIN_RULES_DIR, loadRules } from './load-rules.js';

let fields: Map<string, ScopeFields>;
beforeAll(() => {
  fields = scopeFields();
}, 120_000);

describe('rule ↔ fact field contract', () => {
  it('reads every rule scope and its fields from the model', () => {
    expect([...fields.keys()]).toEqual(expect.arrayContaining(['host', 'binding', 'certificate']));
    expect(fields.get('binding')!.paths).toContain('certificateHash');
    expect(fields.get('certificate')!.paths).toContain('sources.kind');
    expect(fields.get('binding')!.paths).not.toContain('certificateHashh');
  });

  it('names only model fields in every rule, fix template and case', () => {
    const rules = loadRules();
    const scopeOf = new Map(rules.map((r) => [r.id, r.scope]));
    const problems: string[] = [];
    for (const r of rules) {
      const file = relative(join(BUILTIN_RULES_DIR, '..'), r.file);
      const casesFile = r.file.replace(/\.json$/, '.cases.json');
      const cases = existsSync(casesFile)
        ? (JSON.parse(readFileSync(casesFile, 'utf8')) as Record<string, never>)
        : {};
      const dir = dirname(r.file);
      const templates = readdirSync(dir)
        .filter((f) => f.startsWith(`${basename(r.file, '.json')}.fix.`))
        .map((f) => ({ name: `rules/${r.area}/${f}`, source: readFileSync(join(dir, f), 'utf8') }));
      problems.push(
        ...ruleFieldProblems(fields, file, r, {
          cases,
          templates,
          scopeOf: (id) => scopeOf.get(id),
        }),
      );
    }
    const partials = join(BUILTIN_RULES_DIR, 'partials');
    const partialTemplates = readdirSync(partials).map((f) => ({
      name: `rules/partials/${f}`,
      source: readFileSync(join(partials, f), 'utf8'),
    }));
    problems.push(
      ...ruleFieldProblems(
        fields,
        'rules/partials',
        { scope: 'host', conditions: {} },
        {
          templates: partialTemplates,
        },
      ),
    );
    expect(problems).toEqual([]);
  });

  it('fails on an unknown field, naming the rule file and the path', () => {
    const rule = {
      scope: 'binding',
      conditions: {
        all: [
          { fact: 'binding', path: 'certificateHsh', operator: 'equal', value: null },
          { condition: 'certificateIsBound' },
          { fact: 'host', path: 'ipListenCount', operator: 'equal', value: 0 },
        ],
      },
      unknownWhen: { not: { fact: 'binding', path: 'port.value', operator: 'equal', value: 1 } },
      evidenceFrom: ['certificat'],
      explains: [{ rule: 'other', when: { nope: [true] } }],
    };
    const problems = ruleFieldProblems(fields, 'rules/x/broken.json', rule, {
      cases: {
        positive: [
          { name: 'p', facts: { binding: { endpoint: 'a', iisBindings: [{ sitName: 'x' }] } } },
        ],
        negative: [{ name: 'n', facts: { bindings: {} } }],
      },
      templates: [
        {
          name: 'rules/x/broken.fix.cmd.en.hbs',
          source: 'x {{arg "sslEndpoint" binding.endpont}} {{text host.name}}',
        },
      ],
      scopeOf: () => 'certificate',
    });
    expect(problems).toEqual([
      'rules/x/broken.json conditions: binding.certificateHsh is not a field of binding',
      'rules/x/broken.json unknownWhen: binding.port.value is not a field of binding',
      'rules/x/broken.json evidenceFrom: binding.certificat is not a field of binding',
      'rules/x/broken.json explains other when: certificate.nope is not a field of certificate',
      'rules/x/broken.fix.cmd.en.hbs: binding.endpont is not a field of binding',
      'rules/x/broken.cases.json positive "p": binding.iisBindings.sitName is not a field of binding',
      'rules/x/broken.cases.json negative "n": "bindings" is not a scope of src/facts/model.ts ScopeEntities',
    ]);
  });

  it('reads scope paths from templates, skipping helpers, this and block params', () => {
    expect(
      templatePaths(
        '{{#each certificate.bindings}}{{text this.label}}{{/each}}{{arg "x" host.name}}{{@index}}',
      ),
    ).toEqual(['certificate.bindings', 'host.name']);
  });
});
