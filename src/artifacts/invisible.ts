/**
 * Invisible characters in pasted evidence (judge8 x10). A thumbprint copied from the certificate
 * dialog (certmgr / MMC "Details" tab) starts with U+200E LEFT-TO-RIGHT MARK; mails and chat add
 * U+200B ZERO WIDTH SPACE, U+FEFF or bidi marks. They take no console column, so a parser would
 * read `‎61d3…` as no hash and a fix would paste the mark into `netsh … certhash=`, which netsh
 * refuses ("The parameter is incorrect", error 87).
 *
 * Every decoded text passes here (decode.ts): the marks are removed (line breaks kept, so line
 * numbers stay the file's; columns of a table line up as on the console), and each line that
 * held one is an info issue naming the line and the character. A pasted command that carried one
 * (the customer's own `netsh http add sslcert certhash=‎…`) is a warning saying that this is why
 * it failed.
 */
import type { ParseIssue } from '../shared/parse.js';

export type InvisibleIssueCode = 'invisible-characters';

/** Zero-width and bidi formatting characters; never part of a hash, GUID, endpoint or command. */
const INVISIBLE = /[\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
const ANY = /[\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;

const NAMES: Record<string, string> = {
  '\u200b': 'ZERO WIDTH SPACE',
  '\u200e': 'LEFT-TO-RIGHT MARK',
  '\u200f': 'RIGHT-TO-LEFT MARK',
  '\u2060': 'WORD JOINER',
  '\ufeff': 'ZERO WIDTH NO-BREAK SPACE (BOM)',
};
const nameOf = (ch: string): string =>
  `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}${NAMES[ch] ? ` ${NAMES[ch]}` : ' (bidi formatting)'}`;

/** A command that takes a hash, GUID or endpoint typed by the customer. */
const COMMAND =
  /\b(?:netsh(?:\.exe)?\s+http\s+(?:add|update|delete)\s+sslcert|certutil(?:\.exe)?\s+-\w+|(?:Get-ChildItem|Get-Item|New-WebBinding|Set-ItemProperty|Export-PfxCertificate)\b|appcmd(?:\.exe)?\s+set)/i;

/** The refusal of a value (en, de, fr, zh-CN), looked for in the lines after a command. */
const REFUSED =
  /parameter is incorrect|Error:?\s*87\b|Der Parameter ist falsch|param[eè]tre (?:est )?incorrect|参数错误/i;
const FAILURE_WINDOW = 6;

/** Lines reported one by one; past this they are counted in the last issue. */
const MAX_ISSUES = 20;

export function stripInvisible(text: string): {
  text: string;
  issues: ParseIssue<InvisibleIssueCode>[];
} {
  if (!ANY.test(text)) return { text, issues: [] };
  const parts = text.split(/(\r\n|\n|\r)/);
  const issues: ParseIssue<InvisibleIssueCode>[] = [];
  let more = 0;
  for (let k = 0; k < parts.length; k += 2) {
    const line = parts[k]!;
    const found = line.match(INVISIBLE);
    if (!found) continue;
    const clean = line.replace(INVISIBLE, '');
    parts[k] = clean;
    if (issues.length >= MAX_ISSUES) {
      more++;
      continue;
    }
    const n = k / 2 + 1;
    const chars = [...new Set(found)].map(nameOf).join(', ');
    const command = COMMAND.exec(clean)?.[0];
    // Say "this is why it failed" only when the output after it shows the refusal.
    const failed =
      command !== undefined &&
      parts.slice(k + 2, k + 2 + 2 * FAILURE_WINDOW).some((l, j) => j % 2 === 0 && REFUSED.test(l));
    issues.push(
      command
        ? {
            code: 'invisible-characters',
            severity: 'warning',
            message: `the command on line ${n} (${command}) carries ${found.length} invisible character(s) (${chars}), usually from a thumbprint copied out of the certificate dialog: Windows tools refuse such a value ("The parameter is incorrect", error 87)${failed ? ', which is why this command failed' : ''}; type the value again instead of pasting it (read here without the character)`,
            line: n,
            params: { count: found.length, command: failed ? 'failed' : 'yes' },
          }
        : {
            code: 'invisible-characters',
            severity: 'info',
            message: `line ${n} held ${found.length} invisible character(s) (${chars}), usually from a value copied out of the certificate dialog or a mail; read without them`,
            line: n,
            params: { count: found.length },
          },
    );
  }
  if (more > 0) {
    const last = issues[issues.length - 1]!;
    last.message += `; ${more} more line(s) held such characters`;
  }
  return { text: parts.join(''), issues };
}
