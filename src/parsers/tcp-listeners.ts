/**
 * Listening sockets as JSON (artifact `net.tcp-listeners`), the language-neutral twin of netstat.
 *
 * Produced by the collector (shape documented in docs/bundle-format.md, "net.tcp-listeners"):
 *
 *   {
 *     "formatVersion": 1,
 *     "listeners":    Get-NetTCPConnection -State Listen | Select LocalAddress, LocalPort, State, OwningProcess, CreationTime
 *     "udpEndpoints": Get-NetUDPEndpoint | Select LocalAddress, LocalPort, OwningProcess   (optional)
 *     "processes":    Get-Process -Id <owning PIDs> | Select Id, ProcessName, Path, SessionId
 *     "services":     Get-CimInstance Win32_Service -Filter "ProcessId<>0" | Select Name, DisplayName, ProcessId, State
 *   }
 *
 * Also accepted: a bare `Get-NetTCPConnection | ConvertTo-Json` array, or the single object that
 * ConvertTo-Json writes when only one connection exists. `State` is the MSFT_NetTCPConnection
 * enum: Windows PowerShell 5.1 writes its number (Listen = 2), PowerShell 7 with -EnumsAsStrings
 * the name. Keys are matched case-insensitively. Other states than Listen/Bound are ignored.
 * Evidence line ranges come from a scan of the text (JSON.parse has none).
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { pastedJson } from './text-cleanup.js';
import { tcpListenersRecognizer } from './sniffs.js';

export type TcpListenersIssueCode =
  | 'invalid-value'
  | 'missing-field'
  | 'empty-input'
  | 'unsupported-variant'
  | 'malformed-json'
  | 'unrecognized-line';

export interface JsonListener {
  protocol: 'TCP' | 'UDP';
  localAddress: string;
  localPort: number;
  /** `LISTENING` (TCP Listen) or `BOUND` (UDP endpoint / TCP Bound). */
  state: 'LISTENING' | 'BOUND';
  pid: number | null;
  evidence: EvidenceRef;
}

export interface JsonProcess {
  pid: number;
  /** Get-Process ProcessName: no `.exe` (`System`, `vmware-hostd`). */
  processName: string;
  path: string | null;
  evidence: EvidenceRef;
}

export interface JsonService {
  name: string;
  displayName: string | null;
  pid: number;
  state: string | null;
  evidence: EvidenceRef;
}

export interface TcpListenersValue {
  formatVersion: number | null;
  listeners: JsonListener[];
  processes: JsonProcess[];
  services: JsonService[];
}

/** MSFT_NetTCPConnection.State values. */
const TCP_STATES: Record<number, string> = {
  1: 'Closed',
  2: 'Listen',
  3: 'SynSent',
  4: 'SynReceived',
  5: 'Established',
  6: 'FinWait1',
  7: 'FinWait2',
  8: 'CloseWait',
  9: 'Closing',
  10: 'LastAck',
  11: 'TimeWait',
  12: 'DeleteTCB',
  100: 'Bound',
};

type Obj = Record<string, unknown>;
type Range = { start: number; end: number };

/** Line ranges of every JSON object in document order (the order of a pre-order walk). */
export function objectLineRanges(text: string): Range[] {
  const out: Range[] = [];
  const stack: number[] = [];
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    // A lone CR ends a line too (as input.lines counts them: a paste with old Mac line ends).
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      stack.push(out.length);
      out.push({ start: line, end: line });
    } else if (c === '}') {
      const idx = stack.pop();
      if (idx !== undefined) out[idx]!.end = line;
    }
  }
  return out;
}

/** Key lookup ignoring case (PowerShell is case-insensitive, its JSON keeps the source casing). */
function get(o: Obj, key: string): unknown {
  const k = Object.keys(o).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : o[k];
}
const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
const int = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : null;
};
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : isObj(v) ? [v] : []);

function parseTcpListeners(
  input: TextInput,
): ParseResult<TcpListenersValue, TcpListenersIssueCode> {
  const issues: ParseIssue<TcpListenersIssueCode>[] = [];
  const value: TcpListenersValue = {
    formatVersion: null,
    listeners: [],
    processes: [],
    services: [],
  };
  const { text, issues: noise } = pastedJson(input.text);
  issues.push(...noise);
  if (text.trim() === '') {
    issues.push(issue('empty-input', 'the file is empty'));
    return { value, issues };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    issues.push(issue('malformed-json', e instanceof Error ? e.message : String(e), {}, 'error'));
    return { value, issues };
  }
  // Evidence: map each object to its line range by pre-order position.
  const ranges = objectLineRanges(text);
  const rangeOf = new Map<Obj, Range>();
  // Iterative pre-order walk: hostile input may nest deeper than the call stack.
  let next = 0;
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const v = stack.pop();
    const children = Array.isArray(v) ? v : isObj(v) ? Object.values(v) : [];
    if (isObj(v)) {
      const r = ranges[next++];
      if (r) rangeOf.set(v, r);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  const ev = (o: Obj): EvidenceRef => {
    const r = rangeOf.get(o) ?? { start: 1, end: input.lines.length };
    return lineEvidence(input, r.start, r.end);
  };

  let tcp: Obj[];
  let udp: Obj[] = [];
  if (isObj(doc) && get(doc, 'listeners') !== undefined) {
    value.formatVersion = int(get(doc, 'formatVersion'));
    tcp = list(get(doc, 'listeners'));
    udp = list(get(doc, 'udpEndpoints'));
    for (const p of list(get(doc, 'processes'))) {
      const pid = int(get(p, 'Id'));
      const name = str(get(p, 'ProcessName'));
      if (pid === null || name === null) {
        issues.push(
          issue('missing-field', 'process without Id or ProcessName', {
            line: ev(p).lines?.start ?? 1,
          }),
        );
        continue;
      }
      value.processes.push({ pid, processName: name, path: str(get(p, 'Path')), evidence: ev(p) });
    }
    for (const s of list(get(doc, 'services'))) {
      const pid = int(get(s, 'ProcessId'));
      const name = str(get(s, 'Name'));
      if (pid === null || name === null) {
        issues.push(
          issue('missing-field', 'service without Name or ProcessId', {
            line: ev(s).lines?.start ?? 1,
          }),
        );
        continue;
      }
      value.services.push({
        name,
        displayName: str(get(s, 'DisplayName')),
        pid,
        state: str(get(s, 'State')),
        evidence: ev(s),
      });
    }
  } else if (Array.isArray(doc) || isObj(doc)) {
    issues.push(
      issue(
        'unsupported-variant',
        'bare Get-NetTCPConnection output: no process names',
        {},
        'info',
      ),
    );
    tcp = list(doc);
  } else {
    issues.push(issue('malformed-json', 'neither an object nor an array', {}, 'error'));
    return { value, issues };
  }
  const add = (o: Obj, protocol: 'TCP' | 'UDP'): void => {
    const line = ev(o).lines?.start ?? 1;
    const address = str(get(o, 'LocalAddress'));
    const port = int(get(o, 'LocalPort'));
    if (address === null || port === null || port > 65535) {
      issues.push(issue('missing-field', 'entry without LocalAddress / LocalPort', { line }));
      return;
    }
    let state: JsonListener['state'] = 'BOUND';
    if (protocol === 'TCP') {
      const raw = get(o, 'State');
      const name = typeof raw === 'number' ? TCP_STATES[raw] : str(raw);
      if (name === undefined || name === null) {
        issues.push(issue('invalid-value', `State ${String(raw)}`, { line }));
        return;
      }
      if (/^listen$/i.test(name)) state = 'LISTENING';
      else if (!/^bound$/i.test(name)) return; // not a listener
    }
    value.listeners.push({
      protocol,
      localAddress: address.replace(/^\[|\]$/g, ''),
      localPort: port,
      state,
      pid: int(get(o, 'OwningProcess')),
      evidence: ev(o),
    });
  };
  tcp.forEach((o) => add(o, 'TCP'));
  udp.forEach((o) => add(o, 'UDP'));
  return { value, issues };
}

export const tcpListenersParser: TextParser<TcpListenersValue, 'net.tcp-listeners'> = {
  ...tcpListenersRecognizer,
  describe: 'Get-NetTCPConnection -State Listen + Get-Process + Win32_Service as JSON',
  parse: parseTcpListeners,
};
