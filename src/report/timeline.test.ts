import { describe, expect, it } from 'vitest';
import {
  escapeXml,
  MAX_BUCKETS,
  MAX_SERIES,
  OTHER_SERIES,
  timelineData,
  timelineSvg,
  type TimelineGroup,
} from './timeline.js';

const g = (
  eventId: number,
  perHour: Record<string, number>,
  extra: Partial<TimelineGroup> = {},
) => ({
  source: 'schannel',
  eventId,
  level: 2,
  count: Object.values(perHour).reduce((a, b) => a + b, 0),
  timesLocal: false,
  perHour,
  ...extra,
});

const labels = {
  title: 'Schannel errors',
  zone: 'UTC',
  localZone: 'local time',
  events: 'events',
  perHour: 'per hour',
  perHours: 'per {n} hours',
  other: 'other ids',
};

describe('report timeline', () => {
  it('counts errors per hour by event id over a contiguous range, merging groups of one id', () => {
    const data = timelineData([
      g(36870, { '2026-11-20T05': 2, '2026-11-20T08': 3 }),
      g(36870, { '2026-11-20T08': 1 }),
      g(36888, { '2026-11-20T06': 4 }),
      g(36880, { '2026-11-20T07': 9 }, { level: 4 }),
      g(11, { '2026-11-20T07': 9 }, { source: 'capi2' }),
    ]);
    expect(data).toMatchObject({
      bucketHours: 1,
      buckets: ['2026-11-20T05', '2026-11-20T06', '2026-11-20T07', '2026-11-20T08'],
      series: [
        { eventId: 36870, total: 6, counts: [2, 0, 0, 4] },
        { eventId: 36888, total: 4, counts: [0, 4, 0, 0] },
      ],
      max: 4,
      total: 10,
    });
  });

  it('switches to wider buckets for long logs and returns null without errors', () => {
    const data = timelineData([g(36874, { '2026-01-01T00': 1, '2026-03-01T00': 1 })]);
    expect(data?.bucketHours).toBe(6);
    expect(data!.buckets.length).toBeLessThanOrEqual(400);
    expect(timelineData([g(36880, { '2026-01-01T00': 1 }, { level: 4 })])).toBeNull();
  });

  it('draws a self-contained SVG of numbers and escaped text only', () => {
    const data = timelineData([g(36870, { '2026-11-20T05': 2, '2026-11-20T08': 3 })])!;
    const svg = timelineSvg(data, { ...labels, title: '<script>alert(1)</script>' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).not.toMatch(/style=|href|on\w+=/);
    expect(svg.match(/<rect /g)).toHaveLength(3); // two bars + one legend swatch
    expect(svg).toContain('36870 (5 events)');
  });

  it('escapes the five XML characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });

  it('keeps at most MAX_BUCKETS buckets whatever the span (years 1000 to 9999)', () => {
    const data = timelineData([
      g(36888, { '1000-01-01T00': 1, '9999-12-31T23': 1 }),
      g(36887, { '2026-11-20T09': 4 }),
    ])!;
    expect(data.buckets.length).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(data.total).toBe(6);
    expect(data.series.reduce((s, x) => s + x.counts.reduce((a, b) => a + b, 0), 0)).toBe(6);
  });

  it('draws the most frequent ids and sums the others into one series', () => {
    const groups = Array.from({ length: 1000 }, (_, i) =>
      g(30000 + i, { '2026-11-20T09': i === 999 ? 50 : 1 }),
    );
    const data = timelineData(groups)!;
    expect(data.series).toHaveLength(MAX_SERIES + 1);
    expect(data.series.map((s) => s.eventId)).toContain(30999);
    const other = data.series.find((s) => s.eventId === OTHER_SERIES)!;
    expect(other.total).toBe(1000 - MAX_SERIES);
    expect(data.total).toBe(999 + 50);
    expect(timelineSvg(data, labels)).toContain(`other ids (${1000 - MAX_SERIES} events)`);
  });
});
