/**
 * The system clock (time.w32tm): is anything disciplining it? An unsynchronized clock makes every
 * "valid now" judgement of the bundle (and of clients, when the certificate was issued by a CA
 * whose clock is off) unreliable. Judged from language-neutral numbers where w32tm prints them
 * (Leap Indicator 3, Stratum 0, the 0x80070426 error) and from the English source names; output
 * in an unknown language leaves the clock "cannot tell".
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { EvidenceRef } from '../shared/evidence.js';
import type { CertificateEntity, HostClock } from './model.js';
import type { Patch, View } from './patch.js';

/** Seconds of offset in the last sample that count as a clock that is off. */
export const LARGE_PHASE_OFFSET_SECONDS = 60;
/** 0x80070426 ERROR_SERVICE_NOT_ACTIVE: "The service has not been started." */
const SERVICE_NOT_STARTED = '0x80070426';

export function buildClock(parsed: ParsedBundle): HostClock | null {
  const file = filesOf(parsed, 'time.w32tm')[0];
  if (!file) return null;
  const s = file.value;
  const reasons: string[] = [];
  const evidence: EvidenceRef[] = [];
  const cite = (ev: EvidenceRef | undefined): void => {
    if (ev && !evidence.includes(ev)) evidence.push(ev);
  };
  if (s.errorCode === SERVICE_NOT_STARTED) {
    reasons.push('service-not-running');
    cite(s.fieldEvidence.error);
  }
  if (s.leapIndicator === 3) {
    reasons.push('leap-indicator-3');
    cite(s.fieldEvidence.leapIndicator);
  }
  if (s.stratum === 0) {
    reasons.push('stratum-0');
    cite(s.fieldEvidence.stratum);
  }
  if (s.source !== null && /^(Local CMOS Clock|Free-running System Clock)$/i.test(s.source)) {
    reasons.push('local-clock-source');
    cite(s.fieldEvidence.source);
  }
  if (s.neverSynchronized) {
    reasons.push('never-synchronized');
    cite(s.fieldEvidence.lastSuccessfulSyncTime);
  }
  if (
    s.phaseOffsetSeconds !== null &&
    Math.abs(s.phaseOffsetSeconds) >= LARGE_PHASE_OFFSET_SECONDS
  ) {
    reasons.push('large-phase-offset');
    cite(s.fieldEvidence.phaseOffset);
  }
  // Synchronized only when the status says so on every line that can say it.
  const decided =
    s.leapIndicator !== null && s.stratum !== null && s.source !== null && s.errorCode === null;
  const synchronized = reasons.length > 0 ? false : decided ? true : null;
  if (synchronized !== false) {
    cite(s.fieldEvidence.leapIndicator);
    cite(s.fieldEvidence.source);
    cite(s.fieldEvidence.lastSuccessfulSyncTime);
    if (evidence.length === 0 && s.evidence) cite(s.evidence);
  }
  return {
    synchronized,
    reasons,
    source: s.source,
    leapIndicator: s.leapIndicator,
    stratum: s.stratum,
    lastSuccessfulSyncTime: s.lastSuccessfulSyncTime,
    phaseOffsetSeconds: s.phaseOffsetSeconds,
    evidence,
  };
}

/** Gives each certificate the hours from its NotBefore to the collection time and the host's clock. */
export function linkClock(
  certificates: readonly View<CertificateEntity>[],
  clock: HostClock | null,
): Patch<CertificateEntity, 'hoursSinceNotBefore' | 'hostClock'>[] {
  return certificates.map((c, at) => {
    const nb = c.notBefore === null ? NaN : Date.parse(c.notBefore);
    const ref = c.referenceTime === null ? NaN : Date.parse(c.referenceTime);
    // A host-local NotBefore (certutil text) may be up to 14 hours off: "close to" tolerates it.
    const hoursSinceNotBefore =
      Number.isNaN(nb) || Number.isNaN(ref) ? null : Math.floor((ref - nb) / 3_600_000);
    return { at, set: { hoursSinceNotBefore, hostClock: clock } };
  });
}
