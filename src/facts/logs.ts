/**
 * HTTP.sys error logs (logs.httperr) and IIS W3C logs (logs.iis-w3c) → `host.httpErr` and each
 * site's `w3cLog`. Only counts, times and the lines that decide are kept; client addresses and
 * user names are listed for redaction (src/facts/sensitive.ts) and never shown as such.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import { MAX_EXCERPT_LINE_CHARS, type EvidenceRef } from '../shared/evidence.js';
import type { W3cLogValue, W3cRecord } from '../parsers/w3c-log.js';
import type { HostEntity, HttpErrSummary, SiteEntity, SiteW3cLog } from './model.js';
import type { Patch, View } from './patch.js';

/** The HTTPERR reason phrase Microsoft documents for an SSL renegotiation that never completed. */
export const SSL_RENEGOTIATION_REASON = 'Timer_SslRenegotiation';
/** ERROR_WINHTTP_SECURE_FAILURE, and HRESULT 0x80072F8F as IIS logs it (unsigned decimal). */
export const WINHTTP_SECURE_FAILURE = [12175, 0x80072f8f] as const;

const MAX_EVIDENCE = 5;
const MAX_LISTED = 2000;

const stamp = (r: W3cRecord): string | null =>
  r.date && r.time ? `${r.date} ${r.time}` : (r.date ?? r.time);

function addCapped(list: string[], seen: Set<string>, v: string | null, cap: number): void {
  if (v === null || seen.has(v) || list.length >= cap) return;
  seen.add(v);
  list.push(v);
}

/** Oldest and newest stamp of a set of records (W3C stamps sort as text). */
function span(records: readonly W3cRecord[]): { first: string | null; last: string | null } {
  let first: string | null = null;
  let last: string | null = null;
  for (const r of records) {
    const s = stamp(r);
    if (s === null) continue;
    if (first === null || s < first) first = s;
    if (last === null || s > last) last = s;
  }
  return { first, last };
}

type LogFile = { path: string; artifactId: string; value: W3cLogValue };

/** One record's line as evidence: the line as logged. */
function evidenceOf(f: LogFile, r: W3cRecord, label: string): EvidenceRef {
  return {
    artifactId: f.artifactId,
    path: f.path,
    lines: { start: r.line, end: r.line },
    excerpt: r.raw.length > MAX_EXCERPT_LINE_CHARS ? r.raw.slice(0, MAX_EXCERPT_LINE_CHARS) : r.raw,
    label,
  };
}

export function buildHttpErr(parsed: ParsedBundle): HttpErrSummary | null {
  const files = filesOf(parsed, 'logs.httperr') as LogFile[];
  if (files.length === 0) return null;
  const reasons = new Map<string, number>();
  const endpoints: string[] = [];
  const seenEndpoints = new Set<string>();
  const clients: string[] = [];
  const seenClients = new Set<string>();
  const evidence: EvidenceRef[] = [];
  const all: W3cRecord[] = [];
  const reneg: W3cRecord[] = [];
  for (const f of files) {
    for (const r of f.value.records) {
      all.push(r);
      const reason = r.reason ?? '-';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      addCapped(clients, seenClients, r.clientIp, MAX_LISTED);
      if (r.reason === SSL_RENEGOTIATION_REASON) {
        reneg.push(r);
        const ep =
          r.serverIp === null
            ? null
            : `${r.serverIp.includes(':') ? `[${r.serverIp}]` : r.serverIp}:${r.serverPort ?? '?'}`;
        addCapped(endpoints, seenEndpoints, ep, 10);
        if (evidence.length < MAX_EVIDENCE)
          evidence.push(evidenceOf(f, r, 'HTTPERR Timer_SslRenegotiation'));
      }
    }
  }
  const { first, last } = span(all);
  return {
    files: files.length,
    records: all.length,
    truncated: files.some((f) => f.value.truncated),
    first,
    last,
    reasons: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
    sslRenegotiationTimeouts: reneg.length,
    sslRenegotiationEndpoints: endpoints,
    sslRenegotiationLast: span(reneg).last,
    clientAddresses: clients,
    evidence: [...files.map((f) => f.value.evidence), ...evidence].slice(0, MAX_EVIDENCE + 1),
  };
}

/** `logs/iis/W3SVC12/u_ex261130.log` → 12. */
function siteIdOf(path: string): number | null {
  const m = /(?:^|\/)W3SVC(\d+)\//i.exec(path);
  return m ? Number(m[1]) : null;
}

export function linkSiteLogs(
  parsed: ParsedBundle,
  sites: readonly View<SiteEntity>[],
  host: View<HostEntity>,
): Patch<SiteEntity, 'w3cLog'>[] {
  const files = filesOf(parsed, 'logs.iis-w3c') as LogFile[];
  if (files.length === 0) return [];
  const outbound = host.outboundTls
    ? {
        winHttpTls12NotDefault: host.outboundTls.winHttpTls12NotDefault,
        dotnetTls12NotDefault: host.outboundTls.dotnetTls12NotDefault,
        evidence: host.outboundTls.evidence,
      }
    : null;
  return sites.flatMap((site, at) => {
    const own = files.filter((f) => site.id !== null && siteIdOf(f.path) === site.id);
    if (own.length === 0) return [];
    const log: SiteW3cLog = {
      files: own.map((f) => f.path),
      records: 0,
      truncated: own.some((f) => f.value.truncated),
      first: null,
      last: null,
      arrSecureFailures: 0,
      arrSecureFailureLast: null,
      arrSecureFailureUris: [],
      arrOtherFailures: 0,
      outboundTls: outbound,
      clientAddresses: [],
      userNames: [],
      evidence: [],
    };
    const seenUris = new Set<string>();
    const seenClients = new Set<string>();
    const seenUsers = new Set<string>();
    const all: W3cRecord[] = [];
    const secure: W3cRecord[] = [];
    for (const f of own) {
      for (const r of f.value.records) {
        all.push(r);
        addCapped(log.clientAddresses, seenClients, r.clientIp, MAX_LISTED);
        addCapped(log.userNames, seenUsers, r.userName, MAX_LISTED);
        if (r.status !== 502 || r.substatus !== 3) continue;
        if (
          r.win32Status !== null &&
          (WINHTTP_SECURE_FAILURE as readonly number[]).includes(r.win32Status)
        ) {
          secure.push(r);
          addCapped(log.arrSecureFailureUris, seenUris, r.uri, 10);
          if (log.evidence.length < MAX_EVIDENCE)
            log.evidence.push(evidenceOf(f, r, 'W3C 502.3 secure failure'));
        } else log.arrOtherFailures++;
      }
    }
    log.records = all.length;
    ({ first: log.first, last: log.last } = span(all));
    log.arrSecureFailures = secure.length;
    log.arrSecureFailureLast = span(secure).last;
    return [{ at, set: { w3cLog: log } }];
  });
}
