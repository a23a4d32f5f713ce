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

export interface HostNameLine {
  name: string;
  path: string;
  /** 1-based line of the name. */
  line: number;
  source: 'hostname' | 'ipconfig';
}

/** Larger files are collector outputs, not pastes: the manifest names their host. */
const MAX_BYTES = 512 * 1024;
const MAX_LINES = 5000;
/** A NetBIOS / DNS host name (labels of letters, digits and hyphens). */
const HOST = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}(\.[A-Za-z0-9-]{1,63})*$/;
const HOSTNAME_ECHO =
  /^(?:(?:\*Evil-WinRM\*\s*)?PS [^>]*>|[A-Za-z]:\\[^>]*>)?\s*hostname(\.exe)?\s*$/i;
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
    if (!HOSTNAME_ECHO.test(l) || (!isPromptLine(l) && !/^hostname/i.test(l))) continue;
    const next = lines[i + 1] === undefined ? '' : unquote(lines[i + 1]!).trim();
    if (HOST.test(next)) out.push({ name: next, path, line: i + 2, source: 'hostname' });
  }
  return out;
}

/** The host names of a loose file (decoded as the loader decodes it); none when it is not small text. */
export function hostNamesOf(file: BundleFile, hints: DecodeHints): HostNameLine[] {
  if (file.size > MAX_BYTES) return [];
  try {
    return hostNameLines(decodeText(file.read(), hints).text.split(/\r\n|\r|\n/), file.path);
  } catch {
    return [];
  }
}
