/** Conventions a schema cannot check, over every rule file (like ESLint's checkRuleFiles). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../artifacts/catalog.js';
import { checkExplains } from './explains.js';
import {
  BUILTIN_RULES_DIR,
  checkRule,
  fixTemplateProblems,
  loadRules,
  RuleLoadError,
  ruleFiles,
} from './load-rules.js';
import { renderRulesIndex } from './rules-index.js';

/** A live reboot or service stop/restart, at a line's start or after `|`, `;`, `&` (judge6 S9).
 * Stopping the process that holds a port (`sc stop <its service>`) is that rule's fix, not a restart. */
const LIVE_RESTART =
  /(^|[|;&]\s*)(shutdown(\.exe)?\s+\/r|Restart-Computer|net(\.exe)?\s+stop|net(\.exe)?\s+start\s+(http|w3svc|was)|sc(\.exe)?\s+(stop|enumdepend)\s+(http|w3svc|was)|Restart-Service|Stop-Service|iisreset)\b/i;

const KEY_ORDER = [
  '$schema',
  'id',
  'title',
  'severity',
  'status',
  'scope',
  'scenario',
  'requires',
  'explains',
  'explanation',
  'fixShell',
  'evidenceFrom',
  'evidenceFirst',
  'references',
  'falsePositives',
  'name',
  'priority',
  'conditions',
  'unknownWhen',
  'unknownText',
  'unknownDetail',
  'severityWhen',
  'titleWhen',
  'event',
];

describe('rule conventions', () => {
  const files = ruleFiles(BUILTIN_RULES_DIR);

  it.each(files.map((f) => [f.slice(BUILTIN_RULES_DIR.length), f]))(
    '%s keeps the fixed key order',
    (_name, file) => {
      const keys = Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object);
      const order = keys.map((k) => KEY_ORDER.indexOf(k));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    },
  );

  it('loads every shipped rule (schema, id = file name, known scopes and artifacts, fixes compile)', () => {
    // A run reads the built-in rules unchecked: this is where they are checked in full.
    expect(() => loadRules([BUILTIN_RULES_DIR], { checkBuiltin: true })).not.toThrow();
    expect(files.flatMap((f) => checkRule(JSON.parse(readFileSync(f, 'utf8')), f))).toEqual([]);
    expect(loadRules().map((r) => [r.id, r.fix])).toEqual(
      loadRules([BUILTIN_RULES_DIR], { checkBuiltin: true }).map((r) => [r.id, r.fix]),
    );
    // Three full checks of every rule: seconds on a loaded machine (not a timing test).
  }, 60_000);

  it('keeps the generated index in rules/README.md up to date (npm run rules:index)', () => {
    const readme = readFileSync(new URL('../../rules/README.md', import.meta.url), 'utf8');
    expect(readme).toContain(renderRulesIndex(loadRules()));
  });

  it('refuses a rule file that breaks the schema or the conventions, naming the reason', () => {
    const good = JSON.parse(readFileSync(files[0]!, 'utf8')) as Record<string, unknown>;
    expect(checkRule({ ...good, severity: 'urgent' }, files[0]!)).toEqual([
      expect.stringContaining('/severity'),
    ]);
    expect(
      checkRule(
        { ...good, id: 'other-id', name: 'other-id', event: { type: 'other-id' } },
        files[0]!,
      ),
    ).toEqual([expect.stringContaining('differs from the file name')]);
    expect(checkRule({ ...good, requires: ['no.such-artifact'] }, files[0]!)).toEqual([
      expect.stringContaining('unknown artifact'),
    ]);
    // Named conditions (src/engine/conditions.ts): a known name over the rule's own scope only.
    const cert = files.find((f) => f.endsWith('/certificate-expired.json'))!;
    const certRule = JSON.parse(readFileSync(cert, 'utf8')) as Record<string, unknown>;
    expect(
      checkRule({ ...certRule, conditions: { all: [{ condition: 'noSuchName' }] } }, cert),
    ).toEqual([expect.stringContaining('unknown condition "noSuchName"')]);
    expect(
      checkRule(
        {
          ...certRule,
          scope: 'binding',
          conditions: { all: [{ condition: 'certificateIsBound' }] },
        },
        cert,
      ).join(),
    ).toMatch(/reads fact "certificate" but its scope is "binding"/);
    expect(checkRule({ ...good, fixShell: 'bash' }, files[0]!)).toEqual([
      expect.stringContaining('/fixShell'),
    ]);
    // The fix lives in template files now: an inline one is refused by the schema.
    expect(checkRule({ ...good, fix: { en: 'x', 'zh-CN': 'x' } }, files[0]!).join()).toMatch(
      /additional properties/,
    );
    expect(fixTemplateProblems('{{#if}}', 'cmd', 'en').join()).toMatch(/does not compile/);
    expect(fixTemplateProblems('{{{binding.endpoint}}}', 'cmd', 'en').join()).toMatch(/unescaped/);
    expect(fixTemplateProblems('echo {{binding.endpoint}}', 'cmd', 'en').join()).toMatch(
      /without a typed slot/,
    );
    expect(new RuleLoadError([{ file: 'a.json', reason: 'bad' }]).message).toContain('a.json: bad');
  });

  it('joins causes to symptoms only through rules that exist and a key both scopes have', () => {
    const rules = loadRules();
    for (const r of rules) expect(checkExplains(r, rules), r.id).toEqual([]);
    const cause = { id: 'certificate-untrusted-root', scope: 'certificate' as const };
    expect(
      checkExplains({ ...cause, explains: [{ rule: 'no-such-rule', key: 'thumbprint' }] }, rules),
    ).toEqual([expect.stringContaining('unknown rule')]);
    expect(
      checkExplains(
        { ...cause, explains: [{ rule: 'iis-https-site-stopped', key: 'thumbprint' }] },
        rules,
      ),
    ).toEqual([expect.stringContaining('site entities do not have')]);
    expect(
      checkRule(
        {
          ...(JSON.parse(readFileSync(files[0]!, 'utf8')) as object),
          explains: [{ rule: 'x', key: 'colour' }],
        },
        files[0]!,
      ),
    ).toEqual([expect.stringContaining('/explains/0/key')]);
  });

  it('has exactly the fix templates each rule declares, and only partials that are used', () => {
    const rules = loadRules();
    const expected = new Set(
      rules.flatMap((r) =>
        ['en', 'zh-CN'].map((l) => r.file.replace(/\.json$/, `.fix.${r.fixShell}.${l}.hbs`)),
      ),
    );
    const found: string[] = [];
    for (const area of readdirSync(BUILTIN_RULES_DIR)) {
      const dir = join(BUILTIN_RULES_DIR, area);
      if (area === 'partials' || !statSync(dir).isDirectory()) continue;
      for (const f of readdirSync(dir)) if (f.endsWith('.hbs')) found.push(join(dir, f));
    }
    expect(found.sort()).toEqual([...expected].sort());
    const used = rules.map((r) => r.fix.en + r.fix['zh-CN']).join('\n');
    for (const p of readdirSync(join(BUILTIN_RULES_DIR, 'partials'))) {
      const name = p.split('.')[0]!;
      expect(used, `partial ${p} is unused`).toContain(`{{> ${name}}}`);
      expect(
        fixTemplateProblems(
          readFileSync(join(BUILTIN_RULES_DIR, 'partials', p), 'utf8'),
          p.includes('.powershell.') ? 'powershell' : 'cmd',
          p.includes('.zh-CN.') ? 'zh-CN' : 'en',
        ),
      ).toEqual([]);
    }
  });

  it('never deletes a binding while NEWHASH still holds its placeholder (a fix pasted unchanged)', () => {
    // Pasted as is, `delete` would succeed and `add … certhash=new-thumbprint-here` fail: the
    // site would lose its binding. The delete runs only once NEWHASH was set.
    for (const r of loadRules())
      for (const lang of ['en', 'zh-CN'] as const)
        for (const [i, line] of r.fix[lang].split('\n').entries())
          if (
            /netsh http delete sslcert/.test(line) &&
            /netsh http add sslcert .*%NEWHASH%/.test(r.fix[lang].split('\n')[i + 1] ?? '')
          )
            expect(line, `${r.id} (${lang})`).toMatch(
              /^(\{\{\/if\}\})?(REM |if \/i not "%NEWHASH%"=="new-thumbprint-here" )/,
            );
  });

  it('runs no restart inside a fix block: a reboot or service restart is a commented, separate step (judge5 M8, judge6 S9)', () => {
    // Pasted as a block, a live `shutdown /r /t 60` reboots production within a minute, and a
    // live `net stop http /y` also stops WinRM, WMSVC, SSTP… (not started again) even when the
    // change before it was skipped because its placeholder was never set.
    const templates = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const f = join(dir, n);
        return statSync(f).isDirectory() ? templates(f) : n.endsWith('.hbs') ? [f] : [];
      });
    for (const f of templates(BUILTIN_RULES_DIR))
      for (const line of readFileSync(f, 'utf8').split('\n'))
        expect(line.replace(/\{\{[^}]*\}\}/g, '').trim(), f).not.toMatch(LIVE_RESTART);
  });

  it('judges only current events: every event rule but events-historical requires eventIsCurrent', () => {
    // An event last logged years before the collection must not outrank today's broken binding.
    const refs = (c: unknown): string[] =>
      JSON.stringify(c ?? null).match(/"condition":"\w+"/g) ?? [];
    for (const r of loadRules().filter((x) => x.scope === 'eventGroup')) {
      const named = refs(r.conditions);
      // The two rules that list events NOT taken as current: history, and age unknown.
      if (r.id === 'events-historical' || r.id === 'events-age-unknown')
        expect(named).not.toContain('"condition":"eventIsCurrent"');
      else expect(named, r.id).toContain('"condition":"eventIsCurrent"');
    }
  });

  it('runs no line with a placeholder still in it (set "X=…-here" guards every use of %X%)', () => {
    // Pasted as a block, `certutil -importPFX my "%PFXFILE%"` or `netsh http update … certhash=%NEWHASH%`
    // would run with the placeholder (judge cases c01, c18, b7): every runnable line using a
    // placeholder variable starts with `if /i not "%X%"=="<placeholder>"`, or is a comment.
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) =>
        statSync(join(dir, f)).isDirectory()
          ? files(join(dir, f))
          : /\.cmd\.[a-zA-Z-]+\.hbs$/.test(f)
            ? [join(dir, f)]
            : [],
      );
    const unguarded: string[] = [];
    for (const file of files(BUILTIN_RULES_DIR)) {
      const placeholders = new Map<string, string>();
      for (const raw of readFileSync(file, 'utf8').split('\n')) {
        const line = raw.replace(/^(\{\{[^}]*\}\})+/, '');
        const set = /^set "([A-Z]+)=([^"{]*-here)"\s*$/.exec(line);
        if (set) placeholders.set(set[1]!, set[2]!);
        else if (!line.startsWith('REM'))
          for (const [name, value] of placeholders)
            if (
              line.includes(`%${name}%`) &&
              !line.startsWith(`if /i not "%${name}%"=="${value}" `)
            )
              unguarded.push(`${file}: ${line}`);
      }
    }
    expect(unguarded).toEqual([]);
  });

  it('pre-fills no new value the engineer must choose: every NEW* variable is a placeholder or a value from evidence (judge7 T4)', () => {
    // `set "NEWBINDING=*:8443:www.example.com"` passed every guard: pasted unchanged, the fix
    // moved a production site to a made-up binding. A NEW* variable (cmd `set "NEWX=…"`,
    // PowerShell `$newX = '…'`) holds a `…-here` placeholder (guarded by the test above) or a
    // typed slot from the evidence, never a literal example.
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) =>
        statSync(join(dir, f)).isDirectory()
          ? files(join(dir, f))
          : f.endsWith('.hbs')
            ? [join(dir, f)]
            : [],
      );
    const prefilled: string[] = [];
    let seen = 0;
    for (const file of files(BUILTIN_RULES_DIR))
      for (const raw of readFileSync(file, 'utf8').split('\n')) {
        const line = raw.replace(/^(\{\{[^}]*\}\})+/, '');
        const m =
          /^set "(NEW[A-Z]*)=(.*)"\s*$/.exec(line) ??
          /^\$(new[A-Z][A-Za-z]*)\s*=\s*(.*?)\s*$/.exec(line);
        if (!m) continue;
        seen++;
        const value = m[2]!.replace(/^'(.*)'$/, '$1');
        if (!/^[a-z0-9-]+-here$/.test(value) && !value.startsWith('{{arg '))
          prefilled.push(`${file}: ${line}`);
      }
    expect(seen).toBeGreaterThan(10);
    expect(prefilled).toEqual([]);
  });

  it('pastes no example value as is: a set value is a placeholder, a slot or a listed default, and no runnable line holds a documentation name (judge9 t10a-5)', () => {
    // `set "SITENAME=www.example.com"` made certreq request a certificate for example.com when
    // the fix was pasted unchanged; `set "BACKEND=backend.example.com"` tested someone else's host.
    const templates = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const f = join(dir, n);
        return statSync(f).isDirectory() ? templates(f) : n.endsWith('.hbs') ? [f] : [];
      });
    // Values a fix may preset: the one store most bindings use, with the alternative beside it.
    const DEFAULTS = new Set(['STORE=MY']);
    const EXAMPLE =
      /\bexample\.(com|net|org)\b|\bcontoso\b|\bfabrikam\b|\b192\.0\.2\.|\b198\.51\.100\.|\b203\.0\.113\.|\b2001:db8:/i;
    const bad: string[] = [];
    for (const f of templates(BUILTIN_RULES_DIR))
      for (const raw of readFileSync(f, 'utf8').split('\n')) {
        const line = raw.replace(/^(\{\{[^}]*\}\})+/, '');
        if (/^(REM|#)/.test(line.trimStart())) continue;
        if (EXAMPLE.test(line.replace(/\{\{[^}]*\}\}/g, ''))) bad.push(`${f}: ${line}`);
        const set = /^set "([A-Za-z_]+)=([^"]*)"\s*$/.exec(line);
        if (
          set &&
          !/^[a-z0-9-]+-here$/.test(set[2]!) &&
          !set[2]!.startsWith('{{arg ') &&
          !DEFAULTS.has(`${set[1]}=${set[2]}`)
        )
          bad.push(`${f}: ${line}`);
      }
    expect(bad).toEqual([]);
  });

  it('names only artifacts of the catalog in requires', () => {
    const ids = new Set(catalog().map((c) => c.id));
    for (const r of loadRules()) for (const req of r.requires.flat()) expect(ids).toContain(req);
  });
});
