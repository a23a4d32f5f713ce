/**
 * W3C extended log files of HTTP.sys and IIS: one reader, two artifacts.
 *
 * `logs.httperr`: the HTTP.sys error log, `httperr<N>.log` in the `HTTPERR` folder under
 * `HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters\ErrorLoggingDir` (default
 * `%SystemRoot%\System32\LogFiles\HTTPERR`). Written by HTTP.sys for errors it handles itself
 * (parse errors, connection time-outs, orphaned requests):
 *
 *   #Software: Microsoft HTTP API 2.0
 *   #Version: 1.0
 *   #Date: 2018-08-13 03:12:38
 *   #Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename
 *   2018-08-13 03:25:22 10.1.2.9 12052 10.1.2.5 80 HTTP/1.1 GET / - 503 - N/A -
 *
 * `logs.iis-w3c`: an IIS site's W3C log (`u_ex<yymmdd>.log` in `W3SVC<site id>`):
 *
 *   #Software: Microsoft Internet Information Services 10.0
 *   #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
 *
 * The order of the fields is read from each `#Fields:` directive (a file holds one header per
 * start of the service; older HTTP.sys builds have no `streamid`, newer ones add `streamid_ex`
 * and `transport`; IIS logs the fields the site selects). Values are separated by single spaces;
 * spaces inside a value are written as `+`; `-` is an empty value. Dates and times are UTC.
 * `sc-win32-status` is decimal: a Win32 code (`12175`) or an HRESULT as unsigned (`2147954575`
 * = 0x80072F8F).
 *
 * A copy without `#Fields:` (HTTP.sys logs before Windows Server 2003 SP1 wrote none; a pasted
 * excerpt) is read with the documented default order of its kind only when a line has exactly that
 * many values (`fields-assumed`); a bare line of field names (`sc-status sc-substatus …`, as the
 * IIS troubleshooting pages print a trimmed excerpt) is taken as the header. A `#Remark:` written
 * by the collector says the start of the file was left out (the newest part is kept): `truncated`.
 * Lines whose value count differs from the header are skipped with `missing-field`.
 */
import { SECRET_PLACEHOLDER } from '../artifacts/secrets.js';
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { isElision, isFence, isPromptLine, unquote } from './text-cleanup.js';
import { isBareFieldLine, QUERY_REMOVED, tokens } from './w3c-log.sniff.js';
import { httpErrLogRecognizer, iisW3cLogRecognizer } from './sniffs.js';

export type W3cLogIssueCode =
  | 'missing-header'
  | 'fields-assumed'
  | 'missing-field'
  | 'truncated'
  | 'unrecognized-line'
  | 'limit-exceeded'
  | 'empty-input';

/** One log line; null where the file has no such field or logs `-`. */
export interface W3cRecord {
  line: number;
  /** The line as logged (what a finding shows as its evidence). */
  raw: string;
  date: string | null;
  time: string | null;
  clientIp: string | null;
  clientPort: number | null;
  serverIp: string | null;
  serverPort: number | null;
  method: string | null;
  /** `cs-uri` (HTTP.sys: URL and query) or `cs-uri-stem` (IIS). */
  uri: string | null;
  status: number | null;
  substatus: number | null;
  /** `sc-win32-status` as logged (decimal). */
  win32Status: number | null;
  timeTaken: number | null;
  /** HTTP.sys `s-reason` (`Timer_SslRenegotiation`, `Connection_Dropped`, …). */
  reason: string | null;
  /** IIS `cs-username` (`CONTOSO\jdoe`). */
  userName: string | null;
  siteId: string | null;
  siteName: string | null;
  queueName: string | null;
}

export interface W3cLogValue {
  kind: 'httperr' | 'iis';
  /** The last `#Software:` directive (`Microsoft HTTP API 2.0`, `Microsoft Internet Information Services 10.0`). */
  software: string | null;
  /** The last field list in force. */
  fields: string[];
  records: W3cRecord[];
  /** The collector left the start of the file out (`#Remark:`): the records are the newest part. */
  truncated: boolean;
  /** Records not kept beyond MAX_RECORDS. */
  recordsOmitted: number;
  /** The whole file (its first and last line). */
  evidence: EvidenceRef;
}

/** Records kept per file: a 64 MiB log of short lines is ~500,000 lines; rules need counts. */
export const MAX_RECORDS = 200_000;

/** The documented default field lists, used only for a copy without `#Fields:`. */
const DEFAULT_FIELDS: Record<W3cLogValue['kind'], string[][]> = {
  httperr: [
    // Windows Server 2008 R2 … 2012 R2 (KB 820729 order)
    'date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename'.split(
      ' ',
    ),
    // Windows Server 2016 and later
    'date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename'.split(
      ' ',
    ),
  ],
  iis: [
    // IIS 8.5 and later, default fields
    'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'.split(
      ' ',
    ),
  ],
};

function num(v: string | null): number | null {
  if (v === null || !/^\d{1,12}$/.test(v)) return null;
  return Number(v);
}

/** The value of one field: `-` (or a missing one) is null. */
function pick(values: readonly string[], index: number | undefined): string | null {
  if (index === undefined) return null;
  const v = values[index];
  return v === undefined || v === '-' || v === '' ? null : v;
}

function toRecord(
  line: number,
  raw: string,
  values: readonly string[],
  at: ReadonlyMap<string, number>,
): W3cRecord {
  const get = (f: string): string | null => pick(values, at.get(f));
  return {
    line,
    raw,
    date: get('date'),
    time: get('time'),
    clientIp: get('c-ip'),
    clientPort: num(get('c-port')),
    serverIp: get('s-ip'),
    serverPort: num(get('s-port')),
    method: get('cs-method'),
    uri: get('cs-uri') ?? get('cs-uri-stem'),
    status: num(get('sc-status')),
    substatus: num(get('sc-substatus')),
    win32Status: num(get('sc-win32-status')),
    timeTaken: num(get('time-taken')),
    reason: get('s-reason'),
    userName: get('cs-username'),
    siteId: get('s-siteid'),
    siteName: get('s-sitename'),
    queueName: get('s-queuename'),
  };
}

/** `a=1&token=xyz` → `a=[removed]&token=[removed]`; a part without `=` may be a token itself. */
function removeQueryValues(query: string): string {
  return query
    .split('&')
    .map((p) => {
      const eq = p.indexOf('=');
      if (eq >= 0) return p.slice(0, eq + 1) + QUERY_REMOVED;
      return p === '' ? p : QUERY_REMOVED;
    })
    .join('&');
}

/**
 * Query strings carry tokens (`?access_token=`, `?code=`, `?sig=`): the collector removes their
 * values since round 10 (j10b), an older bundle or a pasted log still has them. As the collector
 * does: every parameter value of `cs-uri-query` and of the query part of `cs-uri` and
 * `cs(Referer)` becomes `[removed]` (the names tell which endpoint was called), `cs(Cookie)`
 * goes whole. Returns the values and the line with them replaced in place.
 */
function maskQueries(
  line: string,
  values: readonly string[],
  at: ReadonlyMap<string, number>,
): { line: string; values: string[] } {
  const out = [...values];
  const query = at.get('cs-uri-query');
  if (query !== undefined && out[query] !== undefined && out[query] !== '-')
    out[query] = removeQueryValues(out[query]);
  for (const f of ['cs-uri', 'cs(referer)']) {
    const k = at.get(f);
    const v = k === undefined ? undefined : out[k];
    const q = v?.indexOf('?') ?? -1;
    if (v !== undefined && q >= 0) out[k!] = v.slice(0, q + 1) + removeQueryValues(v.slice(q + 1));
  }
  const cookie = at.get('cs(cookie)');
  if (cookie !== undefined && out[cookie] !== undefined && out[cookie] !== '-')
    out[cookie] = QUERY_REMOVED;
  if (out.every((v, i) => v === values[i]) && !line.includes(SECRET_PLACEHOLDER))
    return { line, values: out };
  // The line as logged, blanks kept: each value replaced where it stands.
  let i = 0;
  const shown = line
    .replaceAll(SECRET_PLACEHOLDER, QUERY_REMOVED)
    .replace(/[^ \t]+/g, (v) => out[i++] ?? v);
  return { line: shown, values: out };
}

function parseW3c(
  input: TextInput,
  kind: W3cLogValue['kind'],
): ParseResult<W3cLogValue, W3cLogIssueCode> {
  const issues: ParseIssue<W3cLogIssueCode>[] = [];
  const records: W3cRecord[] = [];
  let software: string | null = null;
  let fields: string[] = [];
  let at = new Map<string, number>();
  let truncated = false;
  let omitted = 0;
  let skipped = 0;
  let firstSkipped = 0;
  let mismatched = 0;
  let firstMismatch = 0;
  let assumedAt = 0;
  let first = 0;
  let sawContent = false;

  const setFields = (list: string[]): void => {
    fields = list;
    at = new Map(list.map((f, i) => [f.toLowerCase(), i] as const));
  };

  input.lines.forEach((raw, i) => {
    const n = i + 1;
    const l = unquote(raw).trim();
    if (l === '' || isFence(l) || isElision(l) || isPromptLine(l)) return;
    sawContent = true;
    if (first === 0) first = n;
    if (l.startsWith('#')) {
      const m = /^#\s*([A-Za-z-]+)\s*:\s?(.*)$/.exec(l);
      const name = m?.[1]!.toLowerCase();
      const value = m?.[2]!.trim() ?? '';
      if (name === 'fields') setFields(tokens(value));
      else if (name === 'software') software = value;
      else if (name === 'remark' && /tls-doctor/i.test(value) && /truncat|left out/i.test(value)) {
        truncated = true;
        issues.push(
          issue(
            'truncated',
            `the collector kept only the newest part of this log: ${value}`,
            { line: n },
            'info',
          ),
        );
      }
      return;
    }
    const t = tokens(l);
    if (fields.length === 0 && isBareFieldLine(t)) {
      setFields(t);
      return;
    }
    if (fields.length === 0) {
      const guess = DEFAULT_FIELDS[kind].find((d) => d.length === t.length);
      if (guess && /^\d{4}-\d{2}-\d{2}$/.test(t[0]!)) {
        setFields(guess);
        assumedAt = n;
      } else {
        skipped++;
        if (firstSkipped === 0) firstSkipped = n;
        return;
      }
    }
    if (t.length !== fields.length) {
      mismatched++;
      if (firstMismatch === 0) firstMismatch = n;
      return;
    }
    const masked = maskQueries(l, t, at);
    records.push(toRecord(n, masked.line, masked.values, at));
    // Keep the newest: the log is read oldest first; drop the oldest in batches (linear overall).
    if (records.length >= 2 * MAX_RECORDS) omitted += records.splice(0, MAX_RECORDS).length;
  });

  if (records.length > MAX_RECORDS)
    omitted += records.splice(0, records.length - MAX_RECORDS).length;
  if (!sawContent) {
    issues.push(issue('empty-input', 'the log file is empty', {}, 'warning'));
  }
  if (assumedAt > 0)
    issues.push(
      issue(
        'fields-assumed',
        `no #Fields: header; the values were read in the documented default order of ${kind === 'httperr' ? 'HTTP.sys error logs' : 'IIS W3C logs'}`,
        { line: assumedAt },
        'info',
      ),
    );
  if (skipped > 0)
    issues.push(
      issue(
        'missing-header',
        `${skipped} line(s) before any #Fields: header, with a value count no default field list has, were skipped`,
        { line: firstSkipped },
      ),
    );
  if (mismatched > 0)
    issues.push(
      issue(
        'missing-field',
        `${mismatched} line(s) whose value count differs from the #Fields: header were skipped`,
        {
          line: firstMismatch,
        },
      ),
    );
  if (omitted > 0)
    issues.push(
      issue(
        'limit-exceeded',
        `more than ${MAX_RECORDS} records: the ${omitted} oldest were not kept`,
        {},
        'info',
      ),
    );
  const evidence = lineEvidence(
    input,
    first || 1,
    first || 1,
    kind === 'httperr' ? 'HTTPERR' : 'W3C',
  );
  // A copy without a header starts with a log line: quoted with its query values removed.
  if (records[0] !== undefined && records[0].line === first) evidence.excerpt = records[0].raw;
  return {
    value: {
      kind,
      software,
      fields,
      records,
      truncated,
      recordsOmitted: omitted,
      evidence,
    },
    issues,
  };
}

export const httpErrLogParser: TextParser<W3cLogValue, 'logs.httperr'> = {
  ...httpErrLogRecognizer,
  describe: 'HTTP.sys error log (HTTPERR\\httperr<N>.log, W3C format)',
  parse: (input) => parseW3c(input, 'httperr'),
};

export const iisW3cLogParser: TextParser<W3cLogValue, 'logs.iis-w3c'> = {
  ...iisW3cLogRecognizer,
  describe: 'IIS site log in W3C format (W3SVC<id>\\u_ex<date>.log)',
  parse: (input) => parseW3c(input, 'iis'),
};
