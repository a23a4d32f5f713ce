/**
 * Windows event log XML, streaming: artifacts `events.schannel` and `events.capi2`.
 *
 * Produced by `wevtutil qe System /q:"*[System[Provider[@Name='Schannel']]]" /f:xml /e:Events /rd:true`
 * (and `wevtutil qe Microsoft-Windows-CAPI2/Operational /f:xml /e:Events /rd:true`). Without `/e:`
 * wevtutil prints a root-less sequence of `<Event>` elements (MS-EVEN6 §2.2.13: XML fragments);
 * with `/e:Events` they are wrapped in `<Events>`. wevtutil writes one event per line with
 * single-quoted attributes; Event Viewer's XML view / "Copy details as text" pretty-prints with
 * double quotes, and a copy from the XML view carries `- ` collapse markers and trailing spaces.
 *
 *   <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>
 *     <Provider Name='Schannel' Guid='{1F678132-5938-4686-9FDC-C8FF68F15C85}'/>
 *     <EventID>36870</EventID><Version>0</Version><Level>2</Level>…
 *     <TimeCreated SystemTime='2022-10-16T20:27:36.222854900Z'/><EventRecordID>2213</EventRecordID>…
 *     <Channel>System</Channel><Computer>web01</Computer><Security UserID='S-1-5-18'/></System>
 *   <EventData><Data Name='Type'>server</Data><Data Name='ErrorCode'>0x8009030d</Data>
 *     <Data Name='ErrorStatus'>10001</Data></EventData></Event>
 *
 * Fields: Provider@Name / @Guid (GUID case varies: normalised to lower case), EventID (may carry
 * a Qualifiers attribute), Level (1 critical, 2 error, 3 warning, 4 information, 0 log-always),
 * TimeCreated@SystemTime (UTC, 7 or 9 fractional digits), EventRecordID, Computer.
 * EventData holds `<Data Name='…'>` (by name) or bare `<Data>` (by position); values may be
 * localized (`<Data Name='Type'>客户端</Data>` on a Chinese host). Some providers use `<UserData>`
 * instead (Schannel 36880 `<EventXML xmlns='LSA_NS'>`, every CAPI2 event: `CertGetCertificateChain`,
 * `CertVerifyCertificateChainPolicy` with `<Result value='800B0109'>`). For CAPI2 only what a rule
 * can use is read (Result, ResultText, SubjectName, FileRef, ServerName, ProcessName, PolicyType,
 * ChainErrorStatus); Schannel's UserData events are successes (36880) no rule reads: only the root
 * element name is kept; other providers' leaf elements become named data. `<RenderingInfo>`
 * (message text) is present only for forwarded / rendered events: kept as `message`, never needed.
 *
 * Speed and memory: a 1 GB log must stream in bounded memory, so the input is decoded chunk by
 * chunk (UTF-8, UTF-16LE/BE by BOM or NUL pattern), split on `</Event>`, and each event is read by
 * a direct scan of the fixed shape (indexOf, no DOM). Events the scan cannot read (CDATA, comments,
 * prefixed names) fall back to fast-xml-parser with explicit safe options (attributes on,
 * `parseTagValue: false`, `processEntities: false`, `isArray` for Event/Data); a DOCTYPE or ENTITY
 * declaration is refused. Identical events (same provider, id, level and non-volatile data) are
 * folded into one digest with count, first/last time, hourly counts and a few representative events
 * with their line range: the value stays small however many times an event repeats.
 *
 * Issues: decode-guessed (BOM-less UTF-16), decode-replacement (invalid bytes), truncated (input
 * ends inside an event), invalid-value (an event without provider or numeric id), limit-exceeded
 * (an event larger than 4 MiB, too many distinct digests), unsupported-variant (DOCTYPE/ENTITY),
 * empty-input.
 */
import { XMLParser } from 'fast-xml-parser';
import { decodeText, streamDecoder, type StreamDecoder } from '../artifacts/decode.js';
import { MAX_EXCERPT_LINES, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ArtifactId,
  type BinaryInput,
  type BinaryParser,
  type ParseContext,
  type ParseIssue,
  type ParseResult,
  SNIFF,
} from '../shared/parse.js';

export type EventLogIssueCode =
  | 'decode-guessed'
  | 'decode-declared-contradicted'
  | 'decode-replacement'
  | 'truncated'
  | 'invalid-value'
  | 'limit-exceeded'
  | 'unsupported-variant'
  | 'unrecognized-line'
  | 'missing-field'
  | 'empty-input';

/** Event data: by `Name` where the provider names its fields, always by position too. */
export interface EventData {
  named: Record<string, string>;
  positional: string[];
}

/** One event with where it was read from. */
export interface EventRecord extends Omit<ScannedEvent, 'dataKey'> {
  /** Where provider / id / data were read: event XML, text headers, or inferred from the message. */
  origin: 'xml' | 'text' | 'message';
  evidence: EvidenceRef;
}

/** Identical events folded together: same provider, id, level and non-volatile data. */
export interface EventDigest {
  provider: string;
  providerGuid: string | null;
  eventId: number;
  level: number | null;
  data: EventData;
  userDataRoot: string | null;
  count: number;
  /** Earliest / latest timeCreated (ISO strings compare in time order). */
  firstTime: string | null;
  lastTime: string | null;
  /** Events per hour, key `YYYY-MM-DDTHH` (UTC for XML input). */
  perHour: Record<string, number>;
  /** Distinct computer names (at most 10). */
  computers: string[];
  /** The first three events in file order and the last one. */
  samples: EventRecord[];
}

export interface EventLog {
  format: 'event-xml' | 'event-text';
  encoding: string | null;
  /** Events read (every one counted in a digest). */
  eventCount: number;
  /** Events found but not readable (counted in issues too). */
  unreadableEvents: number;
  digests: EventDigest[];
}

/** Fields of one event as the scanner reads them, before evidence is attached. */
export interface ScannedEvent {
  provider: string;
  /** `{…}` lower case, or null. */
  providerGuid: string | null;
  eventId: number;
  /** 1 critical, 2 error, 3 warning, 4 information, 0 log-always; null when unknown. */
  level: number | null;
  /** ISO 8601. UTC (`…Z`) from XML; local time without zone from pasted text. */
  timeCreated: string | null;
  recordId: number | null;
  computer: string | null;
  channel: string | null;
  data: EventData;
  /** Root element below `<UserData>` (`CertGetCertificateChain`, `EventXML`), null for EventData. */
  userDataRoot: string | null;
  /** Rendered message when the input carries one (RenderingInfo, pasted text). */
  message: string | null;
  /** Folding key of `data` when the scanner already computed it. */
  dataKey?: string;
}

/** Providers whose event data a rule may use; for the others only provider + id are kept. */
const DATA_PROVIDERS = new Set([
  'schannel',
  'microsoft-windows-schannel-events',
  'microsoft-windows-capi2',
  'microsoft-windows-httpevent',
  'http',
]);

/** Data names that differ per event and must not split a digest. */
const VOLATILE =
  /time|date|correlation|activity|chainref|taskid|seqnumber|handle|processid|threadid|recordid|fileref/i;

const MAX_EVENT_CHARS = 4 * 1024 * 1024;
/** Largest event handed to fast-xml-parser (real CAPI2 events with long chains stay far below). */
const MAX_GENERAL_CHARS = 256 * 1024;
const MAX_DIGESTS = 5000;
/**
 * Digests beyond MAX_DIGESTS fold per provider + event id; distinct event ids are as cheap to
 * forge as distinct data, so those folded digests are capped too. Past this, events are counted
 * (in a `limit-exceeded` issue) and not kept.
 */
const MAX_FOLDED_DIGESTS = 1000;
const MAX_EXCERPT_CHARS = 4000;
const MAX_FIELDS = 48;

// ---------------------------------------------------------------------------------------------
// Direct scan of one event

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

function isNameEnd(c: number): boolean {
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

function toInt(s: string | null): number | null {
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
function normGuid(g: string | null): string | null {
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

function emptyData(): EventData {
  return { named: Object.create(null) as Record<string, string>, positional: [] };
}

function setNamed(data: EventData, name: string, value: string): void {
  // positional always grows with named, so its length bounds the number of names too.
  if (name === '' || name in data.named || data.positional.length > MAX_FIELDS) return;
  data.named[name] = value;
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

// ---------------------------------------------------------------------------------------------
// General-parser fallback

let fallbackParser: XMLParser | null = null;
function generalParser(): XMLParser {
  fallbackParser ??= new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    htmlEntities: false,
    removeNSPrefix: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: false,
    textNodeName: '#text',
    isArray: (name) => name === 'Event' || name === 'Data',
  });
  return fallbackParser;
}

type Node = Record<string, unknown>;
function child(n: unknown, name: string): Node | null {
  if (n === null || typeof n !== 'object') return null;
  const c = Object.prototype.hasOwnProperty.call(n, name) ? (n as Node)[name] : undefined;
  if (Array.isArray(c)) return (c[0] as Node) ?? null;
  return c !== undefined && c !== null && typeof c === 'object' ? (c as Node) : null;
}
function textNode(n: unknown): string | null {
  if (typeof n === 'string') return decodeXmlText(n);
  if (n && typeof n === 'object' && typeof (n as Node)['#text'] === 'string') {
    return decodeXmlText((n as Node)['#text'] as string);
  }
  return n && typeof n === 'object' ? '' : null;
}
function attrNode(n: Node | null, name: string): string | null {
  const v = n ? n['@' + name] : undefined;
  return typeof v === 'string' ? decodeXmlText(v) : null;
}

/** Reads one event with fast-xml-parser (safe options); null when it is not an event. */
export function parseEventGeneral(xml: string): ScannedEvent | null {
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) return null;
  // Nothing to find without a System element; and the general parser is not handed more than a
  // real event can be (it slows down badly on hostile input such as 100,000 attributes).
  if (xml.length > MAX_GENERAL_CHARS || !/<(?:[\w.-]+:)?System[\s>]/.test(xml)) return null;
  // Event Viewer XML-view copies: drop the `- ` collapse markers so they are not mixed content.
  const clean = xml.replace(/^([ \t]*)- </gm, '$1<');
  let doc: unknown;
  try {
    doc = generalParser().parse(clean);
  } catch {
    return null;
  }
  const evs = (doc as Node | null)?.['Event'];
  const ev = Array.isArray(evs) ? (evs[0] as Node) : null;
  const sys = child(ev, 'System');
  const prov = child(sys, 'Provider');
  const provider = attrNode(prov, 'Name') ?? attrNode(prov, 'EventSourceName');
  const eventId = toInt(textNode(sys?.['EventID']));
  if (!sys || provider === null || eventId === null) return null;
  const out: ScannedEvent = {
    provider,
    providerGuid: normGuid(attrNode(prov, 'Guid')),
    eventId,
    level: toInt(textNode(sys['Level'])),
    timeCreated: attrNode(child(sys, 'TimeCreated'), 'SystemTime'),
    recordId: toInt(textNode(sys['EventRecordID'])),
    computer: textNode(sys['Computer'])?.trim() || null,
    channel: textNode(sys['Channel'])?.trim() || null,
    data: emptyData(),
    userDataRoot: null,
    message: null,
  };
  const datas = child(ev, 'EventData')?.['Data'];
  if (Array.isArray(datas)) {
    for (const d of datas.slice(0, MAX_FIELDS)) {
      const v = textNode(d) ?? '';
      out.data.positional.push(v);
      const name = attrNode(d && typeof d === 'object' ? (d as Node) : null, 'Name');
      if (name !== null) setNamed(out.data, name, v);
    }
  }
  const ud = child(ev, 'UserData');
  if (ud) {
    const root = Object.keys(ud).find((k) => !k.startsWith('@') && k !== '#text') ?? null;
    out.userDataRoot = root;
    const r = root ? child(ud, root) : null;
    if (r) {
      for (const [k, v] of Object.entries(r)) {
        if (k.startsWith('@')) continue;
        const t = typeof v === 'string' ? decodeXmlText(v) : null;
        if (t !== null) {
          out.data.positional.push(t);
          setNamed(out.data, k, t);
        }
      }
      const res = child(r, 'Result');
      const rv = attrNode(res, 'value');
      if (rv !== null) setNamed(out.data, 'Result', rv);
    }
  }
  const msg = textNode(child(ev, 'RenderingInfo')?.['Message']);
  if (msg) out.message = msg.trim() || null;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Folding events into digests

function excerptOf(text: string): string {
  const lines = text.split(/\r\n|\n|\r/);
  let shown = lines.slice(0, MAX_EXCERPT_LINES).join('\n');
  if (lines.length > MAX_EXCERPT_LINES) {
    shown += `\n… (${lines.length - MAX_EXCERPT_LINES} more lines)`;
  }
  if (shown.length > MAX_EXCERPT_CHARS) shown = shown.slice(0, MAX_EXCERPT_CHARS) + ' …';
  return shown;
}

interface MutableDigest extends EventDigest {
  lastEvent: { ev: ScannedEvent; text: string; start: number; end: number } | null;
  lastRecord: EventRecord | null;
  /** The hour being counted (`YYYY-MM-DDTHH`) and its count, flushed into perHour on change. */
  hour: string | null;
  hourCount: number;
}

function flushHour(d: MutableDigest): void {
  if (d.hour !== null) d.perHour[d.hour] = (d.perHour[d.hour] ?? 0) + d.hourCount;
  d.hour = null;
  d.hourCount = 0;
}

/**
 * Folds events into digests. Both event parsers use it. Records (with evidence) are only built
 * for the events kept as samples, so a repeated event costs a counter increment.
 */
export class EventFolder {
  private readonly tree = new Map<string, Map<number, Map<string, Map<string, MutableDigest>>>>();
  private readonly all: MutableDigest[] = [];
  private digestCount = 0;
  private readonly touched = new Set<MutableDigest>();
  eventCount = 0;
  unreadable = 0;
  private overflowReported = false;
  /** Events of kinds beyond every digest cap: counted, reported by `result`. */
  private dropped = 0;
  private firstDroppedLine = 0;
  /** Payloads parsed once per distinct raw text (see scanEvent). */
  readonly payloads: PayloadCache = new Map();
  private readonly lowerNames = new Map<string, { lower: string; withData: boolean }>();

  constructor(
    private readonly ctx: ParseContext,
    private readonly issues: ParseIssue<EventLogIssueCode>[],
    private readonly origin: EventRecord['origin'] = 'xml',
  ) {}

  record(
    ev: ScannedEvent,
    text: string,
    start: number,
    end: number,
    origin = this.origin,
  ): EventRecord {
    const { dataKey: _key, ...fields } = ev;
    void _key;
    return {
      ...fields,
      origin,
      evidence: {
        artifactId: this.ctx.artifactId,
        path: this.ctx.path,
        lines: { start, end },
        excerpt: excerptOf(text),
      },
    };
  }

  /** Adds one event; `text` is its source (for the excerpt), start/end its 1-based line range. */
  add(ev: ScannedEvent, text: string, start: number, end: number, origin = this.origin): void {
    this.eventCount++;
    let names = this.lowerNames.get(ev.provider);
    if (!names) {
      const lower = ev.provider.toLowerCase();
      names = { lower, withData: DATA_PROVIDERS.has(lower) };
      if (this.lowerNames.size < 1000) this.lowerNames.set(ev.provider, names);
    }
    const withData = names.withData || origin !== 'xml';
    // Lookup by provider, then a number for id + level, then the UserData root, then the data
    // key; the data key of a repeated event is the same string object (from the payload cache),
    // whose hash V8 keeps: no string is built or re-hashed per event.
    let byNum = this.tree.get(names.lower);
    if (!byNum) this.tree.set(names.lower, (byNum = new Map()));
    const num = ev.eventId * 32 + (ev.level !== null && ev.level < 31 ? ev.level : 31);
    let byRoot = byNum.get(num);
    if (!byRoot) byNum.set(num, (byRoot = new Map()));
    const root = ev.userDataRoot ?? '';
    let byData = byRoot.get(root);
    if (!byData) byRoot.set(root, (byData = new Map()));
    let key = withData ? (ev.dataKey ?? dataKey(ev.data)) : '';
    let d = byData.get(key);
    if (!d && this.digestCount >= MAX_DIGESTS) {
      key = '*';
      d = byData.get(key);
      if (!d && this.digestCount >= MAX_DIGESTS + MAX_FOLDED_DIGESTS) {
        if (this.dropped++ === 0) this.firstDroppedLine = start;
        return;
      }
      if (!this.overflowReported) {
        this.overflowReported = true;
        this.issues.push(
          issue(
            'limit-exceeded',
            `more than ${MAX_DIGESTS} distinct events; further distinct ones are counted per provider and event id only`,
            { line: start },
          ),
        );
      }
    }
    if (!d) {
      d = {
        provider: ev.provider,
        providerGuid: ev.providerGuid,
        eventId: ev.eventId,
        level: ev.level,
        data: ev.data,
        userDataRoot: ev.userDataRoot,
        count: 0,
        firstTime: null,
        lastTime: null,
        perHour: Object.create(null) as Record<string, number>,
        computers: [],
        samples: [],
        lastEvent: null,
        lastRecord: null,
        hour: null,
        hourCount: 0,
      };
      byData.set(key, d);
      this.all.push(d);
      this.digestCount++;
    }
    d.count++;
    const t = ev.timeCreated;
    if (t !== null) {
      if (d.firstTime === null || t < d.firstTime) d.firstTime = t;
      if (d.lastTime === null || t > d.lastTime) d.lastTime = t;
      if (t.length >= 13 && t.charCodeAt(10) === 84 && t.charCodeAt(4) === 45) {
        // Logs are in time order (either direction): count runs of one hour, no key per event.
        if (d.hour !== null && t.startsWith(d.hour)) d.hourCount++;
        else {
          flushHour(d);
          d.hour = t.slice(0, 13);
          d.hourCount = 1;
        }
      }
    }
    if (
      ev.computer !== null &&
      d.computers.length < 10 &&
      d.computers[d.computers.length - 1] !== ev.computer &&
      !d.computers.includes(ev.computer)
    ) {
      d.computers.push(ev.computer);
    }
    if (d.samples.length < 3) {
      d.samples.push(this.record(ev, text, start, end, origin));
      d.lastEvent = null;
      d.lastRecord = null;
    } else {
      d.lastEvent = { ev, text, start, end };
      this.touched.add(d);
    }
  }

  /**
   * Builds the pending "last" records. Called after each decoded chunk so no digest keeps a
   * slice of a large chunk string alive.
   */
  settle(): void {
    for (const d of this.touched) {
      if (d.lastEvent) {
        const { ev, text, start, end } = d.lastEvent;
        d.lastRecord = this.record(ev, text, start, end);
        d.lastEvent = null;
      }
    }
    this.touched.clear();
  }

  result(format: EventLog['format'], encoding: string | null): EventLog {
    this.settle();
    if (this.dropped > 0)
      this.issues.push(
        issue(
          'limit-exceeded',
          `more than ${MAX_DIGESTS + MAX_FOLDED_DIGESTS} distinct kinds of events (provider, event id, level); ${this.dropped} events of further kinds are counted here but not grouped`,
          { line: this.firstDroppedLine },
        ),
      );
    const digests: EventDigest[] = [];
    for (const d of this.all) {
      flushHour(d);
      const { lastEvent, lastRecord, hour, hourCount, ...rest } = d;
      void lastEvent;
      void hour;
      void hourCount;
      digests.push({ ...rest, samples: lastRecord ? [...d.samples, lastRecord] : d.samples });
    }
    return {
      format,
      encoding,
      eventCount: this.eventCount,
      unreadableEvents: this.unreadable,
      digests,
    };
  }
}

/**
 * Reads one event (direct scan, then the general parser) and folds it; reports what it cannot
 * read. Shared with the text parser for "Event Xml:" blocks.
 */
export function readEvent(
  folder: EventFolder,
  issues: ParseIssue<EventLogIssueCode>[],
  xml: string,
  start: number,
  end: number,
): ScannedEvent | null {
  let ev = scanEvent(xml, folder.payloads);
  if (!ev) {
    if (/<!(DOCTYPE|ENTITY)/i.test(xml)) {
      folder.unreadable++;
      issues.push(
        issue('unsupported-variant', 'DOCTYPE / ENTITY declarations are not read', { line: start }),
      );
      return null;
    }
    ev = parseEventGeneral(xml);
  }
  if (!ev) {
    folder.unreadable++;
    if (folder.unreadable <= 20) {
      issues.push(
        issue('invalid-value', 'an <Event> without a readable provider or event id was skipped', {
          line: start,
        }),
      );
    }
    return null;
  }
  folder.add(ev, xml, start, end);
  return ev;
}

// ---------------------------------------------------------------------------------------------
// Streaming over the bytes

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Index of the next `<Event` start tag (not `<Events>`, `<EventData>` …) at or after `from`; -2 when undecidable yet. */
function findEventStart(buf: string, from: number): number {
  for (let i = buf.indexOf('<Event', from); i !== -1; i = buf.indexOf('<Event', i + 1)) {
    if (i + 6 >= buf.length) return -2;
    if (isNameEnd(buf.charCodeAt(i + 6)) && buf.charCodeAt(i + 6) !== 47) return i;
  }
  return -1;
}

/**
 * Streams decoded text through the splitter. `feed` may be called with any piece of text; events
 * are read as soon as their `</Event>` arrives.
 */
export class EventXmlSplitter {
  private carry = '';
  /** Line number (1-based) of carry[0]. */
  private line = 1;
  private pendingStartLine = 0;
  sawEventStart = false;
  /** Text outside events that is not the `<Events>` wrapper, an XML declaration or whitespace. */
  sawOtherText = false;
  sawWrapper = false;
  private sinceSettle = 0;

  constructor(
    private readonly folder: EventFolder,
    private readonly issues: ParseIssue<EventLogIssueCode>[],
  ) {}

  feed(text: string): void {
    const buf = this.carry.length > 0 ? this.carry + text : text;
    let pos = 0;
    let line = this.line;
    for (;;) {
      const s = findEventStart(buf, pos);
      if (s < 0) {
        // Keep a short tail: it may hold the beginning of `<Event`.
        const keepFrom = s === -2 ? buf.lastIndexOf('<Event') : Math.max(pos, buf.length - 7);
        this.noteBetween(buf, pos, keepFrom);
        line += countNewlines(buf, pos, keepFrom);
        this.carry = buf.slice(keepFrom);
        break;
      }
      this.sawEventStart = true;
      this.noteBetween(buf, pos, s);
      const e = buf.indexOf('</Event>', s);
      const startLine = line + countNewlines(buf, pos, s);
      if (e === -1) {
        line = startLine;
        this.carry = buf.slice(s);
        if (this.carry.length > MAX_EVENT_CHARS) {
          this.issues.push(
            issue('limit-exceeded', 'an <Event> larger than 4 MiB was skipped', {
              line: startLine,
            }),
          );
          this.folder.unreadable++;
          line += countNewlines(this.carry, 0, this.carry.length);
          this.carry = '';
        }
        this.pendingStartLine = startLine;
        break;
      }
      const end = e + 8;
      const nl = countNewlines(buf, s, end);
      readEvent(this.folder, this.issues, buf.slice(s, end), startLine, startLine + nl);
      line = startLine + nl;
      pos = end;
    }
    this.line = line;
    // Pending "last" samples hold slices of the text decoded since the last settle: settling every
    // few MiB bounds that memory without building a record per event.
    this.sinceSettle += text.length;
    if (this.sinceSettle >= 4 * 1024 * 1024) {
      this.sinceSettle = 0;
      this.folder.settle();
    }
  }

  private noteBetween(buf: string, from: number, to: number): void {
    if (this.sawOtherText || to - from <= 2) return;
    const t = buf.slice(from, Math.min(to, from + 4096));
    if (t.includes('<Events')) this.sawWrapper = true;
    // Segments are cut at chunk ends: a tag may be split between two of them.
    const rest = t
      .replace(/^[^<]*>/, '')
      .replace(/<[^>]*$/, '')
      .replace(/<\?xml[^>]*\?>|<\/?Events>|<Events\/>|```[\w-]*|(?:^|\s)-(?=\s)/g, '');
    if (/\S/.test(rest)) this.sawOtherText = true;
  }

  /** The issue for an input without events: none for an empty `<Events>` wrapper, info for an empty file. */
  emptyIssue(issues: ParseIssue<EventLogIssueCode>[]): void {
    if (this.sawEventStart) return;
    if (this.sawOtherText) {
      issues.push(issue('empty-input', 'no <Event> element found', {}, 'error'));
    } else if (!this.sawWrapper) {
      issues.push(issue('empty-input', 'the log holds no events', {}, 'info'));
    }
  }

  finish(): void {
    if (findEventStart(this.carry + ' ', 0) < 0) this.noteBetween(this.carry, 0, this.carry.length);
    if (findEventStart(this.carry + ' ', 0) >= 0) {
      this.folder.unreadable++;
      this.issues.push(
        issue('truncated', 'the input ends inside an <Event>', {
          line: this.pendingStartLine || this.line,
        }),
      );
    }
    this.carry = '';
  }
}

/** Parses a whole decoded string (tests, pasted text); `firstLine` is the line number of text[0]. */
export function parseEventXmlText(
  ctx: ParseContext,
  text: string,
): ParseResult<EventLog, EventLogIssueCode> {
  const issues: ParseIssue<EventLogIssueCode>[] = [];
  const folder = new EventFolder(ctx, issues);
  const splitter = new EventXmlSplitter(folder, issues);
  splitter.feed(text);
  splitter.finish();
  splitter.emptyIssue(issues);
  return { value: folder.result('event-xml', null), issues };
}

/** Streams a BinaryInput: decode chunk by chunk, split, scan. */
export function parseEventXml(input: BinaryInput): ParseResult<EventLog, EventLogIssueCode> {
  const issues: ParseIssue<EventLogIssueCode>[] = [];
  const folder = new EventFolder(input, issues);
  const splitter = new EventXmlSplitter(folder, issues);
  let decoder: StreamDecoder | null = null;
  let head: Uint8Array | null = null;

  // The encoding is decided on the first 4 KiB as for every text artifact (src/artifacts/decode.ts:
  // BOM, --encoding / the manifest, the NUL pattern, UTF-8, the host's code page).
  const open = (bytes: Uint8Array): StreamDecoder => streamDecoder(bytes, input.hints);

  // 64 KiB pieces: their strings die young (scavenged), so RSS stays flat at any file size.
  for (const chunk of input.chunks(1 << 16)) {
    if (decoder) {
      splitter.feed(decoder.decode(chunk));
      continue;
    }
    head = head ? concat(head, chunk) : chunk;
    if (head.length < 4096) continue;
    decoder = open(head);
    splitter.feed(decoder.decode(head));
    head = null;
  }
  if (!decoder) {
    const bytes = head ?? new Uint8Array(0);
    decoder = open(bytes);
    splitter.feed(decoder.decode(bytes));
  }
  splitter.feed(decoder.end());
  splitter.finish();
  issues.unshift(...decoder.issues());
  splitter.emptyIssue(issues);
  return { value: folder.result('event-xml', decoder.encoding), issues };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The first non-blank content is an XML declaration, `<Events>` or `<Event …>` (a `- ` marker or ```xml fence allowed). */
export function looksLikeEventXml(headText: string): boolean {
  // Step by step, not one regex: `\s*(?:```\s*[\w-]*\s*)?(?:-\s)?\s*<` backtracks
  // quadratically over a long run of blanks (a head of 4,096 spaces took 300 ms; found by fuzzing).
  let t = headText.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('```'))
    t = t
      .slice(3)
      .trimStart()
      .replace(/^[\w-]*/, '')
      .trimStart();
  if (/^-\s/.test(t)) t = t.slice(2).trimStart();
  return /^<(?:\?xml|Events?[\s>])/.test(t);
}

/**
 * `<Events>` / `<Event …>` is sure; any other XML (an applicationHost.config) only a little, so
 * that the format it really is wins. The provider named in the head orders Schannel and CAPI2.
 */
function sniffBytes(head: Uint8Array, provider: RegExp): number {
  const text = decodeText(head.subarray(0, 4096)).text;
  if (!looksLikeEventXml(text)) return 0;
  if (!/<Events?[\s>]/.test(text)) return SNIFF.low;
  return SNIFF.sure + (provider.test(text) ? 0.02 : 0);
}

function makeParser<K extends ArtifactId>(
  artifactId: K,
  describe: string,
  fileName: RegExp,
): BinaryParser<EventLog, K> {
  return {
    artifactId,
    describe,
    input: 'binary',
    fileName,
    sniff: (head: Uint8Array) =>
      sniffBytes(head, artifactId === 'events.capi2' ? /CAPI2/i : /Schannel/i),
    parse: parseEventXml,
  };
}

/** `events.schannel`: the System log's Schannel events. */
export const schannelEventXmlParser = makeParser(
  'events.schannel',
  'wevtutil qe System /q:"*[System[Provider[@Name=\'Schannel\']]]" /f:xml /e:Events',
  /(schannel|system)(?!.*httpevent).*\.xml$/i,
);

/** `events.httpevent`: the System log's HTTP.sys (HttpEvent), WAS and W3SVC events. */
export const httpEventXmlParser = makeParser(
  'events.httpevent',
  'wevtutil qe System /q:"*[System[Provider[@Name=\'Microsoft-Windows-HttpEvent\' or …]]]" /f:xml /e:Events',
  /httpevent.*\.xml$/i,
);

/** `events.capi2`: the CAPI2 Operational log (chain building and policy). */
export const capi2EventXmlParser = makeParser(
  'events.capi2',
  'wevtutil qe Microsoft-Windows-CAPI2/Operational /f:xml /e:Events',
  /capi2.*\.xml$/i,
);
