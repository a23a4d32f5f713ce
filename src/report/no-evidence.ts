/**
 * The message `analyze` prints instead of a report when no file of the input was usable: each
 * file with what it looks like (size, encoding guess, first line) or why it was refused, and how
 * to make it readable. A report saying "no problem found" about nothing is worse than none.
 */
import type { Lang } from '../engine/rule.js';
import type { Coverage } from '../engine/coverage.js';
import { t } from './i18n.js';
import { entryText, issueText } from './log-text.js';

/** Control characters and overlong text out of a line read from an unknown file. */
const printable = (s: string): string =>
  [...s].map((ch) => (ch.charCodeAt(0) < 0x20 || ch === '\u007f' ? '\uFFFD' : ch)).join('');

/** Encodings that say nothing about a code page: Unicode text, or no text at all. */
const UNICODE_OR_NOT_TEXT = new Set(['utf-8', 'utf-16le', 'utf-16be', 'empty', 'binary']);

export function noEvidenceMessage(
  coverage: Coverage,
  skipped: readonly {
    path: string;
    reason: string;
    code?: string;
    params?: Record<string, string | number>;
  }[],
  lang: Lang,
  /** Private keys found in the files (exposed-keys.ts): said even when nothing else could be read. */
  keys: readonly { line: string }[] = [],
): string {
  const out = [`tls-doctor: ${t('noEvidence.title', lang)}`];
  for (const k of keys) out.push(`  ⚠ ${printable(k.line)}`);
  const files = coverage.unrecognisedFiles;
  if (
    files.length === 0 &&
    coverage.failedFiles.length === 0 &&
    coverage.recognisedFiles.length === 0 &&
    skipped.length === 0
  )
    out.push(`  ${t('noEvidence.empty', lang)}`);
  if (files.length) out.push(`  ${t('noEvidence.unrecognised', lang)}:`);
  for (const f of files) {
    const look = t('noEvidence.look', lang)
      .replace('{size}', f.size === null ? '?' : String(f.size))
      .replace('{encoding}', f.encoding ?? '?')
      .replace('{firstLine}', f.firstLine === null ? '—' : JSON.stringify(printable(f.firstLine)));
    out.push(`    ${printable(f.path)}: ${look}`);
  }
  if (coverage.recognisedFiles.length) out.push(`  ${t('noEvidence.unjudged', lang)}:`);
  for (const f of coverage.recognisedFiles)
    out.push(
      `    ${printable(f.path)} (${f.artifactId}${f.note ? `: ${printable(issueText(f.note, lang).text)}` : ''})`,
    );
  if (coverage.failedFiles.length) out.push(`  ${t('noEvidence.failed', lang)}:`);
  for (const f of coverage.failedFiles)
    out.push(`    ${printable(f.path)} (${f.artifactId}): ${printable(f.reason)}`);
  if (skipped.length) out.push(`  ${t('noEvidence.skipped', lang)}:`);
  for (const s of skipped)
    out.push(`    ${printable(s.path)}: ${printable(entryText('skip', s, lang).text)}`);
  // Code-page advice only for a file that is not Unicode text: a plain ASCII / UTF-8 file
  // (openssl output from a Linux shell) was decoded right, and --encoding cannot help it.
  const legacy = [
    ...new Set(
      files
        .map((f) => f.encoding)
        .filter((e): e is string => e !== null && !UNICODE_OR_NOT_TEXT.has(e.toLowerCase())),
    ),
  ];
  out.push('');
  if (legacy.length)
    out.push(t('noEvidence.codePage', lang).replace('{encodings}', legacy.join(', ')));
  out.push(t('noEvidence.howto', lang));
  return out.join('\n');
}
