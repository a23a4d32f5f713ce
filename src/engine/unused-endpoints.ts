/**
 * Findings on HTTP.sys entries no IIS site uses (judge14 S1): an expired or missing certificate on
 * a leftover 0.0.0.0:443 entry while the site is bound to 10.20.30.41:443 breaks only clients that
 * connect to an address no site is bound to. Such a finding is clean-up: at most medium, marked
 * `noSiteUses`, and never the verdict's root cause (src/report/verdict-build.ts). Which entries no
 * site uses is decided once, in src/facts/unused-endpoint.ts; without IIS evidence none is.
 */
import type { Facts } from '../facts/model.js';
import { severityRank, type Finding, type Severity } from './rule.js';

const CAP: Severity = 'medium';

/** The HTTP.sys endpoints a finding is about when every one of them is unused; null otherwise. */
function unusedEndpointsOf(f: Finding, facts: Facts): string[] | null {
  const byKey = new Map(facts.bindings.map((b) => [b.key, b]));
  const byEndpoint = new Map(facts.bindings.map((b) => [b.endpoint.toLowerCase(), b]));
  const all = (list: readonly (Facts['bindings'][number] | undefined)[]): string[] | null =>
    list.length > 0 && list.every((b) => b?.noSiteUses === true)
      ? list.map((b) => b!.endpoint)
      : null;
  if (f.scope === 'binding')
    return all([f.entityKey, ...(f.twins ?? []).map((t) => t.entityKey)].map((k) => byKey.get(k)));
  if (f.scope === 'certificate') {
    const c = facts.certificates.find((x) => x.key === f.entityKey);
    // Served on the wire or bound by an IIS binding (CCS too): clients of a site get it.
    if (!c || c.servedOnWire || c.boundByIis.length > 0) return null;
    return all(c.boundBindings.map((b) => byEndpoint.get(b.endpoint.toLowerCase())));
  }
  if (f.scope === 'eventGroup') {
    const endpoint = f.entity['endpoint'];
    return typeof endpoint === 'string' ? all([byEndpoint.get(endpoint.toLowerCase())]) : null;
  }
  return null;
}

/** Marks (and caps at medium) the findings on unused entries; before causes are folded. */
export function lowerUnusedEndpoints(findings: Finding[], facts: Facts): Finding[] {
  for (const f of findings) {
    // That rule says it itself: an entry no IIS binding uses.
    if (f.ruleId === 'httpsys-iis-entry-without-iis-binding') continue;
    const endpoints = unusedEndpointsOf(f, facts);
    if (!endpoints) continue;
    const lowered = severityRank(f.severity) > severityRank(CAP);
    f.noSiteUses = { endpoints, from: lowered ? f.severity : null };
    if (lowered) f.severity = CAP;
  }
  return findings;
}
