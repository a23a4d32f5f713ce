/** Markdown renderer over the same model (for tickets and chat). Evidence goes in fenced blocks. */
import { SEVERITIES } from '../engine/rule.js';
import { t } from './i18n.js';
import { eventLine, evidenceWhere } from './names.js';
import type { DiffModel } from './diff.js';
import type { FleetModel } from './fleet.js';
import type { ReportFinding, ReportModel } from './model.js';

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
  if (m.host.redacted) out.push(`> ${t('report.redacted', L)}`, '');
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
      `### [${t(`severity.${f.severity}`, L)}] ${inline(f.title)} — ${inline(f.entity.name ?? f.entity.key)}`,
      '',
    );
    out.push(
      `\`${f.ruleId}\`${f.scenario ? ` · ${t('findings.scenario', L)} ${f.scenario}` : ''}`,
      '',
    );
    out.push(inline(f.explanation), '');
    out.push(`**${t('findings.evidence', L)}**`, '');
    if (f.assumed) out.push(`- ${t('findings.assumed', L)}: ${inline(f.assumed)}`);
    for (const e of f.evidence) {
      const where = evidenceWhere(e, L);
      const caption = e.caption ?? e.label;
      out.push(
        `- \`${inline(e.path)}\`${where ? ` ${where}` : ''}${caption ? ` (${inline(caption)})` : ''}`,
      );
      for (const ev of e.events ?? []) out.push(`  - ${inline(eventLine(ev))}`);
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
    if (m.toCollect?.length) {
      out.push(`${t('verdict.needs', L)}:`, '');
      for (const c of m.toCollect)
        out.push(
          `- ${inline(c.what)}${c.command ? ` — ${t('verdict.collectCommand', L)} \`${inline(c.command.replace(/\n/g, '; '))}\`` : ''} (${c.rules.length})`,
        );
      out.push('');
    }
  }
  for (const inv of m.inventories) {
    if (inv.rows.length === 0) continue;
    out.push(`## ${t('inventory.title', L)}: ${inline(inv.title)} (${inv.rows.length})`, '');
    out.push(
      `| ${[...inv.headers, t('inventory.problems', L)].map(inline).join(' | ')} |`,
      `| ${[...inv.headers, ''].map(() => '---').join(' | ')} |`,
    );
    for (const r of inv.rows)
      out.push(`| ${[...r.cells, r.problems.join(', ')].map(inline).join(' | ')} |`);
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

const sevLabel = (s: string, L: ReportModel['lang']): string => t(`severity.${s}`, L);

function findingLine(f: ReportFinding, L: ReportModel['lang']): string {
  return `- **${sevLabel(f.severity, L)}** ${inline(f.title)} — \`${inline(f.entity.key)}\` (\`${f.ruleId}\`)`;
}

/** Before/after comparison of two bundles of one server. */
export function renderDiffMarkdown(d: DiffModel): string {
  const L = d.lang;
  const out: string[] = [`# ${t('diff.title', L)}`, ''];
  out.push(`${t('report.generated', L)}: ${d.generatedAt} · tls-doctor ${d.tool.version}`, '');
  out.push(
    `| | ${t('host.name', L)} | ${t('host.collectedAt', L)} | ${t('report.input', L)} | ${SEVERITIES.map((s) => sevLabel(s, L)).join(' | ')} |`,
    `| --- | --- | --- | --- | ${SEVERITIES.map(() => '---').join(' | ')} |`,
  );
  for (const [label, side] of [
    [t('diff.before', L), d.before],
    [t('diff.after', L), d.after],
  ] as const)
    out.push(
      `| ${label} | ${inline(side.hostName ?? '—')} | ${inline(side.collectedAt ?? '—')} | \`${inline(side.source)}\` | ${SEVERITIES.map((s) => side.counts[s]).join(' | ')} |`,
    );
  out.push('');
  if (!d.sameHost) out.push(`> ${t('diff.otherHost', L)}`, '');
  out.push(
    d.summary.worstAfter
      ? `${t('diff.worstAfter', L)}: **${sevLabel(d.summary.worstAfter, L)}**`
      : t('diff.clean', L),
    '',
  );
  const section = (key: string, list: ReportFinding[], help?: string): void => {
    out.push(`## ${t(key, L)} (${list.length})`, '');
    if (help) out.push(help, '');
    if (list.length === 0) out.push(t('diff.none', L));
    for (const f of list) out.push(findingLine(f, L));
    out.push('');
  };
  section('diff.fixed', d.fixed);
  section('diff.new', d.new);
  section('diff.unchanged', d.unchanged);
  if (d.notRechecked.length)
    section('diff.notRechecked', d.notRechecked, t('diff.notRecheckedHelp', L));
  for (const [key, list] of [
    ['diff.nowEvaluated', d.nowEvaluated],
    ['diff.noLongerEvaluated', d.noLongerEvaluated],
  ] as const) {
    if (!list.length) continue;
    out.push(`## ${t(key, L)} (${list.length})`, '');
    for (const n of list) out.push(`- \`${n.ruleId}\` ${inline(n.title)}`);
    out.push('');
  }
  return out.join('\n');
}

/** Many servers: findings per server and the settings that differ between them. */
export function renderFleetMarkdown(m: FleetModel): string {
  const L = m.lang;
  const out: string[] = [`# ${t('fleet.title', L)}`, ''];
  out.push(
    `${t('fleet.folder', L)}: \`${inline(m.folder)}\` · ${t('report.generated', L)}: ${m.generatedAt} · tls-doctor ${m.tool.version}`,
    '',
  );
  out.push(`## ${t('fleet.servers', L)} (${m.servers.length})`, '');
  out.push(
    `| ${t('fleet.bundle', L)} | ${t('host.name', L)} | ${t('host.build', L)} | ${SEVERITIES.map((s) => sevLabel(s, L)).join(' | ')} |`,
    `| --- | --- | --- | ${SEVERITIES.map(() => '---').join(' | ')} |`,
  );
  for (const s of m.servers)
    out.push(
      s.error
        ? `| \`${inline(s.id)}\` | ${t('fleet.failed', L)}: ${inline(s.error)} | | ${SEVERITIES.map(() => '').join(' | ')} |`
        : `| \`${inline(s.id)}\` | ${inline(s.hostName ?? '—')} | ${s.osBuild ?? '—'} | ${SEVERITIES.map((x) => s.counts[x]).join(' | ')} |`,
    );
  out.push('', `## ${t('fleet.findings', L)} (${m.findings.length})`, '');
  if (m.findings.length === 0) out.push(t('findings.none', L), '');
  for (const f of m.findings) {
    out.push(`### [${sevLabel(f.severity, L)}] ${inline(f.title)} (\`${f.ruleId}\`)`, '');
    out.push(
      `- ${t('fleet.on', L)}: ${f.servers.map((s) => `\`${inline(s.id)}\` (${s.entities.map(inline).join(', ')})`).join('; ')}`,
    );
    if (f.cleanServers.length)
      out.push(
        `- ${t('fleet.clean', L)}: ${f.cleanServers.map((s) => `\`${inline(s)}\``).join(', ')}`,
      );
    if (f.notEvaluatedOn.length)
      out.push(
        `- ${t('fleet.notEvaluatedOn', L)}: ${f.notEvaluatedOn.map((s) => `\`${inline(s)}\``).join(', ')}`,
      );
    out.push('');
  }
  out.push(`## ${t('fleet.differences', L)} (${m.differences.length})`, '');
  if (m.differences.length === 0) out.push(t('fleet.differencesNone', L), '');
  for (const d of m.differences) {
    out.push(`### ${inline(d.aspectTitle)}: \`${inline(d.item)}\``, '');
    for (const v of d.values)
      out.push(`- \`${inline(v.value)}\`: ${v.servers.map((s) => `\`${inline(s)}\``).join(', ')}`);
    out.push('');
  }
  return out.join('\n');
}
