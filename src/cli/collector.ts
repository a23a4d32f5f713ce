/** `tls-doctor collector`: writes the collector the customer runs on the server. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { say, UsageError } from './common.js';

export function addCollectorCommand(program: Command): void {
  program
    .command('collector')
    .description(say('cli.cmd.collector'))
    .option('--out <dir>', say('cli.opt.out'), 'tls-doctor-collector')
    .option('--force', say('cli.opt.force'))
    .action(async (o: { out: string; force?: boolean }) => {
      const { collectorFiles } = await import('../collector/export.js');
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
}
