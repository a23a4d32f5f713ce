/**
 * Templates and rules are code (issue 9): only the shipped rules and templates, or rule folders
 * passed explicitly with --rules, are ever compiled; a bundle cannot bring its own. Handlebars
 * prototype access stays off, so a template (or a context) that reaches for __proto__ or
 * constructor yields nothing. A rule file that fails its schema is refused with the file and the
 * reason, and the CLI exits 2.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { BUILTIN_RULES_DIR, loadRules, RuleLoadError } from './load-rules.js';
import { renderFix } from './render-fix.js';

const root = new URL('../../', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-rules-code-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TSX = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', TSX, join(root, 'src/cli.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SHIPPED = JSON.parse(
  readFileSync(join(BUILTIN_RULES_DIR, 'httpsys', 'sslcert-empty-certificate-hash.json'), 'utf8'),
) as Record<string, unknown>;
/** A valid rule under another id, to be broken one way at a time. */
function rule(id: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...SHIPPED,
    id,
    name: id,
    event: { type: id },
    fix: {
      en: 'echo {{arg "sslEndpoint" binding.endpoint}}',
      'zh-CN': 'echo {{arg "sslEndpoint" binding.endpoint}}',
    },
    ...patch,
  };
}
function ruleDir(name: string, files: Record<string, unknown>): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'custom'), { recursive: true });
  for (const [file, doc] of Object.entries(files)) {
    if (typeof doc === 'string') {
      writeFileSync(join(dir, 'custom', file), doc);
      continue;
    }
    // The fix lives beside the rule file, one template per language.
    const { fix, ...json } = doc as { fix?: Record<string, string> };
    writeFileSync(join(dir, 'custom', file), JSON.stringify({ ...json, fixShell: 'cmd' }, null, 2));
    for (const [lang, text] of Object.entries(fix ?? {}))
      writeFileSync(join(dir, 'custom', file.replace(/\.json$/, `.fix.cmd.${lang}.hbs`)), text);
  }
  return dir;
}
function problems(dir: string): { file: string; reason: string }[] {
  try {
    loadRules([BUILTIN_RULES_DIR, dir]);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleLoadError);
    return (e as RuleLoadError).problems;
  }
  throw new Error('rules were accepted');
}

describe('templates and rules are code', () => {
  it('keeps prototype access off: __proto__ and constructor in a template yield nothing', () => {
    // A context as JSON.parse builds it from evidence: "__proto__" as an own key.
    const ctx = JSON.parse(
      '{"binding":{"endpoint":"0.0.0.0:443","__proto__":{"polluted":"POLLUTED"}},"host":{}}',
    ) as Record<string, unknown>;
    const rendered: string[] = [];
    for (const t of [
      '{{binding.constructor}}',
      '{{binding.constructor.name}}',
      '{{binding.__proto__}}',
      '{{binding.__proto__.polluted}}',
      '{{binding.polluted}}',
      '{{#with binding.constructor}}{{name}}{{/with}}',
      '{{lookup binding "constructor"}}',
      '{{lookup (lookup binding "constructor") "name"}}',
      '{{binding.__defineGetter__}}',
      '{{binding.endpoint.constructor.constructor}}',
      '{{#each binding}}{{@key}}={{this}};{{/each}}',
    ]) {
      try {
        rendered.push(renderFix(t, ctx, { shell: 'cmd', lang: 'en' }));
      } catch {
        // strict mode refuses the lookup: nothing rendered either
      }
    }
    const all = rendered.join('|');
    expect(all).not.toMatch(/POLLUTED|Object|Function|native code|\[object/);
    expect(rendered.at(-1)).toBe('endpoint=0.0.0.0:443;');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses rule files that fail the schema or the conventions, naming the file and the reason', () => {
    const dir = ruleDir('bad', {
      'no-severity.json': (({ severity: _s, ...r }) => r)(rule('no-severity')),
      'bad-scope.json': rule('bad-scope', { severity: 'catastrophic' }),
      'triple.json': rule('triple', {
        fix: { en: 'echo {{{binding.endpoint}}}', 'zh-CN': 'echo {{arg "port" binding.port}}' },
      }),
      'bare.json': rule('bare', {
        fix: { en: 'echo {{binding.endpoint}}', 'zh-CN': 'echo {{arg "nokind" binding.port}}' },
      }),
      'wildcard.json': rule('wildcard', {
        fix: {
          en: 'icacls C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\* /grant *S-1-5-18:F',
          'zh-CN': 'echo',
        },
      }),
      'helper.json': rule('helper', {
        fix: { en: '{{evil binding}}', 'zh-CN': 'echo' },
      }),
      'syntax.json': rule('syntax', {
        fix: { en: '{{#if binding}}never closed', 'zh-CN': 'echo' },
      }),
      'wrong-id.json': rule('another-id'),
      'not-json.json': '{ "id": ',
    });
    const p = problems(dir);
    const by = (f: string) => p.filter((x) => x.file.endsWith(`custom/${f}`)).map((x) => x.reason);
    expect(by('no-severity.json').join()).toMatch(/severity/);
    expect(by('bad-scope.json').join()).toMatch(/severity.*(allowed|equal)/);
    expect(by('triple.json').join()).toMatch(/unescaped/);
    expect(by('bare.json').join()).toMatch(/without a typed slot/);
    expect(by('bare.json').join()).toMatch(/known slot kind/);
    expect(by('wildcard.json').join()).toMatch(/wildcard over a key folder/);
    expect(by('helper.json').join()).toMatch(/does not compile/);
    expect(by('syntax.json').join()).toMatch(/does not compile/);
    expect(by('wrong-id.json').join()).toMatch(/differs from the file name/);
    expect(by('not-json.json').join()).toMatch(/not valid JSON/);
  });

  it('exits 2 on a rule file that fails its schema, saying which file and why', () => {
    const dir = ruleDir('cli-bad', {
      'no-severity.json': (({ severity: _s, ...r }) => r)(rule('no-severity')),
    });
    const r = cli(tmp, 'analyze', join(root, 'samples', 'healthy'), '--rules', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(dir, 'custom', 'no-severity.json'));
    expect(r.stderr).toMatch(/required property 'severity'/);
  }, 60_000);

  it('compiles no rule or template that comes with the bundle or sits in the working folder', async () => {
    // A bundle carrying rules/ and templates/ (and a rule that would fire on it), analyzed from
    // a working folder that has its own rules/ and templates/.
    const bundle = join(tmp, 'bundle-with-rules');
    cpSync(join(root, 'samples', 'healthy'), bundle, { recursive: true });
    const trap = rule('trap-rule', {
      severity: 'critical',
      requires: ['httpsys.sslcert'],
      conditions: { all: [{ fact: 'binding', path: 'type', operator: 'notEqual', value: 'x' }] },
    });
    for (const base of [bundle, tmp]) {
      mkdirSync(join(base, 'rules', 'x'), { recursive: true });
      writeFileSync(join(base, 'rules', 'x', 'trap-rule.json'), JSON.stringify(trap));
      mkdirSync(join(base, 'templates'), { recursive: true });
      writeFileSync(join(base, 'templates', 'report.hbs'), 'TRAP-TEMPLATE {{{model}}}');
      writeFileSync(join(base, 'report.hbs'), 'TRAP-TEMPLATE');
    }
    const result = await analyze([bundle]);
    expect(result.rules.map((r) => r.id)).not.toContain('trap-rule');
    expect(result.rules.length).toBe(loadRules().length);
    expect(result.rules.every((r) => r.file.startsWith(BUILTIN_RULES_DIR))).toBe(true);
    const r = cli(tmp, 'analyze', bundle, '-o', join(tmp, 'out.html'));
    expect(r.code).toBe(0);
    const html = readFileSync(join(tmp, 'out.html'), 'utf8');
    expect(html).not.toContain('TRAP-TEMPLATE');
    expect(html).not.toContain('data-rule="trap-rule"');
    // The bundle's rule file is just an unrecognised file in the collection log.
    expect(result.parsed.unrecognized.map((u) => u.path)).toContain('rules/x/trap-rule.json');
  }, 60_000);
});
