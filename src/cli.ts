#!/usr/bin/env node
/**
 * tls-doctor command line. The only module that reads argv, writes to the console or files, and
 * sets the exit code: 0 = nothing at or above --fail-on, 1 = findings at or above it,
 * 2 = usage or input error.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { analyze, type AnalyzeOptions } from './analyze.js';
import { BundleError } from './bundle/errors.js';
import { collectorFiles } from './collector/export.js';
import { DEFAULT_LIMITS, type BundleLimits } from './bundle/limits.js';
import { loadRules, RuleLoadError, BUILTIN_RULES_DIR } from './engine/load-rules.js';
import { LANGS, SEVERITIES, severityRank, type Lang, type Severity } from './engine/rule.js';
import { buildReportModel } from './report/model.js';
import { renderHtml } from './report/render-html.js';
import { renderMarkdown } from './report/render-md.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

class UsageError extends Error {}

const sizeArg = (v: string): number => {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?)?$/i.exec(v.trim());
  if (!m) throw new InvalidArgumentError('expected a size such as 500MB or 2GiB');
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * mult);
};
const intArg = (v: string): number => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a whole number');
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
  };
}

function withCommon(cmd: Command): Command {
  return cmd
    .option('--rules <dir...>', 'extra rule folders to load besides the shipped rules')
    .option(
      '--encoding <name>',
      'force the text encoding of every text artifact (e.g. utf-8, utf-16le, 936, 437)',
    )
    .option(
      '--max-archive-size <size>',
      `largest zip opened (default ${DEFAULT_LIMITS.maxArchiveBytes} bytes)`,
      sizeArg,
    )
    .option(
      '--max-entry-size <size>',
      `largest single file, uncompressed (default ${DEFAULT_LIMITS.maxEntryBytes} bytes)`,
      sizeArg,
    )
    .option(
      '--max-total-size <size>',
      `largest total, uncompressed (default ${DEFAULT_LIMITS.maxTotalBytes} bytes)`,
      sizeArg,
    )
    .option(
      '--max-entries <n>',
      `most files in a bundle (default ${DEFAULT_LIMITS.maxEntries})`,
      intArg,
    )
    .option(
      '--max-ratio <n>',
      `largest compression ratio for files over 1 MiB (default ${DEFAULT_LIMITS.maxRatio})`,
      intArg,
    );
}

function langFor(requested: string | undefined, uiCulture: string | null): Lang {
  if (requested) return requested as Lang;
  return uiCulture && /^zh/i.test(uiCulture) ? 'zh-CN' : 'en';
}

const program = new Command();
program
  .name('tls-doctor')
  .description(
    'Diagnose HTTPS failures on Windows IIS / HTTP.sys / Schannel servers from an evidence bundle, offline.',
  )
  .version(pkg.version)
  .showHelpAfterError()
  .exitOverride();

withCommon(
  program
    .command('analyze')
    .description('analyze a bundle (zip, folder or loose files) and write a report')
    .argument('<input...>', 'evidence zip, folder, or loose files')
    .option(
      '-o, --output <file>',
      'where to write the report (default: report.html for html, stdout otherwise)',
    )
    .addOption(
      new Option('-f, --format <format>', 'report format')
        .choices(['html', 'json', 'md'])
        .default('html'),
    )
    .addOption(
      new Option('--lang <lang>', 'report language (default: from the bundle UI culture)').choices([
        ...LANGS,
      ]),
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
        .choices([...SEVERITIES, 'none'])
        .default('high'),
    ),
)
  .addHelpText(
    'after',
    `
Examples:
  tls-doctor analyze bundle.zip                      write report.html
  tls-doctor analyze bundle.zip -f json -o out.json  machine-readable findings
  tls-doctor analyze sslcert.txt iplisten.txt        loose files a customer emailed
  tls-doctor analyze bundle/ --lang zh-CN --fail-on critical`,
  )
  .action(
    async (
      inputs: string[],
      o: CommonOpts & {
        output?: string;
        format: 'html' | 'json' | 'md';
        lang?: string;
        failOn: Severity | 'none';
      },
    ) => {
      const result = await analyze(inputs, analyzeOptions(o));
      const lang = langFor(o.lang, result.facts.host.uiCulture);
      const model = buildReportModel(result, { lang, now: new Date(), toolVersion: pkg.version });
      const text =
        o.format === 'json'
          ? toJson(model)
          : o.format === 'md'
            ? renderMarkdown(model)
            : renderHtml(model);
      const out = o.output ?? (o.format === 'html' ? 'report.html' : undefined);
      if (out) {
        writeFileSync(out, text);
        const c = model.summary.counts;
        console.error(
          `tls-doctor: ${model.findings.length} finding(s) (critical ${c.critical}, high ${c.high}, medium ${c.medium}, low ${c.low}, info ${c.info}); report written to ${out}`,
        );
      } else process.stdout.write(text + '\n');
      if (
        o.failOn !== 'none' &&
        result.evaluation.findings.some(
          (f) => severityRank(f.severity) >= severityRank(o.failOn as Severity),
        )
      ) {
        process.exitCode = 1;
      }
    },
  );

withCommon(
  program
    .command('inspect')
    .description('print the parsed artifacts and facts as JSON (what the rules see)')
    .argument('<input...>', 'evidence zip, folder, or loose files'),
).action(async (inputs: string[], o: CommonOpts) => {
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

const rulesCmd = program.command('rules').description('work with the rule set');
rulesCmd
  .command('list')
  .description('list the rules')
  .option('--rules <dir...>', 'extra rule folders')
  .option('--json', 'print JSON')
  .action((o: { rules?: string[]; json?: boolean }) => {
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
  .description(
    'write the evidence collector (PowerShell script, collect.cmd, README) to a folder, to hand to a customer',
  )
  .option('--out <dir>', 'folder to write to', 'tls-doctor-collector')
  .option('--force', 'overwrite files that already exist there')
  .action((o: { out: string; force?: boolean }) => {
    const targets = collectorFiles().map((f) => ({ ...f, path: join(o.out, f.name) }));
    const existing = targets.filter((t) => existsSync(t.path)).map((t) => t.path);
    if (existing.length > 0 && !o.force) {
      throw new UsageError(`${existing.join(', ')} already exist; use --force to overwrite`);
    }
    mkdirSync(o.out, { recursive: true });
    for (const t of targets) writeFileSync(t.path, t.content);
    console.error(`tls-doctor: collector written to ${o.out}`);
    for (const t of targets) console.error(`  ${t.name.padEnd(24)} sha256 ${t.sha256}`);
    console.error(
      'The customer runs collect.cmd (right-click > Run as administrator) on the server and sends back the zip it names.',
    );
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
    } else if (e instanceof BundleError) {
      console.error(`tls-doctor: input refused (${e.code}): ${e.message}`);
      process.exitCode = 2;
    } else if (e instanceof RuleLoadError || e instanceof UsageError) {
      console.error(`tls-doctor: ${err.message}`);
      process.exitCode = 2;
    } else {
      console.error(`tls-doctor: unexpected error: ${err.stack ?? err.message}`);
      process.exitCode = 2;
    }
  }
}

await main();
