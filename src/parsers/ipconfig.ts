/**
 * `ipconfig` / `ipconfig /all` (artifact `net.ipconfig`): the server's own IP addresses, per
 * adapter. Used to tell whether the HTTP.sys IP listen list names this server's addresses (a
 * listed address the server does not have is a stale entry: HTTP.sys cannot listen on it).
 *
 *   Windows IP Configuration
 *
 *      Host Name . . . . . . . . . . . . : WEB01                 (/all only)
 *
 *   Ethernet adapter Ethernet0:
 *
 *      Connection-specific DNS Suffix  . : corp.contoso.com
 *      IPv6 Address. . . . . . . . . . . : fd00::201(Preferred)
 *      Link-local IPv6 Address . . . . . : fe80::aaa:1f68:e09e:1c84%13(Preferred)
 *      IPv4 Address. . . . . . . . . . . : 192.168.8.201(Preferred)
 *      Subnet Mask . . . . . . . . . . . : 255.255.255.0
 *
 *   Unknown adapter OpenVPN Connect DCO Adapter:
 *
 *      Media State . . . . . . . . . . . : Media disconnected
 *
 * A line is `label` + dot leaders + ` : ` + value; each address has its own line, with a state in
 * parentheses (`(Preferred)`, `(Deprecated)`, `(Tentative)`) and IPv6 with a zone (`%13`).
 * English labels as the real samples beside this file show (ipconfig.samples.md); zh-CN labels
 * (`IPv4 地址`, `IPv6 地址`, `本地链接 IPv6 地址`, `临时 IPv6 地址`) unverified: no real copy yet.
 * Prompts, the echoed command, `> ` quoting and fences are skipped.
 *
 * Issues: `empty-input` (no adapter with an address), `invalid-value` (an address line whose
 * value is no IP address).
 */
import { isIPv4, isIPv6 } from '../shared/ip.js';
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { isFence, isPromptLine, unquote } from './text-cleanup.js';
import { adapterName, TITLE } from './ipconfig.sniff.js';
import { ipconfigRecognizer } from './sniffs.js';

export interface IpconfigAddress {
  /** Without state suffix and zone: `fe80::aaa:1f68:e09e:1c84`. */
  address: string;
  family: 4 | 6;
  linkLocal: boolean;
  adapter: string;
  evidence: EvidenceRef;
}

export interface IpconfigAdapter {
  /** The header without its colon: `Ethernet adapter Ethernet0`. */
  name: string;
  disconnected: boolean;
  evidence: EvidenceRef;
}

export interface IpconfigValue {
  hostName: string | null;
  adapters: IpconfigAdapter[];
  addresses: IpconfigAddress[];
}

export type IpconfigIssueCode = 'empty-input' | 'invalid-value';

const ADDRESS_LABEL =
  /^(?:(?:Autoconfiguration |Temporary |Link-local )?IPv[46] Address|IP Address|(?:临时 |本地链接 |自动配置 )?IPv[46] 地址|IP 地址)$/i;
const DISCONNECTED = /^(Media disconnected|媒体已断开(连接)?)$/i;

/** Drops trailing spaces and dot leaders (a loop: a regex would backtrack on long runs). */
function trimLeaders(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === '.' || /\s/.test(s[end - 1]!))) end--;
  return s.slice(0, end);
}

/** `Label . . . : value` → [label, value] (the first colon: IPv6 values hold more). */
function labelValue(line: string): [string, string] | null {
  const i = line.search(/[:：]/);
  if (i <= 0) return null;
  return [trimLeaders(line.slice(0, i)), line.slice(i + 1).trim()];
}

/** `192.168.8.201(Preferred)` → `192.168.8.201`; `fe80::1%13(Preferred)` → `fe80::1`. */
export function bareAddress(v: string): { address: string; family: 4 | 6 } | null {
  // An address with its state suffix fits in 80 characters; longer is not one.
  if (v.length > 80) return null;
  const a = v
    .trim()
    .replace(/\s*\([^)]*\)$/, '')
    .replace(/%[\w.]+$/, '');
  if (isIPv4(a)) return { address: a, family: 4 };
  if (isIPv6(a)) return { address: a.toLowerCase(), family: 6 };
  return null;
}

function parseIpconfig(input: TextInput): ParseResult<IpconfigValue, IpconfigIssueCode> {
  const issues: ParseIssue<IpconfigIssueCode>[] = [];
  const value: IpconfigValue = { hostName: null, adapters: [], addresses: [] };
  let adapter: IpconfigAdapter | null = null;
  input.lines.forEach((raw, i) => {
    const n = i + 1;
    const line = unquote(raw).trim();
    if (line === '' || isFence(line) || isPromptLine(line) || /^ipconfig(\.exe)?\b/i.test(line))
      return;
    if (TITLE.test(line)) return;
    const head = adapterName(line);
    if (head !== null) {
      adapter = { name: head, disconnected: false, evidence: lineEvidence(input, n, n) };
      value.adapters.push(adapter);
      return;
    }
    const lv = labelValue(line);
    if (!lv) return;
    const [label, v] = lv;
    if (/^Host Name$|^主机名$/i.test(label)) {
      value.hostName = v || null;
      return;
    }
    const current = adapter as IpconfigAdapter | null;
    if (current && /^(Media State|媒体状态)$/i.test(label) && DISCONNECTED.test(v)) {
      current.disconnected = true;
      return;
    }
    if (!ADDRESS_LABEL.test(label) || v === '') return;
    const a = bareAddress(v);
    if (!a) {
      issues.push(issue('invalid-value', `"${v}" is not an IP address`, { line: n }, 'info'));
      return;
    }
    value.addresses.push({
      ...a,
      linkLocal: a.family === 6 ? /^fe[89ab]/i.test(a.address) : a.address.startsWith('169.254.'),
      adapter: current?.name ?? '',
      evidence: lineEvidence(input, n, n, current?.name),
    });
  });
  if (value.addresses.length === 0)
    issues.push(issue('empty-input', 'no IP address in the ipconfig output', {}, 'warning'));
  return { value, issues };
}

export const ipconfigParser: TextParser<IpconfigValue, 'net.ipconfig'> = {
  ...ipconfigRecognizer,
  describe: 'ipconfig / ipconfig /all: the server’s IP addresses per adapter',
  parse: parseIpconfig,
};
