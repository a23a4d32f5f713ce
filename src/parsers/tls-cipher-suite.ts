/**
 * `Get-TlsCipherSuite` (TLS module, Windows 10 / Server 2016, build 14393, and later): the
 * ordered list of cipher suites Schannel offers, most preferred first. The collector writes it
 * as PowerShell prints it (`Get-TlsCipherSuite | Format-List` = the default view):
 *
 *   KeyType               : 0
 *   Certificate           : RSA
 *   MaximumExchangeLength : 65536
 *   MinimumExchangeLength : 0
 *   Exchange              : ECDH
 *   HashLength            : 0
 *   Hash                  :
 *   CipherBlockLength     : 16
 *   CipherLength          : 256
 *   BaseCipherSuite       : 49200
 *   CipherSuite           : 49200
 *   Cipher                : AES
 *   Name                  : TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
 *   Protocols             : {771}
 *
 * Fields: `Certificate` the key type the server certificate needs (RSA, ECDSA, DSS; empty for
 * TLS 1.3 suites and PSK), `Exchange` the key exchange (ECDH, DH, RSA; empty for TLS 1.3),
 * `CipherSuite` the IANA number in decimal, `Protocols` SSL/TLS wire versions in decimal
 * (769 TLS 1.0 … 772 TLS 1.3, 65277 DTLS 1.2).
 *
 * Pasted variants handled: the list view (one record per block, `Name` anywhere in it), a table
 * view (`Format-Table Name, Exchange, …` with a header and dashes; columns split on blanks,
 * so collapsed padding still reads), a bare list of names (`(Get-TlsCipherSuite).Name`), blank
 * lines collapsed or doubled, `> ` quoting, Markdown indentation / fences, prompts. The list order
 * is the preference order. A record without a name, a name that is not a cipher-suite name and a
 * number that does not parse become issues; the rest is kept.
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import {
  isElision,
  isFence,
  isPromptLine,
  labelKey,
  splitLabelValue,
  stripBullet,
  unquote,
} from './text-cleanup.js';
import { tlsCipherSuiteRecognizer } from './sniffs.js';

export interface TlsCipherSuiteRecord {
  /** IANA-style name as Windows prints it (`TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`). */
  name: string;
  /** 0-based preference position. */
  position: number;
  /** IANA number (decimal in the output), null when not shown. */
  code: number | null;
  /** `RSA`, `ECDSA`, `DSS`, '' (none), or null when not shown. */
  certificate: string | null;
  /** `ECDH`, `DH`, `RSA`, `PSK`, '' (TLS 1.3), or null when not shown. */
  exchange: string | null;
  cipher: string | null;
  hash: string | null;
  cipherLength: number | null;
  /** Wire versions (771 = TLS 1.2); null when not shown. */
  protocols: number[] | null;
  evidence: EvidenceRef;
}

export interface TlsCipherSuiteValue {
  suites: TlsCipherSuiteRecord[];
  /** `list`, `table`, `names` (bare names), or null when nothing was read. */
  layout: 'list' | 'table' | 'names' | null;
  evidence: EvidenceRef | null;
}

export type TlsCipherSuiteIssueCode =
  'missing-field' | 'invalid-value' | 'unrecognized-line' | 'duplicate-record' | 'empty-input';

const SUITE_NAME = /^(TLS|SSL)_[A-Z0-9_]+$/;
const LIST_LABELS = new Set([
  'keytype',
  'certificate',
  'maximumexchangelength',
  'minimumexchangelength',
  'exchange',
  'hashlength',
  'hash',
  'cipherblocklength',
  'cipherlength',
  'baseciphersuite',
  'ciphersuite',
  'cipher',
  'name',
  'protocols',
]);

function labelOf(raw: string): string {
  return labelKey(raw).replace(/\s+/g, '');
}

function num(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,10}$/.test(s.trim())) return null;
  return Number(s.trim());
}

function protocolsOf(s: string): number[] | null {
  const inner = s.trim().replace(/^\{/, '').replace(/\}$/, '').trim();
  if (inner === '') return [];
  const parts = inner.split(/[,\s]+/).filter(Boolean);
  // PowerShell cuts long collections with `...`; what was shown is still right.
  const nums = parts.filter((p) => p !== '...' && p !== '…').map(num);
  return nums.every((n) => n !== null) ? (nums as number[]) : null;
}

interface Block {
  fields: Map<string, { value: string; line: number }>;
  start: number;
  end: number;
}

/** Lines without quoting, fences, prompts and Markdown bullets; original numbers kept. */
function cleanLines(input: TextInput): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  for (let i = 0; i < input.lines.length; i++) {
    const raw = unquote(input.lines[i]!);
    const t = stripBullet(raw).trim();
    if (isFence(t) || isPromptLine(raw) || isElision(t)) {
      out.push({ text: '', line: i + 1 });
      continue;
    }
    out.push({ text: t, line: i + 1 });
  }
  return out;
}

export function parseTlsCipherSuite(
  input: TextInput,
): ParseResult<TlsCipherSuiteValue, TlsCipherSuiteIssueCode> {
  const issues: ParseIssue<TlsCipherSuiteIssueCode>[] = [];
  const src = { artifactId: input.artifactId, path: input.path, lines: input.lines };
  const lines = cleanLines(input);
  const listLines = lines.filter((l) => {
    const kv = /^[A-Za-z ]{3,30}:/.test(l.text) ? splitLabelValue(l.text) : null;
    return kv !== null && LIST_LABELS.has(labelOf(kv.label));
  }).length;
  // A table view: a header naming the Name column, then a line of dashes.
  // (Blank lines between them may have been doubled by a paste.)
  const nextText = (i: number): string => {
    for (let j = i + 1; j < lines.length && j <= i + 3; j++)
      if (lines[j]!.text !== '') return lines[j]!.text;
    return '';
  };
  const headerIdx = lines.findIndex(
    (l, i) =>
      l.text !== '' &&
      l.text.split(/\s+/).some((h) => h.toLowerCase() === 'name') &&
      /^-{2,}(\s+-{2,})*$/.test(nextText(i)),
  );
  const dashesAfterHeader = headerIdx >= 0;
  let suites: TlsCipherSuiteRecord[];
  let layout: TlsCipherSuiteValue['layout'] = null;

  if (listLines >= 2) {
    layout = 'list';
    suites = readList(lines, src, issues);
  } else if (dashesAfterHeader) {
    layout = 'table';
    suites = readTable(lines, headerIdx, src, issues);
  } else {
    suites = readNames(lines, src, issues);
    if (suites.length > 0) layout = 'names';
  }

  // The same suite twice: the first position is the one Schannel uses.
  const seen = new Set<string>();
  const unique: TlsCipherSuiteRecord[] = [];
  for (const s of suites) {
    if (seen.has(s.name)) {
      issues.push(
        issue('duplicate-record', `${s.name} is listed twice; the first position is kept`, {
          line: s.evidence.lines?.start ?? 1,
        }),
      );
      continue;
    }
    seen.add(s.name);
    unique.push({ ...s, position: unique.length });
  }
  if (unique.length === 0 && issues.length === 0)
    issues.push(issue('empty-input', 'no cipher suite found', {}, 'error'));
  const first = unique[0]?.evidence.lines?.start;
  const last = unique[unique.length - 1]?.evidence.lines?.end;
  return {
    value: {
      suites: unique,
      layout,
      evidence: first !== undefined && last !== undefined ? lineEvidence(src, first, last) : null,
    },
    issues,
  };
}

type Src = { artifactId: string; path: string; lines: readonly string[] };

function readList(
  lines: { text: string; line: number }[],
  src: Src,
  issues: ParseIssue<TlsCipherSuiteIssueCode>[],
): TlsCipherSuiteRecord[] {
  const blocks: Block[] = [];
  let cur: Block | null = null;
  for (const l of lines) {
    if (l.text === '') {
      continue;
    }
    const kv = /^[A-Za-z ]{3,30}:/.test(l.text) ? splitLabelValue(l.text) : null;
    const key = kv ? labelOf(kv.label) : null;
    if (!kv || key === null || !LIST_LABELS.has(key)) {
      issues.push(
        issue('unrecognized-line', `unrecognised line: ${l.text.slice(0, 80)}`, { line: l.line }),
      );
      continue;
    }
    // A new record starts where a field repeats (blank lines may be gone in a paste).
    if (!cur || cur.fields.has(key)) {
      cur = { fields: new Map(), start: l.line, end: l.line };
      blocks.push(cur);
    }
    cur.fields.set(key, { value: kv.value, line: l.line });
    cur.end = l.line;
  }
  const out: TlsCipherSuiteRecord[] = [];
  for (const b of blocks) {
    const name = b.fields.get('name');
    if (!name || name.value === '') {
      issues.push(issue('missing-field', 'a record without a Name', { line: b.start }));
      continue;
    }
    if (!SUITE_NAME.test(name.value)) {
      issues.push(
        issue('invalid-value', `not a cipher-suite name: ${name.value.slice(0, 80)}`, {
          line: name.line,
        }),
      );
      continue;
    }
    const field = (k: string): string | null => b.fields.get(k)?.value ?? null;
    const numeric = (k: string): number | null => {
      const f = b.fields.get(k);
      if (!f) return null;
      const n = num(f.value);
      if (n === null && f.value !== '')
        issues.push(issue('invalid-value', `${k}: not a number`, { line: f.line }));
      return n;
    };
    const protocolsField = b.fields.get('protocols');
    let protocols: number[] | null = null;
    if (protocolsField) {
      protocols = protocolsOf(protocolsField.value);
      if (protocols === null)
        issues.push(
          issue('invalid-value', 'Protocols: not a list of numbers', { line: protocolsField.line }),
        );
    }
    out.push({
      name: name.value,
      position: out.length,
      code: numeric('ciphersuite'),
      certificate: field('certificate'),
      exchange: field('exchange'),
      cipher: field('cipher'),
      hash: field('hash'),
      cipherLength: numeric('cipherlength'),
      protocols,
      evidence: lineEvidence(src, b.start, b.end),
    });
  }
  return out;
}

/** Columns the table view may show, by header name (lower case). */
const TABLE_FIELDS = new Set([
  'name',
  'certificate',
  'exchange',
  'cipher',
  'hash',
  'cipherlength',
  'ciphersuite',
  'baseciphersuite',
  'protocols',
  'keytype',
  'hashlength',
  'cipherblocklength',
  'maximumexchangelength',
  'minimumexchangelength',
]);

function readTable(
  lines: { text: string; line: number }[],
  headerIdx: number,
  src: Src,
  issues: ParseIssue<TlsCipherSuiteIssueCode>[],
): TlsCipherSuiteRecord[] {
  const header = lines[headerIdx]!.text.split(/\s+/).map((h) => h.toLowerCase());
  const out: TlsCipherSuiteRecord[] = [];
  for (let i = headerIdx + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.text === '' || /^-{2,}(\s+-{2,})*$/.test(l.text)) continue;
    const cells = l.text.split(/\s+/);
    const nameAt = cells.findIndex((c) => SUITE_NAME.test(c));
    if (nameAt < 0) {
      issues.push(
        issue('unrecognized-line', `unrecognised line: ${l.text.slice(0, 80)}`, { line: l.line }),
      );
      continue;
    }
    // Cells line up with the header only when no cell was empty (a TLS 1.3 suite has no
    // Certificate / Exchange): then every column is read, else only the name.
    const aligned = cells.length === header.length && header[nameAt] === 'name';
    const cell = (k: string): string | null => {
      if (!aligned || !TABLE_FIELDS.has(k)) return null;
      const at = header.indexOf(k);
      return at < 0 ? null : cells[at]!;
    };
    const protocolsCell = cell('protocols');
    out.push({
      name: cells[nameAt]!,
      position: out.length,
      code: num(cell('ciphersuite') ?? undefined),
      certificate: cell('certificate'),
      exchange: cell('exchange'),
      cipher: cell('cipher'),
      hash: cell('hash'),
      cipherLength: num(cell('cipherlength') ?? undefined),
      protocols: protocolsCell === null ? null : protocolsOf(protocolsCell),
      evidence: lineEvidence(src, l.line, l.line),
    });
  }
  return out;
}

function readNames(
  lines: { text: string; line: number }[],
  src: Src,
  issues: ParseIssue<TlsCipherSuiteIssueCode>[],
): TlsCipherSuiteRecord[] {
  const out: TlsCipherSuiteRecord[] = [];
  for (const l of lines) {
    if (l.text === '') continue;
    // A comma-separated order pasted on one line counts too (`TLS_A,TLS_B`).
    const parts = l.text
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length > 0 && parts.every((p) => SUITE_NAME.test(p))) {
      for (const p of parts)
        out.push({
          name: p,
          position: out.length,
          code: null,
          certificate: null,
          exchange: null,
          cipher: null,
          hash: null,
          cipherLength: null,
          protocols: null,
          evidence: lineEvidence(src, l.line, l.line),
        });
      continue;
    }
    issues.push(
      issue('unrecognized-line', `unrecognised line: ${l.text.slice(0, 80)}`, { line: l.line }),
    );
  }
  return out;
}

export const tlsCipherSuiteParser: TextParser<TlsCipherSuiteValue, 'schannel.cipher-suites'> = {
  ...tlsCipherSuiteRecognizer,
  describe: 'Get-TlsCipherSuite',
  parse: parseTlsCipherSuite,
};
