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
 *
 * Pasted fragments (issue 17): no header (info issue), Markdown fences, bullets and indentation,
 * a key line that lost its `[` or `]` or was written without brackets (`HKLM\SYSTEM\…`, an info
 * `repaired-line` issue), key paths with every backslash doubled (JSON / chat escaping), and
 * `reg query` output: the key alone on a line (or taken from the echoed `reg query <key>`
 * command) followed by `    Name    REG_TYPE    data` lines (REG_DWORD / REG_QWORD `0x…`,
 * REG_SZ / REG_EXPAND_SZ text, REG_MULTI_SZ `a\0b`, REG_BINARY hex digits).
 */
import { lineEvidence } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type ArtifactId,
  type TextParser,
  type TextRecognizer,
} from '../shared/parse.js';
import {
  isFence,
  isPromptLine,
  stripBullet,
  undoubleBackslashes,
  unquote,
} from './text-cleanup.js';
import { parseData, readQuoted, regQueryData } from './reg/data.js';
import {
  canonicalKeyPath,
  type RegFile,
  type RegIssueCode,
  type RegKey,
  type RegValue,
} from './reg/model.js';
import { keyLine, REG_QUERY_COMMAND, REG_QUERY_VALUE } from './reg.sniff.js';
import {
  cipherPolicyRegistryRecognizer,
  dotnetRegistryRecognizer,
  fipsPolicyRegistryRecognizer,
  httpRegistryRecognizer,
  iisVersionRegistryRecognizer,
  schannelRegistryRecognizer,
} from './sniffs.js';

// The model and its lookups live in reg/model.ts, value data decoding in reg/data.ts.
export {
  canonicalKeyPath,
  findKey,
  getValue,
  subkeysOf,
  type RegFile,
  type RegIssueCode,
  type RegKey,
  type RegValue,
  type RegValueType,
} from './reg/model.js';

/** One parser object per registry artifact (its recognizer in reg.sniff.ts: the keys it holds). */
function regParser<K extends ArtifactId>(
  recognizer: TextRecognizer<K>,
  describe: string,
): TextParser<RegFile, K> {
  return { ...recognizer, describe, parse: parseRegText };
}

export function parseRegText(input: TextInput): ParseResult<RegFile, RegIssueCode> {
  const issues: ParseIssue<RegIssueCode>[] = [];
  // Key lines with doubled backslashes are halved; string data keeps .reg's own `\\` escaping.
  const doubledKeys = input.lines.some((l) =>
    /^\s*\[?-?HK\w*\\\\\w/i.test(stripBullet(unquote(l))),
  );
  const lines = input.lines.map((l) => {
    const u = stripBullet(unquote(l));
    if (isFence(u)) return '';
    const q = REG_QUERY_COMMAND.exec(u.trim());
    // The echoed `reg query <key>` names the key of the values printed under it.
    if (q) return q[1]!.replace(/^"|"$/g, '');
    if (isPromptLine(u)) return '';
    return doubledKeys && /^\s*\[?-?HK/i.test(u) ? undoubleBackslashes(u) : u;
  });
  const src = { artifactId: input.artifactId, path: input.path, lines: input.lines };
  const file: RegFile = { header: null, keys: [] };
  const byPath = new Map<string, RegKey>();
  let current: RegKey | null = null;
  let sawContent = false;
  const valueIndex = new Map<RegKey, Map<string, number>>();
  const setValue = (key: RegKey, value: RegValue): void => {
    // Index of each value name per key (a findIndex per value was quadratic in values per key).
    let names = valueIndex.get(key);
    if (!names) {
      names = new Map(key.values.map((v, k) => [v.name.toLowerCase(), k]));
      valueIndex.set(key, names);
    }
    const idx = names.get(value.name.toLowerCase());
    if (idx !== undefined) {
      // As regedit imports it the later value wins; the earlier line is named, not dropped.
      const was = key.values[idx]!.evidence.lines?.start;
      issues.push(
        issue(
          'duplicate-record',
          `"${value.name}" set again under ${key.path}; the later value counts`,
          was !== undefined ? { line: was } : {},
          'info',
        ),
      );
      key.values[idx] = value;
    } else {
      names.set(value.name.toLowerCase(), key.values.length);
      key.values.push(value);
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let line = lines[i]!.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith(';')) continue;
    if (
      !sawContent &&
      !/^(windows registry|regedit4)/i.test(line) &&
      !keyLine(line) &&
      !line.startsWith('"') &&
      !REG_QUERY_VALUE.test(line)
    ) {
      // Prose before the fragment (a sentence in a ticket): not content yet.
      issues.push(
        issue(
          'unrecognized-line',
          'line is neither a key, a value nor a comment',
          { line: startLine },
          'info',
        ),
      );
      continue;
    }
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
    const key = keyLine(line);
    if (key) {
      if (key.repaired)
        issues.push(
          issue(
            'repaired-line',
            `read as the key ${key.path}: ${key.repaired}`,
            { line: startLine },
            'info',
          ),
        );
      const path = key.path;
      const deleted = key.deleted;
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
    if (line.startsWith('[')) {
      issues.push(issue('unrecognized-line', 'key line without closing "]"', { line: startLine }));
      current = null;
      continue;
    }
    // `reg query` value line: `Name    REG_TYPE    data` (two or more blanks or a tab between).
    const rq = REG_QUERY_VALUE.exec(line);
    if (rq) {
      if (!current) {
        issues.push(
          issue('value-outside-key', 'value appears before any key line; ignored', {
            line: startLine,
          }),
        );
        continue;
      }
      const parsed = regQueryData(rq[2]!.toUpperCase(), rq[3] ?? '');
      if (!parsed) {
        issues.push(
          issue('invalid-value', `value "${rq[1]}" has malformed data`, { line: startLine }),
        );
        continue;
      }
      const name = /^\((default|standard|par défaut|predeterminado|默认|預設|既定)\)$/i.test(rq[1]!)
        ? ''
        : rq[1]!;
      setValue(current, { name, ...parsed, evidence: lineEvidence(src, startLine, startLine) });
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
    setValue(current, { name, ...parsed, evidence: lineEvidence(src, startLine, endLine) });
  }
  if (!sawContent) issues.push(issue('empty-input', 'the file is empty', {}, 'error'));
  return { value: file, issues };
}

export const httpRegistryParser = regParser(
  httpRegistryRecognizer,
  'reg export of HTTP\\Parameters',
);
export const schannelRegistryParser = regParser(
  schannelRegistryRecognizer,
  'reg export of SCHANNEL',
);
export const cipherPolicyRegistryParser = regParser(
  cipherPolicyRegistryRecognizer,
  'reg export of the cipher-suite policy',
);
// FipsAlgorithmPolicy key (Vista and later) and the legacy `Lsa` FIPSAlgorithmPolicy DWORD (the
// collector appends the latter as `reg query` output, which parseRegText reads too).
export const fipsPolicyRegistryParser = regParser(
  fipsPolicyRegistryRecognizer,
  'reg export of the FIPS algorithm policy',
);
export const dotnetRegistryParser = regParser(
  dotnetRegistryRecognizer,
  'reg export of .NET strong-crypto keys, the .NET release and WinHTTP default protocols',
);
// IIS version (issue 16): `reg export HKLM\SOFTWARE\Microsoft\InetStp` (MajorVersion / MinorVersion
// DWORDs, VersionString `Version 7.5`, SetupString `IIS 7.5`); `reg query` of the key reads too.
export const iisVersionRegistryParser = regParser(
  iisVersionRegistryRecognizer,
  'reg export of the IIS version (InetStp)',
);
