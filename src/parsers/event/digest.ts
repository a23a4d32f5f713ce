/**
 * Folding identical events into digests (count, first/last time, hourly counts, a few
 * representative events with their lines): the value stays small however often an event repeats.
 * `EventDigester` is the digester shared by the XML and the text parsers; `readEvent` reads one
 * event (scan, then fallback) into it.
 */
import {
  SECRET_PLACEHOLDER,
  isCredentialName,
  maskSecrets,
  mayHoldSecret,
  secretIssues,
} from '../../artifacts/secrets.js';
import { MAX_EXCERPT_LINES } from '../../shared/evidence.js';
import { issue, type ParseContext, type ParseIssue } from '../../shared/parse.js';
import {
  DATA_PROVIDERS,
  type EventData,
  type EventDigest,
  type EventLog,
  type EventLogIssueCode,
  type EventRecord,
  MAX_DIGESTS,
  MAX_EXCERPT_CHARS,
  MAX_FOLDED_DIGESTS,
  type ScannedEvent,
} from './model.js';
import { type PayloadCache, dataKey, scanEvent } from './scan.js';
import { parseEventGeneral } from './fallback.js';

function excerptOf(text: string): string {
  const lines = text.split(/\r\n|\n|\r/);
  let shown = lines.slice(0, MAX_EXCERPT_LINES).join('\n');
  if (lines.length > MAX_EXCERPT_LINES) {
    shown += `\n… (${lines.length - MAX_EXCERPT_LINES} more lines)`;
  }
  if (shown.length > MAX_EXCERPT_CHARS) shown = shown.slice(0, MAX_EXCERPT_CHARS) + ' …';
  return shown;
}

/**
 * Secrets of an event (a 4688 command line with `-p …`, a connection string in an application
 * error, a URL with a password in a CAPI2 event) masked as decodeText masks every other text
 * (src/artifacts/secrets.ts): the streaming decoder does not pass through it. Only what is kept
 * (a digest's data, its sample records) is masked, so a repeated event costs nothing more; the
 * folding key is computed before, on the text as read.
 */
class SecretMask {
  /** First lines of the events where a secret was masked. */
  readonly lines: number[] = [];

  text(t: string): { text: string; masked: boolean } {
    const r = maskSecrets(t, true);
    return { text: r.text, masked: r.lines.length > 0 };
  }

  /** `scan` false: the event's text holds no trigger, only the names are looked at. */
  data(data: EventData, scan = true): { data: EventData; masked: boolean } {
    let masked = false;
    const one = (name: string | null, v: string): string => {
      if (name !== null && isCredentialName(name) && v.trim() !== '') {
        masked = true;
        return SECRET_PLACEHOLDER;
      }
      if (!scan) return v;
      const r = this.text(v);
      if (r.masked) masked = true;
      return r.text;
    };
    const named: Record<string, string> = {};
    for (const [k, v] of Object.entries(data.named)) named[k] = one(k, v);
    const positional = data.positional.map((v) => one(null, v));
    if (!masked) return { data, masked };
    return { data: { ...data, named, positional }, masked };
  }

  note(line: number): void {
    if (this.lines[this.lines.length - 1] !== line) this.lines.push(line);
  }
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
export class EventDigester {
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
  private readonly secrets = new SecretMask();

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
    // Masked before the excerpt is cut: a cut could leave a secret's head without its label.
    // Data and message are pieces of the text, entities decoded: a text without a trigger and
    // without a character reference (`&#61;` is `=`) holds none in them either.
    const scan = mayHoldSecret(text) || text.includes('&#');
    const source = scan ? this.secrets.text(text) : { text, masked: false };
    const data = this.secrets.data(ev.data, scan);
    const message =
      ev.message === null
        ? null
        : scan
          ? this.secrets.text(ev.message)
          : { text: ev.message, masked: false };
    if (source.masked || data.masked || message?.masked) this.secrets.note(start);
    return {
      ...fields,
      data: data.data,
      message: message === null ? null : message.text,
      origin,
      evidence: {
        artifactId: this.ctx.artifactId,
        path: this.ctx.path,
        lines: { start, end },
        excerpt: excerptOf(source.text),
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
    if (ev.messageCut) d.messageCut = true;
    if (ev.timeNoYear !== undefined && ev.timeCreated === null) {
      // Only a pasted table has them: a few rows, one key per distinct minute.
      const m = (d.perMinuteNoYear ??= Object.create(null) as Record<string, number>);
      m[ev.timeNoYear] = (m[ev.timeNoYear] ?? 0) + 1;
    }
    const t = ev.timeCreated;
    const r = ev.timeReadings;
    // An event without any time (cut or unreadable) moves no bound (fuzz: r8 merge).
    if (r || (d.lastTimeRange && t !== null)) {
      // The last occurrence lies between the latest of the earliest readings and the latest of all.
      const lo = t ?? r![0];
      const hi = t ?? r![1];
      const prior = d.lastTimeRange ?? [d.lastTime ?? lo, d.lastTime ?? hi];
      d.lastTimeRange = [lo > prior[0] ? lo : prior[0], hi > prior[1] ? hi : prior[1]];
    }
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
      const data = this.secrets.data(d.data);
      if (data.masked) this.secrets.note(d.samples[0]?.evidence.lines?.start ?? 0);
      digests.push({
        ...rest,
        data: data.data,
        samples: lastRecord ? [...d.samples, lastRecord] : d.samples,
      });
    }
    const lines = [...new Set(this.secrets.lines)].filter((l) => l > 0).sort((a, b) => a - b);
    this.issues.push(...secretIssues(lines));
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
  folder: EventDigester,
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
