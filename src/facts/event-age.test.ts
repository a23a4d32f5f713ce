import { describe, expect, it } from 'vitest';
import { eventAgeDays, isStaleEvent, RECENT_EVENT_DAYS } from './event-age.js';

describe('event age', () => {
  it('counts whole days from the last event to the collection', () => {
    expect(eventAgeDays('2026-11-01T10:00:00.0000000Z', '2026-11-20T09:14:31.000Z')).toBe(18);
  });

  it('calls an event from 2020 stale next to a 2026 collection', () => {
    expect(isStaleEvent('2020-11-29T11:37:20.7849166Z', '2026-11-20T09:14:31.000Z')).toBe(true);
  });

  it('keeps an event of the last days current', () => {
    expect(isStaleEvent('2026-11-19T23:00:00Z', '2026-11-20T09:14:31.000Z')).toBe(false);
  });

  it('draws the line after RECENT_EVENT_DAYS whole days', () => {
    const at = Date.parse('2026-11-20T00:00:00Z');
    const day = 24 * 3600 * 1000;
    const iso = (d: number) => new Date(at - d * day).toISOString();
    expect(isStaleEvent(iso(RECENT_EVENT_DAYS), iso(0))).toBe(false);
    expect(isStaleEvent(iso(RECENT_EVENT_DAYS + 1), iso(0))).toBe(true);
  });

  it('reads local times without a zone (pasted event text)', () => {
    expect(eventAgeDays('2026-10-01T08:00:00', '2026-11-20T09:14:31.000Z')).toBe(50);
  });

  it('cannot tell without a collection time or with an unreadable time', () => {
    expect(isStaleEvent('2020-11-29T11:37:20Z', null)).toBeNull();
    expect(isStaleEvent(null, '2026-11-20T09:14:31Z')).toBeNull();
    expect(eventAgeDays('yesterday', '2026-11-20T09:14:31Z')).toBeNull();
  });

  it('never reports a negative age for an event after the collection time', () => {
    expect(eventAgeDays('2026-11-21T00:00:00Z', '2026-11-20T09:14:31Z')).toBe(0);
  });
});
