/**
 * `netsh http show urlacl` — HTTP.sys URL reservations (artifact `httpsys.urlacl`): which accounts
 * may register which URL prefixes (a process running as an administrator registers without one).
 *
 *   URL Reservations:
 *   -----------------
 *
 *       Reserved URL            : https://+:443/ReportServer/
 *           User: NT SERVICE\ReportServer
 *               Listen: Yes
 *               Delegate: No
 *               SDDL: D:(A;;GX;;;S-1-5-80-2885764129-887777008-271615777-1616004480-2722851051)
 *
 * A reservation lists one `User` block per ACE (Listen = may register, Delegate = may hand the
 * URL to another process) and the SDDL once. The URL is `<scheme>://<host>:<port>/<path>/`: host
 * `+` (strong wildcard: every address), `*` (weak wildcard: what no other prefix takes), an IP
 * address or a host name. Windows has https reservations of its own with no certificate bound
 * (SSTP `https://+:443/sra_{…}/`, WSD `https://+:5358/`, WinRM `https://+:5986/wsman/`), so a
 * reservation alone says only that a program may listen there; `netsh http show servicestate`
 * says whether one does.
 *
 * Variations: other UI languages translate the labels; a reservation line is recognised by its
 * value (an http:// or https:// URL) and the SDDL by its value, the account / listen / delegate
 * lines by their order when the label is unknown (an `unknown-label` note). Copies lose the
 * indentation, gain `> ` quoting and trailing blanks; documentation copies put a space after
 * `://` (removed).
 *
 * Issues: `empty-input`, `unrecognized-line` (a line before any reservation or without a label),
 * `invalid-url` (a reservation whose URL has no scheme, host or port), `invalid-sddl`,
 * `unknown-label` (info: read by position).
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { parseSddl, type SddlAce } from './sddl.js';
import {
  isElision,
  isFence,
  isPromptLine,
  labelKey,
  splitLabelValue,
  unquote,
} from './text-cleanup.js';
import { netshUrlaclRecognizer } from './sniffs.js';

export type UrlaclIssueCode =
  'empty-input' | 'unrecognized-line' | 'invalid-url' | 'invalid-sddl' | 'unknown-label';

export interface UrlReservationUser {
  account: string;
  /** May register URLs under the prefix; null when not printed. */
  listen: boolean | null;
  /** May delegate them to another process; null when not printed. */
  delegate: boolean | null;
}

/** A URL prefix split the way HTTP.sys reads it. */
export interface UrlPrefix {
  /** As printed (a space after `://` removed). */
  url: string;
  scheme: 'http' | 'https' | null;
  /** `+`, `*`, an address without brackets, or a host name, lower case. */
  host: string;
  hostKind: 'strong-wildcard' | 'weak-wildcard' | 'ip' | 'name';
  port: number | null;
  /** `/ReportServer/`. */
  path: string;
}

export interface UrlReservation extends UrlPrefix {
  users: UrlReservationUser[];
  sddl: string | null;
  aces: SddlAce[];
  evidence: EvidenceRef;
}

export interface UrlaclValue {
  reservations: UrlReservation[];
}

const URL = /^(https?):\/\/\s*(\[[^\]\s]*\]|[^:/\s]+)(?::(\d{1,5}))?(\/\S*)?$/i;
const YES = /^(yes|no|ja|nein|oui|non|sí|si|是|否|はい|いいえ)$/i;
const TRUE = /^(yes|ja|oui|sí|si|是|はい)$/i;

/** Splits a URL prefix (`https://+:443/ReportServer/`); null when it is not one. */
export function parseUrlPrefix(text: string): UrlPrefix | null {
  const url = text.trim().replace(/:\/\/\s+/, '://');
  const m = URL.exec(url);
  if (!m) return null;
  const host = m[2]!.replace(/^\[|\]$/g, '').toLowerCase();
  const port = m[3] !== undefined ? Number(m[3]) : null;
  if (port !== null && (port < 1 || port > 65535)) return null;
  const hostKind =
    host === '+'
      ? 'strong-wildcard'
      : host === '*'
        ? 'weak-wildcard'
        : /^[\d.]+$/.test(host) || host.includes(':')
          ? 'ip'
          : 'name';
  return {
    url,
    scheme: m[1]!.toLowerCase() as 'http' | 'https',
    host,
    hostKind,
    port,
    path: m[4] ?? '/',
  };
}

export function parseNetshUrlacl(input: TextInput): ParseResult<UrlaclValue, UrlaclIssueCode> {
  const issues: ParseIssue<UrlaclIssueCode>[] = [];
  const src = { artifactId: input.artifactId, path: input.path, lines: input.lines };
  const reservations: UrlReservation[] = [];
  let current: (Omit<UrlReservation, 'evidence'> & { start: number; end: number }) | null = null;
  let header = false;
  const close = (): void => {
    if (!current) return;
    const { start, end, ...r } = current;
    reservations.push({ ...r, evidence: lineEvidence(src, start, end) });
    current = null;
  };

  input.lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = unquote(raw).trim();
    if (
      line === '' ||
      /^-{5,}$/.test(line) ||
      isElision(line) ||
      isFence(line) ||
      isPromptLine(raw) ||
      /^netsh(\s|>|$)/i.test(line)
    )
      return;
    const lv = splitLabelValue(line);
    if (lv && lv.value.trim() === '' && !current) {
      header = true; // `URL Reservations:` and its translations
      return;
    }
    if (lv && /^https?:\/\//i.test(lv.value.trim())) {
      close();
      const prefix = parseUrlPrefix(lv.value);
      if (!prefix || prefix.port === null)
        issues.push(
          issue('invalid-url', `reservation URL without a port: ${lv.value.slice(0, 120)}`, {
            line: lineNo,
          }),
        );
      const p = prefix ?? {
        url: lv.value.trim(),
        scheme: null,
        host: '',
        hostKind: 'name' as const,
        port: null,
        path: '',
      };
      current = { ...p, users: [], sddl: null, aces: [], start: lineNo, end: lineNo };
      return;
    }
    if (!current || !lv) {
      issues.push(
        issue('unrecognized-line', `unrecognised line: ${line.slice(0, 80)}`, { line: lineNo }),
      );
      return;
    }
    const r: Omit<UrlReservation, 'evidence'> & { start: number; end: number } = current;
    r.end = lineNo;
    const key = labelKey(lv.label);
    const value = lv.value.trim();
    const last = r.users[r.users.length - 1];
    if (key === 'sddl' || /^[OGD]:.*\(/i.test(value)) {
      r.sddl = value;
      const s = parseSddl(value);
      r.aces = s.aces;
      if (s.errors.length > 0)
        issues.push(
          issue(
            'invalid-sddl',
            `unreadable SDDL part: ${s.errors[0]!}`,
            { line: lineNo },
            'warning',
          ),
        );
      return;
    }
    const known = ['user', 'listen', 'delegate'].includes(key);
    if (!known) {
      issues.push(
        issue(
          'unknown-label',
          `label read by its position: ${lv.label.slice(0, 40)}`,
          { line: lineNo },
          'info',
        ),
      );
    }
    if (key === 'user' || (!known && !YES.test(value))) {
      r.users.push({ account: value, listen: null, delegate: null });
      return;
    }
    if (!last) {
      issues.push(
        issue('unrecognized-line', `unrecognised line: ${line.slice(0, 80)}`, { line: lineNo }),
      );
      return;
    }
    const yes = TRUE.test(value);
    if (key === 'listen' || (!known && last.listen === null)) last.listen = yes;
    else last.delegate = yes;
  });
  close();
  if (reservations.length === 0 && !header && issues.length === 0)
    issues.push(issue('empty-input', 'no URL reservation found', {}, 'error'));
  return { value: { reservations }, issues };
}

export const netshUrlaclParser: TextParser<UrlaclValue, 'httpsys.urlacl'> = {
  ...netshUrlaclRecognizer,
  describe: 'netsh http show urlacl',
  parse: parseNetshUrlacl,
};
