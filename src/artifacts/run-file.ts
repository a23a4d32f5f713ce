/**
 * One bundle file through its artifact's parser: the decode hints and host date format the
 * bundle's manifest gives, the parser chosen among an artifact's several by sniffing, and a
 * parser failure turned into an issue of the file.
 */
import type { BundleFile } from '../bundle/open.js';
import type { Manifest, ManifestArtifact } from '../bundle/manifest.js';
import type { ArtifactParser, DecodeHints, ParseIssue } from '../shared/parse.js';
import { ParseError } from '../shared/parse.js';
import type { LoadOptions, ParsedFile } from './parsed.js';
import { parsersOf } from './parsers.js';
import { headBytes, HeadSniffer, runParserOn, type HostFormat } from './run.js';

/** What the bundle says about a text file's encoding: --encoding, the manifest entry, the code pages. */
export function decodeHints(
  manifest: Manifest | null,
  entry: ManifestArtifact | null,
  options: LoadOptions,
): DecodeHints {
  const hints: DecodeHints = {};
  const declared = options.encoding ?? entry?.encoding;
  if (declared !== undefined) hints.declared = declared;
  if (manifest?.host.oemCodePage !== undefined) hints.oemCodePage = manifest.host.oemCodePage;
  if (manifest?.host.ansiCodePage !== undefined) hints.ansiCodePage = manifest.host.ansiCodePage;
  return hints;
}

/** The host's date format as the manifest states it (format culture, not UI culture). */
export function hostFormat(manifest: Manifest | null): HostFormat {
  const h = manifest?.host;
  return {
    ...(h?.culture !== undefined && { hostCulture: h.culture }),
    ...(h?.shortDatePattern !== undefined && { hostShortDatePattern: h.shortDatePattern }),
  };
}

/**
 * Runs an artifact's parser on one bundle file with the bundle's hints (the chosen parser, or
 * the best-sniffing of the artifact's parsers). A parser that throws yields a file with no value
 * and an error issue (its code and position), never an exception: one file never stops the rest.
 */
export function runParser(
  file: BundleFile,
  artifactId: string,
  manifest: Manifest | null,
  entry: ManifestArtifact | null,
  options: LoadOptions,
  chosen?: ArtifactParser,
): Omit<ParsedFile, 'matchedBy'> {
  const base = { artifactId, path: file.path, size: file.size };
  const candidates = chosen ? [chosen] : parsersOf(artifactId);
  if (candidates.length === 0) {
    return {
      ...base,
      value: null,
      encoding: null,
      issues: [
        {
          code: 'no-parser',
          severity: 'info',
          message: `no parser for ${artifactId} yet; kept as evidence only`,
          params: { id: artifactId },
        },
      ],
    };
  }
  const hints = decodeHints(manifest, entry, options);
  try {
    let parser = candidates[0]!;
    if (candidates.length > 1) {
      const head = new HeadSniffer(headBytes(file), hints);
      const scored = candidates.map((c) => ({ c, s: head.score(c) }));
      const best = scored.reduce((a, b) => (b.s > a.s ? b : a));
      if (best.s > 0) parser = best.c;
    }
    return {
      ...base,
      ...runParserOn(parser, file, artifactId, hints, hostFormat(manifest)),
    };
  } catch (e) {
    const err = e as Error;
    const code = e instanceof ParseError ? e.code : 'parser-failed';
    // The parser's own words are data here (its message names what it met), kept as `error`.
    const issue: ParseIssue = {
      code,
      severity: 'error',
      message: `${file.path}: ${err.message}`,
      params: { path: file.path, error: err.message },
    };
    if (e instanceof ParseError && e.position?.line !== undefined) issue.line = e.position.line;
    if (e instanceof ParseError && e.position?.offset !== undefined)
      issue.offset = e.position.offset;
    return { ...base, value: null, issues: [issue], encoding: null };
  }
}
