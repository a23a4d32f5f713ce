#!/usr/bin/env node
/**
 * tls-doctor command line. The only module (with its commands in src/cli/) that reads argv,
 * writes to the console or files, and sets the exit code: 0 = nothing at or above --fail-on,
 * 1 = findings at or above it, 2 = usage or input error, or no file of the input recognised as
 * evidence. Each command module registers its options at start-up and imports what it runs only
 * when it runs, so `--help` loads commander and the CLI's words (docs/benchmarks.md "Start-up").
 */
// First: V8's heap flags (src/cli/heap.ts) hold before the analyzer's modules load.
import './cli/heap.js';
import { Command } from 'commander';
import { addAnalyzeCommand } from './cli/analyze.js';
import { addCollectorCommand } from './cli/collector.js';
import { pkg, say, UsageError } from './cli/common.js';
import { addDiffCommand } from './cli/diff.js';
import { addFleetCommand } from './cli/fleet.js';
import { addInspectCommand } from './cli/inspect.js';
import { fsMessage } from './cli/output.js';
import { addExplainCommand, addRulesCommand } from './cli/rules.js';
import { stdout } from './cli/stdout.js';

export { toJson } from './cli/common.js';

const program = new Command();
program
  .name('tls-doctor')
  .description(say('cli.description'))
  .version(pkg.version)
  .showHelpAfterError()
  .exitOverride()
  // Help and version through the guarded stream (src/cli/stdout.ts); the commands inherit it.
  .configureOutput({ writeOut: (text) => stdout().write(text) });

// In the order `--help` lists them.
addAnalyzeCommand(program);
addInspectCommand(program);
addRulesCommand(program);
addCollectorCommand(program);
addDiffCommand(program);
addFleetCommand(program);
addExplainCommand(program);

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
      const b = e as Error & { code: string; params?: { file: string; hosts: (string | null)[] } };
      // A refusal with its values is worded in the user's language (several-hosts).
      const message = b.params
        ? say('cli.err.severalHosts', {
            file: b.params.file,
            n: b.params.hosts.length,
            hosts: b.params.hosts.map((h) => h ?? say('cli.err.localConsole')).join(', '),
          })
        : b.message;
      console.error(`tls-doctor: ${say('cli.err.refused', { code: b.code, message })}`);
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

// Not a top-level await: src/launcher.ts also runs this module as a CommonJS bundle.
void main();
