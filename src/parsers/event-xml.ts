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
 * The work is done in src/parsers/event/ (model: value types and limits; scan: the direct
 * scan; fallback: fast-xml-parser for what the scan cannot read; digest: `EventDigester`, the
 * digester shared with event-text.ts; stream: decoding and splitting). This module holds the
 * parser objects and re-exports what the text parser and tests use.
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
import type { ArtifactId, BinaryParser, BinaryRecognizer } from '../shared/parse.js';
import {
  capi2EventXmlRecognizer,
  httpEventXmlRecognizer,
  schannelEventXmlRecognizer,
} from './sniffs.js';
import type { EventLog } from './event/model.js';
import { parseEventXml } from './event/stream.js';

export type {
  EventData,
  EventDigest,
  EventLog,
  EventLogIssueCode,
  EventRecord,
  ScannedEvent,
} from './event/model.js';
export { dataKey, decodeXmlText, scanEvent } from './event/scan.js';
export type { PayloadCache } from './event/scan.js';
export { parseEventGeneral } from './event/fallback.js';
export { EventDigester, readEvent } from './event/digest.js';
export { EventXmlSplitter, parseEventXml, parseEventXmlText } from './event/stream.js';
export { looksLikeEventXml } from './event-xml.sniff.js';

function makeParser<K extends ArtifactId>(
  recognizer: BinaryRecognizer<K>,
  describe: string,
): BinaryParser<EventLog, K> {
  return { ...recognizer, describe, parse: parseEventXml };
}

/** `events.schannel`: the System log's Schannel events. */
export const schannelEventXmlParser = makeParser(
  schannelEventXmlRecognizer,
  'wevtutil qe System /q:"*[System[Provider[@Name=\'Schannel\']]]" /f:xml /e:Events',
);

/** `events.httpevent`: the System log's HTTP.sys (HttpEvent), WAS and W3SVC events. */
export const httpEventXmlParser = makeParser(
  httpEventXmlRecognizer,
  'wevtutil qe System /q:"*[System[Provider[@Name=\'Microsoft-Windows-HttpEvent\' or …]]]" /f:xml /e:Events',
);

/** `events.capi2`: the CAPI2 Operational log (chain building and policy). */
export const capi2EventXmlParser = makeParser(
  capi2EventXmlRecognizer,
  'wevtutil qe Microsoft-Windows-CAPI2/Operational /f:xml /e:Events',
);
