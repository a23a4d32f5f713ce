/**
 * Host names a pasted text states about the machine it comes from (judge6 S7): the output of
 * `hostname` after its echo (`PS C:\Users\admin> hostname` / `WEB01`), and the `Host Name` line of
 * `ipconfig /all` (`   Host Name . . . . . . . . . . . . : WEB01`; no real copy in the project's
 * samples: the layout is ipconfig's documented dotted-label form). src/facts/host-consistency.ts
 * compares them with the manifest and the events' `<Computer>`, so loose files from two servers
 * are named before any root cause.
 */
import type { BundleFile } from '../bundle/open.js';
import type { DecodeHints } from '../shared/parse.js';
import { isPromptLine, unquote } from '../parsers/text-cleanup.js';
import { decodeText } from './decode.js';
import { sessionHosts, type SessionHost } from './host-sessions.js';

export interface HostNameLine {
  name: string;
  path: string;
  /** 1-based line of the name. */
  line: number;
  /** `prompt`: the host of a PowerShell remoting prompt (`[WEB02]: PS C:\>`). */
  source: 'hostname' | 'ipconfig' | 'prompt';
}

/** Larger files are collector outputs, not pastes: the manifest names their host. */
const MAX_BYTES = 512 * 1024;
const MAX_LINES = 5000;
/** A NetBIOS / DNS host name (labels of letters, digits and hyphens). */
const HOST = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}(\.[A-Za-z0-9-]{1,63})*$/;
const HOSTNAME_ECHO =
  /^(?:(?:\[[^\]]+\]:\s*|\*Evil-WinRM\*\s*)?PS [^>]*>|[A-Za-z]:\\[^>]*>)?\s*hostname(\.exe)?\s*$/i;
/** A PowerShell remoting prompt: `[WEB02]: PS C:\Users\adm\Documents>` (`[adm@web02]:` over SSH). */
const REMOTE_PROMPT = /^\[(?:[^\]@\s]+@)?([^\]\s]+)\]:\s*PS\b[^>]*>/;
const IPCONFIG_HOST = /^\s*Host Name(?:\s*\.)*\s*:\s*(\S+)\s*$/;

export function hostNameLines(lines: readonly string[], path: string): HostNameLine[] {
  const out: HostNameLine[] = [];
  const n = Math.min(lines.length, MAX_LINES);
  for (let i = 0; i < n; i++) {
    const l = unquote(lines[i]!).trim();
    const ip = IPCONFIG_HOST.exec(l);
    if (ip && HOST.test(ip[1]!)) {
      out.push({ name: ip[1]!, path, line: i + 1, source: 'ipconfig' });
      continue;
    }
    const remote = REMOTE_PROMPT.exec(l);
    // One name per remote host (its first prompt); localhost is the machine itself.
    if (remote && HOST.test(remote[1]!) && !/^localhost$/i.test(remote[1]!))
      if (!out.some((o) => o.source === 'prompt' && o.name === remote[1]))
        out.push({ name: remote[1]!, path, line: i + 1, source: 'prompt' });
    if (!HOSTNAME_ECHO.test(l) || (!isPromptLine(l) && !/^hostname/i.test(l))) continue;
    const next = lines[i + 1] === undefined ? '' : unquote(lines[i + 1]!).trim();
    if (HOST.test(next)) out.push({ name: next, path, line: i + 2, source: 'hostname' });
  }
  return out;
}

/**
 * The host names a loose file states and the hosts whose command output it holds
 * (src/artifacts/host-sessions.ts), read from one decoding; nothing when it is not small text.
 */
export function fileHostsOf(
  file: BundleFile,
  hints: DecodeHints,
): { names: HostNameLine[]; hosts: SessionHost[] } {
  if (file.size > MAX_BYTES) return { names: [], hosts: [] };
  try {
    const lines = decodeText(file.read(), hints).text.split(/\r\n|\r|\n/);
    return { names: hostNameLines(lines, file.path), hosts: sessionHosts(lines, MAX_LINES) };
  } catch {
    return { names: [], hosts: [] };
  }
}
