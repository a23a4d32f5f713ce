/**
 * Private keys pasted into evidence are never read, copied or echoed (judge7 T1). Customers who
 * "send everything" paste a PEM key next to the sslcert output; every line of the collection log,
 * an evidence excerpt or an "unrecognised line" issue would otherwise carry it into the JSON,
 * Markdown and HTML reports, `--redact` included (a key is no name the redactor knows).
 *
 * Every decoded text passes here (src/artifacts/decode.ts `decodeText`): the lines of each
 * `-----BEGIN … PRIVATE KEY-----` … `-----END …-----` block (RSA, EC, DSA, ENCRYPTED, OPENSSH,
 * PKCS#8, PGP "PRIVATE KEY BLOCK") become empty lines, so line numbers stay the file's and no
 * parser, sniff, segment cutter or excerpt ever sees them. A block cut before its END line runs
 * as long as its lines look like a key's (base64, PEM headers); the file's other lines stay.
 * A base64 PFX (PKCS#12: certificate and private key) is blanked the same way (pfx-blocks.ts).
 */
import type { ParseIssue } from '../shared/parse.js';
import { MAY_HOLD_PFX, pfxBlocks } from './pfx-blocks.js';

/** A BEGIN marker of a private key, mangled or not (quoting, collapsed dashes, lower case). */
const BEGIN = /-{3,}\s*BEGIN ([A-Z0-9 ]*?)PRIVATE KEY(?: BLOCK)?\s*-{3,}/i;
const END = /-{3,}\s*END [A-Z0-9 ]*?PRIVATE KEY(?: BLOCK)?\s*-{3,}/i;
/** Cheap test before any splitting: most texts hold no key at all. */
const ANY = /PRIVATE KEY/i;
/** What a line of a key's body looks like once mail quoting and indentation are gone. */
const BODY =
  /^(?:[A-Za-z0-9+/]+={0,2}|(?:Proc-Type|DEK-Info|Comment|Version|Hash):.*|=[A-Za-z0-9+/]{4})$/i;

const bare = (line: string): string => line.replace(/^[\s>]*/, '').trimEnd();

export interface PrivateKeyBlock {
  /** 1-based first and last line of the block. */
  start: number;
  end: number;
  /** The file ends (or other text starts) before the block's END line. */
  cut: boolean;
  /**
   * The key's kind from its BEGIN line (`RSA`, `EC`, `ENCRYPTED`, `OPENSSH`, '' for PKCS#8), or
   * `PKCS12` for a base64 PFX.
   */
  kind: string;
}

/** The private key blocks of `lines`: PEM keys, then base64 PFX runs outside them, in line order. */
export function privateKeyBlocks(lines: readonly string[]): PrivateKeyBlock[] {
  const pem = pemKeyBlocks(lines);
  const taken = (n: number): boolean => pem.some((b) => n >= b.start && n <= b.end);
  const pfx = pfxBlocks(lines, taken).map((b) => ({ ...b, kind: PKCS12 }));
  if (pfx.length === 0) return pem;
  return [...pem, ...pfx].sort((a, b) => a.start - b.start);
}

export const PKCS12 = 'PKCS12';

function pemKeyBlocks(lines: readonly string[]): PrivateKeyBlock[] {
  const out: PrivateKeyBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = BEGIN.exec(lines[i]!);
    if (!m) continue;
    const kind = m[1]!.trim().toUpperCase();
    // BEGIN and END on one line (a key reflowed into one line).
    if (END.test(lines[i]!.slice(m.index + m[0].length))) {
      out.push({ start: i + 1, end: i + 1, cut: false, kind });
      continue;
    }
    let j = i + 1;
    let last = i;
    let ended = false;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (END.test(l)) {
        last = j;
        ended = true;
        break;
      }
      const b = bare(l);
      if (b === '') continue;
      // Another key starts: this one was cut.
      if (BEGIN.test(l) || !BODY.test(b)) break;
      last = j;
    }
    out.push({ start: i + 1, end: last + 1, cut: !ended, kind });
    i = last;
  }
  return out;
}

/**
 * `text` with the lines of every private key block emptied (line breaks kept, so every line
 * number stays the file's), and the blocks found.
 */
export function blankPrivateKeys(text: string): { text: string; blocks: PrivateKeyBlock[] } {
  if (!ANY.test(text) && !MAY_HOLD_PFX.test(text)) return { text, blocks: [] };
  // Lines and the breaks between them (odd indices), so the text is rebuilt byte for byte.
  const parts = text.split(/(\r\n|\n|\r)/);
  const lines = parts.filter((_, k) => k % 2 === 0);
  const blocks = privateKeyBlocks(lines);
  if (blocks.length === 0) return { text, blocks };
  for (const b of blocks) for (let n = b.start; n <= b.end; n++) parts[(n - 1) * 2] = '';
  return { text: parts.join(''), blocks };
}

export type PrivateKeyIssueCode = 'private-key-omitted';

/** One warning per block: where it was, that it was not read, that the key is exposed. */
export function privateKeyIssues(
  blocks: readonly PrivateKeyBlock[],
): ParseIssue<PrivateKeyIssueCode>[] {
  return blocks.map((b) => ({
    code: 'private-key-omitted',
    severity: 'warning',
    message: `${b.kind === PKCS12 ? 'a PFX (PKCS#12, certificate with its private key) in base64' : 'a private key'} was found at lines ${b.start}-${b.end}${b.cut ? ' (cut before its end)' : ''}; it was not read or copied into this report; treat it as exposed: revoke the certificate and replace its key`,
    line: b.start,
    params: {
      start: b.start,
      end: b.end,
      cut: b.cut ? 'cut' : 'whole',
      ...(b.kind === PKCS12 && { kind: 'pfx' }),
    },
  }));
}
