/**
 * IIS Centralized Certificate Store (artifact `iis.ccs`): the provider's registry values and the
 * names of the .pfx files in its folder.
 *
 * Produced by the collector (docs/bundle-format.md, "iis.ccs"):
 *
 *   {
 *     "formatVersion": 1,
 *     "registry": { "present": true, "Enabled": 1, "CertStoreLocation": "\\\\fs01\\ccs",
 *                   "UserName": "CONTOSO\\svc-ccs", "PollingInterval": 300,
 *                   "PasswordSet": true, "PrivateKeyPasswordSet": true, "OtherValues": [] },
 *     "listing":  { "status": "listed" | "error" | "skipped", "path": "\\\\fs01\\ccs",
 *                   "error": null, "files": ["www.contoso.com.pfx", "_.contoso.com.pfx"],
 *                   "truncated": false, "maxFiles": 2000 }
 *   }
 *
 * The collector never writes the Password / PrivateKeyPassword values (only whether they are set).
 * A value named like a password that still holds data is dropped here too and reported.
 * Also accepted (pasted): `reg query HKLM\SOFTWARE\Microsoft\IIS\CentralCertProvider` output or a
 * .reg export of that key (read by the .reg parser; no listing then), and `dir /b` of the folder
 * (one file name per line; no registry then). Keys are matched case-insensitively.
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { findKey, parseRegText } from './reg.js';
import { isFence, isPromptLine, stripBullet, unquote } from './text-cleanup.js';
import { ccsRecognizer } from './sniffs.js';

export const CCS_KEY = 'HKLM\\SOFTWARE\\Microsoft\\IIS\\CentralCertProvider';

export interface CcsValue {
  registry: {
    present: boolean;
    enabled: number | null;
    certStoreLocation: string | null;
    userName: string | null;
    passwordSet: boolean | null;
    evidence: EvidenceRef | null;
  } | null;
  listing: {
    status: 'listed' | 'error' | 'skipped';
    path: string | null;
    error: string | null;
    files: string[];
    truncated: boolean;
    evidence: EvidenceRef | null;
  } | null;
}

export type CcsIssueCode =
  | 'malformed-json'
  | 'invalid-value'
  | 'secret-dropped'
  | 'limit-exceeded'
  | 'unrecognized-line'
  | 'empty-input';

const MAX_FILES = 5000;

/** Line range of the first line containing `needle` (JSON.parse has no positions). */
function lineOf(input: TextInput, needle: RegExp): EvidenceRef | null {
  const i = input.lines.findIndex((l) => needle.test(l));
  return i < 0 ? null : lineEvidence(input, i + 1, i + 1);
}

function get(o: Record<string, unknown>, name: string): unknown {
  const k = Object.keys(o).find((x) => x.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : o[k];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(input: TextInput, issues: ParseIssue<CcsIssueCode>[]): CcsValue {
  let doc: unknown;
  try {
    doc = JSON.parse(input.text.replace(/^\uFEFF/, ''));
  } catch (e) {
    issues.push(issue('malformed-json', e instanceof Error ? e.message : String(e), {}, 'error'));
    return { registry: null, listing: null };
  }
  if (!isRecord(doc)) {
    issues.push(issue('malformed-json', 'not a JSON object', {}, 'error'));
    return { registry: null, listing: null };
  }
  const value: CcsValue = { registry: null, listing: null };
  const r = get(doc, 'registry');
  if (isRecord(r)) {
    const enabled = get(r, 'Enabled');
    if (enabled !== undefined && enabled !== null && num(enabled) === null)
      issues.push(issue('invalid-value', 'Enabled is not a number', {}));
    value.registry = {
      present: bool(get(r, 'present')) ?? true,
      enabled: num(enabled),
      certStoreLocation: str(get(r, 'CertStoreLocation')),
      userName: str(get(r, 'UserName')),
      passwordSet: bool(get(r, 'PasswordSet')),
      evidence: lineOf(input, /"registry"/i),
    };
  }
  const l = get(doc, 'listing');
  if (isRecord(l)) {
    const status = get(l, 'status');
    const rawFiles = get(l, 'files');
    const files = (Array.isArray(rawFiles) ? rawFiles : [])
      .filter((f): f is string => typeof f === 'string')
      .slice(0, MAX_FILES);
    if (Array.isArray(rawFiles) && rawFiles.length > MAX_FILES)
      issues.push(issue('limit-exceeded', `more than ${MAX_FILES} file names; the rest ignored`));
    value.listing = {
      status: status === 'listed' || status === 'error' ? status : 'skipped',
      path: str(get(l, 'path')),
      error: str(get(l, 'error')),
      files,
      truncated:
        bool(get(l, 'truncated')) === true ||
        files.length < (Array.isArray(rawFiles) ? rawFiles.length : 0),
      evidence: lineOf(input, /"listing"/i),
    };
  }
  return value;
}

/** `reg query` / .reg text of the provider key; password values are never kept. */
function parseReg(input: TextInput, issues: ParseIssue<CcsIssueCode>[]): CcsValue {
  const reg = parseRegText(input).value;
  const key = findKey(reg, CCS_KEY);
  if (!key) {
    issues.push(
      issue('unrecognized-line', 'no CentralCertProvider key in the registry text', {}, 'error'),
    );
    return { registry: null, listing: null };
  }
  const v = (name: string) => key.values.find((x) => x.name.toLowerCase() === name.toLowerCase());
  // The value itself was blanked by scrub(): its line still says that it is set.
  const pw = /^\s*"?Password"?\s*(=|\s+REG_)/im.test(input.text)
    ? true
    : v('Password')
      ? true
      : null;
  return {
    registry: {
      present: !key.deleted,
      enabled: typeof v('Enabled')?.data === 'number' ? (v('Enabled')!.data as number) : null,
      certStoreLocation:
        typeof v('CertStoreLocation')?.data === 'string'
          ? (v('CertStoreLocation')!.data as string)
          : null,
      userName: typeof v('UserName')?.data === 'string' ? (v('UserName')!.data as string) : null,
      passwordSet: pw,
      evidence: key.evidence,
    },
    listing: null,
  };
}

/** `dir /b` (or `Get-ChildItem -Name`) of the CCS folder: one .pfx name per line. */
function parseDir(input: TextInput, issues: ParseIssue<CcsIssueCode>[]): CcsValue {
  const files: string[] = [];
  let first = 0;
  let last = 0;
  input.lines.forEach((raw, i) => {
    const l = stripBullet(unquote(raw)).trim();
    if (l === '' || isFence(l) || isPromptLine(raw)) return;
    if (/^[^\\/:*?"<>|]+\.pfx$/i.test(l)) {
      if (files.length < MAX_FILES) files.push(l);
      if (first === 0) first = i + 1;
      last = i + 1;
    } else if (/\.pfx\b/i.test(l)) {
      // `dir` without /b: the name is the last column.
      const m = /(\S+\.pfx)\s*$/i.exec(l);
      if (m) {
        files.push(m[1]!);
        if (first === 0) first = i + 1;
        last = i + 1;
      }
    } else if (files.length === 0)
      issues.push(
        issue(
          'unrecognized-line',
          `not a .pfx file name: ${l.slice(0, 60)}`,
          { line: i + 1 },
          'info',
        ),
      );
  });
  return {
    registry: null,
    listing: {
      status: 'listed',
      path: null,
      error: null,
      files,
      truncated: false,
      evidence: first === 0 ? null : lineEvidence(input, first, last),
    },
  };
}

/**
 * The input with every password value blanked, line for line, before anything reads it: evidence
 * excerpts are cut from these lines, so a secret pasted by mistake never reaches a report.
 */
function scrub(input: TextInput, issues: ParseIssue<CcsIssueCode>[]): TextInput {
  let n = 0;
  const lines = input.lines.map((l, i) => {
    const out = l
      .replace(
        /("[^"]*password[^"]*"\s*:\s*)("(?:[^"\\]|\\.)*"|[-\w.]+)/gi,
        (m, k: string, v: string) =>
          /set"\s*:/i.test(k) || v === 'null' || v === '""' ? m : `${k}"[removed]"`,
      )
      .replace(/^(\s*\w*password\w*\s+REG_\w+\s+).*$/i, '$1[removed]')
      .replace(/^(\s*"\w*password\w*"\s*=\s*).*$/i, '$1[removed]');
    if (out !== l) {
      n++;
      issues.push(
        issue('secret-dropped', 'a password value was in the input: blanked, never read', {
          line: i + 1,
        }),
      );
    }
    return out;
  });
  return n === 0 ? input : { ...input, lines, text: lines.join('\n') };
}

export function parseCcs(raw: TextInput): ParseResult<CcsValue, CcsIssueCode> {
  const issues: ParseIssue<CcsIssueCode>[] = [];
  const input = scrub(raw, issues);
  const t = input.text.replace(/^\uFEFF/, '').trim();
  if (t === '') {
    issues.push(issue('empty-input', 'the file is empty', {}, 'error'));
    return { value: { registry: null, listing: null }, issues };
  }
  if (t.startsWith('{')) return { value: parseJson(input, issues), issues };
  if (/CentralCertProvider/i.test(t)) return { value: parseReg(input, issues), issues };
  return { value: parseDir(input, issues), issues };
}

export const ccsParser: TextParser<CcsValue, 'iis.ccs'> = {
  ...ccsRecognizer,
  describe: 'IIS Centralized Certificate Store registry and folder listing',
  parse: parseCcs,
};
