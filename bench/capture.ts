/**
 * Capture parser benchmark: throughput (MB/s) and peak RSS of
 *   walk    a minimal loop that only walks the file's packet records (same chunked reading),
 *   parse   the capture parser (src/parsers/capture),
 *   tshark  `tshark -r FILE -Y tls.handshake -T fields …` when installed,
 * each in its own process so peak RSS is its own.
 *   npx tsx bench/make-capture.ts 1100            # builds bench/out/big.pcap (≥ 1 GB)
 *   npx tsx bench/capture.ts [file] [--no-tshark]
 * The runner bundles itself with esbuild into bench/out/ and runs the children with plain node, so
 * neither the TypeScript loader's time nor its memory is counted. Throughput is given by wall
 * time and by CPU time (user + system): on a shared machine the CPU figure is the stable one.
 * Chunks (256 KiB, as the parser asks) are read into two alternating buffers (the reader keeps at
 * most the previous chunk).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseCapture } from '../src/parsers/capture/index.js';
import { tsharkHandshakeArgs } from './tshark.js';

// The parser's own chunk size (src/parsers/capture/index.ts, and the CLI's read-ahead slots), so
// that the walk reads the file exactly as the parser does.
const CHUNK = 1 << 18;

function* chunks(file: string, n = CHUNK): Iterable<Uint8Array> {
  const fd = openSync(file, 'r');
  const bufs = [Buffer.allocUnsafe(n), Buffer.allocUnsafe(n)];
  try {
    for (let i = 0; ; i ^= 1) {
      const buf = bufs[i]!;
      const got = readSync(fd, buf, 0, n, null);
      if (got <= 0) return;
      yield got === n ? buf : buf.subarray(0, got);
    }
  } finally {
    closeSync(fd);
  }
}

/** Walks pcap records only: the floor any pcap reader in this runtime pays. */
function walk(file: string): number {
  let carry = new Uint8Array(0);
  let packets = 0;
  let first = true;
  for (const c of chunks(file)) {
    const buf: Uint8Array = carry.length ? Buffer.concat([carry, c]) : c;
    let pos = first ? 24 : 0;
    first = false;
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    while (pos + 16 <= buf.length) {
      const cap = dv.getUint32(pos + 8, true);
      if (pos + 16 + cap > buf.length) break;
      packets++;
      pos += 16 + cap;
    }
    carry = buf.subarray(pos);
  }
  return packets;
}

const mode = process.argv[2];
if (mode === '--child-walk' || mode === '--child-parse') {
  const file = process.argv[3]!;
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let detail: string;
  if (mode === '--child-walk') detail = `${walk(file)} packets`;
  else {
    const r = parseCapture({
      artifactId: 'capture.pcap',
      path: file,
      size: statSync(file).size,
      chunks: (n) => chunks(file, n),
    });
    const o = r.value.stats.outcomes;
    detail = `${r.value.frames} packets, ${o.established + o.failed + o.incomplete} TLS connections (${o.established} established, ${o.failed} failed, ${o.incomplete} incomplete), ${r.value.connections.length} listed`;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1e6;
  console.log(
    JSON.stringify({
      seconds: s,
      cpuSeconds: cpu,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      detail,
    }),
  );
} else {
  const file =
    process.argv.find((a, i) => i >= 2 && !a.startsWith('--')) ??
    join(import.meta.dirname, 'out/big.pcap');
  const size = statSync(file).size;
  const mb = size / 1e6;
  const rows: string[] = [];
  const report = (name: string, seconds: number, cpu: number, rssMiB: number, detail: string) => {
    const line = `| ${name} | ${seconds.toFixed(2)} s | ${cpu.toFixed(2)} s | ${(mb / seconds).toFixed(0)} MB/s | ${(mb / cpu).toFixed(0)} MB/s | ${rssMiB.toFixed(0)} MiB | ${detail} |`;
    rows.push(line);
    console.log(line);
  };
  console.log(`file: ${file}, ${mb.toFixed(0)} MB; node ${process.version}`);
  console.log(
    `load average before: ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    '| reader | wall | CPU | MB/s (wall) | MB/s (CPU) | peak RSS | result |\n|---|---|---|---|---|---|---|',
  );
  const outDir = join(import.meta.dirname, 'out');
  mkdirSync(outDir, { recursive: true });
  const bundled = join(outDir, 'capture-bench.mjs');
  (await import('esbuild')).buildSync({
    entryPoints: [import.meta.filename],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundled,
    logLevel: 'error',
    // CommonJS packages in the bundle (iconv-lite, via cert-file.ts) call `require`.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  for (const m of ['walk', 'parse']) {
    const out = execFileSync(process.execPath, [bundled, `--child-${m}`, file], {
      encoding: 'utf8',
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as {
      seconds: number;
      cpuSeconds: number;
      maxRssMiB: number;
      detail: string;
    };
    report(
      m === 'walk' ? 'minimal record walk (Node)' : 'tls-doctor capture parser',
      r.seconds,
      r.cpuSeconds,
      r.maxRssMiB,
      r.detail,
    );
  }
  if (!process.argv.includes('--no-tshark')) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(
      '/usr/bin/time',
      ['-f', '%U %S %M', 'tshark', ...tsharkHandshakeArgs(file)],
      { encoding: 'utf8', maxBuffer: 1 << 30 },
    );
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status === 0) {
      const [user, sys, rssKiB] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number) as [
        number,
        number,
        number,
      ];
      report(
        'tshark -Y tls.handshake -T fields',
        s,
        user + sys,
        rssKiB / 1024,
        `${r.stdout.split('\n').filter(Boolean).length} handshake lines`,
      );
    } else console.log(`tshark failed: ${r.stderr.slice(-300)}`);
  }
}
