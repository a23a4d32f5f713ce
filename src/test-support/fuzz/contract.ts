/**
 * One fuzz case run against the parser contract of src/shared/parse.ts: `{ value, issues }` or
 * ParseError, nothing else thrown, bounded time, a value in proportion to its input.
 */
import {
  bytesFile,
  HEAD_BYTES,
  HeadSniffer,
  runParserOn,
  runTextParser,
} from '../../artifacts/run.js';
import { ParseError, type ArtifactParser, type ParseResult } from '../../shared/parse.js';

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
