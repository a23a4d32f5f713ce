/** Recognising HTTP.sys error logs and IIS W3C logs (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, hitScore, type TextRecognizer } from '../shared/parse.js';
import { SECRET_PLACEHOLDER } from '../artifacts/secrets-forms.js';
import { countMatching, sniffLines } from './text-cleanup.js';
import type { W3cLogValue } from './w3c-log.js';

/** What replaces a query value: the collector's own mark (collectors/src/73-steps-logs.ps1). */
export const QUERY_REMOVED = '[removed]';

/**
 * Splits a data line on blanks (a paste may widen the single spaces; values hold no blanks). A
 * value decodeText masked (`&password=[removed by tls-doctor]`, src/artifacts/secrets.ts) stays
 * one value.
 */
export function tokens(line: string): string[] {
  const t = line.trim().replaceAll(SECRET_PLACEHOLDER, QUERY_REMOVED);
  return t === '' ? [] : t.split(/[ \t]+/);
}

/** A W3C field name (`sc-status`, `cs(User-Agent)`, `date`, `streamid_ex`). */
export const FIELD_NAME =
  /^(?:date|time|time-taken|streamid|streamid_ex|transport|[csr]{1,2}-[a-z0-9-]+|[csr]{1,2}\([A-Za-z0-9-]+\))$/i;

export const KNOWN_FIELD =
  /^(?:date|time|c-ip|c-port|s-ip|s-port|cs-method|cs-uri|cs-uri-stem|sc-status|sc-substatus|sc-win32-status|time-taken|s-reason|cs-username|s-siteid|s-sitename|s-queuename|cs-version)$/i;

/** A bare header line: only field names, at least three, one of them a field this reader uses. */
export function isBareFieldLine(t: readonly string[]): boolean {
  return t.length >= 3 && t.every((x) => FIELD_NAME.test(x)) && t.some((x) => KNOWN_FIELD.test(x));
}

/** Scores: the `#Software:` line of the kind is sure; its field names are likely; data lines are fragments. */
export function sniffW3c(head: string, kind: W3cLogValue['kind']): number {
  const lines = sniffLines(head);
  const software =
    kind === 'httperr'
      ? /^#Software:\s*Microsoft HTTP API\b/i
      : /^#Software:\s*Microsoft Internet Information Services\b/i;
  if (lines.some((l) => software.test(l))) return SNIFF.sure;
  const otherSoftware =
    kind === 'httperr'
      ? /^#Software:\s*Microsoft Internet Information Services\b/i
      : /^#Software:\s*Microsoft HTTP API\b/i;
  if (lines.some((l) => otherSoftware.test(l))) return 0;
  // The field that tells them apart: only HTTP.sys logs s-reason; only IIS logs sc-substatus.
  const own = kind === 'httperr' ? /\bs-reason\b/ : /\bsc-substatus\b/;
  const header = lines.find((l) => /^#Fields:/i.test(l) || isBareFieldLine(tokens(l)));
  if (header) return own.test(header) ? SNIFF.likely : 0;
  // Data lines without a header: an HTTP.sys reason phrase last, or IIS status triples.
  const data =
    kind === 'httperr'
      ? /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+ \d+ \S+ \d+ .* (?:Timer_\w+|Connection_\w+|Client_Reset|BadRequest|Hostname|N\/A|ConnLimit|QueueFull|Request_Cancelled)(?: \S+)?$/
      : /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} .* \d{3} \d{1,3} \d{1,10} \d{1,10}$/;
  return Math.min(hitScore(countMatching(lines, data)), SNIFF.likely);
}

export const httpErrLogRecognizer: TextRecognizer<'logs.httperr'> = {
  artifactId: 'logs.httperr',
  input: 'text',
  fileName: /(^|[\\/])httperr\d*\.log$/i,
  sniff: (head) => sniffW3c(head, 'httperr'),
};

export const iisW3cLogRecognizer: TextRecognizer<'logs.iis-w3c'> = {
  artifactId: 'logs.iis-w3c',
  input: 'text',
  fileName: /(^|[\\/])u_ex\d{6,8}(?:_x)?\.log$/i,
  sniff: (head) => sniffW3c(head, 'iis'),
};
