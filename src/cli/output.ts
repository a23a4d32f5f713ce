/**
 * What the CLI writes besides its words: the progress bar on a terminal, output files and
 * folders (checked before minutes of analysis), the redaction map, and the rendered report.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AnalyzeOptions } from '../analyze.js';
import type { Redactor } from '../report/redact.js';
import type { StringKey } from '../report/i18n.js';
import { load, say, toJson, UsageError } from './common.js';
import { errLine, stderrMayBeTerminal, stderrStream } from './stderr.js';
import { stdout } from './stdout.js';

/**
 * A progress bar on stderr when it is a terminal; nothing at all when piped or redirected.
 * Redrawn at most ten times a second.
 */
export function progressBar(
  label: string,
): { update(done: number, total: number, detail?: string): void; end(): void } | undefined {
  // A pipe or a file: no bar, and no stream made for nothing (src/cli/stderr.ts).
  if (!stderrMayBeTerminal()) return undefined;
  const err = stderrStream();
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
export function analyzeProgress(
  label: string,
): Pick<AnalyzeOptions, 'onProgress'> & { end(): void } {
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
export function fsMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known = ['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EISDIR', 'EEXIST', 'EROFS', 'ENOSPC'];
  if (err.code && err.path !== undefined) {
    const what = known.includes(err.code) ? say(`cli.fs.${err.code}` as StringKey) : err.code;
    return `${err.path}: ${what} (${err.syscall ?? 'fs'})`;
  }
  return err.message.split('\n')[0] ?? String(e);
}

/** An output file's folder must exist before minutes of analysis, not after. */
export function checkOutputFile(path: string | undefined, flag: string): void {
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
export function ensureFolder(path: string, flag: string): void {
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
export function writeRedactionMap(
  redactor: Redactor,
  explicit: string | undefined,
  out: string | undefined,
): void {
  const path = explicit ?? (out ? `${out}.redaction-map.json` : 'tls-doctor.redaction-map.json');
  writeFileSync(path, JSON.stringify(redactor.map(), null, 2) + '\n', { mode: 0o600 });
  errLine(`tls-doctor: ${say('cli.msg.redacted', { n: redactor.size, path })}`);
}

/** One model, three formats: JSON is the model itself; only the renderer asked for is loaded. */
export async function renderAs<M>(
  format: 'html' | 'json' | 'md',
  model: M,
  md: (r: Awaited<ReturnType<typeof load.md>>) => (m: M) => string,
  html: (r: Awaited<ReturnType<typeof load.html>>) => (m: M) => string,
): Promise<string> {
  if (format === 'json') return toJson(model);
  return format === 'md' ? md(await load.md())(model) : html(await load.html())(model);
}

/** The report to its file (and a one-line summary on stderr), or to stdout. */
export function emit(text: string, out: string | undefined, summary: string): void {
  if (out) {
    writeFileSync(out, text);
    errLine(`tls-doctor: ${say('cli.msg.written', { summary, path: out })}`);
  } else stdout().write(text + '\n');
}
