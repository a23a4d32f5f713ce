/**
 * The report's event timeline: Schannel errors per hour (or per day for long logs), stacked by
 * event id, as an inline SVG. Pure functions: `timelineData` reduces event groups to numbers,
 * `timelineSvg` draws them. The SVG holds only numbers, fixed colours and escaped text (event ids,
 * bucket labels, captions); no style attributes (the report's CSP allows no inline styles), no
 * script, no external reference. The HTML renderer wraps the string in a SafeString.
 */

/** What the timeline needs of an event group (EventGroupEntity satisfies it). */
export interface TimelineGroup {
  source: string;
  eventId: number;
  level: number | null;
  count: number;
  timesLocal: boolean;
  /** Events per hour, key `YYYY-MM-DDTHH`. */
  perHour: Record<string, number>;
}

export interface TimelineData {
  /** Width of one bucket in hours (1 = per hour). */
  bucketHours: number;
  /** Start of each bucket, `YYYY-MM-DDTHH`. */
  buckets: string[];
  series: { eventId: number; total: number; counts: number[] }[];
  /** Largest stacked bucket. */
  max: number;
  total: number;
  timesLocal: boolean;
}

const BUCKET_SIZES = [1, 2, 3, 6, 12, 24, 48, 168, 720];
/** At most this many buckets whatever the span (a log claiming years 1000 to 9999 included). */
export const MAX_BUCKETS = 400;
/** Event ids drawn as their own series; the rest are summed into one "other" series (id -1). */
export const MAX_SERIES = 8;
export const OTHER_SERIES = -1;
const HOUR_KEY = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/;

function hourIndex(key: string): number | null {
  const m = HOUR_KEY.exec(key);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]));
  return Number.isFinite(ms) ? ms / 3_600_000 : null;
}

function hourKey(index: number): string {
  return new Date(index * 3_600_000).toISOString().slice(0, 13);
}

/** Errors (levels 1 and 2) of Schannel groups, per bucket and event id; null when there are none. */
export function timelineData(groups: readonly TimelineGroup[]): TimelineData | null {
  const byId = new Map<number, Map<number, number>>();
  let lo = Infinity;
  let hi = -Infinity;
  let timesLocal = false;
  for (const g of groups) {
    if (g.source !== 'schannel' || (g.level !== 1 && g.level !== 2)) continue;
    for (const [k, n] of Object.entries(g.perHour)) {
      const h = hourIndex(k);
      if (h === null || !(n > 0)) continue;
      lo = Math.min(lo, h);
      hi = Math.max(hi, h);
      timesLocal ||= g.timesLocal;
      let m = byId.get(g.eventId);
      if (!m) byId.set(g.eventId, (m = new Map()));
      m.set(h, (m.get(h) ?? 0) + n);
    }
  }
  if (byId.size === 0) return null;
  const span = hi - lo + 1;
  // The nice sizes while they fit, else whole months as wide as needed: at most MAX_BUCKETS.
  const bucketHours =
    BUCKET_SIZES.find((b) => span / b < MAX_BUCKETS) ??
    Math.ceil(span / (MAX_BUCKETS - 1) / 720) * 720;
  const start = Math.floor(lo / bucketHours) * bucketHours;
  const n = Math.floor((hi - start) / bucketHours) + 1;
  const buckets = Array.from({ length: n }, (_, i) => hourKey(start + i * bucketHours));
  // The most frequent ids get a series each; the others share one, so a log of 100,000 distinct
  // ids draws MAX_SERIES + 1 series, not ids × buckets.
  const totals = [...byId.entries()].map(([eventId, hours]) => {
    let total = 0;
    for (const c of hours.values()) total += c;
    return { eventId, hours, total };
  });
  totals.sort((a, b) => b.total - a.total || a.eventId - b.eventId);
  const kept = totals.slice(0, MAX_SERIES).sort((a, b) => a.eventId - b.eventId);
  const rest = totals.slice(MAX_SERIES);
  const toSeries = (eventId: number, parts: typeof totals) => {
    const counts = new Array<number>(n).fill(0);
    let total = 0;
    for (const p of parts) {
      for (const [h, c] of p.hours) counts[Math.floor((h - start) / bucketHours)]! += c;
      total += p.total;
    }
    return { eventId, total, counts };
  };
  const series = kept.map((k) => toSeries(k.eventId, [k]));
  if (rest.length > 0) series.push(toSeries(OTHER_SERIES, rest));
  let max = 0;
  for (let i = 0; i < n; i++)
    max = Math.max(
      max,
      series.reduce((s, x) => s + x.counts[i]!, 0),
    );
  return {
    bucketHours,
    buckets,
    series,
    max,
    total: series.reduce((s, x) => s + x.total, 0),
    timesLocal,
  };
}

/** Colour-blind-safe palette (Okabe-Ito), one colour per event id in order. */
const COLOURS = [
  '#d55e00',
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#f0e442',
  '#000000',
];

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/** A number as SVG writes it: finite, at most two decimals. */
function num(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : '0';
}

export interface TimelineLabels {
  /** e.g. "Schannel errors per hour". */
  title: string;
  /** Zone of event-XML times, e.g. "UTC". */
  zone: string;
  /** Zone of pasted-text times (no zone given), e.g. "local time". */
  localZone: string;
  /** e.g. "events". */
  events: string;
  /** Bucket captions: "per hour", "per {n} hours". */
  perHour: string;
  perHours: string;
  /** Legend of the series summing the less frequent event ids. */
  other: string;
}

/** Captions per report language. */
export const TIMELINE_LABELS: Record<'en' | 'zh-CN', TimelineLabels> = {
  en: {
    title: 'Schannel errors',
    zone: 'UTC',
    localZone: 'local time',
    events: 'events',
    perHour: 'per hour',
    perHours: 'per {n} hours',
    other: 'other ids',
  },
  'zh-CN': {
    title: 'Schannel 错误',
    zone: 'UTC',
    localZone: '本地时间',
    events: '个事件',
    perHour: '每小时',
    perHours: '每 {n} 小时',
    other: '其他事件 ID',
  },
};

const W = 760;
const H = 230;
const LEFT = 44;
const RIGHT = 12;
const TOP = 28;
const BOTTOM = 52;

const idLabel = (eventId: number, labels: TimelineLabels): string =>
  eventId === OTHER_SERIES ? labels.other : String(eventId);

/** Draws the timeline. Returns a complete `<svg>` element. */
export function timelineSvg(data: TimelineData, labels: TimelineLabels): string {
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const n = data.buckets.length;
  const bw = plotW / Math.max(1, n);
  const scale = data.max > 0 ? plotH / data.max : 0;
  const unit =
    data.bucketHours === 1
      ? labels.perHour
      : labels.perHours.replace('{n}', String(data.bucketHours));
  const zone = data.timesLocal ? labels.localZone : labels.zone;
  const title = `${labels.title} ${unit} (${zone})`;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<text x="${LEFT}" y="16" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
    // Axes and the y maximum.
    `<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + plotH}" stroke="#888"/>`,
    `<line x1="${LEFT}" y1="${TOP + plotH}" x2="${W - RIGHT}" y2="${TOP + plotH}" stroke="#888"/>`,
    `<text x="${LEFT - 4}" y="${TOP + 4}" font-size="10" text-anchor="end">${num(data.max)}</text>`,
    `<text x="${LEFT - 4}" y="${TOP + plotH}" font-size="10" text-anchor="end">0</text>`,
  );
  for (let i = 0; i < n; i++) {
    let y = TOP + plotH;
    const x = LEFT + i * bw;
    for (let s = 0; s < data.series.length; s++) {
      const serie = data.series[s]!;
      const c = serie.counts[i]!;
      if (c <= 0) continue;
      const h = c * scale;
      y -= h;
      out.push(
        `<rect x="${num(x)}" y="${num(y)}" width="${num(Math.max(bw - 0.5, 0.5))}" height="${num(Math.max(h, 0.5))}" fill="${COLOURS[s % COLOURS.length]}">` +
          `<title>${escapeXml(`${data.buckets[i]}:00 · ${idLabel(serie.eventId, labels)}: ${c}`)}</title></rect>`,
      );
    }
  }
  // x labels: first, middle, last bucket.
  const ticks = n > 2 ? [0, Math.floor((n - 1) / 2), n - 1] : [...Array(n).keys()];
  for (const i of ticks) {
    const x = LEFT + i * bw + bw / 2;
    const anchor = i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle';
    out.push(
      `<text x="${num(i === 0 ? LEFT : i === n - 1 ? W - RIGHT : x)}" y="${TOP + plotH + 14}" font-size="10" text-anchor="${anchor}">${escapeXml(`${data.buckets[i]}:00`)}</text>`,
    );
  }
  // Legend: one swatch per event id with its total.
  let lx = LEFT;
  const ly = H - 14;
  data.series.forEach((serie, s) => {
    const text = `${idLabel(serie.eventId, labels)} (${serie.total} ${labels.events})`;
    out.push(
      `<rect x="${num(lx)}" y="${ly - 9}" width="10" height="10" fill="${COLOURS[s % COLOURS.length]}"/>`,
      `<text x="${num(lx + 14)}" y="${ly}" font-size="11">${escapeXml(text)}</text>`,
    );
    lx += 24 + text.length * 6.2;
  });
  out.push('</svg>');
  return out.join('');
}
