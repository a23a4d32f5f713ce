/**
 * Findings on HTTP.sys entries no IIS site uses (judge14 S1): an expired or missing certificate on
 * a leftover 0.0.0.0:443 entry while the site is bound to 10.20.30.41:443 breaks only clients that
 * connect to an address no site is bound to. Such a finding is clean-up: at most medium, marked
 * `noSiteUses`, and never the verdict's root cause (src/report/verdict-build.ts). Which entries no
 * site uses is decided once, in src/facts/unused-endpoint.ts; without IIS evidence none is.
 */
import type { Facts } from '../facts/model.js';
import { lazyLocalized, severityRank, type Finding, type Lang, type Severity } from './rule.js';
import { commentText } from './slots.js';

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

const CLEAN_UP = 'httpsys-iis-entry-without-iis-binding';

const LEAD: Record<Lang, (endpoints: string, cleanUp: string | null) => string[]> = {
  en: (e, c) => [
    `No IIS site uses ${e}: the usual fix is clean-up, not this one.`,
    `Back the entry up (netsh http show sslcert) and remove it once no other program needs it${c ? ` (the finding “${c}” has the commands)` : ''}.`,
    'Do what follows only if clients still connect to that address or port.',
  ],
  'zh-CN': (e, c) => [
    `没有任何 IIS 站点使用 ${e}：通常的修复是清理，而不是下面的步骤。`,
    `先备份该条目（netsh http show sslcert），确认没有其他程序需要后再删除它${c ? `（发现“${c}”给出了命令）` : ''}。`,
    '只有当客户端仍然连接到该地址或端口时，才执行下面的步骤。',
  ],
};

/**
 * A capped finding's own fix renews or rebinds an entry no site uses, while the clean-up rule
 * beside it removes that entry: the fix now says first which one is usual (note14).
 */
function leadWithCleanUp(f: Finding, endpoints: string[], cleanUp: Finding | undefined): void {
  const fix = f.fix;
  const prefix = f.fixShell === 'cmd' ? 'REM ' : '# ';
  f.fix = lazyLocalized((lang) => {
    const lead = LEAD[lang](endpoints.join(', '), cleanUp ? cleanUp.title[lang] : null)
      .map((line) => commentText(f.fixShell, line))
      .filter((line) => line !== null)
      .map((line) => `${prefix}${line}\n`)
      .join('');
    return `${lead}${fix[lang]}`;
  });
}

/** Marks (and caps at medium) the findings on unused entries; before causes are folded. */
export function lowerUnusedEndpoints(findings: Finding[], facts: Facts): Finding[] {
  const cleanUps = findings.filter((f) => f.ruleId === CLEAN_UP);
  for (const f of findings) {
    // That rule says it itself: an entry no IIS binding uses.
    if (f.ruleId === CLEAN_UP) continue;
    const endpoints = unusedEndpointsOf(f, facts);
    if (!endpoints) continue;
    const lowered = severityRank(f.severity) > severityRank(CAP);
    f.noSiteUses = { endpoints, from: lowered ? f.severity : null };
    if (lowered) f.severity = CAP;
    const keys = new Set(endpoints.map((e) => e.toLowerCase()));
    const cleanUp = cleanUps.find((c) => {
      const e = c.entity['endpoint'];
      return typeof e === 'string' && keys.has(e.toLowerCase());
    });
    leadWithCleanUp(f, endpoints, cleanUp);
  }
  return findings;
}
