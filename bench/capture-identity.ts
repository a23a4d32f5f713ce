/**
 * Output check for capture parser changes that must not change what it says: parses every
 * capture file of the repository (`git ls-files` *.pcap / *.pcapng / *.cap) with 1 MiB and
 * 777-byte chunks (one buffer reused, as the CLI reads) and with the default and tiny listing
 * limits, and prints one SHA-256 of the parse JSON (value + issues) per file and variant.
 *   npx tsx bench/capture-identity.ts [--impl path/to/capture/index.ts] [extra files…] > a.txt
 * Run it on the tree before and after a change (`--impl` takes another checkout's parser, e.g.
 * `git archive main src | tar -x -C /tmp/base`) and `diff` the two outputs.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CaptureOptions, parseCapture as ParseCapture } from '../src/parsers/capture/index.js';

const args = process.argv.slice(2);
const at = args.indexOf('--impl');
const impl = at >= 0 ? resolve(args.splice(at, 2)[1]!) : null;
const mod = (await import(impl ? pathToFileURL(impl).href : '../src/parsers/capture/index.js')) as {
  parseCapture: typeof ParseCapture;
};

/** Chunks of `n` bytes read into one buffer that every read reuses. */
function* chunks(file: string, n: number): Iterable<Uint8Array> {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(n);
  try {
    for (;;) {
      const got = readSync(fd, buf, 0, n, null);
      if (got <= 0) return;
      yield got === n ? buf : buf.subarray(0, got);
    }
  } finally {
    closeSync(fd);
  }
}

const files =
  args.length > 0
    ? args
    : execFileSync('git', ['ls-files', '*.pcap', '*.pcapng', '*.cap'], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean);
const variants: [string, number, CaptureOptions][] = [
  ['1MiB', 1 << 20, {}],
  ['777B', 777, {}],
  ['1MiB-tiny', 1 << 20, { maxConnections: 1, maxFailedConnections: 1, maxLiveConnections: 3 }],
  ['777B-tiny', 777, { maxConnections: 1, maxFailedConnections: 1, maxLiveConnections: 3 }],
];
for (const file of files) {
  for (const [name, size, options] of variants) {
    const r = mod.parseCapture(
      {
        artifactId: 'capture.pcap',
        path: file,
        size: statSync(file).size,
        chunks: (n) => chunks(file, n ?? size),
      },
      { ...options, chunkSize: size },
    );
    const sha = createHash('sha256').update(JSON.stringify(r)).digest('hex');
    console.log(`${sha} ${name} ${file}`);
  }
}
