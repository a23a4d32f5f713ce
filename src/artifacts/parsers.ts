/**
 * THE list of parsers, and the value type each artifact id parses to. To add a parser: write
 * src/parsers/<format>.ts (with sample and test), import its parser object here, add it to
 * PARSERS and its value type to ArtifactValues.
 */
import type { ArtifactParser } from '../shared/parse.js';

/** Artifact id → parsed value type (one entry per artifact id that has a parser). */
export interface ArtifactValues {
  [artifactId: string]: unknown;
}

export const PARSERS: readonly ArtifactParser[] = [];
