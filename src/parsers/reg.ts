/**
 * Generic `.reg` export parser.
 *
 * Produced by `reg export <key> <file> /y` (UTF-16LE with BOM, header
 * `Windows Registry Editor Version 5.00`) or by regedit's "Export" (same), or REGEDIT4 files
 * (ANSI, header `REGEDIT4`). Hand-written .reg files and copies from web pages arrive too.
 *
 *   Windows Registry Editor Version 5.00
 *
 *   [HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\HTTP\Parameters\SslBindingInfo\0.0.0.0:443]
 *   "SslCertHash"=hex:61,d3,4f,…
 *   "AppId"=hex:81,e1,c3,4d,…
 *   "DefaultFlags"=dword:00000000
 *
 * Value forms: `"string"` (REG_SZ, `\\` and `\"` escaped), `dword:XXXXXXXX`, `hex:` (REG_BINARY),
 * `hex(N):` for other types (0 none, 2 expand_sz, 4 dword LE, 5 dword BE, 7 multi_sz, b qword LE),
 * `-` deletes a value, `[-KEY]` deletes a key. Long hex data wraps with a trailing `\` and an
 * indented continuation line. `@` is the default value. `;` starts a comment line.
 * In REGEDIT4 files hex(2)/hex(7) strings are ANSI bytes, in version 5 UTF-16LE.
 *
 * Variations handled: CRLF/LF/no final newline, `> ` quoting and trailing whitespace (mail / chat
 * copies), the same key opened twice (values merged, later wins, both evidence lines kept),
 * `dword:ffffffff`, uppercase hex. Malformed lines become issues; the rest is kept.
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { unquote } from './text-cleanup.js';

export type RegValueType =
  'sz' | 'expand_sz' | 'multi_sz' | 'dword' | 'qword' | 'binary' | 'none' | 'hex';

export interface RegValue {
  /** Value name; '' for the default value (`@`). */
  name: string;
  type: RegValueType;
  /** string (sz, expand_sz), number (dword), bigint (qword), Uint8Array (binary/none/other hex), string[] (multi_sz); null when deleted. */
  data: string | number | bigint | Uint8Array | string[] | null;
  /** `hex(N)` type number where the data used that form. */
  typeCode?: number;
  deleted: boolean;
  evidence: EvidenceRef;
}

export interface RegKey {
  /** Full path as written, e.g. `HKEY_LOCAL_MACHINE\SYSTEM\…`. */
  path: string;
  deleted: boolean;
  values: RegValue[];
  evidence: EvidenceRef;
}

export interface RegFile {
  header: 'Windows Registry Editor Version 5.00' | 'REGEDIT4' | null;
  keys: RegKey[];
}

export type RegIssueCode =
  | 'missing-header'
  | 'value-outside-key'
  | 'unrecognized-line'
  | 'invalid-value'
  | 'unterminated-continuation'
  | 'empty-input';

const ROOTS: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
  HKCC: 'HKEY_CURRENT_CONFIG',
};

/** Canonical comparison form of a key path: upper case, long root names, single backslashes. */
export function canonicalKeyPath(path: string): string {
  // `/` is a legal character in key names (SCHANNEL\Ciphers\RC4 128/128), never a separator.
  const p = path.replace(/\\+/g, '\\').replace(/^\\|\\$/g, '');
  const first = p.split('\\')[0]!.toUpperCase();
  const root = ROOTS[first] ?? first;
  return (root + p.slice(first.length)).toUpperCase();
}

/** Finds a key by full path (HKLM ≡ HKEY_LOCAL_MACHINE, case-insensitive). */
export function findKey(file: RegFile, path: string): RegKey | undefined {
  const want = canonicalKeyPath(path);
  return file.keys.find((k) => canonicalKeyPath(k.path) === want);
}

/** Direct subkeys of `path`, e.g. every binding under `…\SslBindingInfo`. */
export function subkeysOf(file: RegFile, path: string): RegKey[] {
  const prefix = canonicalKeyPath(path) + '\\';
  return file.keys.filter((k) => {
    const c = canonicalKeyPath(k.path);
    return c.startsWith(prefix) && !c.slice(prefix.length).includes('\\');
  });
}

/** A value of a key by name, case-insensitive. */
export function getValue(key: RegKey | undefined, name: string): RegValue | undefined {
  const n = name.toLowerCase();
  return key?.values.find((v) => v.name.toLowerCase() === n);
}

/** Reads a quoted string starting at `s[0] === '"'`; returns the unescaped text and the rest. */
function readQuoted(s: string): { text: string; rest: string } | null {
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      out += s[++i];
    } else if (c === '"') {
      return { text: out, rest: s.slice(i + 1) };
    } else out += c;
  }
  return null;
}

function hexBytes(s: string): Uint8Array | null {
  const t = s.replace(/[\s\\]/g, '');
  if (t === '') return new Uint8Array(0);
  const parts = t.split(',').filter((p) => p !== '');
  const out = new Uint8Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (!/^[0-9a-fA-F]{1,2}$/.test(p)) return null;
    out[i] = parseInt(p, 16);
  }
  return out;
}

function decodeStrings(bytes: Uint8Array, utf16: boolean): string {
  return utf16 ? Buffer.from(bytes).toString('utf16le') : Buffer.from(bytes).toString('latin1');
}

function parseData(
  data: string,
  utf16: boolean,
): (Pick<RegValue, 'type' | 'data' | 'deleted'> & { typeCode?: number }) | null {
  if (data === '-') return { type: 'none', data: null, deleted: true };
  if (data.startsWith('"')) {
    const q = readQuoted(data);
    if (!q || q.rest.trim() !== '') return null;
    return { type: 'sz', data: q.text, deleted: false };
  }
  const dw = /^dword:([0-9a-fA-F]{1,8})$/i.exec(data);
  if (dw) return { type: 'dword', data: parseInt(dw[1]!, 16) >>> 0, deleted: false };
  const hx = /^hex(?:\(([0-9a-fA-F]+)\))?:(.*)$/is.exec(data);
  if (!hx) return null;
  const bytes = hexBytes(hx[2]!);
  if (!bytes) return null;
  if (hx[1] === undefined) return { type: 'binary', data: bytes, deleted: false };
  const code = parseInt(hx[1], 16);
  const base = { deleted: false, typeCode: code };
  switch (code) {
    case 0:
      return { ...base, type: 'none', data: bytes };
    case 1:
    case 2: {
      const text = decodeStrings(bytes, utf16).replace(/\0+$/, '');
      return { ...base, type: code === 1 ? 'sz' : 'expand_sz', data: text };
    }
    case 3:
      return { ...base, type: 'binary', data: bytes };
    case 4:
    case 5: {
      if (bytes.length !== 4) return null;
      const v = Buffer.from(bytes);
      return { ...base, type: 'dword', data: code === 4 ? v.readUInt32LE(0) : v.readUInt32BE(0) };
    }
    case 7: {
      const text = decodeStrings(bytes, utf16);
      const items = text.split('\0');
      while (items.length > 0 && items[items.length - 1] === '') items.pop();
      return { ...base, type: 'multi_sz', data: items };
    }
    case 0xb: {
      if (bytes.length !== 8) return null;
      return { ...base, type: 'qword', data: Buffer.from(bytes).readBigUInt64LE(0) };
    }
    default:
      return { ...base, type: 'hex', data: bytes };
  }
}

export function parseRegText(input: TextInput): ParseResult<RegFile, RegIssueCode> {
  const issues: ParseIssue<RegIssueCode>[] = [];
  const lines = input.lines.map(unquote);
  const src = { artifactId: input.artifactId, path: input.path, lines: input.lines };
  const file: RegFile = { header: null, keys: [] };
  const byPath = new Map<string, RegKey>();
  let current: RegKey | null = null;
  let sawContent = false;
  const valueIndex = new Map<RegKey, Map<string, number>>();

  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let line = lines[i]!.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith(';')) continue;
    if (!sawContent) {
      sawContent = true;
      if (/^Windows Registry Editor Version 5\.00$/i.test(line)) {
        file.header = 'Windows Registry Editor Version 5.00';
        continue;
      }
      if (/^REGEDIT4$/i.test(line)) {
        file.header = 'REGEDIT4';
        continue;
      }
      issues.push(
        issue(
          'missing-header',
          'no "Windows Registry Editor Version 5.00" / "REGEDIT4" header; reading anyway',
          { line: startLine },
          'info',
        ),
      );
    }
    if (line.startsWith('[')) {
      const m = /^\[(-?)(.+)\]$/.exec(line);
      if (!m) {
        issues.push(
          issue('unrecognized-line', 'key line without closing "]"', { line: startLine }),
        );
        current = null;
        continue;
      }
      const path = m[2]!.trim();
      const deleted = m[1] === '-';
      const canon = canonicalKeyPath(path);
      const existing = byPath.get(canon);
      if (existing && !deleted) {
        current = existing;
        current.deleted = false;
      } else {
        current = { path, deleted, values: [], evidence: lineEvidence(src, startLine, startLine) };
        if (existing) file.keys.splice(file.keys.indexOf(existing), 1);
        byPath.set(canon, current);
        file.keys.push(current);
      }
      continue;
    }
    // Value line, possibly continued with trailing backslashes. Parts are joined once at the end:
    // testing endsWith() on a growing concatenation flattened it on every line (quadratic: a
    // value continued over 100,000 lines took 90 s; found by fuzzing).
    let endLine = startLine;
    if (line.endsWith('\\') && i + 1 < lines.length) {
      const parts: string[] = [];
      let last = line;
      while (last.endsWith('\\') && i + 1 < lines.length) {
        const next = lines[i + 1]!.trim();
        if (next.startsWith('[') || (next.startsWith('"') && next.includes('='))) break;
        parts.push(last.slice(0, -1));
        last = next;
        i++;
        endLine = i + 1;
      }
      parts.push(last);
      line = parts.join('');
    }
    if (line.endsWith('\\')) {
      issues.push(
        issue('unterminated-continuation', 'data ends with "\\" but no continuation line follows', {
          line: endLine,
        }),
      );
      line = line.slice(0, -1);
    }
    let name: string;
    let rest: string;
    if (line.startsWith('@')) {
      name = '';
      rest = line.slice(1);
    } else if (line.startsWith('"')) {
      const q = readQuoted(line);
      if (!q) {
        issues.push(
          issue('unrecognized-line', 'value name has no closing quote', { line: startLine }),
        );
        continue;
      }
      name = q.text;
      rest = q.rest;
    } else {
      issues.push(
        issue('unrecognized-line', 'line is neither a key, a value nor a comment', {
          line: startLine,
        }),
      );
      continue;
    }
    const eq = /^\s*=\s*(.*)$/s.exec(rest);
    if (!eq) {
      issues.push(issue('unrecognized-line', 'value without "="', { line: startLine }));
      continue;
    }
    if (!current) {
      issues.push(
        issue('value-outside-key', 'value appears before any [key] line; ignored', {
          line: startLine,
        }),
      );
      continue;
    }
    const parsed = parseData(eq[1]!.trim(), file.header !== 'REGEDIT4');
    if (!parsed) {
      issues.push(
        issue('invalid-value', `value "${name}" has malformed data`, { line: startLine }),
      );
      continue;
    }
    const value: RegValue = { name, ...parsed, evidence: lineEvidence(src, startLine, endLine) };
    // Index of each value name per key (a findIndex per value was quadratic in values per key).
    let names = valueIndex.get(current);
    if (!names) {
      names = new Map(current.values.map((v, k) => [v.name.toLowerCase(), k]));
      valueIndex.set(current, names);
    }
    const idx = names.get(name.toLowerCase());
    if (idx !== undefined) current.values[idx] = value;
    else {
      names.set(name.toLowerCase(), current.values.length);
      current.values.push(value);
    }
  }
  if (!sawContent) issues.push(issue('empty-input', 'the file is empty', {}, 'error'));
  return { value: file, issues };
}

const isReg = (head: string): boolean =>
  /^\s*(>\s*)?(Windows Registry Editor Version 5\.00|REGEDIT4)/m.test(head);

/**
 * One parser object per registry artifact: the format is the same, the artifact id differs, so a
 * loose .reg file is routed by the keys it contains.
 */
function regParser(
  artifactId: string,
  keyPattern: RegExp,
  fileName: RegExp,
  describe: string,
): TextParser<RegFile> {
  return {
    artifactId,
    describe,
    input: 'text',
    fileName,
    sniff: (head) => isReg(head) && keyPattern.test(head),
    parse: parseRegText,
  };
}

export const httpRegistryParser = regParser(
  'httpsys.registry',
  /\\Services\\HTTP\\Parameters/i,
  /http.*param.*\.reg$/i,
  'reg export of HTTP\\Parameters',
);
export const schannelRegistryParser = regParser(
  'schannel.registry',
  /\\SecurityProviders\\SCHANNEL/i,
  /schannel.*\.reg$/i,
  'reg export of SCHANNEL',
);
export const cipherPolicyRegistryParser = regParser(
  'schannel.cipher-policy',
  /\\Cryptography\\Configuration\\(Local\\)?SSL/i,
  /cipher.*\.reg$/i,
  'reg export of the cipher-suite policy',
);
export const dotnetRegistryParser = regParser(
  'dotnet.registry',
  /\\\.NETFramework/i,
  /(dotnet|netframework|strong-crypto).*\.reg$/i,
  'reg export of .NET strong-crypto keys',
);
