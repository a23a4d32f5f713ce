/**
 * Direct scan of one `<Event>` (indexOf over its fixed shape, no DOM) and XML text decoding.
 */
import {
  DATA_PROVIDERS,
  type EventData,
  MAX_BINARY_HEX,
  MAX_FIELDS,
  type ScannedEvent,
  VOLATILE,
} from './model.js';

const ENTITY = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five XML entities and character references (entities are never expanded otherwise). */
export function decodeXmlText(s: string): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(ENTITY, (m, e: string) => {
    if (e.charCodeAt(0) !== 35) return NAMED[e] ?? m;
    const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

const attrPatterns = new Map<string, RegExp>();
/** Value of attribute `name` in an opening tag (single or double quotes), or null. */
function attr(tag: string, name: string): string | null {
  let re = attrPatterns.get(name);
  if (!re) {
    re = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attrPatterns.set(name, re);
  }
  const m = re.exec(tag);
  if (!m) return null;
  return decodeXmlText(m[1] ?? m[2] ?? '');
}

export function isNameEnd(c: number): boolean {
  // space, tab, LF, CR, '>', '/'
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 62 || c === 47;
}

interface Tag {
  start: number;
  /** Index just after `>`. */
  end: number;
  selfClosing: boolean;
}

/** The next `<name …>` / `<name/>` at or after `from` and before `limit`. */
function findTag(xml: string, name: string, from: number, limit: number): Tag | null {
  const needle = '<' + name;
  let i = xml.indexOf(needle, from);
  while (i !== -1 && i < limit && !isNameEnd(xml.charCodeAt(i + needle.length))) {
    i = xml.indexOf(needle, i + 1);
  }
  if (i === -1 || i >= limit) return null;
  const gt = xml.indexOf('>', i);
  if (gt === -1) return null;
  return { start: i, end: gt + 1, selfClosing: xml.charCodeAt(gt - 1) === 47 };
}

/** Text content of `<name>…</name>` (entities decoded), '' for `<name/>`, null when absent. */
function textOf(xml: string, name: string, from: number, limit: number): string | null {
  const t = findTag(xml, name, from, limit);
  if (!t) return null;
  if (t.selfClosing) return '';
  const close = xml.indexOf('</' + name, t.end);
  if (close === -1) return null;
  return decodeXmlText(xml.slice(t.end, close));
}

export function toInt(s: string | null): number | null {
  if (s === null) return null;
  let from = 0;
  let to = s.length;
  while (from < to && s.charCodeAt(from) <= 32) from++;
  while (to > from && s.charCodeAt(to - 1) <= 32) to--;
  if (to === from || to - from > 10) return null;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    n = n * 10 + c;
  }
  return n;
}

let lastGuidRaw = '';
let lastGuid: string | null = null;
export function normGuid(g: string | null): string | null {
  if (g === null) return null;
  if (g === lastGuidRaw) return lastGuid;
  lastGuidRaw = g;
  lastGuid = normGuidOnce(g);
  return lastGuid;
}

function normGuidOnce(g: string): string | null {
  const t = g.trim().toLowerCase();
  if (t === '') return null;
  return t.startsWith('{') ? t : `{${t}}`;
}

/** Shared, never mutated: the data of events whose payload is not read. */
const EMPTY_DATA: EventData = Object.freeze({
  named: Object.freeze(Object.create(null) as Record<string, string>),
  positional: Object.freeze([]) as unknown as string[],
});

export function emptyData(): EventData {
  return { named: Object.create(null) as Record<string, string>, positional: [] };
}

export function setNamed(data: EventData, name: string, value: string): void {
  // positional always grows with named, so its length bounds the number of names too.
  if (name === '' || name in data.named || data.positional.length > MAX_FIELDS) return;
  data.named[name] = value;
}

/** `<Binary>` text as kept in EventData.binary: even-length hex (blanks removed), upper case; else null. */
export function binaryHex(text: string | null): string | null {
  if (text === null || text.length > MAX_BINARY_HEX * 2) return null;
  const hex = text.replace(/\s+/g, '');
  if (hex === '' || hex.length > MAX_BINARY_HEX || hex.length % 2 !== 0) return null;
  return /^[0-9A-Fa-f]+$/.test(hex) ? hex.toUpperCase() : null;
}

/** `<EventData>`: `<Data Name='…'>v</Data>` or `<Data>v</Data>` (entities decoded, untrimmed). */
function scanEventData(xml: string, from: number, limit: number, data: EventData): void {
  let pos = from;
  while (data.positional.length < MAX_FIELDS) {
    const t = findTag(xml, 'Data', pos, limit);
    if (!t) break;
    const open = xml.slice(t.start, t.end);
    let value = '';
    pos = t.end;
    if (!t.selfClosing) {
      const close = xml.indexOf('</Data>', t.end);
      if (close === -1 || close > limit) break;
      value = decodeXmlText(xml.slice(t.end, close));
      pos = close + 7;
    }
    data.positional.push(value);
    const name = attr(open, 'Name');
    if (name !== null) setNamed(data, name, value);
  }
  // Windows writes `<Binary>` after the last `<Data>`.
  const binary = binaryHex(textOf(xml, 'Binary', pos, limit));
  if (binary !== null) data.binary = binary;
}

/** CAPI2 / UserData attributes worth keeping (element, attribute → data name). */
const USERDATA_ATTRS: [string, string, string][] = [
  ['Result', 'value', 'Result'],
  ['Certificate', 'subjectName', 'SubjectName'],
  ['Certificate', 'fileRef', 'FileRef'],
  ['SSLAdditionalPolicyInfo', 'serverName', 'ServerName'],
  ['EventAuxInfo', 'ProcessName', 'ProcessName'],
  ['Policy', 'type', 'PolicyType'],
  ['ErrorStatus', 'value', 'ChainErrorStatus'],
];

const LEAF = /<([A-Za-z_][\w.-]*)(?:\s[^<>]*)?>([^<]*)<\/\1>/g;

/** `<UserData>`: root element name; CAPI2: selected attributes + the Result text; others: leaf elements. */
function scanUserData(
  xml: string,
  from: number,
  limit: number,
  data: EventData,
  withAttributes = true,
): string | null {
  const rootOpen = xml.indexOf('<', from);
  if (rootOpen === -1 || rootOpen >= limit) return null;
  const m = /^<([A-Za-z_][\w.-]*)/.exec(xml.slice(rootOpen, rootOpen + 200));
  const root = m ? m[1]! : null;
  const body = xml.slice(from, limit);
  for (const [el, at, name] of withAttributes ? USERDATA_ATTRS : []) {
    const t = findTag(body, el, 0, body.length);
    if (!t) continue;
    const v = attr(body.slice(t.start, t.end), at);
    if (v !== null) setNamed(data, name, v);
  }
  if (withAttributes) {
    // CAPI2: only what identifies the chain problem. Its other leaves (URLs, times, chain
    // elements) differ per event and would give every event its own digest.
    const result = textOf(body, 'Result', 0, body.length);
    if (result !== null) setNamed(data, 'ResultText', result.trim());
    return root;
  }
  LEAF.lastIndex = 0;
  for (let leaf = LEAF.exec(body); leaf; leaf = LEAF.exec(body)) {
    const value = decodeXmlText(leaf[2]!);
    data.positional.push(value);
    // The Result element's text is the chain error message; its code is kept as `Result` above.
    setNamed(data, leaf[1] === 'Result' ? 'ResultText' : leaf[1]!, value);
    if (data.positional.length >= MAX_FIELDS) break;
  }
  return root;
}

/** Value of attribute `name` between `from` and `to` (an opening tag), without slicing the tag. */
function attrIn(xml: string, from: number, to: number, name: string): string | null {
  for (let i = xml.indexOf(name, from); i !== -1 && i < to; i = xml.indexOf(name, i + 1)) {
    const before = xml.charCodeAt(i - 1);
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
    let j = i + name.length;
    while (xml.charCodeAt(j) === 32) j++;
    if (xml.charCodeAt(j) !== 61) continue; // '='
    j++;
    while (xml.charCodeAt(j) === 32) j++;
    const q = xml.charCodeAt(j);
    if (q !== 34 && q !== 39) continue;
    const close = xml.indexOf(q === 34 ? '"' : "'", j + 1);
    if (close === -1 || close > to) return null;
    return decodeXmlText(xml.slice(j + 1, close));
  }
  return null;
}

/** True when `xml` has the element name `name` at `at` (followed by a name end). */
function nameAt(xml: string, at: number, name: string): boolean {
  return xml.startsWith(name, at) && isNameEnd(xml.charCodeAt(at + name.length));
}

/** Parsed payloads by their raw text: identical events (the common case) are parsed once. */
export type PayloadCache = Map<string, { data: EventData; root: string | null; key: string }>;
const MAX_CACHE = 4096;

/** Signature of event data for folding: names and values, volatile names left out. */
export function dataKey(data: EventData): string {
  let key = '';
  let named = 0;
  for (const k in data.named) {
    named++;
    if (!VOLATILE.test(k)) key += `|${k}=${data.named[k]!.trim().toLowerCase()}`;
  }
  if (named === 0) key = '|' + data.positional.map((v) => v.trim().toLowerCase()).join('|');
  return key;
}

/** State of the System scan (module level: no closure per event). */
const st = { xml: '', sysOpen: 0, sysEnd: 0, cursor: 0, at: 0, gt: 0 };

/** Finds `<Name` (a whole element name) in <System>, after the cursor first; sets st.at / st.gt. */
function seek(needle: string): boolean {
  const { xml, sysEnd } = st;
  let i = xml.indexOf(needle, st.cursor);
  if (i === -1 || i > sysEnd) i = xml.indexOf(needle, st.sysOpen);
  while (i !== -1 && i < sysEnd && !isNameEnd(xml.charCodeAt(i + needle.length))) {
    i = xml.indexOf(needle, i + 1);
  }
  if (i === -1 || i >= sysEnd) return false;
  const gt = xml.indexOf('>', i);
  if (gt === -1 || gt > sysEnd) return false;
  st.at = i + 1;
  st.gt = gt;
  st.cursor = gt + 1;
  return true;
}

/** Text content of the element seek() found ('' when empty, null when unterminated). */
function seekText(): string | null {
  const { xml, gt } = st;
  if (xml.charCodeAt(gt - 1) === 47) return '';
  const end = xml.indexOf('<', gt + 1);
  return end === -1 ? null : decodeXmlText(xml.slice(gt + 1, end));
}

/** Unsigned decimal content of the element seek() found, read in place; null when not a number. */
function seekInt(): number | null {
  const { xml, gt } = st;
  if (xml.charCodeAt(gt - 1) === 47) return null;
  let i = gt + 1;
  let c = xml.charCodeAt(i);
  while (c === 32 || c === 9 || c === 10 || c === 13) c = xml.charCodeAt(++i);
  let n = 0;
  let digits = 0;
  while (c >= 48 && c <= 57 && digits < 11) {
    n = n * 10 + (c - 48);
    digits++;
    c = xml.charCodeAt(++i);
  }
  while (c === 32 || c === 9 || c === 10 || c === 13) c = xml.charCodeAt(++i);
  return digits > 0 && digits <= 10 && c === 60 ? n : null; // then '<'
}

/**
 * Reads one `<Event>…</Event>` by direct scan: one pass over `<System>`, the payload
 * (`<EventData>` / `<UserData>`) parsed once per distinct raw text. Returns null when the shape is
 * not the one Windows writes (the caller then tries the general parser).
 */
export function scanEvent(xml: string, cache?: PayloadCache): ScannedEvent | null {
  // CDATA, comments and declarations are left to the general parser (or refused).
  if (xml.indexOf('<!') !== -1) return null;
  let sys = xml.indexOf('<System');
  while (sys !== -1 && !isNameEnd(xml.charCodeAt(sys + 7))) sys = xml.indexOf('<System', sys + 1);
  if (sys === -1) return null;
  const sysEnd = xml.indexOf('</System>', sys);
  if (sysEnd === -1) return null;
  // wevtutil writes the System children in a fixed order; each is looked for after the previous
  // one (a short scan), and from the start of <System> when a writer used another order.
  st.xml = xml;
  st.sysOpen = st.cursor = xml.indexOf('>', sys) + 1;
  st.sysEnd = sysEnd;
  let provider: string | null = null;
  let guid: string | null = null;
  if (seek('<Provider')) {
    provider = attrIn(xml, st.at, st.gt, 'Name') ?? attrIn(xml, st.at, st.gt, 'EventSourceName');
    guid = attrIn(xml, st.at, st.gt, 'Guid');
  }
  const eventId = seek('<EventID') ? seekInt() : null;
  const level = seek('<Level') ? seekInt() : null;
  const time = seek('<TimeCreated') ? attrIn(xml, st.at, st.gt, 'SystemTime') : null;
  const recordId = seek('<EventRecordID') ? seekInt() : null;
  const channel = seek('<Channel') ? seekText()?.trim() || null : null;
  const computer = seek('<Computer') ? seekText()?.trim() || null : null;
  st.xml = '';
  if (provider === null || eventId === null) return null;
  const ev: ScannedEvent = {
    provider,
    providerGuid: normGuid(guid),
    eventId,
    level,
    timeCreated: time,
    recordId,
    computer,
    channel,
    data: EMPTY_DATA,
    userDataRoot: null,
    message: null,
  };
  let rest = sysEnd + 9;
  const open = xml.indexOf('<', rest);
  const providerLower = provider.toLowerCase();
  if (open !== -1 && DATA_PROVIDERS.has(providerLower)) {
    const isEventData = nameAt(xml, open + 1, 'EventData');
    const isUserData = !isEventData && nameAt(xml, open + 1, 'UserData');
    const gt = isEventData || isUserData ? xml.indexOf('>', open) : -1;
    if (gt !== -1 && xml.charCodeAt(gt - 1) !== 47) {
      const closeTag = isEventData ? '</EventData>' : '</UserData>';
      let close = xml.indexOf(closeTag, gt);
      if (close === -1) close = xml.length;
      const raw = xml.slice(gt + 1, close);
      const cacheKey = raw;
      let hit = isEventData ? cache?.get(cacheKey) : undefined;
      if (!hit && isUserData && providerLower !== 'microsoft-windows-capi2') {
        // Schannel's UserData events (36880 handshake completed, …) are successes no rule reads,
        // and their ContextHandle differs every time: keep the root element name only.
        const m = /^\s*<([A-Za-z_][\w.-]*)/.exec(raw.slice(0, 200));
        hit = { data: EMPTY_DATA, root: m ? m[1]! : null, key: '' };
      }
      if (!hit) {
        const data = emptyData();
        const root = isEventData
          ? (scanEventData(raw, 0, raw.length, data), null)
          : scanUserData(raw, 0, raw.length, data, providerLower === 'microsoft-windows-capi2');
        hit = { data, root, key: dataKey(data) };
        if (cache && isEventData) {
          if (cache.size >= MAX_CACHE) cache.clear();
          cache.set(cacheKey, hit);
        }
      }
      ev.data = hit.data;
      ev.userDataRoot = hit.root;
      ev.dataKey = hit.key;
      rest = close;
    }
  }
  const ri = xml.indexOf('<RenderingInfo', rest);
  if (ri !== -1) {
    const msg = textOf(xml, 'Message', ri, xml.length);
    if (msg !== null) ev.message = msg.trim() || null;
  }
  return ev;
}
