/**
 * Per-rule documentation generated from the rule metadata: `tls-doctor explain <rule-id>` prints
 * it, and `npm run rules:index` writes it to docs/rules/<rule-id>.md (checked by a test, like the
 * index in rules/README.md). One source, so the docs cannot drift from the rules.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { TopLevelCondition } from 'json-rules-engine';
import { catalogEntry } from '../artifacts/catalog.js';
import { CAUSES, type Cause } from './causes.js';
import { isConditionName, NAMED_CONDITIONS } from './conditions.js';
import { renderFixPlaceholders } from './render-fix.js';
import { LANGS, type Lang, type Rule } from './rule.js';
import { compareText } from '../shared/evidence.js';

const HEAD: Record<Lang, Record<string, string>> = {
  en: {
    severity: 'Severity',
    scope: 'Evaluated for each',
    scenario: 'Seed scenario',
    none: 'none',
    explanation: 'What it detects and why it matters',
    requires: 'Evidence needed',
    requiresNote:
      'If this evidence is missing from a bundle, the rule is reported as not evaluated (never as passed).',
    unknown: 'When it cannot decide',
    unknownNote:
      'Even with that evidence, an entity for which these conditions hold is listed as not evaluated with this text:',
    anyOf: 'any of',
    fix: 'Fix (as a report renders it; <…> marks a value taken from the server’s evidence)',
    shell: 'Shell',
    references: 'References',
    conditions: 'Fires when',
    source: 'Rule file',
    severityWhen: 'Severity {severity} instead when',
    titleWhen: 'Title “{title}” instead when',
  },
  'zh-CN': {
    severity: '严重程度',
    scope: '评估对象',
    scenario: '对应方案',
    none: '无',
    explanation: '检测内容及其影响',
    requires: '所需证据',
    requiresNote: '证据包中缺少这些证据时，该规则报告为“未评估”（绝不视为通过）。',
    unknown: '无法判断时',
    unknownNote: '即使有这些证据，满足以下条件的对象也会列为“未评估”，并显示这段说明：',
    anyOf: '以下任一',
    fix: '修复（报告中的呈现方式；<…> 表示取自服务器证据的值）',
    shell: 'Shell',
    references: '参考资料',
    conditions: '触发条件',
    source: '规则文件',
    severityWhen: '满足以下条件时严重程度改为{severity}',
    titleWhen: '满足以下条件时标题改为“{title}”',
  },
};

/** Severity words (the report's i18n table is downstream of the engine). */
const SEVERITY_WORDS: Record<Lang, Record<string, string>> = {
  en: { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'info' },
  'zh-CN': { critical: '严重', high: '高', medium: '中', low: '低', info: '信息' },
};

function requirement(req: string | string[], lang: Lang): string {
  const one = (id: string): string => {
    const c = catalogEntry(id);
    return c ? `\`${id}\` — ${c.source}` : `\`${id}\``;
  };
  return Array.isArray(req) ? `${HEAD[lang]['anyOf']}: ${req.map(one).join('; ')}` : one(req);
}

/** The conditions as indented lines (`binding.certificateHash isNull true`). */
export function conditionLines(
  c: TopLevelCondition | Record<string, unknown>,
  depth = 0,
): string[] {
  const pad = '  '.repeat(depth);
  const o = c as Record<string, unknown>;
  for (const k of ['all', 'any'] as const)
    if (Array.isArray(o[k]))
      return [
        `${pad}- ${k}:`,
        ...(o[k] as Record<string, unknown>[]).flatMap((x) => conditionLines(x, depth + 1)),
      ];
  if (o['not'])
    return [`${pad}- not:`, ...conditionLines(o['not'] as Record<string, unknown>, depth + 1)];
  if (o['condition']) {
    const name = String(o['condition']);
    const named = isConditionName(name) ? NAMED_CONDITIONS[name] : null;
    return [
      `${pad}- condition ${name}:`,
      ...(named ? conditionLines(named as TopLevelCondition, depth + 1) : []),
    ];
  }
  const path = typeof o['path'] === 'string' ? `.${o['path'].replace(/^\$\.?/, '')}` : '';
  return [
    `${pad}- \`${String(o['fact'])}${path}\` ${String(o['operator'])} \`${JSON.stringify(o['value'])}\``,
  ];
}

function fence(body: string, info = ''): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const f = '`'.repeat(longest + 1);
  return `${f}${info}\n${body}\n${f}`;
}

/**
 * The fix with every value slot named (`<binding endpoint>`), rendered with the facts of the rule's
 * first positive case (which picks the branches a typical finding shows); the template source
 * when the rule has no case file.
 */
export function fixForDocs(rule: Rule, lang: Lang): string {
  const casesFile = rule.file.replace(/\.json$/, '.cases.json');
  let facts: Record<string, unknown> = {};
  if (existsSync(casesFile)) {
    const cases = JSON.parse(readFileSync(casesFile, 'utf8')) as {
      positive?: { facts: Record<string, unknown> }[];
    };
    facts = cases.positive?.[0]?.facts ?? {};
  }
  const context = { [rule.scope]: facts[rule.scope] ?? {}, host: facts['host'] ?? {} };
  try {
    return renderFixPlaceholders(rule.fix[lang], context, { shell: rule.fixShell, lang });
  } catch {
    return renderFixPlaceholders(rule.fix[lang], {}, { shell: rule.fixShell, lang });
  }
}

/** One language's section of a rule's documentation. */
export function explainRule(rule: Rule, lang: Lang): string {
  const h = HEAD[lang];
  const out: string[] = [];
  out.push(`## ${rule.title[lang]}`, '');
  out.push(
    `- **${h['severity']}**: ${SEVERITY_WORDS[lang][rule.severity] ?? rule.severity}`,
    `- **${h['scope']}**: \`${rule.scope}\``,
    `- **${h['scenario']}**: ${rule.scenario ?? h['none']}`,
    '',
  );
  // A finding's severity may depend on its entity (proportion, judge7 M1).
  for (const s of rule.severityWhen ?? [])
    out.push(
      `**${h['severityWhen']!.replace('{severity}', SEVERITY_WORDS[lang][s.severity] ?? s.severity)}**:`,
      '',
      ...conditionLines(s.when),
      '',
    );
  for (const s of rule.titleWhen ?? [])
    out.push(
      `**${h['titleWhen']!.replace('{title}', () => s.title[lang])}**:`,
      '',
      ...conditionLines(s.when),
      '',
    );
  out.push(`### ${h['explanation']}`, '', rule.explanation[lang], '');
  out.push(`### ${h['requires']}`, '');
  for (const r of rule.requires) out.push(`- ${requirement(r, lang)}`);
  out.push('', h['requiresNote']!, '');
  if (rule.unknownText && rule.unknownWhen) {
    // What the reader sees for an entity the rule cannot decide (unknownWhen), and when.
    out.push(
      `### ${h['unknown']}`,
      '',
      h['unknownNote']!,
      '',
      ...conditionLines(rule.unknownWhen),
      '',
      `> ${rule.unknownText[lang]}`,
      '',
    );
  }
  out.push(
    `### ${h['fix']}`,
    '',
    `${h['shell']}: \`${rule.fixShell}\``,
    '',
    fence(fixForDocs(rule, lang), rule.fixShell === 'powershell' ? 'powershell' : 'bat'),
    '',
  );
  if (rule.references.length) {
    out.push(`### ${h['references']}`, '');
    for (const r of rule.references) out.push(`- <${r}>`);
    out.push('');
  }
  return out.join('\n');
}

/** docs/rules/<id>.md: both languages, the conditions and the rule file. */
export function ruleDoc(rule: Rule): string {
  const out: string[] = [
    `<!-- generated by \`npm run rules:index\` from rules/${rule.area}/${rule.id}.json; do not edit -->`,
    '',
    `# \`${rule.id}\``,
    '',
  ];
  for (const lang of LANGS) out.push(explainRule(rule, lang));
  out.push(`## ${HEAD.en['conditions']} / ${HEAD['zh-CN']['conditions']}`, '');
  out.push(...conditionLines(rule.conditions), '');
  if (rule.explains?.length) {
    // Symptoms this rule's findings explain: the report folds them under it.
    out.push('## Explains (symptoms folded under it) / 解释的症状', '');
    for (const x of rule.explains)
      out.push(
        `- [\`${x.rule}\`](${x.rule}.md), same \`${x.key}\`${
          x.when
            ? ` when ${Object.entries(x.when)
                .map(([p, v]) => `\`${p}\` ∈ \`${JSON.stringify(v)}\``)
                .join(', ')}`
            : ''
        }`,
      );
    out.push('');
  }
  out.push(
    `${HEAD.en['source']} / ${HEAD['zh-CN']['source']}: [rules/${rule.area}/${rule.id}.json](../../rules/${rule.area}/${rule.id}.json)`,
    '',
  );
  return out.join('\n');
}

/** One row of a rule table: link, severity, both titles, the evidence it needs. */
function indexRow(r: Rule): string {
  const evidence = r.requires
    .map((req) => (Array.isArray(req) ? req.map((id) => `\`${id}\``).join(' or ') : `\`${req}\``))
    .join(', ');
  return `| [${r.id}](${r.id}.md) | ${r.severity} | ${r.title.en} | ${r.title['zh-CN']} | ${evidence} |`;
}

const TABLE_HEAD = [
  '| Rule | Severity | Title | 标题 | Evidence needed |',
  '| --- | --- | --- | --- | --- |',
];

/** The index page of docs/rules/: the rules by the cause they diagnose, then any without one. */
export function ruleDocsIndex(rules: readonly Rule[], causes: readonly Cause[] = CAUSES): string {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const out = [
    '<!-- generated by `npm run rules:index` from the rule files and src/engine/causes.ts; do not edit -->',
    '',
    '# Rules by cause',
    '',
    'One page per rule, generated from its metadata (`tls-doctor explain <rule-id>` prints the same).',
    'Causes are in the order an engineer checks them; "Evidence needed" names the catalog artifacts',
    '(`a or b`: either will do) — without them the rule is reported as not evaluated, never as passed.',
    '',
  ];
  const listed = new Set<string>();
  for (const c of causes) {
    const rows = c.rules.flatMap((id) => byId.get(id) ?? []);
    if (!rows.length) continue;
    for (const r of rows) listed.add(r.id);
    const scenario = c.scenario === null ? '' : ` (seed scenario ${c.scenario})`;
    out.push(`## ${c.title.en} / ${c.title['zh-CN']}${scenario}`, '', ...TABLE_HEAD);
    out.push(...rows.map(indexRow), '');
  }
  const rest = rules.filter((r) => !listed.has(r.id)).sort((a, b) => compareText(a.id, b.id));
  if (rest.length)
    out.push('## Other rules / 其他规则', '', ...TABLE_HEAD, ...rest.map(indexRow), '');
  // What each evidence id is and the command that collects it, for the tables above.
  const ids = [...new Set(rules.flatMap((r) => r.requires.flat()))].sort(compareText);
  out.push('## Evidence / 证据', '', '| Evidence | Collected by |', '| --- | --- |');
  for (const id of ids)
    out.push(`| \`${id}\` | ${(catalogEntry(id)?.source ?? '').replace(/\|/g, '\\|')} |`);
  out.push('');
  return out.join('\n');
}

/** Every generated file of docs/rules/, name → content. */
export function ruleDocFiles(rules: readonly Rule[]): Map<string, string> {
  const files = new Map<string, string>([['README.md', ruleDocsIndex(rules)]]);
  for (const r of rules) files.set(`${r.id}.md`, ruleDoc(r));
  return files;
}
