/**
 * What every command of the CLI shares: its language and words, the package version, the lazy
 * module loaders, and the options common to the commands (evidence reading, report output).
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { AnalyzeOptions } from '../analyze.js';
import { DEFAULT_LIMITS, type BundleLimits } from '../bundle/limits.js';
import { LANGS, SEVERITIES, severityRank, type Lang, type Severity } from '../engine/rule.js';
import { t, type StringKey } from '../report/i18n.js';

// Start-up: each command imports what it uses when it runs, and a report format only its
// renderer, so `--help` loads no parser, rule engine or template library (docs/benchmarks.md).
export const load = {
  analyze: () => import('../analyze.js'),
  rules: () => import('../engine/load-rules.js'),
  model: () => import('../report/model.js'),
  redact: () => import('../report/redact.js'),
  html: async () => {
    const [m, p] = await Promise.all([
      import('../report/render-html.js'),
      import('../shared/precompiled.js'),
    ]);
    // The HTML report renders its templates with the runtime (sync), a run without findings too.
    await p.loadHbsRuntime();
    return m;
  },
  md: () => import('../report/render-md.js'),
};

export const pkg = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as {
  version: string;
};

/** A mistake of the user's: one line, exit code 2, no stack. */
export class UsageError extends Error {}

/** The language of the CLI's own words: --lang when given, else the locale of the environment. */
function cliLang(argv: readonly string[]): Lang {
  const i = argv.indexOf('--lang');
  const given = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice(7);
  if (given === 'en' || given === 'zh-CN') return given;
  const env = process.env['LC_ALL'] || process.env['LC_MESSAGES'] || process.env['LANG'] || '';
  return /^zh/i.test(env) ? 'zh-CN' : 'en';
}
const L = cliLang(process.argv);

/** A CLI string (src/report/i18n/cli.ts) with its `{name}` placeholders filled. */
export function say(key: StringKey, values: Record<string, string | number> = {}): string {
  return t(key, L).replace(/\{(\w+)\}/g, (m, k: string) =>
    values[k] === undefined ? m : String(values[k]),
  );
}

const sizeArg = (v: string): number => {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?)?$/i.exec(v.trim());
  if (!m) throw new InvalidArgumentError(say('cli.arg.size'));
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * mult);
};
export const intArg = (v: string): number => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(say('cli.arg.int'));
  return Number(v);
};

/** JSON that survives bigint and byte arrays in parsed values. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) =>
      typeof v === 'bigint'
        ? v.toString()
        : v instanceof Uint8Array
          ? Buffer.from(v).toString('hex')
          : v,
    2,
  );
}

export interface CommonOpts {
  rules?: string[];
  encoding?: string;
  asOf?: string;
  maxArchiveSize?: number;
  maxEntrySize?: number;
  maxTotalSize?: number;
  maxEntries?: number;
  maxRatio?: number;
}

export function analyzeOptions(o: CommonOpts): AnalyzeOptions {
  const limits: BundleLimits = {
    ...DEFAULT_LIMITS,
    ...(o.maxArchiveSize !== undefined && { maxArchiveBytes: o.maxArchiveSize }),
    ...(o.maxEntrySize !== undefined && { maxEntryBytes: o.maxEntrySize }),
    ...(o.maxTotalSize !== undefined && { maxTotalBytes: o.maxTotalSize }),
    ...(o.maxEntries !== undefined && { maxEntries: o.maxEntries }),
    ...(o.maxRatio !== undefined && { maxRatio: o.maxRatio }),
  };
  return {
    limits,
    ...(o.rules && { ruleDirs: o.rules }),
    ...(o.encoding !== undefined && { encoding: o.encoding }),
    ...(o.asOf !== undefined && { asOf: asOfArg(o.asOf) }),
  };
}

/** `--as-of 2026-11-20` or a full ISO time: when the evidence was collected, for loose files. */
function asOfArg(v: string): string {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(t))
    throw new UsageError(say('cli.arg.asOf', { value: v }));
  return new Date(t).toISOString();
}

/** The options of every command that reads evidence: rule folders, encoding, date, limits. */
export function withCommon(cmd: Command): Command {
  return cmd
    .option('--rules <dir...>', say('cli.opt.rules'))
    .option('--encoding <name>', say('cli.opt.encoding'))
    .option('--as-of <date>', say('cli.opt.asOf'))
    .option(
      '--max-archive-size <size>',
      say('cli.opt.maxArchiveSize', { n: DEFAULT_LIMITS.maxArchiveBytes }),
      sizeArg,
    )
    .option(
      '--max-entry-size <size>',
      say('cli.opt.maxEntrySize', { n: DEFAULT_LIMITS.maxEntryBytes }),
      sizeArg,
    )
    .option(
      '--max-total-size <size>',
      say('cli.opt.maxTotalSize', { n: DEFAULT_LIMITS.maxTotalBytes }),
      sizeArg,
    )
    .option(
      '--max-entries <n>',
      say('cli.opt.maxEntries', { n: DEFAULT_LIMITS.maxEntries }),
      intArg,
    )
    .option('--max-ratio <n>', say('cli.opt.maxRatio', { n: DEFAULT_LIMITS.maxRatio }), intArg);
}

export type ReportOpts = CommonOpts & {
  output?: string;
  format: 'html' | 'json' | 'md' | 'summary';
  lang?: string;
  failOn: Severity | 'none';
  redact?: boolean;
  redactionMap?: string;
  keepThumbprints?: boolean;
};

/** Output, format, language, --fail-on and redaction options shared by analyze, diff and fleet. */
export function withReportOptions(cmd: Command, defaultOut: string): Command {
  return cmd
    .option('-o, --output <file>', say('cli.opt.output', { file: defaultOut }))
    .addOption(
      new Option('-f, --format <format>', say('cli.opt.format'))
        .choices(['html', 'json', 'md', 'summary'])
        .default('html'),
    )
    .addOption(new Option('--lang <lang>', say('cli.opt.lang')).choices([...LANGS]))
    .addOption(
      new Option('--fail-on <severity>', say('cli.opt.failOn'))
        .choices([...SEVERITIES, 'none'])
        .default('high'),
    )
    .option('--redact', say('cli.opt.redact'))
    .option('--redaction-map <file>', say('cli.opt.redactionMap'))
    .option('--keep-thumbprints', say('cli.opt.keepThumbprints'));
}

export function langFor(requested: string | undefined, uiCulture: string | null): Lang {
  if (requested) return requested as Lang;
  return uiCulture && /^zh/i.test(uiCulture) ? 'zh-CN' : 'en';
}

export const failsOn = (severities: readonly Severity[], failOn: Severity | 'none'): boolean =>
  failOn !== 'none' && severities.some((s) => severityRank(s) >= severityRank(failOn));

/** The ticket summary is one server's: diff and fleet refuse it. */
export function notSummary(format: ReportOpts['format']): 'html' | 'json' | 'md' {
  if (format === 'summary') throw new UsageError(say('cli.err.summaryAnalyzeOnly'));
  return format;
}
