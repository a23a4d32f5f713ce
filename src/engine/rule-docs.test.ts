/** The per-rule pages in docs/rules/ are generated from the rule metadata and kept up to date. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAUSES, causeProblems } from './causes.js';
import { loadRules } from './load-rules.js';
import { conditionLines, explainRule, ruleDocFiles } from './rule-docs.js';
import { renderRulesIndex } from './rules-index.js';

const docs = new URL('../../docs/rules/', import.meta.url);

describe('rule docs', () => {
  const rules = loadRules();
  const expected = ruleDocFiles(rules);

  it('keeps docs/rules/ up to date (npm run rules:index)', () => {
    expect(existsSync(docs)).toBe(true);
    const stale = readdirSync(docs).filter((n) => n.endsWith('.md') && !expected.has(n));
    expect(stale).toEqual([]);
    const outdated = [...expected].filter(
      ([name, content]) =>
        !existsSync(new URL(name, docs)) || readFileSync(new URL(name, docs), 'utf8') !== content,
    );
    expect(outdated.map(([n]) => n)).toEqual([]);
  });

  it('lists every rule under exactly one cause (src/engine/causes.ts)', () => {
    expect(
      causeProblems(
        CAUSES,
        rules.map((r) => r.id),
      ),
    ).toEqual([]);
    expect(
      causeProblems(
        [
          { id: 'a', title: { en: 'A', 'zh-CN': '甲' }, scenario: null, rules: ['x', 'y'] },
          { id: 'b', title: { en: 'B', 'zh-CN': '乙' }, scenario: 1, rules: ['y'] },
        ],
        ['x', 'y', 'z'],
      ),
    ).toEqual(['y is listed under both "a" and "b"', 'z is listed under no cause']);
  });

  it('groups the docs index by cause with the evidence each rule needs', () => {
    const index = expected.get('README.md')!;
    expect(index).toContain('## The HTTP.sys SSL binding is missing, broken or disagrees with IIS');
    expect(index).toMatch(
      /\| \[sslcert-empty-certificate-hash\]\(sslcert-empty-certificate-hash\.md\) \| \w+ \| .* \| `httpsys\.sslcert`/,
    );
    expect(index).not.toContain('## Other rules');
  });

  it('explains a rule with its evidence, fix template and references, in both languages', () => {
    const r = rules.find((x) => x.id === 'sslcert-empty-certificate-hash')!;
    const en = explainRule(r, 'en');
    expect(en).toContain('HTTP.sys SSL binding has no certificate hash');
    expect(en).toContain('`httpsys.sslcert` — netsh http show sslcert');
    expect(en).toContain('netsh http delete sslcert <binding type>=<binding endpoint>');
    expect(en).not.toContain('{{');
    expect(en).toContain('https://learn.microsoft.com/');
    expect(explainRule(r, 'zh-CN')).toContain('所需证据');
  });

  it('shows what a rule says when it cannot decide (unknownText), in both languages', () => {
    const r = rules.find((x) => x.id === 'certificate-chain-incomplete')!;
    expect(r.unknownText).toBeDefined();
    const en = explainRule(r, 'en');
    expect(en).toContain('### When it cannot decide');
    expect(en).toContain(`> ${r.unknownText!.en}`);
    expect(en).toContain('`certificate.chainStatus` equal `"unknown"`');
    const zh = explainRule(r, 'zh-CN');
    expect(zh).toContain('### 无法判断时');
    expect(zh).toContain(`> ${r.unknownText!['zh-CN']}`);
    // A rule without unknownWhen has no such section.
    const plain = rules.find((x) => x.unknownText === undefined)!;
    expect(explainRule(plain, 'en')).not.toContain('When it cannot decide');
    // The generated page and the rules index carry both languages.
    const page = expected.get('certificate-chain-incomplete.md')!;
    expect(page).toContain(r.unknownText!.en);
    expect(page).toContain(r.unknownText!['zh-CN']);
    const index = renderRulesIndex(rules);
    expect(index).toContain(
      `[certificate-chain-incomplete](certificates/certificate-chain-incomplete.json): ${r.unknownText!.en}`,
    );
    expect(index).toContain(r.unknownText!['zh-CN']);
    expect(index).not.toContain(`[${plain.id}](${plain.area}/${plain.id}.json):`);
  });

  it('writes conditions as readable lines', () => {
    expect(
      conditionLines({
        all: [
          { fact: 'binding', path: 'type', operator: 'in', value: ['ipport'] },
          { not: { fact: 'host', path: 'elevated', operator: 'equal', value: true } },
        ],
      }),
    ).toEqual([
      '- all:',
      '  - `binding.type` in `["ipport"]`',
      '  - not:',
      '    - `host.elevated` equal `true`',
    ]);
  });
});
