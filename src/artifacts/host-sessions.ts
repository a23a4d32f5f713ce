/**
 * Which machines a pasted console printed output for (judge7 S7). A PowerShell remoting copy
 * holds the local session and remote ones in one file:
 *
 *   PS C:\> hostname                                  local prompt; `hostname` names the session
 *   WEB01
 *   PS C:\> netsh http show sslcert                   output of WEB01
 *   PS C:\> Enter-PSSession WEB02
 *   [WEB02]: PS C:\Users\adm\Documents> netsh …       remote prompt (`[user@host]:` over SSH)
 *   PS C:\> Invoke-Command -ComputerName WEB03 { … }  output of WEB03 under a local prompt
 *
 * Read as one server, the two listings were merged. Output counts for a session only when a
 * command at its prompt printed lines (a `hostname` answer, Enter-PSSession, exit, transcript
 * commands and text before the first prompt do not), so a file with remote prompts of one host
 * only is still that host's evidence. A `hostname` answer that differs from the name the session
 * had starts another machine (two consoles pasted one after the other).
 */
import { isPromptLine, unquote } from '../parsers/text-cleanup.js';

export interface SessionHost {
  /** As printed (prompt, `hostname` answer or -ComputerName), or null: the local console, not named. */
  name: string | null;
  /** 1-based line of the first command whose output is this host's. */
  line: number;
}

/** `[WEB02]: PS C:\…>` / `[adm@web02.contoso.com]: PS …>`: the remote host and the command typed. */
const REMOTE = /^\[(?:[^\]@\s]+@)?([^\]\s]+)\]:\s*PS\b[^>]*>\s*(.*)$/;
const LOCAL_PROMPT = /^(?:(?:\*Evil-WinRM\*\s*)?PS\b[^>]*>|[A-Za-z]:\\[^>]*>)\s*(.*)$/;
/** A NetBIOS / DNS host name or an address, as `hostname` and remoting print them. */
const HOST = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}(\.[A-Za-z0-9-]{1,63})*$/;
/** Commands whose output is no evidence of the machine (or that only move between sessions). */
const NO_EVIDENCE =
  /^(hostname(\.exe)?|(Enter|Exit)-PSSession\b.*|etsn\b.*|exit|cls|clear|(Start|Stop)-Transcript\b.*)$/i;
/** `Invoke-Command -ComputerName A,B { … }` (also -cn): the hosts the output comes from. */
const INVOKE =
  /^(?:Invoke-Command|icm)\b.*?\s-(?:ComputerName|Cn)[\s:]+([^\s{}()]+(?:\s*,\s*[^\s{}()]+)*)/i;
const SELF = /^(localhost|127\.0\.0\.1|::1|\.)$/i;

/** `WEB01.contoso.com` and `web01` are one machine. */
export const shortHost = (name: string): string => name.trim().split('.')[0]!.toLowerCase();

/**
 * The hosts whose command output the lines hold, in order of their first output; the local
 * console without a name is one entry with `name: null`. One entry: one machine (or none).
 */
export function sessionHosts(lines: readonly string[], max = 5000): SessionHost[] {
  interface Session {
    name: string | null;
    outputAt: number | null;
  }
  const local: Session = { name: null, outputAt: null };
  const sessions: Session[] = [local];
  let localNow = local;
  let cur: Session[] | null = null; // null before the first prompt
  let command: { line: number; counts: boolean } | null = null;
  let hostnameAsked = false;
  const remote = (name: string): Session => {
    if (SELF.test(name)) return localNow;
    const key = shortHost(name);
    let s = sessions.find((x) => x.name !== null && shortHost(x.name) === key);
    if (!s) sessions.push((s = { name, outputAt: null }));
    return s;
  };
  const n = Math.min(lines.length, max);
  for (let i = 0; i < n; i++) {
    const t = unquote(lines[i]!).trim();
    if (t === '') continue;
    const r = REMOTE.exec(t);
    const l = r ? null : LOCAL_PROMPT.exec(t);
    if (r || l) {
      const typed = (r ? r[2]! : l![1]!).trim();
      const invoke = INVOKE.exec(typed);
      cur = r
        ? [remote(r[1]!)]
        : invoke
          ? invoke[1]!.split(',').map((h) => remote(h.trim().replace(/^["']|["']$/g, '')))
          : [localNow];
      hostnameAsked = /^hostname(\.exe)?$/i.test(typed);
      command = typed === '' ? null : { line: i + 1, counts: !NO_EVIDENCE.test(typed) };
      continue;
    }
    if (isPromptLine(t) || cur === null) continue;
    if (hostnameAsked) {
      hostnameAsked = false;
      if (HOST.test(t) && cur.length === 1) {
        const s = cur[0]!;
        if (s.name === null) s.name = t;
        else if (shortHost(s.name) !== shortHost(t) && s === localNow) {
          // Another console pasted after the first one: a new local machine.
          localNow = { name: t, outputAt: null };
          sessions.push(localNow);
          cur = [localNow];
        }
        continue;
      }
    }
    if (command?.counts) for (const s of cur) s.outputAt ??= command.line;
  }
  // Two entries naming one machine (the local console's name given to a remote prompt) are one.
  const out: SessionHost[] = [];
  for (const s of sessions.filter((x) => x.outputAt !== null)) {
    const same = out.find(
      (o) => o.name !== null && s.name !== null && shortHost(o.name) === shortHost(s.name),
    );
    if (same) same.line = Math.min(same.line, s.outputAt!);
    else out.push({ name: s.name, line: s.outputAt! });
  }
  return out.sort((a, b) => a.line - b.line);
}
