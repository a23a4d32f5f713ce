/**
 * HTML renderer: one self-contained file (inline CSS and JS, no external resource of any kind)
 * from the report model. Everything from the bundle is untrusted: the template only uses escaping
 * `{{ }}`, prototype access stays off, and a Content-Security-Policy allows exactly the inline
 * style and script this tool ships (by hash), nothing else — no network, no inline handlers.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { SEVERITIES, type Lang, type Severity } from '../engine/rule.js';
import { t } from './i18n.js';
import type { ReportModel } from './model.js';
import { TIMELINE_LABELS, timelineSvg, type TimelineData } from './timeline.js';

const asset = (name: string): string =>
  readFileSync(new URL(`./templates/${name}`, import.meta.url), 'utf8');

let compiled: HandlebarsTemplateDelegate | undefined;
const hb = Handlebars.create();

function langOf(options: Handlebars.HelperOptions): Lang {
  const root = options.data?.root as { model?: { lang?: Lang } } | undefined;
  return root?.model?.lang ?? 'en';
}

hb.registerHelper('t', function (key: unknown, options: Handlebars.HelperOptions) {
  return t(String(key), langOf(options));
});
hb.registerHelper('sev', function (s: unknown, options: Handlebars.HelperOptions) {
  return t(`severity.${String(s)}`, langOf(options));
});
hb.registerHelper('status', function (s: unknown, options: Handlebars.HelperOptions) {
  return t(`status.${String(s)}`, langOf(options));
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

const KNOWN = {
  t: true,
  sev: true,
  status: true,
  yesno: true,
  or: true,
  join: true,
  missing: true,
  eventTimeline: true,
} as const;

function template(): HandlebarsTemplateDelegate {
  compiled ??= hb.compile(asset('report.hbs'), { knownHelpers: KNOWN, knownHelpersOnly: true });
  return compiled;
}

const sha256 = (s: string): string =>
  `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

export function renderHtml(model: ReportModel): string {
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
  const severities = SEVERITIES.map((id: Severity) => ({
    id,
    label: t(`severity.${id}`, model.lang),
    count: model.summary.counts[id],
  }));
  const html = template()(
    { model, csp, severities, firstTitle: model.findings[0]?.title ?? '' },
    { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false },
  );
  // Our own static assets are inserted after rendering, so the template never needs `{{{ }}}`.
  return html.replace('/*@inline-css*/', () => css).replace('/*@inline-js*/', () => js);
}
