/**
 * The records of the HTTP.sys error logs (logs.httperr) and the IIS W3C logs (logs.iis-w3c) for
 * `tls-doctor inspect`: one entry per log file with every record read, field by field, each with
 * its line (issue 17 point 4). The rule facts (src/facts/logs.ts) keep only counts and the lines
 * that decide; this is what an engineer compares with the file. A file is capped at its newest
 * MAX_LOG_RECORDS records (the rest counted), so a 64 MiB log does not flood the output.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { EvidenceRef } from '../shared/evidence.js';
import type { W3cLogValue, W3cRecord } from '../parsers/w3c-log.js';
import type { EntityBase } from './model.js';

export const MAX_LOG_RECORDS = 10_000;

/** A log record as `inspect` lists it: the parsed fields (not the raw line: its evidence quotes it). */
export type LogRecordInventory = Omit<W3cRecord, 'line' | 'raw' | 'siteName'> & {
  evidence: EvidenceRef;
};

/** One log file as read: its kind, header and records. */
export interface LogInventory extends EntityBase {
  artifactId: 'logs.httperr' | 'logs.iis-w3c';
  path: string;
  /** IIS: the site id of its `W3SVC<id>` folder; HTTP.sys: null (each record has `s-siteid`). */
  siteId: string | null;
  software: string | null;
  fields: string[];
  /** The collector kept only the newest part of the file (`#Remark:`). */
  truncated: boolean;
  records: LogRecordInventory[];
  /** Records read but not listed: beyond the parser's cap plus beyond MAX_LOG_RECORDS. */
  recordsOmitted: number;
}

export function buildLogInventory(parsed: ParsedBundle): LogInventory[] {
  const out: LogInventory[] = [];
  for (const artifactId of ['logs.httperr', 'logs.iis-w3c'] as const) {
    for (const f of filesOf(parsed, artifactId) as { path: string; value: W3cLogValue }[]) {
      const v = f.value;
      const kept = v.records.slice(-MAX_LOG_RECORDS);
      out.push({
        key: `log/${f.path.toLowerCase()}`,
        evidence: [v.evidence],
        artifactId,
        path: f.path,
        siteId: artifactId === 'logs.iis-w3c' ? (/W3SVC(\d+)\//i.exec(f.path)?.[1] ?? null) : null,
        software: v.software,
        fields: v.fields,
        truncated: v.truncated,
        recordsOmitted: v.recordsOmitted + (v.records.length - kept.length),
        records: kept.map((r) => ({
          date: r.date,
          time: r.time,
          clientIp: r.clientIp,
          clientPort: r.clientPort,
          serverIp: r.serverIp,
          serverPort: r.serverPort,
          method: r.method,
          uri: r.uri,
          status: r.status,
          substatus: r.substatus,
          win32Status: r.win32Status,
          timeTaken: r.timeTaken,
          reason: r.reason,
          userName: r.userName,
          siteId: r.siteId,
          queueName: r.queueName,
          evidence: {
            artifactId,
            path: f.path,
            lines: { start: r.line, end: r.line },
          },
        })),
      });
    }
  }
  return out;
}
