/**
 * `netsh http show servicestate` (artifact `httpsys.servicestate`): a snapshot of HTTP.sys — the
 * server sessions, their URL groups with the URLs registered right now, and the request queues
 * with the processes attached. Two views:
 *
 *   Snapshot of HTTP service state (Server Session View):      (default; `view=session`)
 *   Server session ID: FD00000120000001
 *       URL groups:
 *       URL group ID: FF00000040000001
 *           Request queue name: DefaultAppPool
 *           Registered URLs:
 *               HTTP://127.0.0.1:8000:127.0.0.1/
 *   Request queues:
 *       Request queue name: DefaultAppPool
 *           Controller process ID: 3408
 *           Process IDs:
 *
 *   Snapshot of HTTP service state (Request Queue View):       (`view=requestq`)
 *   Request queue name: DefaultAppPool
 *       Process IDs: …  URL groups: …  Registered URLs: …
 *
 * Builds differ: older ones list `Process IDs:` (bare numbers) and registered URLs only under URL
 * groups; newer ones list `Processes:` (`ID: 2688, image: C:\…\svchost.exe`, `Services:`,
 * `Tagged Service:`) and `Registered URLs:` under each request queue as well. A named queue is an
 * IIS application pool (its `Controller process ID` is WAS); a worker-less pool shows an empty
 * `Process IDs:`. An unnamed queue belongs to a program using the HTTP Server API directly
 * (WinRM, SSRS, a service): the session view of an older build does not say which one, unless the
 * snapshot has only one unnamed queue.
 *
 * A registered URL is `SCHEME://host:port[:address]/path/` in upper case: `+` / `*` wildcards,
 * a host name, or an IIS binding to one address (`HTTP://127.0.0.1:8000:127.0.0.1/`).
 *
 * Labels are matched in English; indentation is not needed (copies lose it), the nesting is
 * taken from the order of the lines. Issues: `empty-input`, `unrecognized-line`, `invalid-url`.
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import {
  isElision,
  isFence,
  isPromptLine,
  labelKey,
  splitLabelValue,
  unquote,
} from './text-cleanup.js';
import { netshServicestateRecognizer } from './sniffs.js';

export type ServiceStateIssueCode = 'empty-input' | 'unrecognized-line' | 'invalid-url';

export interface RegisteredUrl {
  /** As printed (`HTTPS://+:443/HOSTAGENT/VSWITCH/`). */
  url: string;
  scheme: 'http' | 'https';
  /** `+`, `*`, a host name or an address, lower case, without brackets. */
  host: string;
  port: number;
  /** The address of an IIS binding to one IP (`…:8000:127.0.0.1/`); null otherwise. */
  boundAddress: string | null;
  path: string;
  evidence: EvidenceRef;
}

export interface ServiceStateProcess {
  pid: number;
  /** Image path; null when printed as `<?>` or not printed (older builds). */
  image: string | null;
  services: string[];
}

export interface RequestQueue {
  /** Null for `Request queue is unnamed.` */
  name: string | null;
  state: string | null;
  version: string | null;
  /** The process that created the queue (WAS for IIS application pools). */
  controllerPid: number | null;
  processes: ServiceStateProcess[];
  /** URLs listed under the queue itself (newer builds, or the request-queue view). */
  urls: RegisteredUrl[];
  evidence: EvidenceRef;
}

export interface UrlGroup {
  id: string;
  state: string | null;
  /** The queue the group's requests go to, as named there (null = unnamed or not printed). */
  queueName: string | null;
  /** The index in `queues` of that queue, when it can be told (a unique name). */
  queueIndex: number | null;
  sessionId: string | null;
  urls: RegisteredUrl[];
  evidence: EvidenceRef;
}

export interface ServiceStateValue {
  view: 'session' | 'requestq' | null;
  sessions: { id: string; state: string | null; version: string | null; evidence: EvidenceRef }[];
  urlGroups: UrlGroup[];
  queues: RequestQueue[];
}

const UNNAMED = /^Request queue is unnamed\.?$/i;
const REGISTERED =
  /^(https?):\/\/(\[[^\]\s]*\]|[^:/\s]+):(\d{1,5})(?::([0-9a-f.:[\]]+))?(\/\S*)?$/i;

/** Splits a registered URL (`HTTP://127.0.0.1:8000:127.0.0.1/`); null when it is not one. */
export function parseRegisteredUrl(text: string): Omit<RegisteredUrl, 'evidence'> | null {
  const m = REGISTERED.exec(text.trim());
  if (!m) return null;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return null;
  return {
    url: text.trim(),
    scheme: m[1]!.toLowerCase() as 'http' | 'https',
    host: m[2]!.replace(/^\[|\]$/g, '').toLowerCase(),
    port,
    boundAddress: m[4] ? m[4].replace(/^\[|\]$/g, '').toLowerCase() : null,
    path: m[5] ?? '/',
  };
}

type Open = { start: number; end: number };

export function parseNetshServicestate(
  input: TextInput,
): ParseResult<ServiceStateValue, ServiceStateIssueCode> {
  const issues: ParseIssue<ServiceStateIssueCode>[] = [];
  const src = { artifactId: input.artifactId, path: input.path, lines: input.lines };
  const ev = (o: Open): EvidenceRef => lineEvidence(src, o.start, o.end);
  const value: ServiceStateValue = { view: null, sessions: [], urlGroups: [], queues: [] };

  type Q = Omit<RequestQueue, 'evidence'> & Open;
  type G = Omit<UrlGroup, 'evidence' | 'queueIndex'> &
    Open & { queueSet: boolean; queue: Q | null };
  type S = { id: string; state: string | null; version: string | null } & Open;
  const sessions: S[] = [];
  const groups: G[] = [];
  const queues: Q[] = [];
  let session: S | null = null;
  let group: G | null = null;
  let queue: Q | null = null;
  /** What the last `Registered URLs:` / `Process IDs:` / `Processes:` list belongs to. */
  let list: 'group-urls' | 'queue-urls' | 'pids' | 'processes' | null = null;
  /** Which object `State:` / `Version:` lines describe: the one opened last. */
  let last: 'session' | 'group' | 'queue' | null = null;
  let inQueuesSection = false;
  let seen = false;

  input.lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = unquote(raw).trim();
    if (line === '' || /^-{5,}$/.test(line) || isElision(line) || isFence(line)) return;
    if (isPromptLine(raw) || /^netsh(\s|>|$)/i.test(line)) return;
    const touch = (): void => {
      if (session && last === 'session') session.end = lineNo;
      if (group) group.end = lineNo;
      if (
        queue &&
        (last === 'queue' || list === 'pids' || list === 'processes' || list === 'queue-urls')
      )
        queue.end = lineNo;
    };
    const view = /^Snapshot of HTTP service state \((Server Session|Request Queue) View\)/i.exec(
      line,
    );
    if (view) {
      value.view = view[1]!.toLowerCase().startsWith('server') ? 'session' : 'requestq';
      seen = true;
      return;
    }
    // A URL or a PID of the open list.
    if (/^https?:\/\//i.test(line)) {
      const u = parseRegisteredUrl(line);
      if (!u) {
        issues.push(
          issue('invalid-url', `registered URL not understood: ${line.slice(0, 120)}`, {
            line: lineNo,
          }),
        );
        return;
      }
      const url: RegisteredUrl = { ...u, evidence: lineEvidence(src, lineNo, lineNo) };
      if (list === 'group-urls' && group) group.urls.push(url);
      else if (queue) queue.urls.push(url);
      else if (group) group.urls.push(url);
      else
        issues.push(
          issue('unrecognized-line', `URL outside a queue or group: ${line.slice(0, 80)}`, {
            line: lineNo,
          }),
        );
      touch();
      return;
    }
    if (/^\d{1,10}$/.test(line) && list === 'pids' && queue) {
      queue.processes.push({ pid: Number(line), image: null, services: [] });
      queue.end = lineNo;
      return;
    }
    // Printed instead of the timeout list when a group inherits them.
    if (/^Timeout values inherited$/i.test(line)) return;
    const lv = splitLabelValue(line);
    if (!lv) {
      issues.push(
        issue('unrecognized-line', `unrecognised line: ${line.slice(0, 80)}`, { line: lineNo }),
      );
      return;
    }
    const key = labelKey(lv.label);
    const v = lv.value.trim();
    seen = true;
    switch (key) {
      case 'server session id':
        session = { id: v, state: null, version: null, start: lineNo, end: lineNo };
        sessions.push(session);
        group = null;
        queue = null;
        list = null;
        last = 'session';
        inQueuesSection = false;
        return;
      case 'url groups':
        list = null;
        return;
      case 'url group id':
        group = {
          id: v,
          state: null,
          queueName: null,
          queueSet: false,
          queue: value.view === 'requestq' || inQueuesSection ? queue : null,
          sessionId: session?.id ?? null,
          urls: [],
          start: lineNo,
          end: lineNo,
        };
        groups.push(group);
        list = null;
        last = 'group';
        return;
      case 'request queues':
        inQueuesSection = true;
        group = null;
        session = null;
        list = null;
        return;
      case 'request queue name': {
        const name = UNNAMED.test(v) ? null : v;
        if (group && !group.queueSet && last === 'group') {
          group.queueName = name;
          group.queueSet = true;
          group.end = lineNo;
          return;
        }
        queue = {
          name,
          state: null,
          version: null,
          controllerPid: null,
          processes: [],
          urls: [],
          start: lineNo,
          end: lineNo,
        };
        queues.push(queue);
        group = null;
        list = null;
        last = 'queue';
        return;
      }
      case 'registered urls':
        list = group && last === 'group' ? 'group-urls' : 'queue-urls';
        touch();
        return;
      case 'process ids':
        list = 'pids';
        if (queue) queue.end = lineNo;
        return;
      case 'processes':
        list = 'processes';
        if (queue) queue.end = lineNo;
        return;
      case 'id': {
        // `ID: 2688, image: C:\Windows\System32\svchost.exe` (newer builds)
        const m = /^(\d{1,10})\s*,\s*image\s*:\s*(.*)$/i.exec(v);
        if (m && queue && list === 'processes') {
          const image = m[2]!.trim();
          queue.processes.push({
            pid: Number(m[1]),
            image: image === '' || image === '<?>' ? null : image,
            services: [],
          });
          queue.end = lineNo;
          return;
        }
        break;
      }
      case 'services':
      case 'tagged service': {
        const p = queue?.processes[queue.processes.length - 1];
        if (p && list === 'processes') {
          for (const s of v.split(/[,\s]+/).filter((x) => x !== ''))
            if (!p.services.includes(s)) p.services.push(s);
          queue!.end = lineNo;
          return;
        }
        break;
      }
      case 'controller process id':
        if (queue && /^\d{1,10}$/.test(v)) {
          queue.controllerPid = Number(v);
          queue.end = lineNo;
          return;
        }
        break;
      case 'state':
      case 'version': {
        const target = last === 'group' ? group : last === 'queue' ? queue : session;
        if (key === 'state' && target) target.state = v;
        else if (target && 'version' in target) target.version = v;
        touch();
        return;
      }
      default:
        // Properties, timeouts, counters, logging and authentication lines: not needed.
        touch();
        return;
    }
    touch();
  });

  const byName = (name: string | null): number | null => {
    const idx = queues.flatMap((q, i) => (q.name === name ? [i] : []));
    return idx.length === 1 ? idx[0]! : null;
  };
  value.sessions = sessions.map((s) => ({
    id: s.id,
    state: s.state,
    version: s.version,
    evidence: ev(s),
  }));
  value.queues = queues.map((q) => {
    const { start: _s, end: _e, ...rest } = q;
    return { ...rest, evidence: ev(q) };
  });
  value.urlGroups = groups.map((g) => ({
    id: g.id,
    state: g.state,
    queueName: g.queueSet ? g.queueName : (g.queue?.name ?? null),
    queueIndex: g.queue ? queues.indexOf(g.queue) : g.queueSet ? byName(g.queueName) : null,
    sessionId: g.sessionId,
    urls: g.urls,
    evidence: ev(g),
  }));
  if (!seen && issues.length === 0)
    issues.push(issue('empty-input', 'no HTTP service state found', {}, 'error'));
  return { value, issues };
}

export const netshServicestateParser: TextParser<ServiceStateValue, 'httpsys.servicestate'> = {
  ...netshServicestateRecognizer,
  describe: 'netsh http show servicestate',
  parse: parseNetshServicestate,
};
