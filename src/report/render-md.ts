/** Markdown renderer over the same model (for tickets and chat). Evidence goes in fenced blocks. */
import { SEVERITIES } from '../engine/rule.js';
import { t } from './i18n.js';
import type { ReportModel } from './model.js';

/** Inline text safe for Markdown tables and prose: no pipes, no HTML, one line. */
const inline = (s: string): string =>
  s
    .replace(/[\r\n]+/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

/** A fence longer than any backtick run inside, so evidence cannot close it. */
function fence(body: string, lang = ''): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${body}\n${f}`;
}

export function renderMarkdown(m: ReportModel): string {
  const L = m.lang;
  const out: string[] = [];
  out.push(`# ${t('report.title', L)}: ${inline(m.host.name ?? m.input.source)}`, '');
  out.push(`${t('report.generated', L)}: ${m.generatedAt} · tls-doctor ${m.tool.version}`, '');
  out.push(`## ${t('verdict.title', L)}`, '');
  out.push(
    m.summary.worst
      ? `${t('verdict.worst', L)}: **${t(`severity.${m.summary.worst}`, L)}** — ${inline(m.findings[0]?.title ?? '')}`
      : t('verdict.clean', L),
    '',
  );
  out.push(
    SEVERITIES.map((s) => `${t(`severity.${s}`, L)}: ${m.summary.counts[s]}`).join(' · '),
    '',
  );
  out.push(
    `${m.summary.evaluatedRules} ${t('verdict.evaluated', L)}, ${m.summary.notEvaluatedRules} ${t('verdict.notEvaluated', L)}`,
    '',
  );
  out.push(`## ${t('findings.title', L)} (${m.findings.length})`, '');
  if (m.findings.length === 0) out.push(t('findings.none', L), '');
  for (const f of m.findings) {
    out.push(
      `### [${t(`severity.${f.severity}`, L)}] ${inline(f.title)} — \`${inline(f.entity.key)}\``,
      '',
    );
    out.push(
      `\`${f.ruleId}\`${f.scenario ? ` · ${t('findings.scenario', L)} ${f.scenario}` : ''}`,
      '',
    );
    out.push(inline(f.explanation), '');
    out.push(`**${t('findings.evidence', L)}**`, '');
    for (const e of f.evidence) {
      const where = e.lines
        ? ` ${t('findings.lines', L)} ${e.lines.start}–${e.lines.end}`
        : e.frames
          ? ` ${t('findings.frames', L)} ${e.frames.join(', ')}`
          : '';
      out.push(`- \`${inline(e.path)}\`${where}${e.label ? ` (${inline(e.label)})` : ''}`);
      if (e.excerpt) out.push('', fence(e.excerpt), '');
    }
    out.push('', `**${t('findings.fix', L)}**`, '', fence(f.fix, 'bat'), '');
    if (f.references.length)
      out.push(
        `${t('findings.references', L)}: ${f.references.map((r) => `<${inline(r)}>`).join(' ')}`,
        '',
      );
  }
  if (m.notEvaluated.length) {
    out.push(`## ${t('notEvaluated.title', L)} (${m.notEvaluated.length})`, '');
    for (const n of m.notEvaluated)
      out.push(
        `- \`${n.ruleId}\` ${inline(n.title)} — ${t('notEvaluated.missing', L)}: ${n.missing.map((x) => (Array.isArray(x) ? x.join(` ${t('notEvaluated.or', L)} `) : x)).join(', ')}`,
      );
    out.push('');
  }
  out.push(
    `## ${t('log.title', L)}`,
    '',
    `| ${t('log.artifact', L)} | ${t('log.status', L)} | ${t('log.issues', L)} |`,
    '| --- | --- | --- |',
  );
  for (const a of m.artifacts) {
    const issues = a.files.flatMap((f) => f.issues).filter((i) => i.severity !== 'info').length;
    out.push(
      `| \`${a.id}\` | ${t(`status.${a.status}`, L)}${a.reason ? ` — ${inline(a.reason)}` : ''} | ${issues} |`,
    );
  }
  out.push('');
  return out.join('\n');
}
