/**
 * Deliberate text decoding. Windows evidence arrives as UTF-8 (with or without BOM), UTF-16LE/BE
 * (PowerShell 5.1 redirection and `reg export` default) or a legacy OEM/ANSI code page (console
 * tools on a zh-CN host write GBK). Order of evidence: BOM → declared encoding (manifest or flag)
 * → BOM-less UTF-16 by its NUL pattern → strict UTF-8 → the host's code page → CP1252. Every
 * decision that was not declared is returned as an issue, never taken silently.
 *
 * Byte patterns beat a declaration they contradict: PowerShell 5.1 `>` writes BOM-less UTF-16LE
 * whatever the collector's manifest says, and a UTF-16 declaration over plain ASCII bytes would
 * decode to CJK noise. Both are logged (`decode-declared-contradicted`).
 */
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import type { DecodeHints, ParseIssue } from '../shared/parse.js';
import { mixedParts, type EncodingPart } from './decode-mixed.js';
import { stripInvisible, type InvisibleIssueCode } from './invisible.js';
import { blankPrivateKeys, privateKeyIssues, type PrivateKeyIssueCode } from './private-keys.js';
import { maskSecrets, secretIssues, type SecretIssueCode } from './secrets.js';

/** How the encoding was chosen (what `streamDecoder` reports too). */
export type EncodingIssueCode =
  'decode-guessed' | 'decode-replacement' | 'decode-declared-contradicted' | 'decode-mixed';
/** `decodeText` also says where a private key was left out. */
export type DecodeIssueCode =
  EncodingIssueCode | PrivateKeyIssueCode | SecretIssueCode | InvisibleIssueCode;

export type { DecodeHints } from '../shared/parse.js';

export interface Decoded {
  text: string;
  /** Canonical name of the encoding used (`utf-8`, `utf-16le`, `gb18030`, `cp437`, …). */
  encoding: string;
  bom: boolean;
  issues: ParseIssue<DecodeIssueCode>[];
}

/**
 * iconv-lite, loaded on the first legacy code page met (OEM 437/850, GBK, Shift_JIS …). UTF-8 and
 * UTF-16 go through TextDecoder, and most bundles hold nothing else: its tables are ~600 KB of
 * JavaScript the CLI would otherwise parse at every start. Through `createRequire`, not `import`,
 * so the decoding stays synchronous and esbuild leaves the package to node_modules.
 */
let iconvLite: typeof import('iconv-lite') | undefined;
function iconv(): typeof import('iconv-lite') {
  iconvLite ??= createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
  return iconvLite;
}

/** Whether iconv-lite has been loaded in this process (tests: a UTF-8 bundle does not load it). */
export function iconvLoaded(): boolean {
  return iconvLite !== undefined;
}

/** Maps Windows code page numbers and common labels to iconv-lite names. */
export function encodingName(label: string | number): string | null {
  const l = String(label).trim().toLowerCase().replace(/_/g, '-');
  const byNumber: Record<string, string> = {
    '65001': 'utf-8',
    '1200': 'utf-16le',
    '1201': 'utf-16be',
    '936': 'gb18030', // GBK is a subset of GB18030; decoding with the superset loses nothing
    '54936': 'gb18030',
    '437': 'cp437',
    '850': 'cp850',
    '852': 'cp852',
    '866': 'cp866',
    '1250': 'windows-1250',
    '1251': 'windows-1251',
    '1252': 'windows-1252',
    '932': 'shift_jis',
    '949': 'cp949',
    '950': 'big5',
  };
  const cp = l.replace(/^(cp|ibm|windows-|code page )/, '');
  if (/^\d+$/.test(cp) && byNumber[cp]) return byNumber[cp]!;
  const aliases: Record<string, string> = {
    utf8: 'utf-8',
    'utf-8': 'utf-8',
    'utf-8-bom': 'utf-8',
    'utf8-bom': 'utf-8',
    unicode: 'utf-16le',
    utf16: 'utf-16le',
    'utf-16': 'utf-16le',
    'utf-16le': 'utf-16le',
    utf16le: 'utf-16le',
    'utf-16be': 'utf-16be',
    bigendianunicode: 'utf-16be',
    gbk: 'gb18030',
    gb2312: 'gb18030',
    gb18030: 'gb18030',
    'shift-jis': 'shift_jis',
    sjis: 'shift_jis',
    ascii: 'utf-8',
    'us-ascii': 'utf-8',
    latin1: 'windows-1252',
    'iso-8859-1': 'windows-1252',
  };
  if (aliases[l]) return aliases[l]!;
  const candidate = l === 'shift-jis' ? 'shift_jis' : l;
  // The collector declares its .cer files `binary` (iconv-lite's name for Latin-1 bytes, decoded
  // in decodeWith without it): only a small binary file's tool-error check decodes one.
  if (candidate === 'binary') return candidate;
  return iconv().encodingExists(candidate) ? candidate : null;
}

/** `bytes` in `encoding` (a name `encodingName` gives), as iconv-lite decodes it. */
export function decodeWith(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === 'binary') return buf.toString('latin1');
  if (encoding === 'utf-16le') {
    // What iconv-lite does for UTF-16LE (Node's StringDecoder, a leading U+FEFF dropped), without
    // loading it for the commonest Windows encoding (`reg export`, PowerShell 5.1 `>`).
    const sd = new StringDecoder('utf16le');
    const head = sd.write(buf);
    return (head.charCodeAt(0) === 0xfeff ? head.slice(1) : head) + sd.end();
  }
  return iconv().decode(buf, encoding);
}

/** Share of NULs at even and odd offsets of the first 4 KiB: UTF-16 text of mostly ASCII shows one side full of zeros. */
function nulPattern(bytes: Uint8Array): { even: number; odd: number } {
  const n = Math.min(bytes.length, 4096) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = Math.max(1, n / 2);
  return { even: even / pairs, odd: odd / pairs };
}

/** BOM-less UTF-16 by its NUL pattern (one side of the byte pairs mostly zeros), else null. */
function utf16ByPattern(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4) return null;
  const { even, odd } = nulPattern(bytes);
  if (odd > 0.3 && even < 0.05) return 'utf-16le';
  if (even > 0.3 && odd < 0.05) return 'utf-16be';
  return null;
}

/** No NUL and almost only printable ASCII in the first 4 KiB: not UTF-16 whatever is declared. */
function looksLikePlainAscii(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  if (n < 8) return false;
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return false;
    if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d) printable++;
  }
  return printable / n > 0.95;
}

/** Valid UTF-8, or (`prefix`) a head that is valid up to a sequence cut at its end. */
function isValidUtf8(bytes: Uint8Array, prefix = false): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: prefix });
    return true;
  } catch {
    return false;
  }
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

/** The encoding decided for some bytes, the BOM length to skip, and why (issues). */
export interface EncodingChoice {
  encoding: string;
  /** Bytes of BOM to skip. */
  offset: number;
  bom: boolean;
  issues: ParseIssue<EncodingIssueCode>[];
}

/**
 * Decides the encoding of `bytes` (a whole file, or with `head` its first chunk: a UTF-8
 * sequence cut at the end of a head does not make it invalid). The one decision shared by
 * `decodeText` and `streamDecoder`.
 */
export function chooseEncoding(
  bytes: Uint8Array,
  hints: DecodeHints = {},
  head = false,
): EncodingChoice {
  const issues: ParseIssue<EncodingIssueCode>[] = [];
  const pick = (encoding: string, offset = 0): EncodingChoice => ({
    encoding,
    offset,
    bom: offset > 0,
    issues,
  });

  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return pick('utf-8', 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return pick('utf-16le', 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return pick('utf-16be', 2);

  const utf16 = utf16ByPattern(bytes);
  if (hints.declared) {
    const declared =
      hints.declared.toLowerCase() === 'oem' && hints.oemCodePage
        ? hints.oemCodePage
        : hints.declared;
    const name = encodingName(declared);
    if (name && utf16 !== null && name !== utf16) {
      issues.push({
        code: 'decode-declared-contradicted',
        severity: 'warning',
        message: `declared ${hints.declared}, but the NUL byte pattern is ${utf16.toUpperCase()} (no BOM, as PowerShell 5.1 redirection writes); decoded as ${utf16}`,
      });
      return pick(utf16);
    }
    if (name?.startsWith('utf-16') && looksLikePlainAscii(bytes)) {
      issues.push({
        code: 'decode-declared-contradicted',
        severity: 'warning',
        message: `declared ${hints.declared}, but the bytes are plain ASCII text without NULs; decoded as utf-8`,
      });
      return pick('utf-8');
    }
    // A file declared UTF-8 that is not valid UTF-8 is still decoded as declared; the replacement issue says so.
    if (name) return pick(name);
    issues.push({
      code: 'decode-guessed',
      severity: 'warning',
      message: `declared encoding "${hints.declared}" is unknown; detecting instead`,
    });
  }

  if (utf16 !== null) {
    issues.push({
      code: 'decode-guessed',
      severity: 'info',
      message: `no BOM; detected ${utf16.toUpperCase()} from the NUL byte pattern`,
    });
    return pick(utf16);
  }

  if (isValidUtf8(bytes, head)) return pick('utf-8');

  const hostCp = hints.oemCodePage ?? hints.ansiCodePage;
  const hostName = hostCp !== undefined ? encodingName(hostCp) : null;
  if (hostName && hostName !== 'utf-8') {
    issues.push({
      code: 'decode-guessed',
      severity: 'info',
      message: `not valid UTF-8; decoded with the host's code page ${hostCp} (${hostName})`,
    });
    return pick(hostName);
  }
  issues.push({
    code: 'decode-guessed',
    severity: 'warning',
    message:
      'not valid UTF-8 and no code page is known for the host; decoded as windows-1252 (pass --encoding to choose, e.g. --encoding 936 for a Chinese host)',
  });
  return pick('windows-1252');
}

function replacementIssue(n: number, encoding: string): ParseIssue<EncodingIssueCode> {
  return {
    code: 'decode-replacement',
    severity: 'warning',
    message: `${n} byte sequence(s) are not valid ${encoding} and were replaced with U+FFFD`,
  };
}

export function decodeText(bytes: Uint8Array, hints: DecodeHints = {}): Decoded {
  const c0 = chooseEncoding(bytes, hints);
  // cmd `>` then PowerShell 5.1 `>>` (or the reverse): each part in its own encoding.
  const parts = bytes.indexOf(0) !== -1 ? mixedParts(bytes, c0.offset) : null;
  const c = parts ? decodeMixed(bytes, parts, hints) : { ...c0, text: null };
  // A pasted private key never reaches a parser, a sniff or an excerpt (private-keys.ts).
  // Zero-width and bidi marks (a thumbprint copied from the certificate dialog) never reach a
  // parser or a fix (invisible.ts).
  const visible = stripInvisible(c.text ?? decodeWith(bytes.subarray(c.offset), c.encoding));
  const { text: keyless, blocks } = blankPrivateKeys(visible.text);
  // ... and neither does a password of a configuration file (secrets.ts).
  const { text, lines: secretLines } = maskSecrets(keyless);
  const bad = countReplacements(text);
  const issues = [
    ...c.issues,
    ...(bad > 0 ? [replacementIssue(bad, c.encoding)] : []),
    ...privateKeyIssues(blocks),
    ...secretIssues(secretLines),
    ...visible.issues,
  ];
  return { text, encoding: c.encoding, bom: c.bom, issues };
}

/** Decodes each part with its encoding; one info issue names the lines where it changes. */
function decodeMixed(
  bytes: Uint8Array,
  parts: readonly EncodingPart[],
  hints: DecodeHints,
): EncodingChoice & { text: string } {
  // A declared UTF-16 speaks for the UTF-16 parts only; the others are detected on their own.
  const { declared, ...rest } = hints;
  const single: DecodeHints = declared && /16|unicode/i.test(declared) ? rest : hints;
  const texts: string[] = [];
  const where: string[] = [];
  const names = new Set<string>();
  const issues: ParseIssue<EncodingIssueCode>[] = [];
  let line = 1;
  let firstSwitch = 0;
  for (const p of parts) {
    let b = bytes.subarray(p.start, p.end);
    let enc = 'utf-16le';
    if (p.utf16) {
      if (b[0] === 0xff && b[1] === 0xfe) b = b.subarray(2);
    } else {
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
      const c = chooseEncoding(b, single);
      enc = c.encoding;
      // How a single-byte part was decoded (no code page known: pass --encoding) still counts.
      issues.push(...c.issues.filter((i) => i.severity !== 'info'));
      if (enc.startsWith('utf-16')) enc = 'utf-8';
    }
    const t = decodeWith(b, enc);
    const lines = t.split(/\r\n|\n|\r/).length - (/(?:\r\n|\n|\r)$/.test(t) ? 1 : 0);
    if (texts.length === 1) firstSwitch = line;
    where.push(`lines ${line}-${line + lines - 1} ${enc.toUpperCase()}`);
    names.add(enc);
    texts.push(t);
    line += lines;
  }
  return {
    encoding: [...names].join('+'),
    offset: 0,
    bom: bytes[0] === 0xff && bytes[1] === 0xfe,
    text: texts.join(''),
    issues: [
      ...issues,
      {
        code: 'decode-mixed',
        severity: 'info',
        message: `the file mixes text encodings (cmd \`>\` writes the code page, Windows PowerShell 5.1 \`>>\` appends UTF-16LE): ${where.join(', ')}; each part was decoded with its own encoding, the encoding changes at line ${firstSwitch}`,
        line: firstSwitch,
        params: { line: firstSwitch, parts: parts.length },
      },
    ],
  };
}

/** Decodes a file chunk by chunk, the encoding decided on its head as `decodeText` would. */
export interface StreamDecoder {
  readonly encoding: string;
  readonly bom: boolean;
  /** Text of the next chunk (the first chunk is the head the decoder was made with). */
  decode(chunk: Uint8Array): string;
  /** The rest held back (a sequence cut at the last chunk's end). */
  end(): string;
  /** How the encoding was chosen, and replaced bytes once `end` was called. */
  issues(): ParseIssue<EncodingIssueCode>[];
}

/**
 * A streaming decoder whose encoding is decided on `head` (the first bytes of the file, e.g. 4
 * KiB) with the same evidence as `decodeText`: BOM, `--encoding` / the manifest, the NUL pattern,
 * UTF-8, the host's code page. The event log parser streams through it, so `--encoding` reaches
 * event logs as it reaches every text artifact.
 */
export function streamDecoder(head: Uint8Array, hints: DecodeHints = {}): StreamDecoder {
  const c = chooseEncoding(head, hints, true);
  const native = c.encoding === 'utf-8' || c.encoding === 'utf-16le' || c.encoding === 'utf-16be';
  const td = native ? new TextDecoder(c.encoding, { ignoreBOM: true }) : null;
  const iv = native ? null : iconv().getDecoder(c.encoding);
  let skip = c.offset;
  let replaced = 0;
  const count = (t: string): string => {
    replaced += countReplacements(t);
    return t;
  };
  return {
    encoding: c.encoding,
    bom: c.bom,
    decode(chunk) {
      let bytes = chunk;
      if (skip > 0) {
        const n = Math.min(skip, bytes.length);
        bytes = bytes.subarray(n);
        skip -= n;
      }
      if (td) return count(td.decode(bytes, { stream: true }));
      return count(iv!.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    },
    end() {
      return count(td ? td.decode() : (iv!.end() ?? ''));
    },
    issues() {
      return replaced > 0 ? [...c.issues, replacementIssue(replaced, c.encoding)] : c.issues;
    },
  };
}
