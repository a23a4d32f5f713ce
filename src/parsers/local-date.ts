/**
 * Dates a Windows tool prints in the host's short date format (certutil's NotBefore / NotAfter,
 * PowerShell's NotAfter column): `11/3/2024 3:30 PM` (en-US), `03/11/2024 15:30` (fr-FR, en-GB),
 * `03.11.2024 15:30` (de-DE), `2024/11/3 15:30` (zh-CN, ja-JP), `2024/11/3 下午 03:30` (zh-TW).
 * The format is the user's regional format (Get-Culture, with its overrides), not the UI language:
 * an English UI with British formats prints day first. So the order of a slashed date is known
 * only from, in this order:
 *
 * 1. the file itself: another date of the same shape whose day is above 12 (`6/15/2026 8:29 PM`
 *    makes `6/10/2026 2:33 AM` 10 June) — `fileDateOrder`;
 * 2. the short date pattern the bundle records (`host.shortDatePattern`, e.g. `dd/MM/yyyy`);
 * 3. the format culture the bundle records (`host.culture`), through the CLDR data Node carries.
 *
 * AM/PM decides nothing (en-AU, en-NZ, en-IN and es-MX print day first with a 12-hour clock).
 * What none of them decides is `ambiguous`, with both readings kept so a later stage can still
 * decide what both agree on (expired either way); the date itself stays unknown, never guessed.
 */

export type DayMonthOrder = 'dmy' | 'mdy';

/** What the bundle says about the host's date format (manifest `host.culture`, `host.shortDatePattern`). */
export interface HostDateFormat {
  culture?: string | undefined;
  shortDatePattern?: string | undefined;
}

export interface LocalDate {
  /** `YYYY-MM-DDTHH:MM` host LOCAL time (no zone); null when unknown. */
  local: string | null;
  /** The day/month order could not be told: `readings` holds both (month first, day first). */
  ambiguous: boolean;
  readings?: [string, string];
}

/**
 * Day or month first in a culture's short date (`3/11/2024`), from the CLDR data Node carries:
 * null when the culture is absent, unknown to Intl, or writes the year first.
 */
export function dayMonthOrder(culture: string | undefined): DayMonthOrder | null {
  if (!culture) return null;
  let parts: Intl.DateTimeFormatPart[];
  try {
    // An unknown tag would silently fall back to Node's default locale: it decides nothing.
    if (Intl.DateTimeFormat.supportedLocalesOf(culture).length === 0) return null;
    parts = new Intl.DateTimeFormat(culture, {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    }).formatToParts(new Date(Date.UTC(2024, 10, 3, 12)));
  } catch {
    return null;
  }
  const order = parts
    .filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year')
    .map((p) => p.type[0])
    .join('');
  return order === 'dmy' ? 'dmy' : order === 'mdy' ? 'mdy' : null;
}

/** Day or month first in a .NET short date pattern (`M/d/yyyy`, `dd/MM/yyyy`; quoted literals skipped). */
export function patternOrder(pattern: string | undefined): DayMonthOrder | null {
  if (!pattern) return null;
  const bare = pattern.replace(/'[^']*'|"[^"]*"|\\./g, '');
  const d = bare.search(/d/);
  const m = bare.search(/M/);
  const y = bare.search(/y/);
  if (d < 0 || m < 0 || (y >= 0 && y < d && y < m)) return null;
  return d < m ? 'dmy' : 'mdy';
}

/** The order the bundle states: its short date pattern first, then its format culture. */
export function hostDateOrder(host: HostDateFormat | undefined): DayMonthOrder | null {
  return patternOrder(host?.shortDatePattern) ?? dayMonthOrder(host?.culture);
}

const PM = /^(p\.? ?m\.?|下午|午後|오후|nachm\.?)$/i;
const AM = /^(a\.? ?m\.?|上午|午前|오전|vorm\.?)$/i;
const MARK = '(a\\.? ?m\\.?|p\\.? ?m\\.?|上午|下午|午前|午後|오전|오후|vorm\\.?|nachm\\.?)';
const TIME = `(\\d{1,2}):(\\d{2})(?::\\d{2})?`;
const YEAR_FIRST = new RegExp(
  `^(\\d{4})[/.-](\\d{1,2})[/.-](\\d{1,2})\\.?(?:,? |T)(?:${MARK} ?)?${TIME}(?: ?${MARK})?$`,
  'i',
);
const DOTTED = new RegExp(`^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4}),? ${TIME}$`);
/** Slashes or dashes, day and month in an order only the host's format knows; mark optional. */
const SLASHED = new RegExp(`^(\\d{1,2})([/-])(\\d{1,2})[/-](\\d{4}),? ${TIME}(?: ?${MARK})?$`, 'i');
/**
 * MARK without the `i` flag: `\p{L}` with `iu` makes V8 build the case closure of every letter
 * when the pattern first runs (2–6 ms each, at every start); the letters need no folding.
 */
const MARK_ANY_CASE = MARK.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
/** `3 Nov 2024`, `03-Nov-24`, `3. Nov. 2024`, `3 nov. 2024` (day first, month by name). */
const DAY_NAME = new RegExp(
  `^(\\d{1,2})\\.?[ -]([\\p{L}]{3,12})\\.?[ -](\\d{4}|\\d{2}),? ${TIME}(?: ?${MARK_ANY_CASE})?$`,
  'u',
);
/** `Nov 3, 2024` (month by name first). */
const NAME_DAY = new RegExp(
  `^([\\p{L}]{3,12})\\.? (\\d{1,2}),? (\\d{4}),? ${TIME}(?: ?${MARK_ANY_CASE})?$`,
  'u',
);

/**
 * Month names and abbreviations of the languages whose outputs we read, name → month; a name two
 * languages give different months is left out. Built on the first month name met, not at import:
 * it loads 7 locales' CLDR data (~35 ms of a 0.4 s start), and most dates are numeric.
 */
let months: ReadonlyMap<string, number> | undefined;
function monthNames(): ReadonlyMap<string, number> {
  months ??= buildMonthNames();
  return months;
}
function buildMonthNames(): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  const clash = new Set<string>();
  const norm = (s: string): string =>
    s.normalize('NFD').replace(/\p{M}/gu, '').replace(/\./g, '').toLowerCase();
  for (const lang of ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl']) {
    for (const width of ['long', 'short'] as const) {
      let f: Intl.DateTimeFormat;
      try {
        f = new Intl.DateTimeFormat(lang, { month: width, timeZone: 'UTC' });
      } catch {
        continue;
      }
      for (let mo = 0; mo < 12; mo++) {
        const name = norm(f.format(new Date(Date.UTC(2024, mo, 15))));
        if (!/^\p{L}{3,12}$/u.test(name)) continue;
        const prior = map.get(name);
        if (prior !== undefined && prior !== mo + 1) clash.add(name);
        map.set(name, mo + 1);
        // The three-letter form people and some patterns (MMM) print.
        const three = name.slice(0, 3);
        const p3 = map.get(three);
        if (p3 !== undefined && p3 !== mo + 1) clash.add(three);
        map.set(three, mo + 1);
      }
    }
  }
  for (const c of clash) map.delete(c);
  return map;
}

function monthOf(name: string): number | null {
  const n = name.normalize('NFD').replace(/\p{M}/gu, '').replace(/\./g, '').toLowerCase();
  return monthNames().get(n) ?? null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function time(h: number, m: number, mark?: string): string | null {
  let hh = h;
  if (mark) {
    if (h < 1 || h > 12) return null;
    if (PM.test(mark) && hh < 12) hh += 12;
    else if (AM.test(mark) && hh === 12) hh = 0;
  }
  return hh <= 23 && m <= 59 ? `${pad(hh)}:${pad(m)}` : null;
}

function ymd(y: number, mo: number, d: number, hm: string | null): string | null {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && hm !== null
    ? `${y}-${pad(mo)}-${pad(d)}T${hm}`
    : null;
}

const known = (local: string | null): LocalDate => ({ local, ambiguous: false });

/** A two-digit year as X.509 reads one (UTCTime): 50–99 → 19xx, else 20xx. */
const fullYear = (y: string): number => (y.length === 4 ? +y : +y >= 50 ? 1900 + +y : 2000 + +y);

function squash(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/**
 * Host-local date text → `YYYY-MM-DDTHH:MM`. `order` (from the file or the bundle) decides a
 * slashed date both orders could mean; without it such a date is `ambiguous` with both readings.
 * `local: null, ambiguous: false` when the text is no date we know.
 */
export function readLocalDate(text: string, order?: DayMonthOrder | null): LocalDate {
  const t = squash(text);
  let m = YEAR_FIRST.exec(t);
  if (m) return known(ymd(+m[1]!, +m[2]!, +m[3]!, time(+m[5]!, +m[6]!, m[4] ?? m[7])));
  // Day first with dots (de-DE, ru-RU …): never month first.
  m = DOTTED.exec(t);
  if (m) return known(ymd(+m[3]!, +m[2]!, +m[1]!, time(+m[4]!, +m[5]!)));
  m = DAY_NAME.exec(t);
  if (m) {
    const mo = monthOf(m[2]!);
    return known(mo === null ? null : ymd(fullYear(m[3]!), mo, +m[1]!, time(+m[4]!, +m[5]!, m[6])));
  }
  m = NAME_DAY.exec(t);
  if (m) {
    const mo = monthOf(m[1]!);
    return known(mo === null ? null : ymd(+m[3]!, mo, +m[2]!, time(+m[4]!, +m[5]!, m[6])));
  }
  m = SLASHED.exec(t);
  if (!m) return known(null);
  const a = +m[1]!;
  const b = +m[3]!;
  const y = +m[4]!;
  const hm = time(+m[5]!, +m[6]!, m[7]);
  // A part above 12 can only be the day; equal parts read the same either way.
  if (a > 12 && b <= 12) return known(ymd(y, b, a, hm));
  if (b > 12 && a <= 12) return known(ymd(y, a, b, hm));
  if (a === b) return known(ymd(y, a, b, hm));
  if (order === 'dmy') return known(ymd(y, b, a, hm));
  if (order === 'mdy') return known(ymd(y, a, b, hm));
  const monthFirst = ymd(y, a, b, hm);
  const dayFirst = ymd(y, b, a, hm);
  if (monthFirst === null || dayFirst === null) return known(null);
  return { local: null, ambiguous: true, readings: [monthFirst, dayFirst] };
}

/** Dates of one output share one format: the shape (separator, 12/24-hour) a file-wide decision applies to. */
function shapeOf(text: string): { key: string; a: number; b: number } | null {
  const m = SLASHED.exec(squash(text));
  if (!m) return null;
  return { key: `${m[2]}${m[7] ? '12h' : '24h'}`, a: +m[1]!, b: +m[3]! };
}

/**
 * The day/month order the dates of one file decide between them: a date whose first part is
 * above 12 makes the file day first, one whose second part is, month first. Dates of another
 * shape (separator, clock) decide nothing for each other; a file whose dates say both decides
 * nothing. `by` is the deciding date's index in `texts`.
 */
export function fileDateOrder(
  texts: readonly string[],
): Map<string, { order: DayMonthOrder; by: number }> {
  const seen = new Map<string, { order: DayMonthOrder | 'conflict'; by: number }>();
  texts.forEach((text, i) => {
    const s = shapeOf(text);
    if (!s || s.a === s.b || (s.a > 12 && s.b > 12)) return;
    const says: DayMonthOrder | null = s.a > 12 ? 'dmy' : s.b > 12 ? 'mdy' : null;
    if (!says) return;
    const prior = seen.get(s.key);
    if (!prior) seen.set(s.key, { order: says, by: i });
    else if (prior.order !== says) prior.order = 'conflict';
  });
  const out = new Map<string, { order: DayMonthOrder; by: number }>();
  for (const [k, v] of seen) if (v.order !== 'conflict') out.set(k, { order: v.order, by: v.by });
  return out;
}

/**
 * Reads every date of one file: the file's own dates decide first, then what the bundle states.
 * `decidedBy` names the date (index) that decided an otherwise ambiguous one, for the log.
 */
export function readFileDates(
  texts: readonly string[],
  host?: HostDateFormat,
): (LocalDate & { decidedBy?: number; decidedByHost?: boolean })[] {
  const byFile = fileDateOrder(texts);
  const stated = hostDateOrder(host);
  return texts.map((text) => {
    const plain = readLocalDate(text);
    if (!plain.ambiguous) return plain;
    const s = shapeOf(text);
    const f = s ? byFile.get(s.key) : undefined;
    // The file's own dates beat the bundle's statement; a disagreement decides nothing.
    if (f && stated && f.order !== stated) return plain;
    if (f) return { ...readLocalDate(text, f.order), decidedBy: f.by };
    if (stated) return { ...readLocalDate(text, stated), decidedByHost: true };
    return plain;
  });
}
