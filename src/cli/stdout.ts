/**
 * process.stdout for the CLI's output, with its EPIPE guard set on first use: a run that writes
 * its report to a file then never makes the stream (a net.Socket on a pipe: node:net and its
 * stream modules, ~5 ms of the run; src/cli/stderr.ts).
 */
let guarded = false;

export function stdout(): NodeJS.WriteStream {
  if (!guarded) {
    guarded = true;
    // `tls-doctor inspect bundle.zip | head` closes the pipe early: that is not an error.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  return process.stdout;
}
