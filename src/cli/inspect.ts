/** `tls-doctor inspect`: what was read from each file and the facts built, as JSON. */
import type { Command } from 'commander';
import { analyzeOptions, load, say, toJson, withCommon, type CommonOpts } from './common.js';
import { stdout } from './stdout.js';

export function addInspectCommand(program: Command): void {
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
    stdout().write(
      toJson({ artifacts, unrecognized: parsed.unrecognized, skipped: parsed.skipped, facts }) +
        '\n',
    );
  });
}
