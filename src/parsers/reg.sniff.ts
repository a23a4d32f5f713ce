/**
 * Recognising registry text (`reg export` / `reg query`) by the keys it holds: one recognizer per
 * registry artifact (light: see TextRecognizer in shared/parse.ts); reg.ts spreads them into its
 * parsers and reads key lines with the same helpers.
 */
import { SNIFF, type ArtifactId, type TextRecognizer } from '../shared/parse.js';
import { sniffLines, undoubleBackslashes } from './text-cleanup.js';

/** Registry roots as a key line may start. */
export const ROOT_WORD =
  /^(HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKEY_CLASSES_ROOT|HKEY_USERS|HKEY_CURRENT_CONFIG|HKLM|HKCU|HKCR|HKU|HKCC)(\\|$)/i;
/** `reg query <key> [/v name] [/s]`, echoed or typed. */
export const REG_QUERY_COMMAND =
  /^(?:.*?>\s*)?reg(?:\.exe)?\s+query\s+("[^"]+"|\S+(?: (?!\/)\S+)*)/i;
/**
 * A `reg query` value line, `Name    REG_TYPE    data` (two or more blanks or a tab around the
 * type), split by a linear scan: the equivalent regex backtracks quadratically over long blank runs.
 * Returns [line, name, type, data] like a RegExp match, or null.
 */
export const REG_QUERY_VALUE = {
  exec(line: string): [string, string, string, string] | null {
    const re = /REG_[A-Z_]+/gi;
    // The type is among the first few REG_ tokens; looking further would make a line of many quadratic.
    let tries = 0;
    for (let m = re.exec(line); m && tries++ < 8; m = re.exec(line)) {
      const before = line.slice(0, m.index);
      const name = before.trimEnd();
      const gap = before.slice(name.length);
      const after = line.slice(m.index + m[0].length);
      if (name === '' || /^\s/.test(name) || !(gap.length >= 2 || gap.includes('\t'))) continue;
      if (after !== '' && !/^(?: {2,}|\t)/.test(after) && !/^\s*$/.test(after)) continue;
      return [line, name, m[0], after.trim() === '' ? '' : after.replace(/^\s+/, '')];
    }
    return null;
  },
  test(line: string): boolean {
    return this.exec(line) !== null;
  },
};

/**
 * A key line: `[KEY]`, `[-KEY]`, and the repairs pasted text needs: a lost `[` or `]`, or a bare
 * key path. Null for anything else.
 */
export function keyLine(
  line: string,
): { path: string; deleted: boolean; repaired: string | null } | null {
  const full = /^\[(-?)(.+)\]$/.exec(line);
  // Inside the brackets a trailing space is part of the key name (`[…\TLS 1.2 ]` is a different
  // key, one Schannel never opens): kept as written. Spaces after `]` were trimmed with the line.
  if (full) return { path: full[2]!.trimStart(), deleted: full[1] === '-', repaired: null };
  const open = /^\[(-?)(HK[^\]]+)$/i.exec(line);
  if (open && ROOT_WORD.test(open[2]!))
    return {
      path: open[2]!.trim(),
      deleted: open[1] === '-',
      repaired: 'the closing "]" is missing',
    };
  const close = /^(-?)(HK[^[\]]+)\]$/i.exec(line);
  if (close && ROOT_WORD.test(close[2]!))
    return {
      path: close[2]!.trim(),
      deleted: close[1] === '-',
      repaired: 'the opening "[" is missing',
    };
  if (ROOT_WORD.test(line) && !line.includes('=') && !REG_QUERY_VALUE.test(line))
    return { path: line.trim(), deleted: false, repaired: 'a key path without brackets' };
  return null;
}

const isReg = (head: string): boolean =>
  /^[ \t]*(>[ \t]*)?(Windows Registry Editor Version 5\.00|REGEDIT4)/m.test(head);

/**
 * How much a head looks like registry text about `keyPattern`'s key: the header with such a key is
 * sure; a key line (any form a paste leaves) plus value lines is likely; a key line alone, or
 * values with the key only mentioned in prose, is a fragment. Keys of other areas score 0.
 */
function regSniff(head: string, keyPattern: RegExp): number {
  const lines = sniffLines(head).map((l) =>
    /\\\\/.test(l) && /^\[?-?HK/i.test(l) ? undoubleBackslashes(l) : l,
  );
  let keys = 0;
  let values = 0;
  let mentioned = false;
  for (const l of lines) {
    const q = REG_QUERY_COMMAND.exec(l);
    const k = q ? { path: q[1]! } : keyLine(l);
    if (k && keyPattern.test(k.path)) keys++;
    else if (
      /^"[^"]*"\s*=\s*(dword:|hex|")/i.test(l) ||
      /^@\s*=/.test(l) ||
      REG_QUERY_VALUE.test(l)
    )
      values++;
    else if (keyPattern.test(l)) mentioned = true;
  }
  if (keys === 0) return mentioned && values > 0 ? SNIFF.low + 0.05 : 0;
  if (isReg(head)) return SNIFF.sure + Math.min(keys, 4) * 0.01;
  return (values > 0 ? SNIFF.likely : SNIFF.fragment) + Math.min(keys, 4) * 0.01;
}

/** A registry artifact's recognizer: the format is the same, the keys route a loose file. */
function regRecognizer<K extends ArtifactId>(
  artifactId: K,
  keyPattern: RegExp,
  fileName: RegExp,
): TextRecognizer<K> {
  return { artifactId, input: 'text', fileName, sniff: (head) => regSniff(head, keyPattern) };
}

export const httpRegistryRecognizer = regRecognizer(
  'httpsys.registry',
  /\\Services\\HTTP\\Parameters/i,
  /http.*param.*\.reg$/i,
);
export const schannelRegistryRecognizer = regRecognizer(
  'schannel.registry',
  /\\SecurityProviders\\SCHANNEL/i,
  /schannel.*\.reg$/i,
);
export const cipherPolicyRegistryRecognizer = regRecognizer(
  'schannel.cipher-policy',
  /\\Cryptography\\Configuration\\(Local\\)?SSL/i,
  /cipher.*\.reg$/i,
);
export const fipsPolicyRegistryRecognizer = regRecognizer(
  'schannel.fips-policy',
  /\\Control\\Lsa(\\FipsAlgorithmPolicy)?\s*\]?$/i,
  /fips.*\.reg$/i,
);
export const dotnetRegistryRecognizer = regRecognizer(
  'dotnet.registry',
  /\\\.NETFramework|\\NET Framework Setup\\NDP|\\Internet Settings\\WinHttp/i,
  /(dotnet|netframework|strong-crypto|winhttp).*\.reg$/i,
);
export const iisVersionRegistryRecognizer = regRecognizer(
  'iis.version',
  /\\Microsoft\\InetStp\s*\]?$/i,
  /inetstp.*\.reg$/i,
);
