/**
 * Every fix of every rule, rendered as a report would render it and checked as the shell it
 * declares would run it (issue 15 point 5, issue 22 point 1):
 * - on every sample, for every entity of the rule's scope (fired or not), in both languages;
 * - on every rule case (positive and negative);
 * - on every positive case again with each hostile value in every slot (every string of the
 *   entity replaced), where the value may appear only inside one quoted string or on a comment.
 * cmd and PowerShell checks are in src/engine/fix-check.ts (PowerShell: tree-sitter-powershell).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { powershellParser } from '../collector/check.js';
import { entitiesOf } from '../facts/model.js';
import { checkFix, markerOutsideStrings, type FixProblem } from './fix-check.js';
import { loadRules } from './load-rules.js';
import { isCommentLine, renderFix } from './render-fix.js';
import { LANGS, type Rule } from './rule.js';

const rules = loadRules();
const samplesDir = new URL('../../samples/', import.meta.url).pathname;
const samples = readdirSync(samplesDir).filter((n) => statSync(join(samplesDir, n)).isDirectory());

let parser: Parser;
beforeAll(async () => {
  parser = await powershellParser();
});

interface Case {
  name: string;
  facts: Record<string, unknown>;
}
function casesOf(rule: Rule): { positive: Case[]; negative: Case[] } {
  const f = rule.file.replace(/\.json$/, '.cases.json');
  const c = existsSync(f)
    ? (JSON.parse(readFileSync(f, 'utf8')) as { positive?: Case[]; negative?: Case[] })
    : {};
  return { positive: c.positive ?? [], negative: c.negative ?? [] };
}

/** Each carries the marker PWN; every one is an attack on cmd, PowerShell or both. */
const HOSTILE = [
  'www.contoso.com (Start-Process calc.exe) @(iex $x) PWN',
  'VMwareHostd binPath= C:\\Users\\Public\\x.exe obj= LocalSystem PWN',
  '%COMSPEC% /c calc PWN %PATH%',
  'a" & calc & echo "PWN',
  "a' ; calc ; 'PWN",
  'a\u2019; calc; \u2018PWN',
  'a\u201d; calc; \u201cPWN $(calc)',
  'x\r\ncalc.exe PWN\nREM y',
  'x\u2028calc PWN',
  '$(calc)PWN`whoami`',
  'PWN | calc > C:\\x.txt < in',
  '^& calc PWN ^|',
  'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\* PWN',
  'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\PWN',
  'Default Web Site (PWN)',
  'PWN;calc',
  '<#PWN#> #PWN',
  '-PWN -Command calc',
  '!PWN!',
  '{PWN}',
  'www.PWN.com:443 appid={x}',
  '0.0.0.0:443 certhash=PWN',
];

/** The context with every string (and every string in an array) replaced by `value`. */
function poison(v: unknown, value: string, depth = 0): unknown {
  if (depth > 6) return v;
  if (typeof v === 'string') return value;
  if (Array.isArray(v)) return v.map((x) => poison(x, value, depth + 1));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      out[k] = k === 'evidence' ? x : poison(x, value, depth + 1);
    return out;
  }
  return v;
}

function render(rule: Rule, lang: (typeof LANGS)[number], ctx: Record<string, unknown>): string {
  return renderFix(rule.fix[lang], ctx, { shell: rule.fixShell, lang });
}

function show(rule: Rule, fix: string, problems: FixProblem[]): string {
  return `${rule.id} (${rule.fixShell}):\n${problems.map((p) => `  line ${p.line}: ${p.problem}: ${p.text}`).join('\n')}\n---\n${fix}`;
}

/** Generic checks every rendered fix passes, whatever its values. */
function common(fix: string, shell: Rule['fixShell']): string[] {
  const out: string[] = [];
  if (fix.includes('{{') || fix.includes('}}')) out.push('template syntax left in the fix');
  for (const line of fix.split('\n')) {
    if (/, (first|last) ?[,.;]|(首次|最近) ?[，。；]/.test(line)) out.push(`empty time: ${line}`);
    if (!isCommentLine(shell, line) && /<[^>\s]+( [^>]+)?>/.test(line) && shell === 'cmd')
      out.push(`placeholder in a runnable line: ${line}`);
  }
  return out;
}

describe('every fix renders to commands its shell runs as written', () => {
  it('declares a shell for every rule', () => {
    for (const r of rules) expect(['cmd', 'powershell']).toContain(r.fixShell);
  });

  for (const sample of samples)
    it(`sample ${sample}: every rule on every entity of its scope`, async () => {
      const { facts } = await analyze([join(samplesDir, sample)]);
      let rendered = 0;
      // Backup files: every block of a report writes its own (judge6 S6: two blocks backing up
      // into one %TEMP% file with `>` lost the first backup). Name → the block that writes it.
      const writer = new Map<string, string>();
      for (const rule of rules)
        for (const entity of entitiesOf(facts, rule.scope))
          for (const lang of LANGS) {
            const fix = renderFix(
              rule.fix[lang],
              { [rule.scope]: entity, host: facts.host },
              { shell: rule.fixShell, lang, fileTag: { ruleId: rule.id, entityKey: entity.key } },
            );
            const block = `${rule.id} on ${entity.key}`;
            for (const m of fix.matchAll(/(?:%TEMP%|\$env:TEMP)\\(tls-doctor-[^"'\s]+)/g)) {
              const other = writer.get(m[1]!) ?? block;
              expect(other, `${m[1]} is written by two fix blocks`).toBe(block);
              writer.set(m[1]!, block);
            }
            const problems = checkFix(rule.fixShell, fix, parser);
            expect(problems, show(rule, fix, problems)).toEqual([]);
            expect(common(fix, rule.fixShell), show(rule, fix, [])).toEqual([]);
            rendered++;
          }
      expect(rendered).toBeGreaterThan(0);
    }, 60_000);

  for (const rule of rules)
    describe(rule.id, () => {
      const { positive, negative } = casesOf(rule);

      it('renders every case to a fix its shell accepts', () => {
        for (const c of [...positive, ...negative])
          for (const lang of LANGS) {
            const ctx = { [rule.scope]: c.facts[rule.scope], host: c.facts['host'] ?? {} };
            let fix: string;
            try {
              fix = render(rule, lang, ctx);
            } catch (e) {
              // Negative cases may be partial entities; positive cases must render.
              if (positive.includes(c)) throw e;
              continue;
            }
            const problems = checkFix(rule.fixShell, fix, parser);
            expect(problems, `${c.name}\n${show(rule, fix, problems)}`).toEqual([]);
            expect(common(fix, rule.fixShell), `${c.name}\n${fix}`).toEqual([]);
          }
      });

      it('keeps hostile values in every slot out of the commands', () => {
        let checked = 0;
        for (const c of positive)
          for (const value of HOSTILE)
            for (const lang of LANGS) {
              const ctx = {
                [rule.scope]: poison(c.facts[rule.scope], value),
                host: poison(c.facts['host'] ?? {}, value),
              };
              let fix: string;
              try {
                fix = render(rule, lang, ctx);
              } catch {
                continue; // strict mode refused a poisoned shape (e.g. a string where a list was)
              }
              const problems = [
                ...checkFix(rule.fixShell, fix, parser),
                ...markerOutsideStrings(rule.fixShell, fix, 'PWN', parser),
              ];
              expect(
                problems,
                `${c.name} with ${JSON.stringify(value)}\n${show(rule, fix, problems)}`,
              ).toEqual([]);
              checked++;
            }
        expect(checked).toBeGreaterThan(0);
      });
    });
});

describe('fix safety on the samples', () => {
  it('changes no ACL but the key file its finding names, and a key folder only as the folder rule names it', async () => {
    let aclLines = 0;
    for (const sample of samples) {
      const { evaluation } = await analyze([join(samplesDir, sample)]);
      for (const f of evaluation.findings)
        for (const lang of LANGS)
          for (const line of f.fix[lang].split('\n')) {
            if (isCommentLine(f.fixShell, line)) continue;
            const m = /^icacls\s+("[^"]+"|\S+)\s+(.*)$/i.exec(line);
            if (!m) continue;
            const target = m[1]!.replace(/^"|"$/g, '');
            if (!/\/(grant|remove|deny|setowner|reset|restore|inheritance)/i.test(m[2]!)) continue;
            aclLines++;
            // The one folder fix: the MachineKeys folder its evidence lists, backed up first, no /T.
            if (
              [
                'machinekeys-folder-acl-too-broad',
                'machinekeys-folder-acl-inherited-read',
              ].includes(f.ruleId)
            ) {
              const folder = (f.entity as { machineKeysFolder?: { path?: string } })
                .machineKeysFolder?.path;
              expect(target, line).toBe(folder);
              expect(target).toMatch(/\\Crypto\\RSA\\MachineKeys$/i);
              expect(m[2], line).not.toMatch(/\/t\b/i);
              const fix = f.fix[lang];
              expect(fix.indexOf('/save'), line).toBeGreaterThan(-1);
              expect(fix.indexOf('/save')).toBeLessThanOrEqual(fix.indexOf(line));
              continue;
            }
            const named = Object.values(f.entity).filter((v) => typeof v === 'string');
            expect(named, `${f.ruleId}: ${line}`).toContain(target);
            expect(target).toMatch(
              /\\Crypto\\(RSA\\MachineKeys|Keys)\\[0-9a-f]{32}_[0-9a-f-]{36}$/i,
            );
          }
    }
    expect(aclLines).toBeGreaterThan(0);
  }, 120_000);

  it('puts fixShell on every finding of every sample', async () => {
    for (const sample of samples) {
      const { evaluation } = await analyze([join(samplesDir, sample)]);
      for (const f of evaluation.findings) expect(['cmd', 'powershell']).toContain(f.fixShell);
    }
  }, 120_000);

  it('shows "value not shown" instead of a value that does not fit its slot', () => {
    const rule = rules.find((r) => r.id === 'port-held-by-other-process')!;
    const { positive } = casesOf(rule);
    const listener = {
      ...(positive[0]!.facts['listener'] as object),
      services: ['VMwareHostd binPath= C:\\Users\\Public\\x.exe obj= LocalSystem'],
    };
    const fix = render(rule, 'en', { listener, host: {} });
    const runnable = fix.split('\n').filter((l) => !isCommentLine('cmd', l));
    expect(runnable.join('\n')).not.toMatch(/binPath|sc config|sc stop/);
    expect(fix).toContain(
      'REM value not shown: it does not look like a service name; see the evidence',
    );
    const zh = render(rule, 'zh-CN', { listener, host: {} });
    expect(zh).toContain('未显示该值');
  });
});
