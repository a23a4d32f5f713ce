/**
 * `netstat -anob` / `-ano` / `-an` parser (artifact `net.netstat`).
 *
 * Produced by the collector with `netstat -anob` when elevated and `netstat -ano` otherwise;
 * customers also paste `netstat -an`. Layout (English; columns padded with spaces):
 *
 *   Active Connections
 *
 *     Proto  Local Address          Foreign Address        State           PID
 *     TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1032
 *     RpcSs                                                 ← -b: component line(s), e.g. the service
 *    [svchost.exe]                                          ← -b: owning image
 *     TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4
 *    Can not obtain ownership information                   ← -b: no image (System, PID 4)
 *     UDP    [::]:500               *:*                                    3364
 *
 * Fields: Proto (TCP / UDP; IPv6 rows use the same names), local address:port (`[v6]:port`,
 * `[fe80::1%5]:port` with zone), foreign address:port (`*:*` for UDP), State (TCP only),
 * PID (`-o`). With `-b` the owning image in brackets and optional component lines follow the
 * connection they belong to; when the owner cannot be read (PID 4 / HTTP.sys, protected
 * processes) a localized "Can not obtain ownership information" line takes their place.
 *
 * Known variations: localized headers (zh-CN 活动连接 / 协议 本地地址 外部地址 状态; de-DE Aktive
 * Verbindungen / Lokale Adresse / Remoteadresse / Status) and localized states (de-DE ABHÖREN,
 * HERGESTELLT, WARTEND …; zh-CN keeps the English states), console copies right-padded with
 * spaces, collapsed padding, `> ` quoting, prompt lines, author elisions (`...`, `<...SNIP...>`),
 * rows pasted as a Markdown table (`| TCP | 0.0.0.0:443 | 0.0.0.0:0 | LISTENING | 5812 |`),
 * stray lines (e.g. a blog's line-number gutter). Lines that fit no shape become
 * `unrecognized-line` issues; elisions become `elided` issues and set `elided` (so "no listener
 * on port 443" is not proof when the author cut the output).
 */
import { settleRows } from './console-listings.js';
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { isElision, isFence, isPromptLine, markdownTableRow, unquote } from './text-cleanup.js';
import { HEADER_LANG, OTHER_HEADER } from './netstat.sniff.js';
import { netstatRecognizer } from './sniffs.js';

export type NetstatIssueCode =
  'unrecognized-line' | 'invalid-value' | 'empty-input' | 'elided' | 'multiple-listings';

/** Canonical (English) TCP states as `netstat` prints them on an English system. */
export type NetstatState =
  | 'LISTENING'
  | 'ESTABLISHED'
  | 'TIME_WAIT'
  | 'CLOSE_WAIT'
  | 'SYN_SENT'
  | 'SYN_RECEIVED'
  | 'FIN_WAIT_1'
  | 'FIN_WAIT_2'
  | 'LAST_ACK'
  | 'CLOSING'
  | 'CLOSED'
  | 'BOUND'
  | 'DELETE_TCB';

export interface NetstatEntry {
  protocol: 'TCP' | 'UDP';
  ipVersion: 4 | 6;
  /** Address without brackets, zone kept (`0.0.0.0`, `::`, `fe80::1%5`), `*` for a wildcard. */
  localAddress: string;
  localPort: number | null;
  foreignAddress: string;
  foreignPort: number | null;
  /** Canonical English state; null for UDP rows and unknown localized states. */
  state: NetstatState | null;
  /** The state token as printed (localized), null for UDP rows. */
  stateRaw: string | null;
  /** Owning PID (`-o`); null when the column is absent. */
  pid: number | null;
  /** Owning image from the `[image.exe]` line (`-b`); null when absent. */
  image: string | null;
  /** Component lines printed with `-b` (usually the service name, e.g. `RpcSs`). */
  components: string[];
  /** `-b` printed "Can not obtain ownership information" (or its localized form). */
  ownershipUnavailable: boolean;
  evidence: EvidenceRef;
}

export interface NetstatValue {
  /** Language of the header, when one was seen. */
  language: 'en' | 'zh-CN' | 'de-DE' | null;
  /** Whether a PID column / owner lines were seen (i.e. -o / -b). */
  hasPid: boolean;
  hasOwner: boolean;
  /** True when the author cut the output (`...`, `<...SNIP...>`): absence of an entry proves nothing. */
  elided: boolean;
  entries: NetstatEntry[];
  /** Rows a later run of netstat in the same copy replaced (console-listings.ts): kept, not evaluated. */
  history?: NetstatEntry[];
}

/**
 * netstat's TCP state tokens, each with where it was seen. `real`: a real console output (named:
 * a sample beside this file, or a public issue); `fixture`: a localized output quoted as a test
 * fixture by public code that parses netstat (plausible, not verified against a Windows console;
 * public code index file ids); `unverified`: never seen in an output (a translation of the state
 * name). Searched again for real es-ES, it-IT and fr-FR console pastes in public pages, issues
 * and code (Dec 2026): none found — Spanish and Italian pages quote netstat with the English
 * states, and two fixtures disagree on Italian (`IN ASCOLTO` 71072331251, `IN ATTESA`
 * 65936255667), so it-IT is unverified. A real zh-CN console (xorbitsai/inference issue #1053,
 * netstat.sample.zh-cn-anbo-console-padded-vmware-443.txt) keeps the English tokens, and so does a
 * real fr-FR console (issue 17 search, Dec 2026: netstat.sample.fr-fr-ano-tp-report-cut.txt, public
 * code index file id 36158649110, with `Connexions actives` / `Adresse locale` / `État` headers;
 * French `netstat -b` pastes in files 5743055198 and 22811236867 print `LISTENING` and
 * `Impossible d’obtenir les informations de propriétaire`), so the fr-FR `À L'ÉCOUTE` fixture below
 * is at best an older build's token. A real es-ES console (a course's "salida real", public code
 * index file id 57907288007, netstat.sample.es-es-ano-course-vm-trimmed.txt; a student's
 * `netstat -an` in file 48430195983) also prints `LISTENING` under `Conexiones activas` /
 * `Dirección local` / `Estado`: the `ESCUCHANDO` fixtures stay fixtures. No real it-IT console was
 * found (only test fixtures, which disagree).
 */
export const NETSTAT_STATES: readonly {
  token: string;
  state: NetstatState;
  locale: string;
  source: string;
}[] = [
  ...(
    [
      [
        'LISTENING',
        'LISTENING',
        'real: netstat.sample.en-ano-http-sys-port80-snipped.txt; netstat.sample.fr-fr-ano-tp-report-cut.txt (fr-FR); netstat.sample.es-es-ano-course-vm-trimmed.txt (es-ES)',
      ],
      ['LISTEN', 'LISTENING', 'unverified (POSIX spelling, pasted by hand)'],
      [
        'ESTABLISHED',
        'ESTABLISHED',
        'real: netstat.sample.en-ano-notes-tab-indented-fenced-elided.txt; xorbitsai/inference issue #1053 (zh-CN)',
      ],
      [
        'TIME_WAIT',
        'TIME_WAIT',
        'real: billfeller/billfeller.github.io issue #174 (zh-CN netstat -ano); netstat.sample.fr-fr-ano-tp-report-cut.txt (fr-FR)',
      ],
      ['CLOSE_WAIT', 'CLOSE_WAIT', 'unverified (Microsoft Learn netstat: state list)'],
      ['SYN_SENT', 'SYN_SENT', 'unverified (Microsoft Learn netstat: state list)'],
      ['SYN_RECEIVED', 'SYN_RECEIVED', 'unverified (Microsoft Learn netstat: state list)'],
      ['FIN_WAIT_1', 'FIN_WAIT_1', 'unverified (Microsoft Learn netstat: state list)'],
      ['FIN_WAIT_2', 'FIN_WAIT_2', 'unverified (Microsoft Learn netstat: state list)'],
      ['LAST_ACK', 'LAST_ACK', 'unverified (Microsoft Learn netstat: state list)'],
      ['CLOSING', 'CLOSING', 'unverified (Microsoft Learn netstat: state list)'],
      ['CLOSED', 'CLOSED', 'unverified (Microsoft Learn netstat: state list)'],
      ['BOUND', 'BOUND', 'unverified (Microsoft Learn netstat: state list)'],
      ['DELETE_TCB', 'DELETE_TCB', 'unverified (Microsoft Learn netstat: state list)'],
    ] as const
  ).map(([token, state, source]) => ({ token, state, locale: 'en', source })),
  ...(
    [
      // A fixture "recorded verbatim from the box" (public code index file id 63289280964), and
      // the same four tokens in fixtures of other projects (69471750771, 70233958973, 57612553597).
      ['ABHÖREN', 'LISTENING', 'fixture: 63289280964, 69471750771, 70233958973'],
      [
        'ABHOEREN',
        'LISTENING',
        'unverified (ABHÖREN without the umlaut, as some code pages copy it)',
      ],
      ['HERGESTELLT', 'ESTABLISHED', 'fixture: 63289280964, 69471750771'],
      ['WARTEND', 'TIME_WAIT', 'fixture: 63289280964'],
      ['SCHLIESSEN_WARTEN', 'CLOSE_WAIT', 'fixture: 63289280964'],
      ['SCHLIEßEN_WARTEN', 'CLOSE_WAIT', 'unverified'],
      ['SYN_GESENDET', 'SYN_SENT', 'unverified'],
      ['SYN_EMPFANGEN', 'SYN_RECEIVED', 'unverified'],
      ['FIN_WARTEN_1', 'FIN_WAIT_1', 'unverified'],
      ['FIN_WARTEN_2', 'FIN_WAIT_2', 'unverified'],
      ['LETZTES_ACK', 'LAST_ACK', 'unverified'],
      ['SCHLIESSEN', 'CLOSING', 'unverified'],
      ['GESCHLOSSEN', 'CLOSED', 'unverified'],
      ['GEBUNDEN', 'BOUND', 'unverified'],
    ] as const
  ).map(([token, state, source]) => ({ token, state, locale: 'de-DE', source })),
  {
    token: 'ESCUCHANDO',
    state: 'LISTENING',
    locale: 'es-ES',
    source: 'fixture: 68999390421, 57645338374',
  },
  { token: 'ESTABLECIDO', state: 'ESTABLISHED', locale: 'es-ES', source: 'fixture: 68999390421' },
  {
    token: 'IN ASCOLTO',
    state: 'LISTENING',
    locale: 'it-IT',
    source: 'unverified (fixture 71072331251; 65936255667 says IN ATTESA)',
  },
  { token: "À L'ÉCOUTE", state: 'LISTENING', locale: 'fr-FR', source: 'fixture: 65936255667' },
  // zh-CN builds print the English tokens (real samples above); these are translations only.
  { token: '侦听', state: 'LISTENING', locale: 'zh-CN', source: 'unverified' },
  { token: '监听', state: 'LISTENING', locale: 'zh-CN', source: 'unverified' },
  { token: '已建立', state: 'ESTABLISHED', locale: 'zh-CN', source: 'unverified' },
];

const STATES: Readonly<Record<string, NetstatState>> = Object.fromEntries(
  NETSTAT_STATES.map((e) => [e.token, e.state]),
);

/** "Can not obtain ownership information" in the locales we have seen or expect (VERIFY non-en/zh). */
const OWNERSHIP_UNAVAILABLE =
  /can ?not obtain ownership information|无法获取所有权信息|無法取得擁有權資訊|Besitz|informations de propriét|所有者情報|información de propiedad/i;

/** Proto, local, foreign, then the state (which may hold a space in some locales) and the PID. */
const CONNECTION =
  /^(TCP|UDP)(?:v6)?\s+(\S+)\s+(\S+)(?:\s+(\S+(?: \S+){0,2}?))??(?:\s+(\d+|\S+))?$/i;
/** A row start inside a line (a copy that lost its line breaks merged several rows). */
const ROW_START = /(?:TCP|UDP)\s+(?:\[[0-9a-f:.%\w]{1,64}\]|[\d.]{1,15}|\*):\d{1,5}\s/gi;

/**
 * Splits a line at every row start preceded by a blank. A lookbehind-free scan: `\s+(?=TCP…)`
 * backtracks quadratically over long blank runs.
 */
function splitMergedRows(line: string): string[] {
  const cuts: number[] = [];
  ROW_START.lastIndex = 0;
  for (let m = ROW_START.exec(line); m; m = ROW_START.exec(line)) {
    if (m.index > 0 && /\s/.test(line[m.index - 1]!)) cuts.push(m.index);
  }
  if (cuts.length === 0) return [line];
  const out: string[] = [];
  let from = 0;
  for (const c of cuts) {
    out.push(line.slice(from, c));
    from = c;
  }
  out.push(line.slice(from));
  return out;
}

export interface Endpoint {
  address: string;
  port: number | null;
  ipVersion: 4 | 6;
}

/** Splits `0.0.0.0:443`, `[::]:443`, `[fe80::1%5]:500`, `*:*`. Null when the token is no endpoint. */
export function splitEndpoint(token: string): Endpoint | null {
  let address: string;
  let portText: string;
  const v6 = /^\[([0-9a-f:.]+(?:%[\w.-]+)?)\]:(\d+|\*)$/i.exec(token);
  if (v6) {
    address = v6[1]!;
    portText = v6[2]!;
  } else {
    const m = /^([\w.*-]+):(\d+|\*)$/.exec(token);
    if (!m) return null;
    address = m[1]!;
    portText = m[2]!;
  }
  const port = portText === '*' ? null : Number(portText);
  if (port !== null && port > 65535) return null;
  return { address, port, ipVersion: address.includes(':') ? 6 : 4 };
}

/** The last run of netstat in a console copy decides (judge8 T3): earlier rows it covers are history. */
export function settleNetstatRuns(
  lines: readonly string[],
  value: NetstatValue,
  issues: ParseIssue<NetstatIssueCode>[],
): void {
  const s = settleRows(lines, 'netstat', value.entries, (e) => e.image);
  if (s.history.length === 0) return;
  value.entries = s.rows;
  value.history = [...(value.history ?? []), ...s.history];
  issues.push(...s.issues);
}

function parseNetstat(input: TextInput): ParseResult<NetstatValue, NetstatIssueCode> {
  const issues: ParseIssue<NetstatIssueCode>[] = [];
  const value: NetstatValue = {
    language: null,
    hasPid: false,
    hasOwner: false,
    elided: false,
    entries: [],
  };
  let current: NetstatEntry | null = null;
  let currentStart = 0;
  let currentEnd = 0;
  const close = (): void => {
    if (current) current.evidence = lineEvidence(input, currentStart, currentEnd);
    current = null;
  };

  const rows: { n: number; line: string }[] = [];
  input.lines.forEach((raw, i) => {
    // A Markdown table (a chat or wiki paste) is read as the columns it came from.
    const line = markdownTableRow(unquote(raw.replace(/\t/g, '    '))).trim();
    // Rows merged onto one line by a copy that lost its line breaks: one row each, same line number.
    const parts = splitMergedRows(line);
    for (const p of parts) rows.push({ n: i + 1, line: p.trim() });
  });
  rows.forEach(({ n, line }) => {
    if (line === '' || isFence(line)) return;
    if (isPromptLine(line) || /^netstat(\.exe)?\s+-/i.test(line)) return;
    if (isElision(line)) {
      close();
      value.elided = true;
      issues.push(issue('elided', 'the output was cut here by its author', { line: n }, 'info'));
      return;
    }
    const header = HEADER_LANG.find(([re]) => re.test(line));
    if (header) {
      value.language ??= header[1];
      return;
    }
    if (OTHER_HEADER.test(line) && !CONNECTION.test(line)) return;

    const m = CONNECTION.exec(line);
    if (m) {
      close();
      const entry = connection(m, n, issues);
      if (entry) {
        value.entries.push(entry);
        if (entry.pid !== null) value.hasPid = true;
        current = entry;
        currentStart = n;
        currentEnd = n;
      }
      return;
    }
    const owner = /^\[(.+)\]$/.exec(line);
    const target = current as NetstatEntry | null;
    if (target && owner) {
      target.image = owner[1]!.trim();
      value.hasOwner = true;
      currentEnd = n;
      close();
      return;
    }
    if (target && OWNERSHIP_UNAVAILABLE.test(line)) {
      target.ownershipUnavailable = true;
      value.hasOwner = true;
      currentEnd = n;
      close();
      return;
    }
    if (target && /^[\w.$@-]+(\.dll)?$/i.test(line) && !/^\d+$/.test(line)) {
      target.components.push(line);
      currentEnd = n;
      return;
    }
    close();
    issues.push(issue('unrecognized-line', 'line is no netstat row', { line: n }, 'info'));
  });
  close();
  if (value.entries.length === 0) {
    issues.push(issue('empty-input', 'no connection rows found', {}, 'warning'));
  }
  settleNetstatRuns(input.lines, value, issues);
  return { value, issues };
}

function connection(
  m: RegExpExecArray,
  line: number,
  issues: ParseIssue<NetstatIssueCode>[],
): NetstatEntry | null {
  const protocol = m[1]!.toUpperCase() as 'TCP' | 'UDP';
  const local = splitEndpoint(m[2]!);
  const foreign = splitEndpoint(m[3]!);
  if (!local || !foreign) {
    issues.push(issue('invalid-value', 'address:port not understood', { line }));
    return null;
  }
  // Remaining tokens: TCP → state [pid]; UDP → [pid]. A lone numeric token is the PID.
  const rest = [m[4], m[5]].filter((t): t is string => t !== undefined);
  let stateRaw: string | null = null;
  let pidText: string | null = null;
  if (rest.length === 2 && !/^\d+$/.test(rest[1]!) && !/^\d/.test(rest[1]!)) {
    // A state of two words and no PID column (`À L'ÉCOUTE`).
    stateRaw = rest.join(' ');
  } else if (rest.length === 2) {
    stateRaw = rest[0]!;
    pidText = rest[1]!;
  } else if (rest.length === 1) {
    if (/^\d+$/.test(rest[0]!)) pidText = rest[0]!;
    else stateRaw = rest[0]!;
  }
  if (pidText !== null && !/^\d+$/.test(pidText)) {
    issues.push(issue('invalid-value', `PID "${pidText}" is not a number`, { line }));
    pidText = null;
  }
  const state = stateRaw === null ? null : (STATES[stateRaw.toUpperCase()] ?? null);
  if (stateRaw !== null && state === null) {
    issues.push(issue('invalid-value', `unknown TCP state "${stateRaw}"`, { line }, 'info'));
  }
  return {
    protocol,
    ipVersion: local.ipVersion,
    localAddress: local.address,
    localPort: local.port,
    foreignAddress: foreign.address,
    foreignPort: foreign.port,
    state,
    stateRaw,
    pid: pidText === null ? null : Number(pidText),
    image: null,
    components: [],
    ownershipUnavailable: false,
    evidence: { artifactId: '', path: '' },
  };
}

export const netstatParser: TextParser<NetstatValue, 'net.netstat'> = {
  ...netstatRecognizer,
  describe: 'netstat -anob / -ano / -an: endpoints, states, owning PID and image',
  parse: parseNetstat,
};
