/**
 * The CLI's lines on stderr (the summary, notes) without `process.stderr` when nothing made it
 * yet. That stream is a net.Socket on a pipe and a tty.WriteStream on a terminal: creating it
 * loads node:net and its stream modules, ~5 ms of every `analyze` run from a script or CI, whose
 * stderr is a pipe (docs/benchmarks.md "Start-up", round 14). Once the stream exists (the progress
 * bar on a terminal), lines go through it, so they stay in order with what it still holds.
 */
import { fstatSync, writeSync } from 'node:fs';

let streamInUse = false;

/** process.stderr, for a writer that needs the stream (the progress bar): later lines follow it. */
export function stderrStream(): NodeJS.WriteStream {
  streamInUse = true;
  return process.stderr;
}

/** Whether fd 2 may be a terminal (a character device): only then is the stream worth making. */
export function stderrMayBeTerminal(): boolean {
  try {
    return fstatSync(2).isCharacterDevice();
  } catch {
    return false;
  }
}

/** Writes `text` and a newline to stderr. */
export function errLine(text: string): void {
  const data = Buffer.from(`${text}\n`);
  if (!streamInUse) {
    let off = 0;
    try {
      while (off < data.length) off += writeSync(2, data, off);
      return;
    } catch {
      // EAGAIN on a non-blocking pipe that is full, or no fd 2: the stream copes with both.
    }
    process.stderr.write(data.subarray(off));
    return;
  }
  process.stderr.write(data);
}
