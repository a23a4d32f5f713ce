/**
 * The `eventLog` entity: what the Schannel event evidence can and cannot show. One entity (key
 * `schannel`) from the SCHANNEL `EventLogging` DWORD (registry/schannel.reg) and the collected logs.
 *
 * EventLogging is a bit mask: 1 errors, 2 warnings, 4 informational/success; 0 logs nothing. When
 * the value is absent Schannel logs errors only (the documented default, 1). So the absence of a
 * warning or success event (36880 handshake completed) proves nothing unless bit 2 / 4 is set.
 * Source: Microsoft Learn "TLS registry settings", section "SChannel logging"; KB 260729.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import { findKey, getValue } from '../parsers/reg.js';
import type { EvidenceRef } from '../shared/evidence.js';
import type { EventLogEntity } from './model.js';

export const SCHANNEL_KEY =
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';

/** Documented default when the value is absent: errors only. */
export const DEFAULT_EVENT_LOGGING = 1;

export function buildEventLog(parsed: ParsedBundle): EventLogEntity[] {
  const regs = filesOf(parsed, 'schannel.registry');
  const schannel = filesOf(parsed, 'events.schannel');
  const capi2 = filesOf(parsed, 'events.capi2');
  if (regs.length === 0 && schannel.length === 0 && capi2.length === 0) return [];
  const evidence: EvidenceRef[] = [];
  let raw: number | null = null;
  for (const r of regs) {
    const v = getValue(findKey(r.value, SCHANNEL_KEY), 'EventLogging');
    if (v && !v.deleted && typeof v.data === 'number') {
      raw = v.data;
      evidence.push({ ...v.evidence, label: 'SCHANNEL EventLogging' });
    }
  }
  const effective = raw ?? DEFAULT_EVENT_LOGGING;
  const count = (files: typeof schannel): number =>
    files.reduce((n, f) => n + f.value.eventCount, 0);
  return [
    {
      key: 'schannel',
      evidence,
      eventLogging: raw,
      eventLoggingExplicit: raw !== null,
      eventLoggingEffective: effective,
      logsErrors: (effective & 1) !== 0,
      logsWarnings: (effective & 2) !== 0,
      logsInformation: (effective & 4) !== 0,
      registryCollected: regs.length > 0,
      schannelEventsCollected: schannel.length > 0,
      schannelEventCount: count(schannel),
      capi2EventsCollected: capi2.length > 0,
      capi2EventCount: count(capi2),
    },
  ];
}
