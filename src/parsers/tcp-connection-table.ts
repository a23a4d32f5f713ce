/**
 * `Get-NetTCPConnection` as the console prints it (artifact `net.tcp-listeners`, beside the
 * collector's JSON of tcp-listeners.ts), with the `Get-Process` output an engineer pastes under it
 * to name the owning PID (judge7 M2):
 *
 *   PS C:\> Get-NetTCPConnection -LocalPort 443 -State Listen
 *   LocalAddress                        LocalPort RemoteAddress                       RemotePort State       AppliedSetting OwningProcess
 *   ------------                        --------- -------------                       ---------- -----       -------------- -------------
 *   0.0.0.0                             443       0.0.0.0                             0          Listen                     5812
 *
 *   PS C:\> Get-Process -Id 5812
 *   Handles  NPM(K)    PM(K)      WS(K)     CPU(s)     Id  SI ProcessName
 *   -------  ------    -----      -----     ------     --  -- -----------
 *       412      38    61236      70412       3.45   5812   0 httpd
 *
 * Also read: the same cmdlets `| Format-List` (`LocalPort : 443` … / `Id : 5812`, `Name : httpd`),
 * narrower column widths, numbers right-aligned (PowerShell 7), PowerShell 7's `PM(M)` / `WS(M)`
 * Get-Process header, an empty CPU(s) cell, decimal commas (`9.886,05`), process names with
 * spaces (`Memory Compression`), a `PSComputerName` column after the name.
 * Rows are read by their tokens in header order, never by column positions: pastes collapse the
 * padding, turn it into tabs or quote it. AppliedSetting is empty on listening rows, so it takes a
 * token only when the token is one of its values. A mail client that wrapped a long row puts its
 * tail on the next line: a row missing its last columns is completed from the line below when
 * that line does not start a row of its own. A value cut by the console (`fe80::…`, `...`) is
 * no address: the row is skipped with an issue. Only Listen and Bound rows become listeners
 * (as in the JSON); other states are counted only.
 * A file without any Get-NetTCPConnection output (a Get-Process listing alone) names processes,
 * not listeners, and is refused: it must not read as "nothing listens".
 */
import { lineEvidence } from '../shared/evidence.js';
import {
  ParseError,
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { isElision, isFence, isPromptLine, unquote } from './text-cleanup.js';
import type {
  JsonListener,
  JsonProcess,
  TcpListenersIssueCode,
  TcpListenersValue,
} from './tcp-listeners.js';
import { BARE_ROW, TCP_HEADER } from './tcp-connection-table.sniff.js';
import { tcpConnectionTableRecognizer } from './sniffs.js';

/** Get-Process's default table header (Windows PowerShell 5.1: `Handles NPM(K) PM(K) WS(K) CPU(s) Id SI ProcessName`). */
const PROCESS_HEADER = /^(?:Handles\s+)?NPM\([KM]\)\s.*\bId\b.*\bProcessName\b/i;
const PROCESS_START = /^(?:Handles\s+)?NPM\([KM]\)\s/i;
const DASHES = /^-+(\s+-+)*$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){1,7}(%\w+)?$/i;
const CUT = /(…|\.\.\.)$/;
const STATE =
  /^(Closed|Listen|SynSent|SynReceived|Established|FinWait1|FinWait2|CloseWait|Closing|LastAck|TimeWait|DeleteTCB|Bound)$/i;
const APPLIED = /^(Internet|Datacenter|Compat|InternetCustom|DatacenterCustom|Automatic)$/i;
const NUMBER = /^\d[\d.,]*$/;

const MAX_COLUMNS = 32;

const DEFAULT_COLUMNS = [
  'localaddress',
  'localport',
  'remoteaddress',
  'remoteport',
  'state',
  'appliedsetting',
  'owningprocess',
];

const REQUIRED = new Set([
  'localaddress',
  'localport',
  'remoteaddress',
  'remoteport',
  'state',
  'owningprocess',
]);

const isAddress = (t: string): boolean => t !== '' && (IPV4.test(t) || IPV6.test(t));
const isPort = (t: string): boolean => /^\d{1,5}$/.test(t) && Number(t) <= 65535;

type Cell = 'ok' | 'skip' | 'bad';
/** Whether a token fills a column: `skip` leaves an optional column empty and keeps the token. */
function fits(column: string, token: string): Cell {
  switch (column) {
    case 'localaddress':
    case 'remoteaddress':
      return isAddress(token.replace(/^\[|\]$/g, '')) ? 'ok' : 'bad';
    case 'localport':
    case 'remoteport':
      return isPort(token) ? 'ok' : 'bad';
    case 'state':
      return STATE.test(token) ? 'ok' : 'bad';
    case 'appliedsetting':
      return APPLIED.test(token) ? 'ok' : 'skip';
    case 'owningprocess':
      return /^\d{1,10}$/.test(token) ? 'ok' : 'bad';
    default:
      return 'ok';
  }
}

interface TcpRow {
  cells: Map<string, string>;
  /** Every column before OwningProcess got its token (a wrapped row lacks the last ones). */
  complete: boolean;
  /** The first bad token, when a column's token did not fit. */
  bad: string | null;
}

function readTcpRow(columns: readonly string[], tokens: readonly string[]): TcpRow {
  const cells = new Map<string, string>();
  let k = 0;
  for (const c of columns) {
    const t = tokens[k];
    // Out of tokens: complete only when no column a listener needs is left (a wrapped row).
    if (t === undefined)
      return {
        cells,
        complete: !columns.slice(columns.indexOf(c)).some((x) => REQUIRED.has(x)),
        bad: null,
      };
    const f = fits(c, t);
    if (f === 'bad') return { cells, complete: true, bad: t };
    if (f === 'ok') {
      cells.set(c, t);
      k++;
    }
  }
  return { cells, complete: true, bad: null };
}

const tokensOf = (l: string): string[] =>
  l
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');

/** Lines as the parser reads them: quoting, tabs and trailing blanks gone, fences blank. */
function cleanLines(input: TextInput): string[] {
  return input.lines.map((l) => {
    if (isFence(l)) return '';
    // A Markdown table row pasted from a wiki: `| 0.0.0.0 | 443 | … |`.
    const u = unquote(l).replace(/\t/g, ' ');
    return /^\s*\|.*\|\s*$/.test(u) ? u.replace(/\|/g, ' ') : u;
  });
}

function parseTable(input: TextInput): ParseResult<TcpListenersValue, TcpListenersIssueCode> {
  const issues: ParseIssue<TcpListenersIssueCode>[] = [];
  const value: TcpListenersValue = {
    formatVersion: null,
    listeners: [],
    processes: [],
    services: [],
  };
  const lines = cleanLines(input);
  let tcpColumns: string[] | null = null;
  let processColumns: string[] | null = null;
  let sawTcpOutput = false;
  let otherStates = 0;
  const seenPids = new Set<number>();
  let lastProcessLine = -1;

  const addListener = (cells: Map<string, string>, start: number, end: number): void => {
    const line = start + 1;
    const address = cells.get('localaddress');
    const port = cells.get('localport');
    const state = cells.get('state') ?? null;
    if (address === undefined || port === undefined) {
      issues.push(issue('missing-field', 'row without LocalAddress / LocalPort', { line }));
      return;
    }
    if (state !== null && !/^(listen|bound)$/i.test(state)) {
      otherStates++;
      return;
    }
    const pid = cells.get('owningprocess');
    const l: JsonListener = {
      protocol: 'TCP',
      localAddress: address.replace(/^\[|\]$/g, ''),
      localPort: Number(port),
      // A listing without a State column (`Select LocalAddress, LocalPort, OwningProcess`) is
      // taken as listening only when its remote side is the unconnected 0.0.0.0:0 / :::0.
      state: state === null || /^listen$/i.test(state) ? 'LISTENING' : 'BOUND',
      pid: pid === undefined ? null : Number(pid),
      evidence: lineEvidence(input, start + 1, end + 1),
    };
    if (state === null) {
      const remote = cells.get('remoteaddress');
      if (
        remote === undefined ||
        !/^(0\.0\.0\.0|::)$/.test(remote) ||
        cells.get('remoteport') !== '0'
      ) {
        otherStates++;
        return;
      }
    }
    value.listeners.push(l);
  };

  const addProcess = (pid: number, name: string, start: number, end: number): boolean => {
    if (seenPids.has(pid)) return false;
    seenPids.add(pid);
    const p: JsonProcess = {
      pid,
      processName: name,
      path: null,
      evidence: lineEvidence(input, start + 1, end + 1),
    };
    value.processes.push(p);
    return true;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const t = raw.trim();
    if (t === '') continue;
    if (isPromptLine(t)) {
      tcpColumns = null;
      processColumns = null;
      continue;
    }
    if (isElision(t) || t === '[...]') continue;
    if (TCP_HEADER.test(t)) {
      // A header a mail client wrapped: its last names on the line above the dashes.
      const names = tokensOf(t);
      let j = i + 1;
      while (
        j < lines.length &&
        !DASHES.test(lines[j]!.trim()) &&
        /^[A-Za-z]+(\s+[A-Za-z]+)*$/.test(lines[j]!.trim()) &&
        j - i < 3
      ) {
        names.push(...tokensOf(lines[j]!));
        j++;
      }
      // At most MAX_COLUMNS: a row is matched against each, and wrapped rows join up to that many lines.
      tcpColumns = names.slice(0, MAX_COLUMNS).map((n) => n.toLowerCase());
      processColumns = null;
      sawTcpOutput = true;
      if (j < lines.length && DASHES.test(lines[j]!.trim())) i = j;
      continue;
    }
    if (PROCESS_START.test(t)) {
      // The header, perhaps wrapped by a mail client (its last names on the next line).
      let header = t;
      let j = i + 1;
      while (!PROCESS_HEADER.test(header) && j < lines.length && j - i < 3) {
        const next = lines[j]!.trim();
        if (next === '' || DASHES.test(next) || !/^[A-Za-z()]+(\s+[A-Za-z()]+)*$/.test(next)) break;
        header += ` ${next}`;
        j++;
      }
      if (PROCESS_HEADER.test(header)) {
        processColumns = tokensOf(header)
          .slice(0, MAX_COLUMNS)
          .map((n) => n.toLowerCase());
        tcpColumns = null;
        while (j < lines.length && DASHES.test(lines[j]!.trim())) j++;
        i = j - 1;
        continue;
      }
    }
    if (DASHES.test(t)) continue;

    // Format-List blocks: `Label : value` lines up to a blank line.
    if (/^[A-Za-z]\w*\s*:(\s|$)/.test(t)) {
      const fields = new Map<string, string>();
      let j = i;
      let end = i;
      for (; j < lines.length; j++) {
        const l = lines[j]!.trim();
        if (l === '') continue; // a paste may put a blank line after every line
        const m = /^([A-Za-z]\w*)\s*:\s*(.*)$/.exec(l);
        // The block ends at a line that is no `Label : value`, or whose label starts the next record.
        if (!m || fields.has(m[1]!.toLowerCase())) break;
        fields.set(m[1]!.toLowerCase(), m[2]!.trim());
        end = j;
      }
      if (fields.has('localaddress') && fields.has('localport')) {
        sawTcpOutput = true;
        const cells = new Map<string, string>();
        for (const c of DEFAULT_COLUMNS) {
          const v = fields.get(c);
          if (v !== undefined && v !== '' && fits(c, v) === 'ok') cells.set(c, v);
        }
        if (cells.has('localaddress') && cells.has('localport')) addListener(cells, i, end);
        else
          issues.push(
            issue(
              'invalid-value',
              `LocalAddress ${fields.get('localaddress')} / LocalPort ${fields.get('localport')}`,
              { line: i + 1 },
            ),
          );
      } else if (fields.has('id') && (fields.has('processname') || fields.has('name'))) {
        const pid = fields.get('id')!;
        const name = fields.get('processname') || fields.get('name')!;
        if (/^\d{1,10}$/.test(pid) && name !== '') addProcess(Number(pid), name, i, end);
      }
      i = end;
      continue;
    }

    if (processColumns !== null) {
      let row = t;
      // A wrapped row: the name on the next line.
      if (/^[\d.,\s]+$/.test(row) && i + 1 < lines.length && /^\D/.test(lines[i + 1]!.trim())) {
        row += ` ${lines[i + 1]!.trim()}`;
        i++;
      }
      const m = /^((?:\d[\d.,]*\s+)+)(\S.*)$/.exec(row);
      const last = value.processes[value.processes.length - 1];
      if (
        !m &&
        last &&
        lastProcessLine === i - 1 &&
        /^[A-Za-z][\w.-]*( [A-Za-z][\w.-]*)?$/.test(t)
      ) {
        // The tail of a name with a space that a mail client wrapped (`Memory` / `Compression`).
        last.processName += ` ${t}`;
        last.evidence = lineEvidence(input, last.evidence.lines?.start ?? i + 1, i + 1);
        continue;
      }
      if (!m) {
        issues.push(
          issue(
            'unrecognized-line',
            `not a Get-Process row: ${t.slice(0, 80)}`,
            { line: i + 1 },
            'info',
          ),
        );
        processColumns = null;
        continue;
      }
      const numbers = tokensOf(m[1]!).filter((x) => NUMBER.test(x));
      const idAt = processColumns.indexOf('id');
      const nameAt = processColumns.indexOf('processname');
      // Columns between Id and ProcessName (SI) are numbers after the Id; columns after the
      // name (PSComputerName) are its last tokens.
      const after = nameAt - idAt - 1;
      const trailing = processColumns.length - nameAt - 1;
      const pidText = numbers[numbers.length - 1 - after];
      let name = m[2]!.trim();
      if (trailing > 0) name = tokensOf(name).slice(0, -trailing).join(' ') || name;
      if (pidText === undefined || !/^\d{1,10}$/.test(pidText)) {
        issues.push(issue('invalid-value', `no process id in: ${t.slice(0, 80)}`, { line: i + 1 }));
        continue;
      }
      lastProcessLine = addProcess(Number(pidText), name, row === t ? i : i - 1, i) ? i : -1;
      continue;
    }

    const columns = tcpColumns ?? (BARE_ROW.test(t) ? DEFAULT_COLUMNS : null);
    if (columns === null) {
      if (isAddress(tokensOf(t)[0] ?? '') || CUT.test(tokensOf(t)[0] ?? ''))
        issues.push(
          issue(
            'unrecognized-line',
            `a connection row without its header: ${t.slice(0, 80)}`,
            { line: i + 1 },
            'info',
          ),
        );
      continue;
    }
    let tokens = tokensOf(t);
    const first = tokens[0]!.replace(/^\[|\]$/g, '');
    if (!isAddress(first) && !CUT.test(first)) {
      // Prose or another output after the table: the table has ended.
      issues.push(
        issue(
          'unrecognized-line',
          `not a Get-NetTCPConnection row: ${t.slice(0, 80)}`,
          { line: i + 1 },
          'info',
        ),
      );
      tcpColumns = null;
      continue;
    }
    sawTcpOutput = true;
    let row = readTcpRow(columns, tokens);
    let end = i;
    // A wrapped row: complete it from the next line(s) when they do not start a row themselves.
    while (!row.complete && row.bad === null && end + 1 < lines.length && end - i < MAX_COLUMNS) {
      const next = lines[end + 1]!.trim();
      if (next === '' || TCP_HEADER.test(next) || isPromptLine(next)) break;
      const nt = tokensOf(next);
      const own = readTcpRow(columns, nt);
      if (own.complete && own.bad === null) break;
      tokens = [...tokens, ...nt];
      end++;
      row = readTcpRow(columns, tokens);
    }
    if (row.bad !== null) {
      const cut = CUT.test(row.bad);
      issues.push(
        issue(
          cut ? 'invalid-value' : 'unrecognized-line',
          cut
            ? `a value cut by the console: ${row.bad}`
            : `not a Get-NetTCPConnection row: ${t.slice(0, 80)}`,
          { line: i + 1 },
        ),
      );
      i = end;
      continue;
    }
    if (!row.complete) {
      issues.push(
        issue('missing-field', `row cut before its last columns: ${t.slice(0, 80)}`, {
          line: i + 1,
        }),
      );
      i = end;
      continue;
    }
    addListener(row.cells, i, end);
    i = end;
  }

  if (!sawTcpOutput)
    throw new ParseError(
      'empty-input',
      'no Get-NetTCPConnection output: a Get-Process listing alone names processes, not listening ports',
    );
  if (otherStates > 0)
    issues.push(
      issue(
        'unsupported-variant',
        `${otherStates} connection(s) in other states than Listen / Bound are not listeners`,
        {},
        'info',
      ),
    );
  return { value, issues };
}

export const tcpConnectionTableParser: TextParser<TcpListenersValue, 'net.tcp-listeners'> = {
  ...tcpConnectionTableRecognizer,
  describe: 'Get-NetTCPConnection console table / list (+ Get-Process to name the PIDs)',
  parse: parseTable,
};
