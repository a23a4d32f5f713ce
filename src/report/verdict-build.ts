/**
 * The verdict: the root cause and its first step, or what was (not) checked, in the report's
 * language. Built by buildReportModel (./model.ts) from the findings, the coverage and the facts.
 */
import { hasEvidence, type Coverage } from '../engine/coverage.js';
import type { Lang } from '../engine/rule.js';
import type { Facts } from '../facts/model.js';
import { catalogEntry } from '../artifacts/catalog.js';
import { isReadOnlyLine } from '../engine/read-only.js';
import { DISAGREEMENT_RULES, HYGIENE_RULES } from '../engine/hygiene.js';
import { otherProtocolCaptures } from './capture-protocol.js';
import { t, tAny } from './i18n.js';
import type { ChangedFile } from './changed-files.js';
import { captureCaveat } from './verdict-capture.js';
import { manifestUnreadText } from './verdict-manifest.js';
import type { ReportFinding, Verdict } from './model.js';
import type { DeniedCommand, RefusedEntry } from './verdict-denied.js';
import { noSiteUses, otherServiceEntry } from './verdict-asides.js';

/** Evidence older than this is stale: the server may have changed since (judge6 M13). */
export const STALE_DAYS = 30;

/** Whole days from the manifest's collection time to `now`; null when not from a manifest. */
export function evidenceAgeDays(host: Facts['host'], now: Date): number | null {
  if (host.collectedAtSource !== 'manifest' || !host.collectedAt) return null;
  const at = Date.parse(host.collectedAt);
  return Number.isNaN(at) ? null : Math.floor((now.getTime() - at) / 86_400_000);
}

/**
 * `--as-of` on a bundle whose manifest has its own collection time: the manifest's time is used
 * (validity, event ages), and a date on another day is said, never dropped silently (judge7 M3).
 */
export function asOfNote(host: Facts['host'], lang: Lang): string | null {
  const given = host.asOfGiven ?? null;
  if (given === null || host.collectedAtSource !== 'manifest' || !host.collectedAt) return null;
  const [asOfDay, usedDay] = [given.slice(0, 10), host.collectedAt.slice(0, 10)];
  if (asOfDay === usedDay) return null;
  return tAny(asOfDay < usedDay ? 'verdict.asOfBefore' : 'verdict.asOfIgnored', lang)
    .replace('{asOf}', () => asOfDay)
    .replace(/\{date\}/g, () => usedDay);
}

/** An artifact id in words: the i18n table, else the catalog's description, else the id. */
export function artifactWords(id: string, lang: Lang): string {
  const w = tAny(`artifact.${id}`, lang);
  if (w !== `artifact.${id}`) return w;
  return catalogEntry(id)?.description ?? id;
}

/**
 * The first step of a fix: its first runnable line (comment, blank and variable-setting lines
 * skipped; judge6 M5), and only when that line only reads or backs up (src/engine/read-only.ts):
 * "Do this first" is a command an engineer can paste without changing anything (judge7 M7).
 * A first line that changes something, or needs a value the engineer must choose first
 * (`%NEWHASH%` set from `new-thumbprint-here`), or a fix that is only guidance gives no step:
 * the fix itself is read then. A PowerShell assignment that runs a read
 * (`$folder = (Get-ItemProperty …).CertStoreLocation`) is a step; one setting a value is not.
 */
export function firstStepOf(fix: string): { text: string; command: boolean } | null {
  if (fix.startsWith('(fix not rendered')) return null;
  const raw = fix.split('\n').filter((l) => l.trim() !== '');
  const comment = /^\s*(rem\b|#|::)/i;
  // Variables set to a value for the lines below (`set "NEWHASH=…"`, `$hash = '…'`) are no step.
  const assignment =
    /^\s*(set\s+"?[A-Za-z_][\w]*=|\$[A-Za-z_][\w]*\s*=(?!=)\s*(?![(\s]|[A-Za-z]+-[A-Za-z]))/i;
  const placeholders = new Set<string>();
  for (const l of raw) {
    const m =
      /^\s*set "([A-Za-z_]\w*)=[^"]*-here"\s*$/i.exec(l) ??
      /^\s*\$([A-Za-z_]\w*)\s*=\s*'[^']*-here'\s*$/.exec(l);
    if (m) placeholders.add(m[1]!.toLowerCase());
  }
  const command = raw.find((l) => !comment.test(l) && !assignment.test(l));
  if (command === undefined) return null;
  const needsValue = [...placeholders].some((name) =>
    new RegExp(`%${name}%|\\$${name}\\b`, 'i').test(command),
  );
  if (needsValue || !isReadOnlyLine(command)) return null;
  return { text: command.trim(), command: true };
}

/** The text of the first step (see firstStepOf). */
export const firstStep = (fix: string): string | null => firstStepOf(fix)?.text ?? null;

export { captureReadCaveat } from './verdict-capture.js';

/** An area's name in the reader's language (its folder name when no translation exists). */
export const areaTitle = (area: string, lang: Lang): string => {
  const key = `area.${area}`;
  const text = tAny(key, lang);
  return text === key ? area : text;
};

const listOf = (items: string[], lang: Lang): string => items.join(lang === 'zh-CN' ? '、' : ', ');

/** What to collect in words, with the id a collector log names: `a or b` alternatives listed once each. */
function collectText(collect: (string | string[])[], lang: Lang): string {
  return listOf(
    [...new Set(collect.flat())].map((id) => `${artifactWords(id, lang)} (${id})`),
    lang,
  );
}

/** `first and N more` over a list, in the reader's language. */
function firstAndMore(items: string[], lang: Lang, keep = 2): string {
  const shown = listOf(items.slice(0, keep), lang);
  return items.length <= keep
    ? shown
    : tAny('verdict.andMore', lang)
        .replace('{first}', () => shown)
        .replace('{n}', String(items.length - keep));
}

/** One partly checked area: its rules, the entities they could not decide for, the first reason. */
function partlyItem(p: Coverage['partial'][number], lang: Lang): string {
  // The rules and their reasons are listed under "Not evaluated"; the verdict counts them and
  // points there (quoted titles and reasons put store names and English values in zh-CN text).
  const rules = new Set(p.gaps.map((g) => g.title[lang]));
  const entities = [...new Set(p.gaps.map((g) => g.entityKey).filter((k) => k !== ''))];
  return tAny(entities.length ? 'verdict.partlyItem' : 'verdict.partlyItemNoEntity', lang)
    .replace('{area}', () => areaTitle(p.area, lang))
    .replace('{n}', () => String(rules.size))
    .replace('{entities}', () => firstAndMore(entities, lang, 3));
}

export function buildVerdict(
  findings: ReportFinding[],
  coverage: Coverage | null,
  facts: Facts,
  lang: Lang,
  now: Date,
  changed: ChangedFile[] = [],
  denied: DeniedCommand[] = [],
  refused: RefusedEntry[] = [],
  manifestIssues: readonly { code: string }[] = [],
): Omit<Verdict, 'privateKeys'> {
  const fill = (key: string, values: Record<string, string>): string =>
    tAny(key, lang).replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
  // Events of unknown age (no collection time, judge5 T4/T5) were not judged: not "no problem found".
  const undated = facts.eventGroups.some((g) => g.ageUnknown === true);
  const ageUnknown = (f: ReportFinding): boolean =>
    f.entity.scope === 'eventGroup' &&
    facts.eventGroups.some((g) => g.key === f.entity.key && g.ageUnknown === true);
  const undatedText = undated ? t('verdict.eventsUndated', lang) : null;
  // Certificates whose dates nothing judges (pasted text, no collection time): the verdict names
  // --as-of, as the "Not evaluated" reason does (judge13 M1), never "no problem found" alone. One
  // whose NotAfter is still ahead of today was valid whenever the output was taken: not listed.
  const mayHaveExpired = (notAfter: string | null): boolean => {
    const at = notAfter === null ? Number.NaN : Date.parse(notAfter);
    return Number.isNaN(at) || at <= now.getTime() + 86_400_000;
  };
  const unjudgedCerts = [
    ...new Set(
      facts.certificates
        .filter((c) => c.notAfterUnjudged && mayHaveExpired(c.notAfter))
        .map((c) => c.thumbprint),
    ),
  ];
  const certsUndatedText = unjudgedCerts.length
    ? fill('verdict.certificatesUndated', { n: String(unjudgedCerts.length) })
    : null;
  // An area a rule of which could not decide for one of its entities is "partly checked", never
  // "no problem found" (judge6 T2/S13/M12): the gap says what is unknown and what to collect.
  const partial = coverage?.partial ?? [];
  const partlyText = partial.length
    ? fill('verdict.partly', {
        items: listOf(
          partial.map((p) => partlyItem(p, lang)),
          lang,
        ),
      })
    : null;
  // Two listener sources naming different owners of a port: neither is taken (judge6 p49).
  const source = { netstat: 'netstat', 'tcp-listeners': 'Get-NetTCPConnection' } as const;
  const disputes = facts.listeners
    .filter((l) => l.blocksHttps && l.ownerDisputed !== null && l.sources.length === 1)
    .map((l) =>
      fill('verdict.listenerDisputeItem', {
        source: source[l.sources[0]!],
        owner: l.ownerLabel,
        endpoint: l.endpoint,
        other: source[l.sources[0] === 'netstat' ? 'tcp-listeners' : 'netstat'],
        otherOwner: l.ownerDisputed!,
      }),
    );
  const disputedText = disputes.length
    ? fill('verdict.listenersDisputed', { items: listOf(disputes, lang) })
    : null;
  const captureText = captureCaveat(facts, lang);
  // A file holding nothing of its artifact (random bytes, an HTML page) is named, with its
  // command: its area is "not checked" or rests on other sources, never on it (judge13 T1).
  const unreadFiles = (coverage?.failedFiles ?? []).filter((f) => f.unreadable);
  const unreadText = unreadFiles.length
    ? fill('verdict.filesUnreadable', {
        files: listOf(
          unreadFiles.map((f) => f.path),
          lang,
        ),
        commands: listOf([...new Set(unreadFiles.map((f) => f.unreadable!.command))], lang),
      })
    : null;
  // A current error event that no finding is about (a code no rule covers) is unexplained, not
  // "no problem found in events" (judge6 S4b).
  const explained = new Set(
    findings.filter((f) => f.entity.scope === 'eventGroup').map((f) => f.entity.key),
  );
  const unexplained = facts.eventGroups
    .filter(
      (g) =>
        (g.levelName === 'error' || g.levelName === 'critical') &&
        g.historical !== true &&
        !explained.has(g.key),
    )
    .map((g) => `${g.provider} ${g.eventId}${g.errorCode ? ` ${g.errorCode}` : ''} ×${g.count}`);
  const unexplainedText = unexplained.length
    ? fill('verdict.eventsUnexplained', { items: firstAndMore(unexplained, lang, 3) })
    : null;
  // An info finding qualifies its area (B23/B26: TLS 1.3 negotiated against a registry that turns
  // it off): the area is not "no problem found", and the remark is named (judge10 M6).
  const remarks = findings.filter((f) => f.explainedBy === null && f.severity === 'info');
  const remarked = new Set(remarks.map((f) => f.area));
  const evaluatedAreas = (coverage?.evaluated ?? [])
    .filter((a) => !remarked.has(a))
    .filter(
      (a) =>
        !((undated || unexplainedText) && a === 'events') && !(disputedText && a === 'network'),
    )
    .filter((a) => !(captureText && a === 'capture'))
    .filter((a) => !partial.some((p) => p.area === a))
    .map((a) => areaTitle(a, lang));
  const notChecked = (coverage?.notEvaluated ?? []).map((n) => ({
    area: n.area,
    title: areaTitle(n.area, lang),
    collect: n.collect,
  }));
  // A command denied its rights is named with the cure (an elevated run), not "collect X" as if
  // it had never run; an area it alone leaves unchecked is said there (judge r9 s07).
  const deniedIds = new Set(denied.map((d) => d.id));
  // A file refused for a limit was collected: its cure is the flag, not collecting it again.
  const notToCollect = new Set([...deniedIds, ...refused.map((r) => r.id)]);
  const stillToCollect = notChecked
    .map((n) => ({
      ...n,
      collect: n.collect.filter((c) => ![c].flat().every((id) => notToCollect.has(id))),
    }))
    .filter((n) => n.collect.length > 0);
  // The areas each command's failure left unchecked: those waiting only on denied commands, not
  // every area that would also read its output (judge9 T1 named "captures" for a denied netsh).
  // Commands that leave the same areas unchecked for the same reason are named together.
  const deniedGroups = new Map<string, { areas: string[]; commands: string[]; why: string }>();
  for (const d of denied) {
    const areas = notChecked
      .filter(
        (n) =>
          n.collect.flat().includes(d.id) &&
          n.collect.every((c) => [c].flat().some((id) => deniedIds.has(id))),
      )
      .map((n) => n.title);
    const key = JSON.stringify([areas, d.why]);
    const g = deniedGroups.get(key) ?? { areas, commands: [], why: d.why };
    g.commands.push(d.command);
    deniedGroups.set(key, g);
  }
  const deniedText = denied.length
    ? fill(facts.host.elevated === true ? 'verdict.deniedElevated' : 'verdict.denied', {
        items: listOf(
          [...deniedGroups.values()].map((g) =>
            fill(g.areas.length ? 'verdict.deniedAreaItem' : 'verdict.deniedItem', {
              areas: listOf(g.areas, lang),
              command: listOf(g.commands, lang),
              why: tAny(`verdict.denied.${g.why}`, lang),
            }),
          ),
          lang,
        ),
      })
    : null;
  const notCheckedRules = stillToCollect.length
    ? fill('verdict.notChecked', {
        areas: listOf(
          stillToCollect.map((n) => n.title),
          lang,
        ),
        collect: collectText(
          stillToCollect.flatMap((n) => n.collect),
          lang,
        ),
      })
    : null;
  const refusedText = refused.length
    ? fill('verdict.entriesRefused', {
        items: listOf(
          refused.map((r) => r.text),
          lang,
        ),
      })
    : null;
  const notCheckedDenied =
    [refusedText, deniedText, notCheckedRules].filter((x) => x !== null).join('; ') || null;
  // An unreadable manifest.json leads: it costs the host, the build and the collection time.
  const manifestText = manifestUnreadText(manifestIssues, facts.host, lang);
  const restText =
    [
      captureText,
      unreadText,
      partlyText,
      unexplainedText,
      notCheckedDenied,
      undatedText,
      certsUndatedText,
      disputedText,
    ]
      .filter((x): x is string => x !== null)
      .join('; ') || null;
  const notCheckedText = [manifestText, restText].filter((x) => x !== null).join('; ') || null;
  // A sentence of its own under a root cause; after "No problem found in …;" in the clean case.
  const notCheckedLine = notCheckedText
    ? notCheckedText.charAt(0).toUpperCase() + notCheckedText.slice(1)
    : null;
  const hostConflicts = (facts.host.conflicts ?? []).map((c) => ({
    ...c,
    title: t(`hostConflict.${c.aspect}`, lang),
  }));
  const codes = [
    ...(notChecked.length
      ? [...new Set(notChecked.flatMap((n) => n.collect).flat()), 'tls-doctor collector']
      : []),
    ...denied.map((d) => d.command),
  ];
  const age = evidenceAgeDays(facts.host, now);
  const stale =
    age !== null && age > STALE_DAYS
      ? {
          days: age,
          line: fill('verdict.stale', {
            n: String(age),
            date: facts.host.collectedAt!.slice(0, 10),
          }),
        }
      : null;
  const base = {
    // Not the all-clear colour: a capture not read, or one whose packets the snap length cut
    // before any TLS connection could be read (judge13 M5), or another file that was unreadable.
    ...(((facts.captureFiles ?? []).some(
      (f) => f.unreadable || (f.truncatedPackets > 0 && f.tlsConnections === 0),
    ) ||
      unreadFiles.length > 0 ||
      manifestText !== null) && {
      evidenceUnread: true,
    }),
    asOfNote: asOfNote(facts.host, lang),
    evaluatedAreas,
    notChecked,
    denied,
    notCheckedLine,
    codes,
    hostConflicts,
    stale,
    changedFiles: changed,
  };
  if (coverage && !hasEvidence(coverage))
    return {
      ...base,
      kind: 'no-evidence',
      headline: t('verdict.noEvidence', lang),
      rootCause: null,
    };
  // A low finding is advice (hardening, hygiene), not why HTTPS fails: it is never the root cause.
  // One on events of unknown age is the probable cause only if they are current (judge6 S1).
  // Nor is a finding that cannot make HTTPS fail (hygiene), or one resting only on captures of
  // another service's TLS (judge9 S4): those are "also found".
  const offSite = new Set(otherProtocolCaptures(facts).map((o) => o.path));
  const aside = (f: ReportFinding): boolean =>
    HYGIENE_RULES.has(f.ruleId) ||
    (f.evidence.length > 0 && f.evidence.every((e) => offSite.has(e.path))) ||
    otherServiceEntry(f, facts) ||
    noSiteUses(f);
  const serious = (f: ReportFinding): boolean =>
    f.explainedBy === null && f.severity !== 'info' && f.severity !== 'low';
  const cause = (f: ReportFinding): boolean => serious(f) && !aside(f);
  const index = findings.findIndex((f) => cause(f) && !ageUnknown(f));
  const root = index >= 0 ? findings[index]! : null;
  const probable = root ? null : (findings.find((f) => cause(f) && ageUnknown(f)) ?? null);
  if (probable) {
    const group = facts.eventGroups.find((g) => g.key === probable.entity.key);
    return {
      ...base,
      kind: 'problems',
      headline: `${fill('verdict.probableIfCurrent', {
        title: probable.title,
        entity: probable.entity.name ?? probable.entity.key,
        last: group?.lastSeen ?? '?',
      })}${notCheckedDenied ? `; ${notCheckedDenied}` : ''}${lang === 'zh-CN' ? '。' : '.'}`,
      rootCause: null,
    };
  }
  if (root) {
    // Other critical causes nothing explains block on their own (an expired certificate and no
    // protocol left): fixing the first leaves the site down, so the verdict names each, in the
    // findings' order; the first step stays the first cause's (judge14 M1).
    const plain = (f: ReportFinding): boolean =>
      !f.changedEvidence?.length && !DISAGREEMENT_RULES.has(f.ruleId);
    const others =
      root.severity === 'critical' && plain(root)
        ? findings.filter(
            (f, i) =>
              i !== index && f.severity === 'critical' && cause(f) && !ageUnknown(f) && plain(f),
          )
        : [];
    const causes = [root, ...others].map((f, i) => ({
      n: String(i + 1),
      title: f.title,
      entity: f.entity.name ?? f.entity.key,
    }));
    return {
      ...base,
      kind: 'problems',
      // Evidence edited after collection is no confident root cause (judge6 p49).
      headline: others.length
        ? fill('verdict.rootCauses', {
            n: String(causes.length),
            items:
              causes
                .slice(0, 3)
                .map((c) => fill('verdict.rootCausesItem', c))
                .join(lang === 'zh-CN' ? '；' : '; ') +
              (causes.length > 3
                ? fill('verdict.rootCausesMore', { n: String(causes.length - 3) })
                : ''),
          }) +
          ageBasisNote(root, facts, lang) +
          mixedHostsNote(root, facts, lang)
        : fill(
            root.changedEvidence?.length
              ? 'verdict.rootCauseChanged'
              : DISAGREEMENT_RULES.has(root.ruleId)
                ? 'verdict.disagreement'
                : 'verdict.rootCause',
            {
              files: listOf(root.changedEvidence ?? [], lang),
              title: root.title,
              entity: root.entity.name ?? root.entity.key,
            },
          ) +
          ageBasisNote(root, facts, lang) +
          mixedHostsNote(root, facts, lang),
      rootCause: {
        index,
        ruleId: root.ruleId,
        title: root.title,
        severity: root.severity,
        entity: root.entity.key,
        firstStep: firstStep(root.fix),
        firstStepIsCommand: firstStepOf(root.fix)?.command ?? false,
        ...(others.length && {
          alsoCauses: others.map((f) => ({
            index: findings.indexOf(f),
            ruleId: f.ruleId,
            entity: f.entity.key,
          })),
        }),
        symptoms: root.alsoSeen.length,
        severityRaised: root.severityRaised?.text ?? null,
      },
    };
  }
  const advice = findings.filter((f) => f.explainedBy === null && f.severity === 'low').length;
  const asides = findings.filter((f) => serious(f) && aside(f) && !f.noSiteUses);
  // Findings only on entries no site uses leave the failure unexplained: said, with what would
  // explain it (judge14 S1), not "no problem found".
  const unused = findings.filter((f) => serious(f) && f.noSiteUses);
  const unusedText = unused.length
    ? fill('verdict.unusedOnly', {
        n: String(unused.length),
        endpoints: listOf([...new Set(unused.flatMap((f) => f.noSiteUses!.endpoints))], lang),
        titles: firstAndMore([...new Set(unused.map((f) => f.title))], lang, 3),
      })
    : null;
  // With findings aside, "no problem found" would deny them: no CAUSE was found, and what was
  // found is said before what was not checked (judge9 S4).
  const alsoFound = asides.length
    ? fill('verdict.alsoFound', {
        n: String(asides.length),
        titles: firstAndMore([...new Set(asides.map((f) => f.title))], lang, 3),
      })
    : null;
  const also = [unusedText, alsoFound].filter((x) => x !== null).join(' ') || null;
  const stop = lang === 'zh-CN' ? '。' : '.';
  const upper = (x: string): string => x.charAt(0).toUpperCase() + x.slice(1);
  const restLine = restText ? upper(restText) : null;
  const cleanRest =
    !evaluatedAreas.length && restLine
      ? `${also ? `${also} ` : ''}${restLine}${stop}`
      : evaluatedAreas.length && restText
        ? also
          ? `${fill('verdict.noCauseIn', { areas: listOf(evaluatedAreas, lang) })}${stop} ${also} ${restLine}${stop}`
          : `${fill('verdict.cleanIn', { areas: listOf(evaluatedAreas, lang) })}; ${restText}`
        : also
          ? `${t('verdict.noCause', lang)} ${also}`
          : t('verdict.clean', lang);
  const clean = manifestText ? `${upper(manifestText)}${stop} ${cleanRest}` : cleanRest;
  const remarkText = remarks.length
    ? ` ${fill('verdict.remarks', { titles: firstAndMore([...new Set(remarks.map((f) => f.title))], lang, 3) })}`
    : '';
  const headline =
    (advice ? `${clean} ${fill('verdict.advice', { n: String(advice) })}` : clean) + remarkText;
  return { ...base, kind: 'clean', headline, rootCause: null };
}

/**
 * How a root cause on events without a collection time was dated (judge6 S1): the zip's file times
 * are an estimate, and an event within the window of the run date is current whatever the
 * collection time was. Empty for every other root cause.
 */
function ageBasisNote(root: ReportFinding, facts: Facts, lang: Lang): string {
  if (root.entity.scope !== 'eventGroup') return '';
  const g = facts.eventGroups.find((x) => x.key === root.entity.key);
  if (g?.ageBasis === 'file-times' && g.ageEvidence)
    return tAny('verdict.ageFileTimes', lang).replace('{at}', g.ageEvidence.at);
  if (g?.ageBasis === 'run-date') return tAny('verdict.ageRunDate', lang);
  return '';
}

/**
 * A root cause whose evidence comes from files that name different machines (judge6 S7) says so:
 * " — built from files of more than one server: WEB01 (sslcert.txt), WEB02 (web02-event.txt)".
 */
function mixedHostsNote(root: ReportFinding, facts: Facts, lang: Lang): string {
  const files = new Set(root.evidence.map((e) => e.path));
  const hosts = (facts.host.conflicts ?? [])
    .filter((c) => c.aspect === 'name')
    .flatMap((c) => c.values)
    .map((v) => ({ value: v.value, files: v.files.filter((f) => files.has(f)) }))
    .filter((v) => v.files.length > 0);
  if (hosts.length < 2) return '';
  const list = hosts
    .map((h) => `${h.value} (${h.files.join(', ')})`)
    .join(lang === 'zh-CN' ? '、' : ', ');
  return tAny('verdict.mixedHosts', lang).replace('{hosts}', list);
}
