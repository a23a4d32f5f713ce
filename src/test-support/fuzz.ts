/**
 * Fuzzing harness shared by `src/artifacts/parsers.fuzz.test.ts` (short runs in `npm test`) and
 * `scripts/fuzz.ts` (long campaigns, `npm run fuzz`). It knows no parser by name: targets are
 * THE list `PARSERS`, and each parser's seed corpus is found on disk, so a parser added to the list
 * is fuzzed without touching this file.
 *
 * Seeds: `src/parsers/**` files named `*.sample.*` or lying in a `fixtures/` folder, plus every
 * artifact file of `samples/<bundle>/` (its manifest says which artifact it is). A seed belongs to
 * a parser when its manifest artifact id is the parser's (and the parser sniffs it, where several
 * parsers share the id), or when the parser's `sniff` accepts its head. A parser with no seed of
 * its own is seeded with the whole corpus.
 *
 * The property (the parser contract of src/shared/parse.ts): a parser returns `{ value, issues }`
 * (issues with a string code, a known severity and a message) or throws `ParseError`; it never
 * throws anything else, never takes more than a bounded time, and never produces a value out of
 * proportion to its input (entity expansion, lying length fields).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { PARSERS } from '../artifacts/parsers.js';
import {
  bytesFile,
  HEAD_BYTES,
  HeadSniffer,
  runParserOn,
  runTextParser,
} from '../artifacts/run.js';
import { ParseError, SNIFF, type ArtifactParser, type ParseResult } from '../shared/parse.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

export interface Seed {
  /** Path relative to the repository root. */
  file: string;
  bytes: Buffer;
}

export interface FuzzTarget {
  /** `artifactId/input`, unique over PARSERS (an index is added if two would collide). */
  name: string;
  parser: ArtifactParser;
  seeds: Seed[];
}

/** Largest seed used (bigger fixtures are cut here so one case stays cheap). */
const MAX_SEED = 256 * 1024;

function walk(dir: string, keep: (path: string) => boolean, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, keep, out);
    else if (st.isFile() && keep(full)) out.push(full);
  }
  return out;
}

const read = (full: string): Seed => {
  const bytes = readFileSync(full);
  return {
    file: relative(ROOT, full),
    bytes: bytes.length > MAX_SEED ? bytes.subarray(0, MAX_SEED) : bytes,
  };
};

/** Every sample and fixture file beside the parsers, and the pasted fragments, with no artifact id known. */
function parserSamples(): Seed[] {
  return [
    ...walk(
      join(ROOT, 'src/parsers'),
      (p) => /\.sample\./.test(p) || (/[/\\]fixtures[/\\]/.test(p) && !/\.md$/i.test(p)),
    ),
    // samples/pasted (issue 17): fragments as people paste them, each seeding the parsers that sniff it.
    ...walk(join(ROOT, 'samples/pasted'), (p) => /\.txt$/.test(p)),
  ].map(read);
}

/** Artifact files of the sample bundles, with the id their manifest gives them. */
function bundleSamples(): (Seed & { artifactId: string })[] {
  const out: (Seed & { artifactId: string })[] = [];
  const dir = join(ROOT, 'samples');
  let bundles: string[];
  try {
    bundles = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const b of bundles) {
    let manifest: { artifacts?: { id?: unknown; path?: unknown }[] };
    try {
      manifest = JSON.parse(readFileSync(join(dir, b, 'manifest.json'), 'utf8')) as typeof manifest;
    } catch {
      continue;
    }
    for (const a of manifest.artifacts ?? []) {
      if (typeof a.id !== 'string' || typeof a.path !== 'string') continue;
      const full = join(dir, b, a.path);
      const files = a.path.endsWith('/') ? walk(full, () => true) : [full];
      for (const f of files) {
        try {
          out.push({ ...read(f), artifactId: a.id });
        } catch {
          // listed but not present (failed artifact)
        }
      }
    }
  }
  return out;
}

function sniffs(parser: ArtifactParser, bytes: Buffer): boolean {
  return new HeadSniffer(bytes.subarray(0, HEAD_BYTES)).score(parser) >= SNIFF.low;
}

let cachedTargets: FuzzTarget[] | undefined;

/** One target per parser of PARSERS, with its seeds. */
export function fuzzTargets(): FuzzTarget[] {
  if (cachedTargets) return cachedTargets;
  const loose = parserSamples();
  const bundled = bundleSamples();
  const all: Seed[] = [...loose, ...bundled];
  const names = new Map<string, number>();
  cachedTargets = PARSERS.map((parser) => {
    const sameId = PARSERS.filter((p) => p.artifactId === parser.artifactId).length;
    const own = new Map<string, Seed>();
    for (const s of bundled)
      if (s.artifactId === parser.artifactId && (sameId === 1 || sniffs(parser, s.bytes)))
        own.set(s.file, s);
    for (const s of loose) if (sniffs(parser, s.bytes)) own.set(s.file, s);
    let name = `${parser.artifactId}/${parser.input}`;
    const n = names.get(name) ?? 0;
    names.set(name, n + 1);
    if (n > 0) name += `#${n + 1}`;
    return { name, parser, seeds: own.size > 0 ? [...own.values()] : all };
  });
  return cachedTargets;
}

/** Every seed of every target (for cross-feeding one format to another parser). */
export function allSeeds(): Seed[] {
  const m = new Map<string, Seed>();
  for (const t of fuzzTargets()) for (const s of t.seeds) m.set(s.file, s);
  return [...m.values()];
}

// ---------------------------------------------------------------------------------------------
// Running one case

export type FuzzInput = Uint8Array | string;

export interface Outcome {
  ok: boolean;
  /** What broke the contract (undefined when ok). */
  failure?: string;
  ms: number;
  /** `returned` or the ParseError code. */
  result: string;
}

export interface Bounds {
  /** Per case, milliseconds (generous: the machine is shared)... */
  maxMs: number;
  /** ... plus this many per MiB of input: slow but linear is tolerated, quadratic is not. */
  msPerMiB: number;
  /** Output may be this many times the input size, plus `outputSlack` bytes. */
  outputFactor: number;
  outputSlack: number;
}

export const DEFAULT_BOUNDS: Bounds = {
  maxMs: 5000,
  msPerMiB: 5000,
  outputFactor: 64,
  outputSlack: 4 << 20,
};

/**
 * Feeds `input` to the parser through src/artifacts/run.ts, as the loader does (decoded and capped
 * for text parsers, streamed in `chunk`-byte pieces for binary ones). A string goes to a text
 * parser as it is (no decoding step to hide behind).
 */
export function feed(
  parser: ArtifactParser,
  input: FuzzInput,
  chunk?: number,
): ParseResult<unknown> {
  const path = 'fuzz/input';
  if (parser.input === 'text' && typeof input === 'string')
    return runTextParser(parser, path, parser.artifactId, input);
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  return runParserOn(parser, bytesFile(path, bytes, chunk), parser.artifactId);
}

/**
 * Approximate serialised size of a value, walking at most `limit` bytes' worth (so a billion-laughs
 * value is measured without being built as a string). Shared references are counted each time,
 * as JSON would.
 */
export function approxSize(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  const seen = new Set<unknown>();
  while (stack.length > 0 && size <= limit) {
    const v = stack.pop();
    if (v === null || v === undefined) size += 4;
    else if (typeof v === 'string') size += v.length + 2;
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') size += 8;
    else if (v instanceof Uint8Array) size += v.length * 2;
    else if (typeof v === 'object') {
      // A cycle would make JSON output fail; count it once and move on.
      if (seen.has(v)) {
        size += 8;
        continue;
      }
      seen.add(v);
      if (Array.isArray(v)) {
        size += 2 + v.length;
        for (const x of v) stack.push(x);
      } else if (v instanceof Map || v instanceof Set) {
        size += 2;
        for (const x of v instanceof Map ? [...v.entries()] : [...v]) stack.push(x);
      } else {
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          size += k.length + 4;
          stack.push(x);
        }
      }
    }
  }
  return size;
}

const SEVERITIES = new Set(['error', 'warning', 'info']);

function inputLength(input: FuzzInput): number {
  return typeof input === 'string' ? input.length * 2 : input.length;
}

/** A sniff reads at most 8 KiB: anything slower than this is a backtracking regex. */
const SNIFF_MAX_MS = 250;

/**
 * The sniff contract: on the input's head it answers a boolean or a number in 0 … 1 (never NaN),
 * never throws, and stays cheap. Returns what broke it, or undefined.
 */
export function sniffFailure(parser: ArtifactParser, input: FuzzInput): string | undefined {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  // The head the loader sniffs: 8 KiB, decoded the same way for text.
  const head = new HeadSniffer(bytes.subarray(0, HEAD_BYTES));
  if (parser.input === 'text') head.headText();
  const once = (): { r: unknown; ms: number } => {
    const start = performance.now();
    const r = head.raw(parser);
    return { r, ms: performance.now() - start };
  };
  let r: unknown;
  let ms: number;
  try {
    ({ r, ms } = once());
    // A slow first run on a shared machine may be a pause: the second run decides.
    if (ms > SNIFF_MAX_MS) ms = Math.min(ms, once().ms);
  } catch (e) {
    return `sniff threw ${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}`;
  }
  if (typeof r !== 'boolean' && (typeof r !== 'number' || !(r >= 0 && r <= 1)))
    return `sniff answered ${String(r)}, not a boolean or a score in 0 … 1`;
  if (ms > SNIFF_MAX_MS) return `sniff took ${Math.round(ms)} ms on an 8 KiB head`;
  return undefined;
}

/** Runs one case and checks the contract. Never throws. */
export function check(
  parser: ArtifactParser,
  input: FuzzInput,
  bounds: Bounds = DEFAULT_BOUNDS,
  chunk?: number,
): Outcome {
  const sniffed = sniffFailure(parser, input);
  if (sniffed) return { ok: false, failure: sniffed, ms: 0, result: 'sniff' };
  const maxMs = bounds.maxMs + (bounds.msPerMiB * inputLength(input)) / (1 << 20);
  const start = performance.now();
  let r: ParseResult<unknown>;
  try {
    r = feed(parser, input, chunk);
  } catch (e) {
    const ms = performance.now() - start;
    if (e instanceof ParseError) {
      const slow =
        ms > maxMs ? `took ${Math.round(ms)} ms (limit ${Math.round(maxMs)})` : undefined;
      return slow
        ? { ok: false, failure: slow, ms, result: e.code }
        : { ok: true, ms, result: e.code };
    }
    const err = e as Error;
    return {
      ok: false,
      failure: `threw ${err?.name ?? typeof e}: ${err?.message ?? String(e)}\n${(err?.stack ?? '').split('\n').slice(1, 6).join('\n')}`,
      ms,
      result: 'exception',
    };
  }
  const ms = performance.now() - start;
  const fail = (failure: string): Outcome => ({ ok: false, failure, ms, result: 'returned' });
  if (r === null || typeof r !== 'object' || !('value' in r)) return fail('returned no { value }');
  if (!Array.isArray(r.issues)) return fail('returned no issues array');
  for (const i of r.issues) {
    if (
      i === null ||
      typeof i !== 'object' ||
      typeof i.code !== 'string' ||
      typeof i.message !== 'string' ||
      !SEVERITIES.has(i.severity)
    )
      return fail(`returned a malformed issue: ${JSON.stringify(i)?.slice(0, 200)}`);
  }
  if (ms > maxMs) return fail(`took ${Math.round(ms)} ms (limit ${Math.round(maxMs)})`);
  const limit = inputLength(input) * bounds.outputFactor + bounds.outputSlack;
  const size = approxSize(r, limit);
  if (size > limit)
    return fail(`output of more than ${limit} bytes for ${inputLength(input)} bytes of input`);
  return { ok: true, ms, result: 'returned' };
}

// ---------------------------------------------------------------------------------------------
// Inputs

const enc = (s: string): Buffer => Buffer.from(s, 'utf8');
const u16le = (s: string): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const u16be = (s: string): Buffer => {
  const b = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), b]);
};

/** Tokens that tend to break parsers: delimiters, markup, numbers at the edge, encodings. */
export const TOKENS: readonly Buffer[] = [
  '\0',
  '\r',
  '\n',
  '\r\n',
  '\t',
  ' : ',
  ':',
  '=',
  '"',
  "'",
  ',',
  ';',
  '{',
  '}',
  '[',
  ']',
  '<',
  '>',
  '</',
  '/>',
  '<![CDATA[',
  ']]>',
  '<!--',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
  '&a;',
  '&#0;',
  '&#x110000;',
  '&lt;',
  '0',
  '-1',
  '4294967295',
  '18446744073709551616',
  '1e309',
  'NaN',
  '0x',
  '0xFFFFFFFF',
  '9'.repeat(400),
  '\\',
  '\\\\?\\',
  '..',
  '%s%n',
  '__proto__',
  'constructor',
  '\u2028',
  '\uFEFF',
  '\uFFFD',
  '\uD800',
  '中文',
  'SSL Certificate bindings:',
  'IP:port',
  'Certificate Hash',
  'HKEY_LOCAL_MACHINE\\',
  'Windows Registry Editor Version 5.00',
  '"x"=dword:',
  'hex(7):',
  '<Event xmlns=',
  '<EventData><Data Name=',
  'TCP    0.0.0.0:443',
  '-----BEGIN CERTIFICATE-----',
  '================ Certificate 0 ================',
  'NT AUTHORITY\\SYSTEM:(F)',
  '<site name=',
  '<binding protocol="https" bindingInformation=',
  'SITE "x" (id:1,bindings:https/*:443:,state:Started)',
]
  .map(enc)
  .concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from([0xfe, 0xff]),
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from([0xc0, 0x80]),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from([0xf4, 0x90, 0x80, 0x80]),
    Buffer.from([0x80]),
    Buffer.from([0xff, 0xff, 0xff, 0xff]),
    Buffer.from([0x7f, 0xff, 0xff, 0xff]),
    Buffer.from([0x00, 0x00, 0x00, 0x00]),
    Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]),
    Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff]),
    Buffer.from([0x0a, 0x0d, 0x0d, 0x0a]),
    Buffer.from([0xd4, 0xc3, 0xb2, 0xa1]),
  ]);

type Mutation = (b: Buffer, rnd: (n: number) => number, other: Buffer) => Buffer;

const MUTATIONS: readonly Mutation[] = [
  // flip a byte
  (b, r) => {
    if (b.length === 0) return b;
    const c = Buffer.from(b);
    c[r(c.length)] = r(256);
    return c;
  },
  // flip a bit
  (b, r) => {
    if (b.length === 0) return b;
    const c = Buffer.from(b);
    const i = r(c.length);
    c[i] = c[i]! ^ (1 << r(8));
    return c;
  },
  // delete a range
  (b, r) => {
    const i = r(b.length + 1);
    const n = 1 + r(Math.min(256, b.length - i + 1));
    return Buffer.concat([b.subarray(0, i), b.subarray(i + n)]);
  },
  // insert a token
  (b, r) => {
    const i = r(b.length + 1);
    return Buffer.concat([b.subarray(0, i), TOKENS[r(TOKENS.length)]!, b.subarray(i)]);
  },
  // duplicate a range
  (b, r) => {
    const i = r(b.length + 1);
    const n = r(Math.min(4096, b.length - i + 1));
    return Buffer.concat([b.subarray(0, i + n), b.subarray(i, i + n), b.subarray(i + n)]);
  },
  // splice in part of another seed
  (b, r, o) => {
    const i = r(b.length + 1);
    const j = r(o.length + 1);
    return Buffer.concat([b.subarray(0, i), o.subarray(j, j + r(2048)), b.subarray(i)]);
  },
  // truncate
  (b, r) => b.subarray(0, r(b.length + 1)),
  // overwrite 4 bytes with an edge integer (length fields)
  (b, r) => {
    if (b.length < 4) return b;
    const c = Buffer.from(b);
    const edge = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff][r(9)]!;
    const i = r(c.length - 3);
    if (r(2)) c.writeUInt32LE(edge >>> 0, i);
    else c.writeUInt32BE(edge >>> 0, i);
    return c;
  },
  // shuffle two lines
  (b, r) => {
    const lines = b.toString('latin1').split('\n');
    if (lines.length < 2) return b;
    const i = r(lines.length);
    const j = r(lines.length);
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  // indent / quote every line (mail and Markdown mangling)
  (b, r) =>
    Buffer.from(
      b
        .toString('latin1')
        .split('\n')
        .map((l) => ['> ', '    ', '\t', ''][r(4)] + l)
        .join('\n'),
      'latin1',
    ),
];

/** Applies 1..n random mutations drawn from `seed` (a plain number, so fast-check can shrink it). */
export function mutate(bytes: Buffer, other: Buffer, seed: number, count: number): Buffer {
  let s = seed >>> 0 || 1;
  const rnd = (n: number): number => {
    // xorshift32: deterministic for a given seed, so a failure reproduces
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return n <= 0 ? 0 : s % n;
  };
  let b = bytes;
  for (let k = 0; k < count; k++) b = MUTATIONS[rnd(MUTATIONS.length)]!(b, rnd, other);
  return b;
}

/** Re-encodes text seeds the way they arrive: UTF-16LE/BE with BOM, BOM-less UTF-16, odd lengths. */
export function reencode(bytes: Buffer, how: number): Buffer {
  const s = bytes.toString('utf8');
  switch (how % 6) {
    case 0:
      return u16le(s);
    case 1:
      return u16be(s);
    case 2:
      return Buffer.from(s, 'utf16le');
    case 3:
      return u16le(s).subarray(0, Math.max(0, u16le(s).length - 1)); // odd length
    case 4:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    default:
      return Buffer.from(s, 'latin1');
  }
}

/** Offsets at which to truncate a seed: every offset when `limit` allows, else spread evenly. */
export function truncationOffsets(length: number, limit: number): number[] {
  if (length + 1 <= limit) return Array.from({ length: length + 1 }, (_, i) => i);
  const out = new Set<number>([0, 1, 2, 3, 4, length - 1, length]);
  for (let k = 0; out.size < limit && k < limit; k++)
    out.add(Math.floor(((k + 0.5) * length) / limit));
  return [...out].filter((n) => n >= 0 && n <= length).sort((a, b) => a - b);
}

// pcap / pcapng builders with lying fields ---------------------------------------------------

function pcapHeader(snaplen: number, linkType = 1): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(snaplen >>> 0, 16);
  h.writeUInt32LE(linkType >>> 0, 20);
  return h;
}

function pcapRecord(incl: number, orig: number, body: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(1, 0);
  h.writeUInt32LE(incl >>> 0, 8);
  h.writeUInt32LE(orig >>> 0, 12);
  return Buffer.concat([h, body]);
}

function pcapngBlock(type: number, body: Buffer, lying?: number, trailer?: number): Buffer {
  const len = 12 + body.length;
  const h = Buffer.alloc(8);
  h.writeUInt32LE(type >>> 0, 0);
  h.writeUInt32LE((lying ?? len) >>> 0, 4);
  const t = Buffer.alloc(4);
  t.writeUInt32LE((trailer ?? lying ?? len) >>> 0, 0);
  return Buffer.concat([h, body, t]);
}

function shb(): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(0x1a2b3c4d, 0);
  b.writeUInt16LE(1, 4);
  b.writeBigInt64LE(-1n, 8);
  return pcapngBlock(0x0a0d0d0a, b);
}

function idb(snaplen: number, linkType = 1): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16LE(linkType, 0);
  b.writeUInt32LE(snaplen >>> 0, 4);
  return pcapngBlock(1, b);
}

function epb(capLen: number, origLen: number, data: Buffer, iface = 0): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt32LE(iface, 0);
  b.writeUInt32LE(capLen >>> 0, 12);
  b.writeUInt32LE(origLen >>> 0, 16);
  const pad = Buffer.alloc((4 - (data.length % 4)) % 4);
  return pcapngBlock(6, Buffer.concat([b, data, pad]));
}

/** An Ethernet/IPv4/TCP frame to port 443 carrying `payload` (checksums left zero). */
export function tcpFrame(payload: Buffer, seq = 1): Buffer {
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 20 + payload.length, 2);
  ip[8] = 64;
  ip[9] = 6;
  ip.set([10, 0, 0, 1], 12);
  ip.set([10, 0, 0, 2], 16);
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(50000, 0);
  tcp.writeUInt16BE(443, 2);
  tcp.writeUInt32BE(seq >>> 0, 4);
  tcp[12] = 0x50;
  tcp[13] = 0x18;
  tcp.writeUInt16BE(65535, 14);
  return Buffer.concat([eth, ip, tcp, payload]);
}

/** A TLS record whose handshake message claims `msgLen` bytes (up to 16 MiB). */
function lyingHello(recordLen: number, msgLen: number): Buffer {
  const rec = Buffer.alloc(5 + 4 + 2);
  rec[0] = 0x16;
  rec.writeUInt16BE(0x0301, 1);
  rec.writeUInt16BE(recordLen & 0xffff, 3);
  rec[5] = 1;
  rec.writeUIntBE(msgLen & 0xffffff, 6, 3);
  rec.writeUInt16BE(0x0303, 9);
  return rec;
}

// ---------------------------------------------------------------------------------------------
// Fixed hostile inputs: every parser gets every one of them (a format's attack is another's noise)

export interface HostileCase {
  name: string;
  input: () => FuzzInput;
}

const lines = (n: number, line: string): string =>
  Array.from({ length: n }, () => line).join('\r\n');

export const HOSTILE: readonly HostileCase[] = [
  { name: 'empty', input: () => Buffer.alloc(0) },
  { name: 'one NUL', input: () => Buffer.alloc(1) },
  { name: '64 KiB of NUL bytes', input: () => Buffer.alloc(65536) },
  { name: 'only a UTF-16LE BOM', input: () => Buffer.from([0xff, 0xfe]) },
  { name: 'UTF-16LE BOM and an odd byte', input: () => Buffer.from([0xff, 0xfe, 0x41]) },
  {
    name: 'UTF-16LE with lone surrogates',
    input: () => Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00, 0x00, 0xdc, 0x0a, 0x00]),
  },
  {
    name: 'invalid UTF-8 everywhere',
    input: () =>
      Buffer.from(Array.from({ length: 8192 }, (_, i) => [0xc0, 0xff, 0x80, 0xed][i % 4]!)),
  },
  {
    name: 'prototype keys as labels, names and tags',
    input: () =>
      [
        'SSL Certificate bindings:',
        '    IP:port                      : 0.0.0.0:443',
        ...[
          'constructor',
          '__proto__',
          'toString',
          'hasOwnProperty',
          'valueOf',
          'prototype',
        ].flatMap((k) => [
          `    ${k}  : 0.0.0.0:443`,
          `${k}: x`,
          `"${k}"=dword:00000001`,
          `[${k}]`,
          `<${k}>x</${k}>`,
          `${k},${k}`,
          `  TCP    0.0.0.0:443  0.0.0.0:0  ${k}  4`,
          `${k} = ${k}`,
        ]),
        '{"constructor":{"prototype":{"x":1}},"__proto__":{"x":1},"toString":1}',
      ].join('\r\n'),
  },
  { name: 'a 4 MiB line of A', input: () => 'A'.repeat(4 << 20) },
  { name: 'a 1 MiB line of separators', input: () => ': = , " < > { ['.repeat(1 << 16) },
  { name: 'a 1 MiB line of spaces then a colon', input: () => ' '.repeat(1 << 20) + ':' },
  { name: '200,000 empty lines', input: () => '\r\n'.repeat(200_000) },
  { name: '100,000 lone CRs', input: () => '\r'.repeat(100_000) },
  {
    name: '50,000 sslcert-like records',
    input: () =>
      lines(
        50_000,
        '    IP:port                      : 0.0.0.0:443\r\n    Certificate Hash             : ',
      ),
  },
  {
    name: '20,000 netstat lines',
    input: () =>
      lines(20_000, '  TCP    0.0.0.0:443            0.0.0.0:0              LISTENING       4'),
  },
  {
    name: '50,000 registry keys',
    input: () =>
      'Windows Registry Editor Version 5.00\r\n\r\n' +
      lines(50_000, '[HKEY_LOCAL_MACHINE\\SYSTEM\\x]\r\n"a"=dword:ffffffff'),
  },
  {
    name: 'a registry value continued over 100,000 lines',
    input: () =>
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\x]\r\n"a"=hex:' +
      lines(100_000, '  00,\\'),
  },
  { name: '40,000 unclosed DOCTYPEs', input: () => '<!DOCTYPE x ['.repeat(40_000) },
  { name: '40,000 unclosed comments', input: () => '<!--'.repeat(40_000) + '<sites>' },
  { name: '40,000 unclosed CDATA sections', input: () => '<![CDATA['.repeat(40_000) },
  { name: '40,000 unclosed tags', input: () => '<Event <site <binding '.repeat(13_000) },
  { name: 'XML nested 100,000 deep', input: () => '<a>'.repeat(100_000) + '</a>'.repeat(100_000) },
  {
    name: 'event XML nested 50,000 deep inside an Event',
    input: () =>
      '<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>' +
      '<x>'.repeat(50_000) +
      '</x>'.repeat(50_000) +
      '</System></Event></Events>',
  },
  {
    name: 'billion laughs',
    input: () => {
      let d = '<!DOCTYPE lolz [<!ENTITY lol "lol">';
      for (let i = 1; i < 10; i++)
        d += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
      return `<?xml version="1.0"?>${d}]><Events><Event><System><Provider Name="&lol9;"/><EventID>&lol9;</EventID></System><EventData><Data Name="x">&lol9;</Data></EventData></Event></Events>`;
    },
  },
  {
    name: 'billion laughs in applicationHost.config',
    input: () => {
      let d = '<!DOCTYPE c [<!ENTITY a0 "aaaaaaaaaa">';
      for (let i = 1; i < 10; i++) d += `<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`;
      return `<?xml version="1.0"?>${d}]><configuration><system.applicationHost><sites><site name="&a9;" id="1"><bindings><binding protocol="https" bindingInformation="&a9;" /></bindings></site></sites></system.applicationHost></configuration>`;
    },
  },
  {
    name: 'external entity (XXE)',
    input: () =>
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Events><Event><System><Provider Name="&xxe;"/></System></Event></Events>',
  },
  {
    name: '100,000 attributes on one element',
    input: () =>
      `<Events><Event ${Array.from({ length: 100_000 }, (_, i) => `a${i}="x"`).join(' ')}></Event></Events>`,
  },
  { name: 'JSON nested 100,000 deep', input: () => '['.repeat(100_000) + ']'.repeat(100_000) },
  {
    name: 'JSON objects nested 50,000 deep',
    input: () => '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
  },
  {
    name: 'JSON with __proto__ keys',
    input: () =>
      '[{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"Thumbprint":"AA"}]',
  },
  {
    name: 'PowerShell dates out of range',
    input: () =>
      '[{"Thumbprint":"AA","NotAfter":"\\/Date(99999999999999999999)\\/","NotBefore":"/Date(-8640000000000001)/",' +
      '"TimeCreated":"/Date(8640000000000001+0000)/","Date":"+275760-09-13T00:00:00.001Z"}]',
  },
  {
    name: 'JSON huge number',
    input: () => `[{"LocalPort":1e309,"OwningProcess":${'9'.repeat(1000)}}]`,
  },
  {
    name: 'CSV with a 1 MiB quoted field',
    input: () => `"Image Name","PID"\r\n"${'x'.repeat(1 << 20)}","4"`,
  },
  {
    name: 'CSV with an unterminated quote',
    input: () => `"Image Name","PID","Services"\r\n"a,${'b\r\n'.repeat(10_000)}`,
  },
  {
    name: 'PEM with a 2 MiB body',
    input: () =>
      `-----BEGIN CERTIFICATE-----\n${'QUFB'.repeat(1 << 19)}\n-----END CERTIFICATE-----\n`,
  },
  {
    name: 'PEM with an invalid body',
    input: () => '-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n',
  },
  {
    name: 'DER with a 4 GB length',
    input: () => Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30, 0x00]),
  },
  {
    name: 'DER with a 2^64 length',
    input: () => Buffer.from([0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]),
  },
  {
    name: 'DER with a 127-byte length',
    input: () => Buffer.concat([Buffer.from([0x30, 0xff]), Buffer.alloc(127, 0xff)]),
  },
  {
    name: 'DER nested 10,000 deep',
    input: () =>
      Buffer.concat([
        ...Array.from({ length: 10_000 }, () => Buffer.from([0x30, 0x80])),
        Buffer.alloc(20_000),
      ]),
  },
  { name: 'pcap header only, snaplen 4 GiB', input: () => pcapHeader(0xffffffff) },
  {
    name: 'pcap record with incl_len 4 GiB',
    input: () =>
      Buffer.concat([pcapHeader(0xffffffff), pcapRecord(0xffffffff, 0xffffffff, Buffer.alloc(64))]),
  },
  {
    name: 'pcap record with incl_len 2 GiB - 1',
    input: () => Buffer.concat([pcapHeader(65535), pcapRecord(0x7fffffff, 60, Buffer.alloc(64))]),
  },
  {
    name: 'pcap record with incl_len 16 MiB',
    input: () =>
      Buffer.concat([pcapHeader(65535), pcapRecord(16 << 20, 16 << 20, Buffer.alloc(64))]),
  },
  {
    name: 'pcap record with incl_len > orig_len',
    input: () =>
      Buffer.concat([pcapHeader(65535), pcapRecord(200, 10, tcpFrame(Buffer.alloc(146)))]),
  },
  {
    name: 'pcap with 20,000 records of 0 bytes',
    input: () =>
      Buffer.concat([
        pcapHeader(65535),
        ...Array.from({ length: 20_000 }, () => pcapRecord(0, 0, Buffer.alloc(0))),
      ]),
  },
  {
    name: 'pcap with an unknown link type',
    input: () => Buffer.concat([pcapHeader(65535, 0xffff), pcapRecord(60, 60, Buffer.alloc(60))]),
  },
  {
    name: 'pcap TLS record claiming a 16 MiB handshake',
    input: () => {
      const f = tcpFrame(lyingHello(0xffff, 0xffffff));
      return Buffer.concat([pcapHeader(65535), pcapRecord(f.length, f.length, f)]);
    },
  },
  {
    name: 'pcap with 5,000 TLS segments each claiming a 16 MiB handshake on a new connection',
    input: () => {
      const recs: Buffer[] = [pcapHeader(65535)];
      for (let i = 0; i < 5000; i++) {
        const f = tcpFrame(lyingHello(0xffff, 0xffffff));
        f.writeUInt16BE(1024 + i, 34); // new source port each time
        recs.push(pcapRecord(f.length, f.length, f));
      }
      return Buffer.concat(recs);
    },
  },
  {
    name: 'pcap with 3,000 out-of-order TLS segments on one connection',
    input: () => {
      const recs: Buffer[] = [pcapHeader(65535)];
      for (let i = 0; i < 3000; i++) {
        const f = tcpFrame(Buffer.alloc(1000, 0x16), 1 + (3000 - i) * 100_000);
        recs.push(pcapRecord(f.length, f.length, f));
      }
      return Buffer.concat(recs);
    },
  },
  { name: 'pcapng SHB only', input: () => shb() },
  {
    name: 'pcapng block claiming 4 GiB',
    input: () => Buffer.concat([shb(), pcapngBlock(6, Buffer.alloc(32), 0xfffffff0)]),
  },
  {
    name: 'pcapng block length not a multiple of 4',
    input: () => Buffer.concat([shb(), pcapngBlock(6, Buffer.alloc(32), 45)]),
  },
  {
    name: 'pcapng block length smaller than its header',
    input: () => Buffer.concat([shb(), pcapngBlock(6, Buffer.alloc(32), 4)]),
  },
  {
    name: 'pcapng trailer length disagreeing',
    input: () =>
      Buffer.concat([shb(), idb(65535), pcapngBlock(6, Buffer.alloc(32), undefined, 999)]),
  },
  {
    name: 'pcapng IDB with snaplen 4 GiB and an EPB lying about its capture length',
    input: () =>
      Buffer.concat([
        shb(),
        idb(0xffffffff),
        epb(0xfffffff0, 0xfffffff0, tcpFrame(Buffer.alloc(10))),
      ]),
  },
  {
    name: 'pcapng EPB on an interface that does not exist',
    input: () => Buffer.concat([shb(), idb(65535), epb(60, 60, tcpFrame(Buffer.alloc(6)), 0xffff)]),
  },
  {
    name: 'pcapng SHB with a bad byte-order magic',
    input: () => {
      const b = shb();
      b.writeUInt32LE(0xdeadbeef, 8);
      return Buffer.concat([b, idb(65535)]);
    },
  },
  {
    name: 'pcapng 10,000 IDBs',
    input: () => Buffer.concat([shb(), ...Array.from({ length: 10_000 }, () => idb(65535))]),
  },
];

// ---------------------------------------------------------------------------------------------
// fast-check arbitraries

/** One fuzz case for a target: how it was made (for the report) and the input. */
export interface Case {
  kind: string;
  input: FuzzInput;
  chunk?: number;
}

export function caseArbitrary(target: FuzzTarget, crossSeeds: Seed[]): fc.Arbitrary<Case> {
  const seeds = target.seeds.length > 0 ? target.seeds : crossSeeds;
  const seedIdx = fc.nat({ max: seeds.length - 1 });
  const crossIdx = fc.nat({ max: Math.max(0, crossSeeds.length - 1) });
  const chunk = fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 70_000 }));
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc
        .uint8Array({ maxLength: 4096 })
        .map((b): Case => ({ kind: 'random bytes', input: b })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ unit: 'binary', maxLength: 2048 })
        .map((s): Case => ({ kind: 'random text', input: s })),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.nat({ max: TOKENS.length - 1 }), { maxLength: 200 })
        .map((ix): Case => ({
          kind: 'token soup',
          input: Buffer.concat(ix.map((i) => TOKENS[i]!)),
        })),
    },
    {
      weight: 6,
      arbitrary: fc
        .tuple(seedIdx, crossIdx, fc.nat(), fc.integer({ min: 1, max: 8 }), chunk)
        .map(([i, j, s, n, c]): Case => {
          const base = seeds[i]!.bytes;
          const other = crossSeeds[j]?.bytes ?? base;
          return {
            kind: 'mutated sample',
            input: mutate(base, other, s, n),
            ...(c !== undefined && { chunk: c }),
          };
        }),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(seedIdx, fc.nat(), chunk).map(([i, at, c]): Case => {
        const b = seeds[i]!.bytes;
        return {
          kind: 'truncated sample',
          input: b.subarray(0, at % (b.length + 1)),
          ...(c !== undefined && { chunk: c }),
        };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(seedIdx, fc.nat(), fc.nat()).map(([i, how, s]): Case => ({
        kind: 're-encoded sample',
        input: mutate(reencode(seeds[i]!.bytes, how), seeds[i]!.bytes, s, s % 3),
      })),
    },
    {
      weight: 1,
      arbitrary: crossIdx.map((j): Case => ({
        kind: 'another format',
        input: crossSeeds[j]?.bytes ?? Buffer.alloc(0),
      })),
    },
  );
}

/** Short text for a failing input, so a report can quote it. */
export function describeInput(c: Case): string {
  const b = typeof c.input === 'string' ? Buffer.from(c.input, 'utf8') : Buffer.from(c.input);
  const head = b.subarray(0, 96).toString('hex');
  return `${c.kind}, ${b.length} bytes${c.chunk ? `, chunks of ${c.chunk}` : ''}, head ${head}${b.length > 96 ? '…' : ''}`;
}
