/**
 * Whether one runnable line of a fix only reads (or backs up into a file): what the report may
 * offer as "Do this first" (judge7 M7). A fix backs up what it changes before it changes it, so
 * its first runnable line is a check or a backup; a line this module does not recognise is not
 * read-only (a new tool form is added here on purpose, with what it reads).
 *
 * Both shells: a pipeline is read-only when every stage is; a trailing `> file` / `>> file`
 * (a backup into %TEMP%) is allowed; `&` / `&&` / `;` chains are not.
 */

/** Native tools and the argument forms that only read, by tool (name lower-case, no `.exe`). */
const TOOL_FORMS: Readonly<Record<string, RegExp>> = {
  // netsh http show sslcert / iplisten / urlacl / servicestate / setting, netsh winhttp show proxy
  netsh: /^(http|winhttp|interface\s+\S+)\s+show\b/i,
  // -store / -verifystore / -dump / -verify (optionally -v / -user first); a file after -store
  // receives the public certificate only.
  certutil: /^(-(v|user|enterprise|silent)\s+)*-(store|verifystore|verify|dump)\b/i,
  reg: /^(query|export)\b/i,
  // No grant, deny or remove: display, or /save of the ACL into a file.
  icacls: /^("[^"]*"|[^\s/]+)(\s+\/(save)\s+("[^"]*"|\S+))?(\s+\/[cq])*\s*$/i,
  sc: /^(query|queryex|qc|sdshow)\b/i,
  w32tm: /^\/(query|stripchart|tz)\b/i,
  wevtutil: /^(qe|query-events|gl|get-log|el|enum-logs)\b/i,
  wmic: /^\S+(\s+\S+)*\s+get\b/i,
  // IIS: list, and a configuration backup (appcmd add backup writes a copy, changes nothing).
  appcmd: /^(list\b|add\s+backup\b)/i,
  openssl: /^(s_client|x509|verify)\b/i,
  date: /^\/t\s*$/i,
  time: /^\/t\s*$/i,
  netstat: /^/,
  tasklist: /^/,
  ipconfig: /^(\/all\s*)?$/i,
  whoami: /^/,
  hostname: /^/,
  systeminfo: /^/,
  nslookup: /^/,
  findstr: /^/,
  type: /^/,
  dir: /^/,
};

/** PowerShell cmdlet verbs that only read (Get-, Test-, …) and the formatting/filtering stages. */
const READ_VERBS =
  /^(get|test|resolve|select|format|measure|where|sort|compare|find|group|out-string|out-host|convertto)-?/i;
/** Cmdlets that write a file (a backup of what the fix changes), nothing else. */
const BACKUP_CMDLETS = /^(export-clixml|export-csv|out-file)$/i;

/** Splits at `|` outside quotes. */
function stages(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q: string | null = null;
  for (const ch of line) {
    if (q) {
      if (ch === q) q = null;
    } else if (ch === '"' || ch === "'") q = ch;
    else if (ch === '|') {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/** The tool or cmdlet a stage calls (lower-case, no path, no `.exe`) and its arguments. */
function command(stage: string): { name: string; args: string } | null {
  const m = /^(?:&\s*)?("[^"]+"|'[^']+'|\S+)\s*(.*)$/s.exec(stage);
  if (!m) return null;
  const path = m[1]!.replace(/^["']|["']$/g, '');
  const name = (path.split(/[\\/]/).pop() ?? path).replace(/\.exe$/i, '').toLowerCase();
  return { name, args: m[2]!.trim() };
}

function stageReadOnly(stage: string): boolean {
  // A static read: [Environment]::OSVersion.Version.Build
  if (/^\[(System\.)?Environment\]::\w+(\.\w+)*$/i.test(stage)) return true;
  const c = command(stage);
  if (!c) return false;
  const form = TOOL_FORMS[c.name];
  if (form) return form.test(c.args);
  if (/^[a-z]+-[a-z]+$/i.test(c.name))
    return READ_VERBS.test(c.name) || BACKUP_CMDLETS.test(c.name);
  return false;
}

/**
 * True when `line` (one runnable line of a fix, not a comment) only reads, or backs up into a
 * file. A PowerShell assignment counts by what it runs: `$x = (Get-ItemProperty …).Name`.
 */
export function isReadOnlyLine(line: string): boolean {
  let t = line.trim();
  const assign = /^\$[A-Za-z_]\w*\s*=\s*(?!=)(.*)$/.exec(t);
  if (assign) t = assign[1]!.replace(/^\((.*)\)(\.\w+)*$/, '$1').trim();
  // PowerShell's call operator: `& "…\appcmd.exe" list site`.
  t = t.replace(/^&\s*/, '');
  // A trailing redirect into a file (the backup of what the fix changes).
  t = t.replace(/\s*>>?\s*("[^"]*"|\S+)\s*$/, '');
  // Outside quotes: a chain (`&`, `;`) runs more than one command, another redirect writes.
  // `;` inside a calculated property (`@{ Name = 'x'; Expression = { … } }`) separates its keys.
  const bare = t.replace(/"[^"]*"|'[^']*'/g, '').replace(/@\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, '');
  if (/[&;<>]/.test(bare)) return false;
  const parts = stages(t);
  return parts.length > 0 && parts.every((s) => s !== '' && stageReadOnly(s));
}
