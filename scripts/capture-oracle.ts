/**
 * Derives the committed tshark expectations for the capture parser's fixtures, once:
 *   npx tsx scripts/capture-oracle.ts [fixture-dir]
 * For every capture in src/parsers/capture/fixtures/ it runs the shared oracle
 * (../shared/tools/tls-oracle.sh, tshark 4.0) in summary (-s) and message mode and writes
 * `<capture>.tshark.json` beside it. The test (capture.test.ts) compares the parser with these
 * files; it never runs tshark itself.
 *   npx tsx scripts/capture-oracle.ts --check DIR   compares the parser with tshark on every
 * capture under DIR (e.g. ../shared/real/pcap) without writing anything.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareWithOracle, type OracleFile } from '../src/parsers/capture/oracle.js';
import { parseCapture } from '../src/parsers/capture/index.js';

const ORACLE =
  process.env.TLS_ORACLE ?? resolve(import.meta.dirname, '../../shared/tools/tls-oracle.sh');

function tsv(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const head = (lines.shift() ?? '').split('\t');
  return lines.map((l) => {
    const cells = l.split('\t');
    return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? '']));
  });
}

export function runOracle(file: string): OracleFile {
  const run = (args: string[]): string => {
    try {
      return execFileSync(ORACLE, [...args, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    } catch (e) {
      return (e as { stdout?: string }).stdout ?? '';
    }
  };
  return {
    tool: 'tls-oracle.sh (tshark 4.0.17)',
    summary: tsv(run(['-s'])),
    messages: tsv(run([])),
  };
}

function captures(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...captures(p));
    else if (/\.(pcap|pcapng)$/.test(name)) out.push(p);
  }
  return out;
}

function parseFile(file: string) {
  const buf = readFileSync(file);
  return parseCapture({
    artifactId: 'capture.pcap',
    path: file,
    size: buf.length,
    *chunks(n = 1 << 20) {
      for (let i = 0; i < buf.length; i += n) yield buf.subarray(i, i + n);
    },
  });
}

const args = process.argv.slice(2);
if (args[0] === '--check') {
  let bad = 0;
  const all = captures(args[1] ?? '../shared/real/pcap');
  for (const f of all) {
    const diffs = compareWithOracle(parseFile(f).value, runOracle(f));
    if (diffs.length) {
      bad++;
      console.log(`✗ ${f}\n  ${diffs.join('\n  ')}`);
    } else console.log(`✓ ${f}`);
  }
  console.log(`${all.length - bad}/${all.length} captures agree with tshark`);
  process.exitCode = bad ? 1 : 0;
} else {
  const dir = args[0] ?? resolve(import.meta.dirname, '../src/parsers/capture/fixtures');
  for (const f of captures(dir)) {
    writeFileSync(`${f}.tshark.json`, JSON.stringify(runOracle(f), null, 1) + '\n');
    console.log(`wrote ${f}.tshark.json`);
  }
}
