/**
 * `cert.machinekeys-sddl` (`certificates/machinekeys-acl-sddl.json`): the collector's `Get-Acl` of
 * the machine key folders and the bound key files (the same paths icacls lists), as JSON:
 *
 *   { "formatVersion": 1,
 *     "acls": [ { "Path": "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys",
 *                 "Owner": "NT AUTHORITY\\SYSTEM",
 *                 "Sddl": "O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)" } ],
 *     "errors": [ { "Path": "…", "Error": "Attempted to perform an unauthorized operation." } ] }
 *
 * Also read: one object or an array of `{Path, Owner, Sddl}` (`Get-Acl … | Select Path,Owner,Sddl
 * | ConvertTo-Json` pasted by hand), where Path may carry the provider prefix
 * `Microsoft.PowerShell.Core\FileSystem::`. The SDDL is the language-neutral twin of icacls: every
 * ACE is also given in icacls form (`Everyone:(R,W)`, `*S-1-5-82-…:(I)(R)`) so the key-ACL facts
 * read both alike (src/facts/key-acl-sources.ts).
 *
 * Issues: `empty-input`, `invalid-json`, `missing-field` (an entry without Path or Sddl),
 * `invalid-sddl` (unreadable ACEs; the readable ones are kept), `acl-read-failed` (the collector
 * could not read a path's ACL: its `errors` list).
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { kindOf, type IcaclsAce, type IcaclsPath } from './icacls.js';
import { parseSddl, type Sddl, type SddlAce } from './sddl.js';
import { machineKeysSddlRecognizer } from './sniffs.js';

export type MachineKeysSddlIssueCode =
  'empty-input' | 'invalid-json' | 'missing-field' | 'invalid-sddl' | 'acl-read-failed';

export interface SddlPath {
  path: string;
  kind: IcaclsPath['kind'];
  owner: string | null;
  sddlText: string;
  sddl: Sddl;
  evidence: EvidenceRef;
}

export interface MachineKeysSddlValue {
  acls: SddlPath[];
  /** The same ACLs as icacls-shaped paths (account = well-known name or `*SID`). */
  paths: IcaclsPath[];
  errors: { path: string; error: string; evidence: EvidenceRef }[];
}

const PROVIDER = /^Microsoft\.PowerShell\.Core\\FileSystem::/i;

/** `Everyone:(R,W)`, `*S-1-5-82-1-2:(I)(OI)(CI)(DENY)(F)`, in icacls's own group order. */
function icaclsText(a: SddlAce): string {
  const who = a.name && !a.name.includes('(') ? a.name : `*${a.sid}`;
  const groups = [
    ...(a.inherited ? ['I'] : []),
    ...(a.deny ? ['DENY'] : []),
    ...a.flags.filter((f) => ['OI', 'CI', 'IO', 'NP'].includes(f)),
  ].map((g) => `(${g})`);
  return `${who}:${groups.join('')}(${a.icaclsRights.join(',')})`;
}

function toIcacls(p: SddlPath): IcaclsPath {
  const aces: IcaclsAce[] = p.sddl.aces
    .filter((a) => a.allow || a.deny)
    .map((a) => ({
      account: a.name ?? `*${a.sid}`,
      sid: a.sid,
      deny: a.deny,
      inherited: a.inherited,
      inheritance: a.flags.filter((f) => ['OI', 'CI', 'IO', 'NP'].includes(f)),
      rights: a.icaclsRights,
      integrity: null,
      text: icaclsText(a),
      evidence: p.evidence,
    }));
  return { path: p.path, kind: p.kind, aces, evidence: p.evidence };
}

/** The 1-based line of the first occurrence of `needle` at or after line `from`. */
function lineOf(lines: readonly string[], needle: string, from: number): number {
  for (let i = Math.max(0, from - 1); i < lines.length; i++)
    if (lines[i]!.includes(needle)) return i + 1;
  return from;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function parseMachineKeysSddl(
  input: TextInput,
): ParseResult<MachineKeysSddlValue, MachineKeysSddlIssueCode> {
  const issues: ParseIssue<MachineKeysSddlIssueCode>[] = [];
  const value: MachineKeysSddlValue = { acls: [], paths: [], errors: [] };
  const src = { artifactId: input.artifactId, path: input.path, lines: input.lines };
  const text = input.text.replace(/^\uFEFF/, '');
  const start = text.search(/[[{]/);
  if (text.trim() === '' || start < 0) {
    issues.push(issue('empty-input', 'no JSON found', {}, 'error'));
    return { value, issues };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.slice(start));
  } catch (e) {
    issues.push(
      issue(
        'invalid-json',
        `not JSON: ${(e as Error).message.slice(0, 120)}`,
        { line: 1 },
        'error',
      ),
    );
    return { value, issues };
  }
  const root = doc as Record<string, unknown> | unknown[] | null;
  const entries: unknown[] = Array.isArray(root)
    ? root
    : root && typeof root === 'object' && Array.isArray(root['acls'])
      ? (root['acls'] as unknown[])
      : root && typeof root === 'object'
        ? [root]
        : [];
  const errors: unknown[] =
    root && !Array.isArray(root) && typeof root === 'object' && Array.isArray(root['errors'])
      ? (root['errors'] as unknown[])
      : [];
  let cursor = 1;
  for (const e of entries) {
    const o = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    const rawPath = str(o['Path']) ?? str(o['path']);
    const sddlText = str(o['Sddl']) ?? str(o['sddl']) ?? str(o['SDDL']);
    const line = lineOf(src.lines, sddlText ?? rawPath ?? '"', cursor);
    if (rawPath === null || sddlText === null) {
      issues.push(
        issue('missing-field', `an ACL entry lacks ${rawPath === null ? 'Path' : 'Sddl'}`, {
          line,
        }),
      );
      continue;
    }
    const pathLine = lineOf(src.lines, JSON.stringify(rawPath).slice(1, -1), cursor);
    cursor = Math.max(line, pathLine) + 1;
    const path = rawPath.replace(PROVIDER, '');
    const sddl = parseSddl(sddlText);
    if (sddl.errors.length > 0)
      issues.push(
        issue('invalid-sddl', `unreadable SDDL part: ${sddl.errors[0]!}`, { line }, 'warning'),
      );
    const evidence = lineEvidence(src, Math.min(pathLine, line), Math.max(pathLine, line));
    const p: SddlPath = {
      path,
      kind: kindOf(path),
      owner: str(o['Owner']) ?? str(o['owner']),
      sddlText,
      sddl,
      evidence,
    };
    value.acls.push(p);
    value.paths.push(toIcacls(p));
  }
  for (const e of errors) {
    const o = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    const path = str(o['Path']) ?? '';
    const error = str(o['Error']) ?? '';
    const line = lineOf(src.lines, error || path || '"Error"', 1);
    value.errors.push({ path, error, evidence: lineEvidence(src, line, line) });
    issues.push(
      issue(
        'acl-read-failed',
        `Get-Acl failed for ${path}: ${error}`.slice(0, 200),
        { line },
        'warning',
      ),
    );
  }
  if (value.acls.length === 0 && value.errors.length === 0)
    issues.push(issue('empty-input', 'no ACL entry found', {}, 'error'));
  return { value, issues };
}

export const machineKeysSddlParser: TextParser<MachineKeysSddlValue, 'cert.machinekeys-sddl'> = {
  ...machineKeysSddlRecognizer,
  describe: 'Get-Acl of the machine key folders and key files (SDDL, JSON)',
  parse: parseMachineKeysSddl,
};
