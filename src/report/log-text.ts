/**
 * The collection log in the reader's language. Parse issues, loader notes, artifact reasons and
 * skipped / unrecognised files carry a code (and, where the loader or bundle reader wrote them,
 * the values they name); the report words them from `issue.<code>`, `log.<code>.<variant>`,
 * `reason.<code>`, `skip.<code>` and `unrecognized.<code>` in i18n.ts. The English message stays
 * the English text; in another language a parser's own message is shown after the sentence as
 * data (set as code: it quotes the input it met), never as the sentence itself.
 */
import type { Lang } from '../engine/rule.js';
import { isStringKey, t, tAny } from './i18n.js';

/** Words of the log in the report's language, and the literal values inside them (shown as code). */
export interface LogText {
  text: string;
  codes: string[];
}

type Params = Record<string, string | number> | undefined;

const has = (key: string): boolean => isStringKey(key);

function fill(key: string, lang: Lang, values: Record<string, string | number>): string {
  return tAny(key, lang).replace(/\{(\w+)\}/g, (m, k: string) =>
    values[k] === undefined ? m : String(values[k]),
  );
}

/** Literal values of `params` that the sentence shows (numbers are words, not code). */
function literals(values: Record<string, string | number>, keys: string[]): string[] {
  return keys
    .map((k) => values[k])
    .filter((v): v is string => typeof v === 'string' && v !== '' && !/^[\d.]+$/.test(v));
}

/** "; other candidates: a 0.45, b 0.30" or nothing. */
function others(p: Record<string, string | number>, lang: Lang): string {
  return p['others'] ? fill('log.others', lang, p) : '';
}

/** The loader's notes on how a loose file was recognised, with their values. */
function loaderNote(code: string, p: Record<string, string | number>, lang: Lang): LogText | null {
  const variant = typeof p['variant'] === 'string' ? p['variant'] : '';
  const values: Record<string, string | number> = { ...p };
  const ids = (keys: string[]): string[] => [
    ...literals(values, keys),
    ...String(p['others'] ?? '')
      .split(', ')
      .map((o) => o.replace(/ [\d.]+$/, ''))
      .filter((o) => o !== ''),
  ];
  switch (code) {
    case 'recognised-by-content':
      if (variant === 'overruled') {
        values['by'] = tAny(`log.by.${String(p['by'])}`, lang);
        return {
          text: fill('log.recognised-by-content.overruled', lang, values) + others(p, lang),
          codes: ids(['named', 'chosen']),
        };
      }
      return {
        text: fill('log.recognised-by-content.content', lang, values) + others(p, lang),
        codes: ids(['chosen']),
      };
    case 'recognition-fallback':
      values['outcome'] = tAny(`log.outcome.${String(p['outcome'])}`, lang);
      return {
        text: fill('log.recognition-fallback', lang, values) + others(p, lang),
        codes: ids(['tried', 'chosen']),
      };
    case 'recognition-tie':
      values['decided'] = tAny(`log.decided.${String(p['decided'])}`, lang);
      return { text: fill('log.recognition-tie', lang, values), codes: ids(['chosen', 'rival']) };
    case 'paste-segment':
      return { text: fill('log.paste-segment', lang, values), codes: ids(['id']) };
    case 'private-key-omitted':
      return { text: fill('log.private-key-omitted', lang, values), codes: [] };
    case 'recognition-low-score':
      return {
        text: fill('log.recognition-low-score', lang, values) + others(p, lang),
        codes: ids(['id', 'chosen']),
      };
    case 'not-parsed':
      values['status'] = tAny(`manifestStatus.${String(p['status'])}`, lang);
      return {
        text: fill(`log.not-parsed.${variant}`, lang, values),
        codes: [
          ...literals(values, ['path', 'id', 'reason']),
          ...(variant === 'etl'
            ? ['etl2pcapng', 'https://github.com/microsoft/etl2pcapng', 'pktmon etl2pcap']
            : []),
        ],
      };
    case 'limit-exceeded':
      return has(`log.limit-exceeded.${variant}`)
        ? { text: fill(`log.limit-exceeded.${variant}`, lang, values), codes: [] }
        : null;
    case 'no-parser':
      return { text: fill('log.no-parser', lang, values), codes: literals(values, ['id']) };
    default:
      return null;
  }
}

/**
 * A parse issue (or a manifest issue) in the reader's language. English shows the message as
 * written; another language words the code, and a parser's message follows as data.
 */
export function issueText(
  i: { code: string; message: string; params?: Params },
  lang: Lang,
): LogText {
  if (lang === 'en') return { text: i.message, codes: [] };
  const note = i.params ? loaderNote(i.code, i.params, lang) : null;
  if (note) return note;
  const key = has(`issue.${i.code}`) ? `issue.${i.code}` : 'issue.other';
  // A parser's failure: its own words (what it met) are the detail.
  const detail =
    i.params && typeof i.params['error'] === 'string' ? i.params['error'] : i.message.trim();
  // A message that names nothing from the input ("no connection rows found") is only the
  // code's sentence in English: the translated sentence says it all.
  if (!detail || !DATA.test(detail)) return { text: tAny(key, lang), codes: [] };
  return { text: `${tAny(key, lang)}${t('log.detail', lang)}${detail}`, codes: [detail] };
}

/** Signs that a message quotes its input: quotes, digits, paths, markup, a "label: value". */
const DATA = /["'“”<>\\/\d]|: \S/;

/** Where an issue is: "line 12" / "第 12 行", a frame, or a byte offset. */
export function issueWhere(
  i: { line?: number; frame?: number; offset?: number },
  lang: Lang,
): string | null {
  if (i.line !== undefined) return fill('findings.line', lang, { n: i.line });
  if (i.frame !== undefined) return fill('log.frame', lang, { n: i.frame });
  if (i.offset !== undefined) return fill('log.offset', lang, { n: i.offset });
  return null;
}

/** Why an artifact is not (fully) usable, in the reader's language. */
export function reasonText(
  a: { reason: string | null; reasonCode?: string; reasonParams?: Params },
  lang: Lang,
): LogText | null {
  if (a.reason === null) return null;
  if (lang === 'en') return { text: a.reason, codes: [] };
  const p = a.reasonParams ?? {};
  switch (a.reasonCode) {
    case 'file-absent':
    case 'no-parser':
    case 'parse-errors':
    case 'duplicate-differs':
      return { text: fill(`reason.${a.reasonCode}`, lang, p), codes: literals(p, ['path']) };
    case 'over-limit':
      return {
        text: fill('reason.over-limit', lang, { ...p, why: fill(`skip.${p['code']}`, lang, p) }),
        codes: literals(p, ['path']),
      };
    case 'unreadable':
      return {
        text: fill('reason.unreadable', lang, p),
        codes: literals(p, ['path', 'id', 'command']),
      };
    default:
      // The collector's own words (or an older model's reason): shown as written, as data.
      return { text: `${t('reason.collector', lang)}${a.reason}`, codes: [a.reason] };
  }
}

/** Why a bundle entry was skipped or a file not recognised. */
export function entryText(
  kind: 'skip' | 'unrecognized',
  e: { reason: string; code?: string; params?: Params },
  lang: Lang,
): LogText {
  if (lang === 'en' || !e.code || !has(`${kind}.${e.code}`)) {
    return lang === 'en'
      ? { text: e.reason, codes: literals({ ...e.params }, ['command']) }
      : { text: `${t('issue.other', lang)}${t('log.detail', lang)}${e.reason}`, codes: [e.reason] };
  }
  const p = { ...e.params };
  // A file only named like an artifact: "file name" / "catalog path" in the reader's words.
  if (typeof p['by'] === 'string') p['by'] = tAny(`log.by.${p['by']}`, lang);
  return {
    text: fill(`${kind}.${e.code}`, lang, p),
    codes: literals(p, ['error', 'kind', 'id', 'command']),
  };
}
