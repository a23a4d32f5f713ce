/**
 * The parser contract. A parser is a pure function `(input, context) → { value, issues }`.
 * Issues are values, not exceptions: partly broken input yields partial data plus issues, and a
 * parser throws ParseError only when nothing usable remains.
 */

import type { ArtifactId } from './artifact-ids.js';

export type { ArtifactId } from './artifact-ids.js';

export type IssueSeverity = 'error' | 'warning' | 'info';

/** Codes shared by every parser; each parser adds its own closed union on top. */
export type CommonIssueCode =
  | 'decode-guessed' // the text encoding was inferred, not declared
  | 'decode-replacement' // bytes that are invalid in the chosen encoding were replaced
  | 'unrecognized-line' // a line that fits no known shape was skipped
  | 'missing-field' // a record lacks a field it should have
  | 'invalid-value' // a field's value is malformed
  | 'duplicate-record' // the same key appears twice; the later one is kept
  | 'truncated' // the input ends in the middle of a record
  | 'empty-input' // nothing to parse
  | 'limit-exceeded' // a size / count limit stopped parsing early
  | 'unsupported-variant'; // a known but unsupported variant of the format

export interface ParseIssue<C extends string = string> {
  code: C;
  severity: IssueSeverity;
  message: string;
  /** 1-based line in the decoded text, for text input. */
  line?: number;
  column?: number;
  /** Byte offset, for binary input. */
  offset?: number;
  /** Frame / packet number, for captures. */
  frame?: number;
  /**
   * The values the message names, so a report can say it in the reader's language from the code
   * (`issue.<code>` in src/report/i18n/issues.ts); the message stays the English text.
   */
  params?: Record<string, string | number>;
}

export interface ParseResult<T, C extends string = string> {
  value: T;
  issues: ParseIssue<C>[];
}

/** What every parser is told about its input. */
export interface ParseContext {
  artifactId: string;
  /** Path inside the bundle, forward slashes. */
  path: string;
  /**
   * The collecting host's format culture (manifest `host.culture`, Get-Culture, e.g. `fr-FR`)
   * when the bundle says it: how a parser reads host-formatted text such as certutil's local
   * dates. Not the UI culture: an English UI with British formats prints dates day first.
   */
  hostCulture?: string;
  /** The host's short date pattern with the user's overrides (manifest `host.shortDatePattern`, `dd/MM/yyyy`). */
  hostShortDatePattern?: string;
}

/** A decoded text artifact, as parsers receive it. `lines` are split on CRLF / LF / CR. */
export interface TextInput extends ParseContext {
  text: string;
  lines: string[];
}

/** Thrown only when nothing usable remains. */
export class ParseError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly position?: { line?: number; offset?: number },
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

/** Small helper so parsers do not repeat the issue object literal everywhere. */
export function issue<C extends string>(
  code: C,
  message: string,
  where: { line?: number; column?: number; offset?: number; frame?: number } = {},
  severity: IssueSeverity = 'warning',
): ParseIssue<C> {
  return { code, severity, message, ...where };
}

/** Splits decoded text into lines on CRLF, LF or lone CR. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Builds a TextInput from text and context. */
export function textInput(ctx: ParseContext, text: string): TextInput {
  return { ...ctx, text, lines: splitLines(text) };
}

/** What the bundle says about a text's encoding (src/artifacts/decode.ts decides with it). */
export interface DecodeHints {
  /** Encoding declared by the manifest or the --encoding flag. */
  declared?: string;
  /** Host's OEM code page (console tools) from the manifest, e.g. 936, 437. */
  oemCodePage?: number;
  /** Host's ANSI code page, e.g. 1252, 936. */
  ansiCodePage?: number;
}

/** How a streaming parser asks for chunks. */
export interface ChunkOptions {
  /**
   * The consumer keeps no reference into a chunk once it asks for the next one (it copies what it
   * keeps), so the reader may read every chunk into the same buffer instead of a fresh one (a
   * fresh 1 MiB buffer per read floats ~40 MiB of dead chunks until the GC). Off by default:
   * consumers that keep chunks (whole-file readers) get fresh buffers.
   */
  reuse?: boolean;
}

/** A binary artifact, read in chunks so streaming parsers keep memory bounded. */
export interface BinaryInput extends ParseContext {
  size: number;
  /** For a streaming text parser (event logs): what decides the encoding, as for text artifacts. */
  hints?: DecodeHints;
  chunks(chunkSize?: number, options?: ChunkOptions): Iterable<Uint8Array>;
}

interface ParserCommon<K extends ArtifactId> {
  /** Artifact id from collectors/artifacts.json (the generated `ArtifactId` union). */
  artifactId: K;
  /** One line: what produced the input. */
  describe: string;
  /** File names this parser is meant for when there is no manifest (loose files). */
  fileName?: RegExp;
}

/**
 * How much a file's head looks like a parser's format: 0 (not at all) … 1 (its header or an
 * unmistakable shape). A fragment scores by the lines that have the format's shape (a few matching
 * rows are enough); see SNIFF in this file for the scale. `true` / `false` (older parsers) count as
 * SNIFF.sure / 0.
 */
export type SniffScore = number | boolean;

/** The scale every sniff uses, so that scores of different parsers compare. */
export const SNIFF = {
  /** Below this a content match is not trusted on its own (logged as a low score). */
  low: 0.3,
  /** One line of the format's shape that other formats rarely have. */
  fragment: 0.45,
  /** Several such lines. */
  likely: 0.7,
  /** The format's header or title: nothing else prints it. */
  sure: 0.95,
} as const;

/** The number a SniffScore stands for, clamped to 0 … 1 (NaN counts as 0). */
export function sniffValue(s: SniffScore): number {
  if (typeof s === 'boolean') return s ? SNIFF.sure : 0;
  return Number.isFinite(s) ? Math.min(1, Math.max(0, s)) : 0;
}

/** Score for `hits` lines of a format's shape: one line is a fragment, three are likely. */
export function hitScore(hits: number): number {
  if (hits <= 0) return 0;
  if (hits === 1) return SNIFF.fragment;
  if (hits === 2) return (SNIFF.fragment + SNIFF.likely) / 2;
  return Math.min(SNIFF.likely + (hits - 3) * 0.02, 0.85);
}

/** What every text parser module exports (one object, registered in src/artifacts/parsers.ts). */
export interface TextParser<T, K extends ArtifactId = ArtifactId> extends ParserCommon<K> {
  input: 'text';
  /** How much the first few KiB of decoded text look like this format (for loose files). */
  sniff(head: string): SniffScore;
  parse(input: TextInput): ParseResult<T>;
}

/** What every binary parser module exports. */
export interface BinaryParser<T, K extends ArtifactId = ArtifactId> extends ParserCommon<K> {
  input: 'binary';
  /** How much the first bytes look like this format. */
  sniff(head: Uint8Array): SniffScore;
  parse(input: BinaryInput): ParseResult<T>;
}

export type ArtifactParser<T = unknown, K extends ArtifactId = ArtifactId> =
  TextParser<T, K> | BinaryParser<T, K>;

/**
 * What recognising a file reads of a parser: its id, input kind, file-name pattern and sniff.
 * Each parser's lives in a light module (`src/parsers/<format>.sniff.ts`: no parse body, no heavy
 * package) that the parser spreads into its object, so recognition imports no parser and the
 * sniff has one source (src/artifacts/recognizers.ts).
 */
export type TextRecognizer<K extends ArtifactId = ArtifactId> = Pick<
  TextParser<unknown, K>,
  'artifactId' | 'input' | 'fileName' | 'sniff'
>;
export type BinaryRecognizer<K extends ArtifactId = ArtifactId> = Pick<
  BinaryParser<unknown, K>,
  'artifactId' | 'input' | 'fileName' | 'sniff'
>;
export type Recognizer<K extends ArtifactId = ArtifactId> = TextRecognizer<K> | BinaryRecognizer<K>;

/** The value type a parser object parses to. */
export type ParserValue<P> = P extends ArtifactParser<infer T> ? T : never;
