/**
 * Times of pasted event text (event-text.ts): host-local dates read by the one helper every
 * host-formatted date goes through (local-date.ts), with the paste's own language as a hint.
 */
import { issue, type ParseIssue, type TextInput } from '../../shared/parse.js';
import { readFileDates, readLocalDate, type DayMonthOrder } from '../local-date.js';
import type { EventLogIssueCode } from './model.js';

/**
 * The format culture a pasted event's localized words reveal (`LevelDisplayName : Fehler`): a
 * Get-WinEvent | Format-List copy keeps English property names in every locale, but its level and
 * message follow the UI language, and its TimeCreated the format culture that usually goes with
 * it. Only words one language owns are listed (`Error`, `Information` are shared).
 */
export const LEVEL_CULTURE: Record<string, string> = {
  fehler: 'de-DE',
  warnung: 'de-DE',
  informationen: 'de-DE',
  kritisch: 'de-DE',
  erreur: 'fr-FR',
  avertissement: 'fr-FR',
  critique: 'fr-FR',
  errore: 'it-IT',
  avviso: 'it-IT',
  informazioni: 'it-IT',
  advertencia: 'es-ES',
  información: 'es-ES',
  crítico: 'es-ES',
  erro: 'pt-BR',
  informações: 'pt-BR',
  ошибка: 'ru-RU',
  предупреждение: 'ru-RU',
  сведения: 'ru-RU',
  błąd: 'pl-PL',
  ostrzeżenie: 'pl-PL',
  fout: 'nl-NL',
  waarschuwing: 'nl-NL',
};

/** The date fields of one pasted event block. */
export interface BlockDate {
  date: string | undefined;
  time: string | undefined;
  /** The level (or legacy event type) word as printed. */
  level: string | undefined;
  /** The block carries its event XML, whose UTC time is used instead. */
  hasXml: boolean;
  start: number;
}

/** The culture the level words of a paste's blocks name, when they name exactly one. */
function pasteCulture(blocks: readonly BlockDate[]): string | undefined {
  const found = new Set<string>();
  for (const b of blocks) {
    const c = LEVEL_CULTURE[(b.level ?? '').trim().toLowerCase()];
    if (c) found.add(c);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** `date` + `time` fields as one text (the legacy block prints them apart). */
const dateText = (date: string, time: string | undefined): string =>
  time ? `${date.trim()} ${time.trim()}` : date.trim();

/** wevtutil /f:text writes ISO local time: 2026-11-20T09:12:32.737 */
const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?$/;

/** The seconds a local date text carries (readLocalDate keeps minutes), `00` when it has none. */
const secondsOf = (text: string): string => /\d:\d{2}:(\d{2})/.exec(text)?.[1] ?? '00';

/**
 * Local date/time of a pasted event as `YYYY-MM-DDTHH:MM:SS` (no zone), or null when it is no
 * date or its day/month order cannot be told. Read by the shared helper of every host-formatted
 * date (local-date.ts): `05.12.2026` is 5 December in every locale that writes dots; a slashed
 * `05/12/2026` is decided only by `order` (the file's other dates, the bundle, the paste's language).
 */
export function localTime(
  date: string | undefined,
  time: string | undefined,
  order?: DayMonthOrder | null,
): string | null {
  if (!date) return null;
  const iso = ISO_LOCAL.exec(date.trim());
  if (iso) return iso[1]!;
  const text = dateText(date, time);
  const d = readLocalDate(text, order);
  return d.local === null ? null : `${d.local}:${secondsOf(text)}`;
}

/**
 * The times of a paste's blocks, read together (one date with a day above 12 decides the order of
 * the others), then by the bundle's host format, then by the paste's language. An ambiguous date
 * is a parse issue and an unknown time: the event's age is then unknown, never guessed (judge8 T1).
 */
export function blockTimes(
  blocks: readonly BlockDate[],
  input: TextInput,
  issues: ParseIssue<EventLogIssueCode>[],
): { time: string | null; readings?: [string, string] }[] {
  // A block with the event's XML takes its time from there (UTC).
  const texts = blocks.map((b) =>
    b.date === undefined || b.hasXml ? '' : dateText(b.date, b.time),
  );
  const culture = input.hostCulture ?? pasteCulture(blocks);
  const read = readFileDates(texts, {
    culture,
    shortDatePattern: input.hostShortDatePattern,
  });
  return blocks.map((b, i) => {
    const text = texts[i]!;
    if (text === '') return { time: null };
    const iso = ISO_LOCAL.exec(text);
    if (iso) return { time: iso[1]! };
    const d = read[i]!;
    if (d.local !== null) return { time: `${d.local}:${secondsOf(text)}` };
    const readings = d.readings?.map((r) => `${r}:${secondsOf(text)}`).sort() as
      [string, string] | undefined;
    if (d.ambiguous && issues.length < 50)
      issues.push(
        issue(
          'ambiguous-date',
          `cannot tell the day/month order of "${text}" (no date of this paste has a day above 12, and neither the bundle nor the paste's language states the date format); the event's time is one of both readings and its age is unknown unless both agree`,
          { line: b.start },
        ),
      );
    return { time: null, ...(readings && { readings }) };
  });
}
