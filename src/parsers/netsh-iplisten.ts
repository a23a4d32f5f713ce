/**
 * `netsh http show iplisten` — the HTTP.sys IP listen list (registry: HTTP\Parameters\ListenOnlyList).
 *
 *   IP addresses present in the IP listen list:
 *   -------------------------------------------
 *
 *       192.168.33.1
 *       127.0.0.1
 *
 * An empty list (only the header and dashes) means HTTP.sys listens on every address. A
 * non-empty list restricts it to those addresses: a binding on any other address is never
 * served (scenario 4 of the IIS article). Entries are IPv4 or IPv6 addresses, sometimes with a
 * port (`add iplisten ipaddress=` accepts `ip` or `ip:port` forms on some builds).
 *
 * Copies often contain several runs (before / after `delete iplisten`); the LAST listing is the
 * state in force and the earlier ones are reported as an issue. Success and error lines of netsh
 * (`IP address successfully deleted`) are recognised and skipped.
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { isElision, isPromptLine, unquote } from './text-cleanup.js';
import { netshIplistenRecognizer } from './sniffs.js';

export interface IpListenValue {
  /** Addresses of the last listing, as printed. */
  addresses: string[];
  /** Number of listings in the input (a copy may show before/after runs). */
  listings: number;
  evidence: EvidenceRef | null;
}

export type IpListenIssueCode =
  'multiple-listings' | 'invalid-address' | 'unrecognized-line' | 'empty-input';

const HEADER =
  /^(IP addresses present in the IP listen list|IP 侦听列表中存在的 IP 地址|IP-Adressen in der IP-Abhörliste)\s*[:：]?$/i;
const NETSH_STATUS =
  /^(IP address successfully (added|deleted)|已成功(添加|删除) IP 地址|The (system|parameter)|Error|Ok\.?)\b/i;
const ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|\[?[0-9a-f:]*:[0-9a-f:.%]*\]?)(:\d{1,5})?$/i;

export function parseNetshIplisten(
  input: TextInput,
): ParseResult<IpListenValue, IpListenIssueCode> {
  const issues: ParseIssue<IpListenIssueCode>[] = [];
  const src = { artifactId: input.artifactId, path: input.path, lines: input.lines };
  const lines = input.lines.map(unquote);
  let listings = 0;
  type Listing = { addresses: string[]; start: number; end: number };
  let current: Listing | null = null;
  let last: Listing | null = null;

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!.trim();
    if (
      line === '' ||
      /^-{5,}$/.test(line) ||
      isElision(line) ||
      isPromptLine(lines[i]!) ||
      /^netsh\b/i.test(line)
    )
      continue;
    if (HEADER.test(line)) {
      listings++;
      if (current) last = current;
      current = { addresses: [], start: lineNo, end: lineNo };
      continue;
    }
    if (NETSH_STATUS.test(line)) {
      if (current) last = current;
      current = null;
      continue;
    }
    if (ADDRESS.test(line) && /[.:]/.test(line)) {
      if (!current) {
        // A bare list without the header (trimmed copy): treat it as a listing.
        listings++;
        current = { addresses: [], start: lineNo, end: lineNo };
      }
      current.addresses.push(line);
      current.end = lineNo;
      continue;
    }
    issues.push(
      issue(
        current ? 'invalid-address' : 'unrecognized-line',
        `unrecognised line: ${line.slice(0, 80)}`,
        { line: lineNo },
      ),
    );
  }
  const final = current ?? last;
  if (listings > 1) {
    issues.push(
      issue(
        'multiple-listings',
        `${listings} listings found; the last one (line ${final?.start ?? '?'}) is taken as the state in force`,
        { line: final?.start ?? 1 },
        'info',
      ),
    );
  }
  if (listings === 0 && issues.length === 0)
    issues.push(issue('empty-input', 'no iplisten header or address found', {}, 'error'));
  return {
    value: {
      addresses: final?.addresses ?? [],
      listings,
      evidence: final ? lineEvidence(src, final.start, final.end) : null,
    },
    issues,
  };
}

export const netshIplistenParser: TextParser<IpListenValue, 'httpsys.iplisten'> = {
  ...netshIplistenRecognizer,
  describe: 'netsh http show iplisten',
  parse: parseNetshIplisten,
};
