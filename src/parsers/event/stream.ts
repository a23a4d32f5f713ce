/**
 * Streaming: decode chunk by chunk (src/artifacts/decode.ts `streamDecoder`, so `--encoding`
 * and the host code pages apply), split on `</Event>`, read each event as it completes.
 */
import { streamDecoder, type StreamDecoder } from '../../artifacts/decode.js';
import {
  issue,
  type BinaryInput,
  type ParseContext,
  type ParseIssue,
  type ParseResult,
} from '../../shared/parse.js';
import { type EventLog, type EventLogIssueCode, MAX_EVENT_CHARS } from './model.js';
import { isNameEnd } from './scan.js';
import { EventDigester, readEvent } from './digest.js';

/**
 * Line ends in s[from, to) as splitLines counts them: LF, CRLF and a lone CR (a CR that ends the
 * buffer is left to the LF that may start the next chunk).
 */
function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  for (let i = s.indexOf('\r', from); i !== -1 && i < to; i = s.indexOf('\r', i + 1))
    if (i + 1 < s.length && s.charCodeAt(i + 1) !== 10) n++;
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
    private readonly folder: EventDigester,
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

/** Parses a whole decoded string (tests, pasted text): text[0] is line 1. */
export function parseEventXmlText(
  ctx: ParseContext,
  text: string,
): ParseResult<EventLog, EventLogIssueCode> {
  const issues: ParseIssue<EventLogIssueCode>[] = [];
  const folder = new EventDigester(ctx, issues);
  const splitter = new EventXmlSplitter(folder, issues);
  splitter.feed(text);
  splitter.finish();
  splitter.emptyIssue(issues);
  return { value: folder.result('event-xml', null), issues };
}

/** Streams a BinaryInput: decode chunk by chunk, split, scan. */
export function parseEventXml(input: BinaryInput): ParseResult<EventLog, EventLogIssueCode> {
  const issues: ParseIssue<EventLogIssueCode>[] = [];
  const folder = new EventDigester(input, issues);
  const splitter = new EventXmlSplitter(folder, issues);
  let decoder: StreamDecoder | null = null;
  let head: Uint8Array | null = null;

  // The encoding is decided on the first 4 KiB as for every text artifact (src/artifacts/decode.ts:
  // BOM, --encoding / the manifest, the NUL pattern, UTF-8, the host's code page).
  const open = (bytes: Uint8Array): StreamDecoder => streamDecoder(bytes, input.hints);

  // 64 KiB pieces: their strings die young (scavenged), so RSS stays flat at any file size.
  // Chunks become strings at once (the decoder keeps only copies of a cut sequence) and a short
  // head is copied, so nothing of a chunk is kept once the next is asked for: the reader may
  // reuse its buffer.
  for (const chunk of input.chunks(1 << 16, { reuse: true })) {
    if (decoder) {
      splitter.feed(decoder.decode(chunk));
      continue;
    }
    head = head ? concat(head, chunk) : chunk;
    if (head.length < 4096) {
      if (head === chunk) head = new Uint8Array(chunk); // a copy: kept past this chunk
      continue;
    }
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
