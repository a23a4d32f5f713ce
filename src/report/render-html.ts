/**
 * HTML renderer: one self-contained file (inline CSS and JS, no external resource of any kind)
 * from the report model. Everything from the bundle is untrusted: the template only uses escaping
 * `{{ }}`, prototype access stays off, and a Content-Security-Policy allows exactly the inline
 * style and script this tool ships (by hash), nothing else — no network, no inline handlers.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type Handlebars from 'handlebars';
import { SEVERITIES, type Lang, type Severity } from '../engine/rule.js';
import { hbsFull, hbsRuntime, precompiled, type PrecompileEntry } from '../shared/precompiled.js';
import { t, tAny } from './i18n.js';
import type { DiffModel } from './diff.js';
import { clashText, sameHostText, type FleetModel } from './fleet.js';
import type { ReportFinding, ReportModel } from './model.js';
import { evidenceWhere } from './names.js';
import { compareText } from '../shared/evidence.js';
import { ticketSummary } from './summary.js';
import { TIMELINE_LABELS, timelineSvg, type TimelineData } from './timeline.js';

const asset = (name: string): string =>
  readFileSync(new URL(`./templates/${name}`, import.meta.url), 'utf8');

function langOf(options: Handlebars.HelperOptions): Lang {
  const root = options.data?.root as { model?: { lang?: Lang } } | undefined;
  return root?.model?.lang ?? 'en';
}

/** Our helpers on a handlebars environment (the runtime's, or the compiler's for an unbuilt template). */
function withHelpers(hb: typeof Handlebars): typeof Handlebars {
  hb.registerHelper('t', function (key: unknown, options: Handlebars.HelperOptions) {
    return tAny(String(key), langOf(options));
  });
  hb.registerHelper('sev', function (s: unknown, options: Handlebars.HelperOptions) {
    return tAny(`severity.${String(s)}`, langOf(options));
  });
  hb.registerHelper('status', function (s: unknown, options: Handlebars.HelperOptions) {
    return tAny(`status.${String(s)}`, langOf(options));
  });
  hb.registerHelper('yesno', function (v: unknown, options: Handlebars.HelperOptions) {
    return t(v === true ? 'yes' : v === false ? 'no' : 'unknown', langOf(options));
  });
  hb.registerHelper('or', (a: unknown, b: unknown) =>
    a === null || a === undefined || a === '' ? b : a,
  );
  hb.registerHelper('join', (list: unknown, sep: unknown) =>
    Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : '',
  );
  hb.registerHelper('missing', function (list: unknown, options: Handlebars.HelperOptions) {
    const or = ` ${t('notEvaluated.or', langOf(options))} `;
    return Array.isArray(list)
      ? list.map((x) => (Array.isArray(x) ? x.join(or) : String(x))).join(', ')
      : '';
  });

  hb.registerHelper('eventTimeline', function (data: unknown, options: Handlebars.HelperOptions) {
    if (data === null || typeof data !== 'object') return '';
    // timelineSvg writes numbers and escaped text only (see src/report/timeline.ts).
    return new hb.SafeString(timelineSvg(data as TimelineData, TIMELINE_LABELS[langOf(options)]));
  });

  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // Text with the given literal names (artifact ids, commands) set as code: they are not words to
  // translate, and a reader copies them.
  hb.registerHelper('withCode', (text: unknown, codes: unknown) => {
    const s = typeof text === 'string' ? text : '';
    const names = (
      Array.isArray(codes)
        ? codes.filter((c): c is string => typeof c === 'string' && c !== '')
        : []
    )
      .sort((a, b) => b.length - a.length)
      .map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    if (!names.length) return s;
    const parts = s.split(new RegExp(`(${names.join('|')})`));
    return new hb.SafeString(
      parts
        .map((p, i) => (i % 2 ? `<code>${hb.escapeExpression(p)}</code>` : hb.escapeExpression(p)))
        .join(''),
    );
  });
  return hb;
}

const KNOWN = {
  t: true,
  sev: true,
  status: true,
  yesno: true,
  or: true,
  join: true,
  missing: true,
  eventTimeline: true,
  eq: true,
  withCode: true,
} as const;

/**
 * A template cut at its asset placeholders: the pieces are compiled apart and our CSS/JS go
 * between them by position. Replacing the placeholders in the rendered page by search would hand
 * our assets to evidence that contains the placeholder text.
 */
interface SplitTemplate {
  pieces: HandlebarsTemplateDelegate[];
  /** What goes after pieces[i]: the asset named by the i-th placeholder. */
  slots: ('css' | 'js')[];
}

/** The page templates of src/report/templates/. */
const PAGES = ['report.hbs', 'diff.hbs', 'fleet.hbs'] as const;
const PLACEHOLDER = /\/\*@inline-(css|js)\*\//g;
const OPTIONS = { knownHelpers: KNOWN, knownHelpersOnly: true } as const;
/** The precompiled table's name for these options (src/shared/precompiled.ts). */
const pieceKind = 'report-piece';
let runtime: typeof Handlebars | undefined;
let compiler: typeof Handlebars | undefined;
const runtimeEnv = (): typeof Handlebars => (runtime ??= withHelpers(hbsRuntime().create()));
const compilerEnv = (): typeof Handlebars => (compiler ??= withHelpers(hbsFull().create()));

/** The pieces of a page template at the source's placeholders, and what goes between them. */
function splitTemplate(source: string): { texts: string[]; slots: SplitTemplate['slots'] } {
  const texts: string[] = [];
  const slots: SplitTemplate['slots'] = [];
  let at = 0;
  for (const m of source.matchAll(PLACEHOLDER)) {
    texts.push(source.slice(at, m.index));
    slots.push(m[1] as 'css' | 'js');
    at = m.index + m[0].length;
  }
  texts.push(source.slice(at));
  return { texts, slots };
}

/** What the build precompiles of the page templates (scripts/precompile-templates.mjs). */
export function pageTemplatesToPrecompile(): PrecompileEntry[] {
  return PAGES.flatMap((name) =>
    splitTemplate(asset(name)).texts.map((source) => ({
      kind: pieceKind,
      source,
      options: OPTIONS,
    })),
  );
}
const compiled = new Map<string, SplitTemplate>();

function template(name: string): SplitTemplate {
  let c = compiled.get(name);
  if (!c) {
    const { texts, slots } = splitTemplate(asset(name));
    const pieces = texts.map((t) => {
      const spec = precompiled(pieceKind, t);
      return spec ? runtimeEnv().template(spec) : compilerEnv().compile(t, OPTIONS);
    });
    c = { pieces, slots };
    compiled.set(name, c);
  }
  return c;
}

const sha256 = (s: string): string =>
  `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** Renders one page: the template with escaping only, then our own CSS and JS, pinned by hash. */
function page(
  name: (typeof PAGES)[number],
  data: Record<string, unknown> & { model: { lang: Lang } },
): string {
  const css = asset('report.css');
  const js = asset('report.js');
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(css)}`,
    `script-src ${sha256(js)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const { pieces, slots } = template(name);
  const context = { ...data, csp };
  const runtime = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };
  // Our own static assets go between the rendered pieces, so the template never needs `{{{ }}}`.
  return pieces
    .map((p, i) => p(context, runtime) + (i < slots.length ? (slots[i] === 'css' ? css : js) : ''))
    .join('');
}

/** Microsoft's article the seed scenarios come from. */
export const SEED_ARTICLE =
  'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-authentication-authorization/troubleshooting-ssl-related-issues-server-certificate';

const severityList = (lang: Lang, counts: Record<Severity, number>) =>
  SEVERITIES.map((id: Severity) => ({ id, label: t(`severity.${id}`, lang), count: counts[id] }));

/** Evidence excerpt as numbered lines (the numbers are not selectable, so copying gets the text). */
function excerptLines(e: ReportFinding['evidence'][number]): { n: number | null; text: string }[] {
  if (!e.excerpt) return [];
  const start = e.lines?.start ?? null;
  return e.excerpt.split('\n').map((text, i) => ({
    n: start !== null && !/^… \(\d+ more lines\)$/.test(text) ? start + i : null,
    text,
  }));
}

function findingView(f: ReportFinding, i: number, lang: Lang) {
  return {
    ...f,
    anchor: `finding-${i + 1}`,
    scenarioTitle:
      f.scenario !== null
        ? t('findings.scenarioTitle', lang).replace('{n}', String(f.scenario))
        : null,
    scenarioName: f.scenario !== null ? tAny(`scenario.${f.scenario}`, lang) : null,
    entityName: f.entity.name ?? f.entity.key,
    evidence: f.evidence.map((e) => ({
      ...e,
      where: evidenceWhere(e, lang),
      caption: e.caption ?? e.label ?? null,
      // A caption the report could not put in words is the facts' label: a command or key name.
      captionIsName: e.events === undefined && (e.caption ?? e.label) === e.label,
      excerptLines: excerptLines(e),
      events: e.events?.length ? e.events : null,
    })),
  };
}

/** Which evidence would let the not-evaluated rules run: artifact (or alternatives) → rules. */
function evaluableWith(m: ReportModel, lang: Lang): { needs: string; rules: string[] }[] {
  const or = ` ${t('notEvaluated.or', lang)} `;
  const by = new Map<string, string[]>();
  for (const n of m.notEvaluated)
    for (const req of n.missing) {
      const k = Array.isArray(req) ? req.join(or) : req;
      by.set(k, [...(by.get(k) ?? []), n.ruleId]);
    }
  return [...by]
    .map(([needs, rules]) => ({ needs, rules }))
    .sort((a, b) => b.rules.length - a.rules.length || compareText(a.needs, b.needs));
}

/**
 * Findings in the model's order (cause first), each symptom linked to its cause and each cause to
 * its symptoms; a symptom sits in its root cause's severity group, right under it.
 */
function foldedViews(model: ReportModel, lang: Lang) {
  const views = model.findings.map((f, i) => findingView(f, i, lang));
  const idOf = (ruleId: string, key: string): string => `${ruleId}|${key}`;
  const byId = new Map(views.map((v) => [idOf(v.ruleId, v.entity.key), v]));
  const folded = views.map((v) => {
    const cause = v.explainedBy
      ? (byId.get(idOf(v.explainedBy.ruleId, v.explainedBy.entity)) ?? null)
      : null;
    const symptoms = v.alsoSeen.map((s) => ({
      ...s,
      anchor: byId.get(idOf(s.ruleId, s.entity))?.anchor ?? null,
      // By name, as the symptom's own finding names it.
      entity: { key: s.entity, name: byId.get(idOf(s.ruleId, s.entity))?.entity.name },
    }));
    return { ...v, cause, symptoms, rootSeverity: v.severity };
  });
  // The root cause of each symptom (follow explainedBy up; cycles cannot occur, see engine).
  for (const v of folded) {
    let root = v;
    for (let i = 0; root.cause && i < folded.length; i++)
      root = folded.find((x) => x.anchor === root.cause!.anchor) ?? root;
    v.rootSeverity = root.severity;
  }
  return folded;
}

export function renderHtml(model: ReportModel): string {
  const lang = model.lang;
  const findings = foldedViews(model, lang);
  const groups = SEVERITIES.map((id) => ({
    id,
    label: t(`severity.${id}`, lang),
    findings: findings.filter((f) => f.rootSeverity === id),
  })).filter((g) => g.findings.length > 0);
  const worst = findings.find((f) => f.severity === model.summary.worst) ?? null;
  const rc = model.verdict?.rootCause ?? null;
  const rootCause = rc ? { ...rc, anchor: findings[rc.index]?.anchor ?? null } : null;
  return page('report.hbs', {
    model,
    severities: severityList(lang, model.summary.counts),
    groups,
    worst,
    rootCause,
    evaluable: evaluableWith(model, lang),
    toCollect: model.toCollect ?? [],
    ticket: ticketSummary(model),
    seedArticle: SEED_ARTICLE,
  });
}

export function renderDiffHtml(diff: DiffModel): string {
  const lang = diff.lang;
  const view = (list: ReportFinding[]) => list.map((f, i) => findingView(f, i, lang));
  return page('diff.hbs', {
    model: diff,
    before: { ...diff.before, severities: severityList(lang, diff.before.counts) },
    after: { ...diff.after, severities: severityList(lang, diff.after.counts) },
    sections: [
      { id: 'fixed', key: 'diff.fixed', findings: view(diff.fixed), help: null },
      { id: 'new', key: 'diff.new', findings: view(diff.new), help: null },
      { id: 'unchanged', key: 'diff.unchanged', findings: view(diff.unchanged), help: null },
      ...(diff.notRechecked.length
        ? [
            {
              id: 'not-rechecked',
              key: 'diff.notRechecked',
              findings: view(diff.notRechecked),
              help: t('diff.notRecheckedHelp', lang),
            },
          ]
        : []),
    ],
  });
}

/**
 * One server's findings as stacked segments of an inline SVG bar (0–100 wide, scaled to the
 * server with the most findings). Numbers only; colours come from the stylesheet.
 */
function severityBar(counts: Record<Severity, number>, max: number) {
  let x = 0;
  const out: { id: Severity; x: number; w: number; count: number }[] = [];
  for (const id of SEVERITIES) {
    if (!counts[id]) continue;
    const w = max > 0 ? Math.round((counts[id] / max) * 10000) / 100 : 0;
    out.push({ id, x, w, count: counts[id] });
    x = Math.round((x + w) * 100) / 100;
  }
  return out;
}

export function renderFleetHtml(fleet: FleetModel): string {
  const lang = fleet.lang;
  const maxFindings = Math.max(
    0,
    ...fleet.servers.map((s) => SEVERITIES.reduce((n, id) => n + s.counts[id], 0)),
  );
  return page('fleet.hbs', {
    model: fleet,
    clashes: (fleet.clashes ?? []).map((c) => clashText(c, lang)),
    tooFew: fleet.summary.compared < 2,
    severities: SEVERITIES.map((id) => ({ id, label: t(`severity.${id}`, lang) })),
    servers: fleet.servers.map((s) => ({
      ...s,
      sameHostText: sameHostText(s, lang),
      cells: SEVERITIES.map((id) => ({ id, count: s.counts[id] })),
      bar: severityBar(s.counts, maxFindings),
    })),
  });
}
