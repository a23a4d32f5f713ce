#!/usr/bin/env node
/**
 * tls-doctor command line. The only module that reads argv, writes to the console or files, and
 * sets the exit code: 0 = nothing at or above --fail-on, 1 = findings at or above it,
 * 2 = usage or input error, or no file of the input recognised as evidence.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { AnalyzeOptions } from './analyze.js';
import { DEFAULT_LIMITS, type BundleLimits } from './bundle/limits.js';
import { LANGS, SEVERITIES, severityRank, type Lang, type Severity } from './engine/rule.js';
import type { ReportModel } from './report/model.js';
import type { Redactor } from './report/redact.js';
import { t, type StringKey } from './report/i18n.js';

// Start-up: each command imports what it uses when it runs, and a report format only its
// renderer, so `--help` loads no parser, rule engine or template library (docs/benchmarks.md).
const load = {
  analyze: () => import('./analyze.js'),
  rules: () => import('./engine/load-rules.js'),
  model: () => import('./report/model.js'),
  redact: () => import('./report/redact.js'),
  html: () => import('./report/render-html.js'),
  md: () => import('./report/render-md.js'),
};

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

class UsageError extends Error {}

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
function say(key: StringKey, values: Record<string, string | number> = {}): string {
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
const intArg = (v: string): number => {
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

interface CommonOpts {
  rules?: string[];
  encoding?: string;
  asOf?: string;
  maxArchiveSize?: number;
  maxEntrySize?: number;
  maxTotalSize?: number;
  maxEntries?: number;
  maxRatio?: number;
}

function analyzeOptions(o: CommonOpts): AnalyzeOptions {
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

function withCommon(cmd: Command): Command {
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

function langFor(requested: string | undefined, uiCulture: string | null): Lang {
  if (requested) return requested as Lang;
  return uiCulture && /^zh/i.test(uiCulture) ? 'zh-CN' : 'en';
}

/**
 * A progress bar on stderr when it is a terminal; nothing at all when piped or redirected.
 * Redrawn at most ten times a second.
 */
function progressBar(
  label: string,
): { update(done: number, total: number, detail?: string): void; end(): void } | undefined {
  const err = process.stderr;
  if (!err.isTTY) return undefined;
  let last = 0;
  let drawn = false;
  return {
    update(done, total, detail = '') {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const width = Math.max(20, (err.columns || 80) - 1);
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const head = `${label} ${String(Math.round(frac * 100)).padStart(3)}% `;
      const barW = Math.max(10, Math.min(30, width - head.length - 12));
      const filled = Math.round(frac * barW);
      let line = `${head}[${'#'.repeat(filled)}${'-'.repeat(barW - filled)}] ${detail}`;
      if (line.length > width) line = line.slice(0, width - 1) + '…';
      err.write(`\r${line}\x1b[K`);
      drawn = true;
    },
    end() {
      if (drawn) err.write('\r\x1b[K');
    },
  };
}

/** Adapts the analyze() progress callback to a bar: reading dominates, facts and rules follow. */
function analyzeProgress(label: string): Pick<AnalyzeOptions, 'onProgress'> & { end(): void } {
  const bar = progressBar(label);
  if (!bar) return { end: () => undefined };
  return {
    onProgress: (p) => {
      if (p.phase === 'read') bar.update(p.done * 0.9, p.total, p.detail);
      else if (p.phase === 'facts') bar.update(90, 100, say('cli.progress.facts'));
      else if (p.phase === 'rules') bar.update(95, 100, say('cli.progress.rules'));
    },
    end: () => bar.end(),
  };
}

/** `EACCES: permission denied, open '/x'` → one line naming the path, for a user, not a developer. */
function fsMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known = ['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EISDIR', 'EEXIST', 'EROFS', 'ENOSPC'];
  if (err.code && err.path !== undefined) {
    const what = known.includes(err.code) ? say(`cli.fs.${err.code}` as StringKey) : err.code;
    return `${err.path}: ${what} (${err.syscall ?? 'fs'})`;
  }
  return err.message.split('\n')[0] ?? String(e);
}

/** An output file's folder must exist before minutes of analysis, not after. */
function checkOutputFile(path: string | undefined, flag: string): void {
  if (path === undefined) return;
  const dir = dirname(resolve(path));
  let ok: boolean;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new UsageError(say('cli.err.noFolder', { flag, path, dir }));
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UsageError(say('cli.err.isFolder', { flag, path }));
}

/** Creates an output folder (--reports), or says in one line why it cannot. */
function ensureFolder(path: string, flag: string): void {
  try {
    mkdirSync(path, { recursive: true });
    if (!statSync(path).isDirectory())
      throw new UsageError(say('cli.err.notFolder', { flag, path }));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(say('cli.err.cannotCreate', { flag, path, why: fsMessage(e) }));
  }
}

/** Writes the redaction map next to the output; it never goes into the report itself. */
function writeRedactionMap(
  redactor: Redactor,
  explicit: string | undefined,
  out: string | undefined,
): void {
  const path = explicit ?? (out ? `${out}.redaction-map.json` : 'tls-doctor.redaction-map.json');
  writeFileSync(path, JSON.stringify(redactor.map(), null, 2) + '\n', { mode: 0o600 });
  console.error(`tls-doctor: ${say('cli.msg.redacted', { n: redactor.size, path })}`);
}

/** The ticket summary is one server's: diff and fleet refuse it. */
function notSummary(format: ReportOpts['format']): 'html' | 'json' | 'md' {
  if (format === 'summary') throw new UsageError(say('cli.err.summaryAnalyzeOnly'));
  return format;
}

/** One model, three formats: JSON is the model itself; only the renderer asked for is loaded. */
async function renderAs<M>(
  format: 'html' | 'json' | 'md',
  model: M,
  md: (r: Awaited<ReturnType<typeof load.md>>) => (m: M) => string,
  html: (r: Awaited<ReturnType<typeof load.html>>) => (m: M) => string,
): Promise<string> {
  if (format === 'json') return toJson(model);
  return format === 'md' ? md(await load.md())(model) : html(await load.html())(model);
}

function emit(text: string, out: string | undefined, summary: string): void {
  if (out) {
    writeFileSync(out, text);
    console.error(`tls-doctor: ${say('cli.msg.written', { summary, path: out })}`);
  } else process.stdout.write(text + '\n');
}

const program = new Command();
program
  .name('tls-doctor')
  .description(say('cli.description'))
  .version(pkg.version)
  .showHelpAfterError()
  .exitOverride();

withReportOptions(
  withCommon(
    program
      .command('analyze')
      .description(say('cli.cmd.analyze'))
      .argument('<input...>', say('cli.arg.input')),
  ),
  'report.html',
)
  .addHelpText(
    'after',
    `
${say('cli.examples')}
  tls-doctor analyze bundle.zip                      ${say('cli.ex.analyze')}
  tls-doctor analyze bundle.zip --redact             ${say('cli.ex.analyzeRedact')}
  tls-doctor analyze bundle.zip -f json -o out.json  ${say('cli.ex.analyzeJson')}
  tls-doctor analyze sslcert.txt iplisten.txt        ${say('cli.ex.analyzeLoose')}
  tls-doctor analyze bundle/ --lang zh-CN --fail-on critical`,
  )
  .action(
    async (
      inputs: string[],
      o: CommonOpts & {
        output?: string;
        format: 'html' | 'json' | 'md' | 'summary';
        lang?: string;
        failOn: Severity | 'none';
        redact?: boolean;
        redactionMap?: string;
        keepThumbprints?: boolean;
      },
    ) => {
      checkOutputFile(o.output, '-o');
      checkOutputFile(o.redactionMap, '--redaction-map');
      const [{ analyze }, { buildReportModel }] = await Promise.all([load.analyze(), load.model()]);
      const progress = analyzeProgress(say('cli.progress.analyzing'));
      const result = await analyze(inputs, { ...analyzeOptions(o), ...progress }).finally(() =>
        progress.end(),
      );
      const lang = langFor(o.lang, result.facts.host.uiCulture);
      const { hasEvidence } = await import('./engine/coverage.js');
      if (!hasEvidence(result.coverage)) {
        const { noEvidenceMessage } = await import('./report/no-evidence.js');
        // No verdict on nothing: say what each file looks like instead of writing a green report.
        console.error(noEvidenceMessage(result.coverage, result.parsed.skipped, lang));
        process.exitCode = 2;
        return;
      }
      let model = buildReportModel(result, { lang, now: new Date(), toolVersion: pkg.version });
      const out = o.output ?? (o.format === 'html' ? 'report.html' : undefined);
      if (o.redact) {
        const { Redactor, redactModel } = await load.redact();
        const redactor = new Redactor({ thumbprints: !o.keepThumbprints });
        model = redactModel(model, redactor, [result.facts]);
        writeRedactionMap(redactor, o.redactionMap, out);
      }
      const c = model.summary.counts;
      emit(
        o.format === 'summary'
          ? (await import('./report/summary.js')).ticketSummary(model)
          : await renderAs(
              o.format,
              model,
              (r) => r.renderMarkdown,
              (r) => r.renderHtml,
            ),
        out,
        say('cli.msg.analyzeSummary', { n: model.findings.length, ...c }),
      );
      if (
        failsOn(
          result.evaluation.findings.map((f) => f.severity),
          o.failOn,
        )
      )
        process.exitCode = 1;
    },
  );

withCommon(
  program
    .command('inspect')
    .description(say('cli.cmd.inspect'))
    .argument('<input...>', say('cli.arg.input')),
).action(async (inputs: string[], o: CommonOpts) => {
  const { analyze } = await load.analyze();
  const { parsed, facts } = await analyze(inputs, analyzeOptions(o));
  const artifacts = parsed.artifacts
    .filter((a) => a.status !== 'missing')
    .map((a) => ({
      id: a.id,
      status: a.status,
      reason: a.reason,
      files: a.files.map((f) => ({
        path: f.path,
        encoding: f.encoding,
        matchedBy: f.matchedBy,
        issues: f.issues,
      })),
    }));
  process.stdout.write(
    toJson({ artifacts, unrecognized: parsed.unrecognized, skipped: parsed.skipped, facts }) + '\n',
  );
});

const rulesCmd = program.command('rules').description(say('cli.cmd.rules'));
rulesCmd
  .command('list')
  .description(say('cli.cmd.rulesList'))
  .option('--rules <dir...>', say('cli.opt.rulesShort'))
  .option('--json', say('cli.opt.json'))
  .action(async (o: { rules?: string[]; json?: boolean }) => {
    const { loadRules, BUILTIN_RULES_DIR } = await load.rules();
    const rules = loadRules([BUILTIN_RULES_DIR, ...(o.rules ?? [])]);
    if (o.json) {
      process.stdout.write(
        toJson(
          rules.map((r) => ({
            id: r.id,
            area: r.area,
            severity: r.severity,
            scope: r.scope,
            scenario: r.scenario,
            title: r.title,
            requires: r.requires,
          })),
        ) + '\n',
      );
      return;
    }
    const w = Math.max(...rules.map((r) => r.id.length));
    for (const r of rules)
      console.log(
        `${r.id.padEnd(w)}  ${r.severity.padEnd(8)}  ${r.scope.padEnd(11)}  ${r.title.en}`,
      );
  });

program
  .command('collector')
  .description(say('cli.cmd.collector'))
  .option('--out <dir>', say('cli.opt.out'), 'tls-doctor-collector')
  .option('--force', say('cli.opt.force'))
  .action(async (o: { out: string; force?: boolean }) => {
    const { collectorFiles } = await import('./collector/export.js');
    const targets = collectorFiles().map((f) => ({ ...f, path: join(o.out, f.name) }));
    const existing = targets.filter((t) => existsSync(t.path)).map((t) => t.path);
    if (existing.length > 0 && !o.force) {
      throw new UsageError(say('cli.err.exists', { files: existing.join(', ') }));
    }
    mkdirSync(o.out, { recursive: true });
    for (const t of targets) writeFileSync(t.path, t.content);
    console.error(`tls-doctor: ${say('cli.msg.collectorWritten', { dir: o.out })}`);
    for (const t of targets) console.error(`  ${t.name.padEnd(24)} sha256 ${t.sha256}`);
    console.error(say('cli.msg.collectorRun'));
  });

type ReportOpts = CommonOpts & {
  output?: string;
  format: 'html' | 'json' | 'md' | 'summary';
  lang?: string;
  failOn: Severity | 'none';
  redact?: boolean;
  redactionMap?: string;
  keepThumbprints?: boolean;
};

/** Output, format, language, --fail-on and redaction options shared by diff and fleet. */
function withReportOptions(cmd: Command, defaultOut: string): Command {
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

type FleetOpts = ReportOpts & { jobs?: number; reports?: string; followLinks?: boolean };

const failsOn = (severities: readonly Severity[], failOn: Severity | 'none'): boolean =>
  failOn !== 'none' && severities.some((s) => severityRank(s) >= severityRank(failOn));

withReportOptions(
  withCommon(
    program
      .command('diff')
      .description(say('cli.cmd.diff'))
      .argument('<before>', say('cli.arg.before'))
      .argument('<after>', say('cli.arg.after')),
  ),
  'diff.html',
)
  .addHelpText(
    'after',
    `
${say('cli.examples')}
  tls-doctor diff before.zip after.zip               ${say('cli.ex.diff')}
  tls-doctor diff before.zip after.zip -f md         ${say('cli.ex.diffMd')}`,
  )
  .action(async (before: string, after: string, o: ReportOpts) => {
    checkOutputFile(o.output, '-o');
    checkOutputFile(o.redactionMap, '--redaction-map');
    const [{ analyze }, { buildReportModel }, { buildDiff }] = await Promise.all([
      load.analyze(),
      load.model(),
      import('./report/diff.js'),
    ]);
    const p1 = analyzeProgress(say('cli.progress.before'));
    const a = await analyze([before], { ...analyzeOptions(o), ...p1 }).finally(() => p1.end());
    const p2 = analyzeProgress(say('cli.progress.after'));
    const b = await analyze([after], { ...analyzeOptions(o), ...p2 }).finally(() => p2.end());
    const lang = langFor(o.lang, b.facts.host.uiCulture);
    const now = new Date();
    const opts = { lang, now, toolVersion: pkg.version };
    let diff = buildDiff(buildReportModel(a, opts), buildReportModel(b, opts), {
      now,
      toolVersion: pkg.version,
    });
    const out = o.output ?? (o.format === 'html' ? 'diff.html' : undefined);
    if (o.redact) {
      const { Redactor, redactModel } = await load.redact();
      const redactor = new Redactor({ thumbprints: !o.keepThumbprints });
      diff = redactModel(diff, redactor, [a.facts, b.facts]);
      writeRedactionMap(redactor, o.redactionMap, out);
    }
    const text = await renderAs(
      notSummary(o.format),
      diff,
      (r) => r.renderDiffMarkdown,
      (r) => r.renderDiffHtml,
    );
    const s = diff.summary;
    emit(
      text,
      out,
      say('cli.msg.diffSummary', { fixed: s.fixed, new: s.new, unchanged: s.unchanged }),
    );
    if (
      failsOn(
        [...diff.new, ...diff.unchanged].map((f) => f.severity),
        o.failOn,
      )
    )
      process.exitCode = 1;
  });

withReportOptions(
  withCommon(
    program
      .command('fleet')
      .description(say('cli.cmd.fleet'))
      .argument('<folder>', say('cli.arg.folder'))
      .option('-j, --jobs <n>', say('cli.opt.jobs'), intArg)
      .option('--reports <dir>', say('cli.opt.reports'))
      .option('--follow-links', say('cli.opt.followLinks')),
  ),
  'fleet.html',
)
  .addHelpText(
    'after',
    `
${say('cli.examples')}
  tls-doctor fleet farm/                             ${say('cli.ex.fleet')}
  tls-doctor fleet farm/ -f json -o fleet.json --jobs 2
  tls-doctor fleet farm/ --reports farm-reports      ${say('cli.ex.fleetReports')}`,
  )
  .action(async (folder: string, o: FleetOpts) => {
    checkOutputFile(o.output, '-o');
    checkOutputFile(o.redactionMap, '--redaction-map');
    const [
      { fleetBundles, runFleet, reportFileNames },
      { buildFleetModel },
      { loadRules, BUILTIN_RULES_DIR },
    ] = await Promise.all([import('./fleet.js'), import('./report/fleet.js'), load.rules()]);
    notSummary(o.format);
    let bundles: string[];
    try {
      bundles = fleetBundles(folder, {
        ...(o.followLinks && { followLinks: true }),
        onSkip: (p, reason) =>
          console.error(`tls-doctor: ${say('cli.msg.skipped', { path: p, reason })}`),
      });
    } catch (e) {
      throw new UsageError(fsMessage(e));
    }
    if (o.reports) ensureFolder(o.reports, '--reports');
    if (bundles.length === 0) throw new UsageError(say('cli.err.noBundle', { folder }));
    const bar = progressBar(say('cli.progress.fleet'));
    const { limits, ruleDirs, encoding } = analyzeOptions(o);
    const results = await runFleet(bundles, {
      lang: (o.lang as Lang | undefined) ?? null,
      analyze: {
        ...(limits && { limits }),
        ...(ruleDirs && { ruleDirs }),
        ...(encoding !== undefined && { encoding }),
      },
      toolVersion: pkg.version,
      now: new Date(),
      ...(o.jobs !== undefined && { concurrency: Math.max(1, o.jobs) }),
      ...(bar && {
        onProgress: (d: number, t: number, id: string) =>
          bar.update(d, t, o.redact ? say('cli.progress.server', { n: d }) : id),
      }),
    }).finally(() => bar?.end());
    const models = results.map((r) => r.model).filter((m): m is ReportModel => m !== null);
    const counts = new Map<Lang, number>();
    for (const m of models) counts.set(m.lang, (counts.get(m.lang) ?? 0) + 1);
    const lang =
      (o.lang as Lang | undefined) ?? [...counts].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 'en';
    let fleet = buildFleetModel(folder, results, {
      lang,
      now: new Date(),
      toolVersion: pkg.version,
      rules: loadRules([BUILTIN_RULES_DIR, ...(o.rules ?? [])]),
    });
    const out = o.output ?? (o.format === 'html' ? 'fleet.html' : undefined);
    const { Redactor, redactModel } = await load.redact();
    const redactor = o.redact ? new Redactor({ thumbprints: !o.keepThumbprints }) : null;
    // Bundle names often carry the host name (tls-evidence-WEB01-….zip): replaced as a whole.
    if (redactor)
      for (const r of results) {
        redactor.addFile(r.id);
        redactor.addValues(r.sensitive);
      }
    if (o.reports) {
      const { renderHtml } = await load.html();
      const names = reportFileNames(results.map((r) => r.id));
      for (const [i, r] of results.entries()) {
        if (!r.model) continue;
        // Redacted reports get neutral names: bundle names often carry the host name.
        const name = redactor ? `server-${i + 1}.html` : names[i]!;
        const file = join(o.reports!, name);
        // The fleet report links server reports in its own language: a bundle whose UI culture
        // chose the other language is analysed again for its linked report.
        const own =
          r.model.lang === lang
            ? r.model
            : (await load.model()).buildReportModel(
                await (await load.analyze()).analyze([bundles[i]!], analyzeOptions(o)),
                { lang, now: new Date(r.model.generatedAt), toolVersion: pkg.version },
              );
        writeFileSync(file, renderHtml(redactor ? redactModel(own, redactor) : own));
        fleet.servers[i]!.report = relative(dirname(resolve(out ?? 'fleet.html')), resolve(file))
          .split(sep)
          .join('/');
      }
      console.error(`tls-doctor: ${say('cli.msg.reportsWritten', { dir: o.reports })}`);
    }
    if (redactor) {
      fleet = redactModel(fleet, redactor);
      writeRedactionMap(redactor, o.redactionMap, out);
    }
    const text = await renderAs(
      notSummary(o.format),
      fleet,
      (r) => r.renderFleetMarkdown,
      (r) => r.renderFleetHtml,
    );
    const s = fleet.summary;
    emit(
      text,
      out,
      say('cli.msg.fleetSummary', {
        servers: s.servers,
        failed: s.failed ? say('cli.msg.fleetFailed', { n: s.failed }) : '',
        notEvaluated: s.notEvaluated ? say('cli.msg.fleetNotEvaluated', { n: s.notEvaluated }) : '',
        findings: s.findings,
        differences: s.differences,
      }),
    );
    for (const r of results) if (r.error) console.error(`tls-doctor: ${r.id}: ${r.error}`);
    if (
      failsOn(
        fleet.findings.map((f) => f.severity),
        o.failOn,
      )
    )
      process.exitCode = 1;
    else if (s.failed > 0 || s.notEvaluated > 0) process.exitCode = 2;
  });

program
  .command('explain')
  .description(say('cli.cmd.explain'))
  .argument('<rule-id>', say('cli.arg.ruleId'))
  .addOption(
    new Option('--lang <lang>', say('cli.opt.langShort')).choices([...LANGS]).default('en'),
  )
  .option('--rules <dir...>', say('cli.opt.rulesShort'))
  .action(async (id: string, o: { lang: Lang; rules?: string[] }) => {
    const [{ loadRules, BUILTIN_RULES_DIR }, { conditionLines, explainRule }] = await Promise.all([
      load.rules(),
      import('./engine/rule-docs.js'),
    ]);
    const rules = loadRules([BUILTIN_RULES_DIR, ...(o.rules ?? [])]);
    const rule = rules.find((r) => r.id === id);
    if (!rule) {
      const near = rules.filter((r) => r.id.includes(id) || id.includes(r.id)).map((r) => r.id);
      throw new UsageError(
        say('cli.err.noRule', {
          id,
          near: near.length ? say('cli.err.didYouMean', { ids: near.join(', ') }) : '',
        }),
      );
    }
    process.stdout.write(
      `# ${rule.id}\n\n${explainRule(rule, o.lang)}\n## ${t('cli.explain.firesWhen', o.lang)}\n\n${conditionLines(rule.conditions).join('\n')}\n\nrules/${rule.area}/${rule.id}.json\n`,
    );
  });

// `tls-doctor inspect bundle.zip | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    const err = e as Error & { code?: string; exitCode?: number };
    if (
      err.code === 'commander.helpDisplayed' ||
      err.code === 'commander.version' ||
      err.code === 'commander.help'
    ) {
      process.exitCode = 0;
    } else if (err.code?.startsWith('commander.')) {
      process.exitCode = 2;
    } else if (e instanceof Error && e.name === 'BundleError') {
      const b = e as Error & { code: string };
      console.error(`tls-doctor: ${say('cli.err.refused', { code: b.code, message: b.message })}`);
      process.exitCode = 2;
    } else if (e instanceof UsageError || (e instanceof Error && e.name === 'RuleLoadError')) {
      console.error(`tls-doctor: ${err.message}`);
      process.exitCode = 2;
    } else if (typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code)) {
      // A file system refusal (output folder gone, permission denied): one line, no stack.
      console.error(`tls-doctor: ${fsMessage(e)}`);
      process.exitCode = 2;
    } else {
      console.error(
        `tls-doctor: ${say('cli.err.unexpected', { detail: err.stack ?? err.message })}`,
      );
      process.exitCode = 2;
    }
  }
}

await main();
