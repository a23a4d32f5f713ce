/**
 * `Get-EventLog -LogName System -Source Schannel -Newest 3` as PowerShell prints it by default:
 * the table view of `System.Diagnostics.EventLogEntry` (judge7 S3). The view is the same in
 * Windows PowerShell 5.1 and PowerShell 7 (`Get-FormatData System.Diagnostics.EventLogEntry`):
 *
 *      Index Time          EntryType   Source                 InstanceID Message
 *      ----- ----          ---------   ------                 ---------- -------
 *       2213 Dec 05 20:27  Error       Schannel                    36870 A fatal error occurred…
 *
 * - Time is `{0:MMM} {0:dd} {0:HH}:{0:mm}`: no year, the month abbreviated in the host's
 *   culture (`Dec`, de-DE `Dez`, zh-CN `12月`). The year is left to the facts (collection time).
 * - EntryType is the enum's name (never translated); InstanceID the full 32-bit instance id,
 *   whose low 16 bits are the event id (`15021` of a classic event with qualifiers 0xC000 is
 *   3221240493). Column labels come from the view and are English in every locale.
 * - Message is cut at the console width, ending in `...` (5.1) or `…` (7): what follows, often
 *   the error code of a 36870, is not in the copy. With `-Wrap` it continues on indented lines.
 */
import { isPromptLine } from '../text-cleanup.js';
import type { ScannedEvent } from './model.js';

export interface TableEvent {
  /** Row line (1-based) and last line (a wrapped message continues below it). */
  start: number;
  end: number;
  event: ScannedEvent;
}

const HEADER = /^\s*Index\s+Time\s+EntryType\s+Source\s+InstanceID\s+Message\s*$/i;
const RULE = /^\s*-{3,}(?:\s+-{2,}){5}\s*$/;
const ROW =
  /^\s*(\d+)\s+(\S+)\s+(\d{1,2})\s+(\d{1,2}):(\d{2})\s+(Error|Warning|Information|SuccessAudit|FailureAudit|0)\s+(.+?)\s+(\d+)(?:\s+(.*?))?\s*$/;
/** The table view cut the text here (Windows PowerShell `...`, PowerShell 7 `…`). */
const CUT = /(?:\.\.\.|…)$/;

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  // de-DE abbreviations that differ from English (Windows' culture data).
  mär: 3,
  mai: 5,
  okt: 10,
  dez: 12,
};

function month(text: string): number | null {
  const zh = /^(\d{1,2})月$/.exec(text);
  if (zh) return Number(zh[1]);
  return MONTHS[text.toLowerCase().replace(/\.$/, '')] ?? null;
}

const LEVELS: Record<string, number | null> = {
  Error: 2,
  Warning: 3,
  Information: 4,
  SuccessAudit: null,
  FailureAudit: null,
  '0': null,
};

/**
 * The Get-EventLog table rows of `lines` (cleaned of quoting), with the lines they use so the
 * caller reads the rest as before. `read(id, message)` turns a message into event data.
 */
export function readEventLogTables(
  lines: readonly string[],
  read: (eventId: number, message: string) => ScannedEvent['data'],
): { rows: TableEvent[]; used: Set<number> } {
  const rows: (TableEvent & { text: string[] })[] = [];
  const used = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    if (!HEADER.test(lines[i]!) || !RULE.test(lines[i + 1] ?? '')) continue;
    used.add(i).add(i + 1);
    // The command echo above it (`PS C:\> Get-EventLog …`) is the table's, not an unknown text.
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    if (k >= 0 && isPromptLine(lines[k]!)) used.add(k);
    let j = i + 2;
    let last: (typeof rows)[number] | null = null;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      if (line.trim() === '') break;
      const m = ROW.exec(line);
      if (m) {
        const mon = month(m[2]!);
        const [day, hour, minute] = [Number(m[3]), Number(m[4]), Number(m[5])];
        const instance = Number(m[8]);
        const eventId = instance > 0xffff ? instance % 0x10000 : instance;
        const time =
          mon !== null && day >= 1 && day <= 31 && hour < 24 && minute < 60
            ? `${pad(mon)}-${pad(day)}T${pad(hour)}:${pad(minute)}`
            : null;
        last = {
          start: j + 1,
          end: j + 1,
          text: m[9] ? [m[9]] : [],
          event: {
            provider: m[7]!,
            providerGuid: null,
            eventId,
            level: LEVELS[m[6]!] ?? null,
            timeCreated: null,
            ...(time !== null && { timeNoYear: time }),
            recordId: Number(m[1]),
            computer: null,
            channel: null,
            data: { named: Object.create(null) as Record<string, string>, positional: [] },
            userDataRoot: null,
            message: null,
          },
        };
        rows.push(last);
      } else if (last && /^\s/.test(line)) {
        // `Format-Table -Wrap` continues the message on lines under its column.
        last.text.push(line.trim());
        last.end = j + 1;
      } else break;
      used.add(j);
    }
    i = j - 1;
  }
  for (const r of rows) {
    const t = r.text.join(' ');
    const cut = CUT.test(t);
    r.event.message = t || null;
    if (cut) r.event.messageCut = true;
    // The cut word is not the event's (`0x800...` is no error code): data from the whole words.
    r.event.data = read(r.event.eventId, cut ? t.replace(/\S*(?:\.\.\.|…)$/, '') : t);
  }
  return { rows, used };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The Source cells of the Get-EventLog tables in a sniff head (lower case), or null without one. */
export function tableSources(head: string): string[] | null {
  const lines = head.split(/\r\n|\n|\r/, 400).map((l) => l.replace(/^(?:\s*>)+/, ''));
  const at = lines.findIndex((l, i) => HEADER.test(l) && RULE.test(lines[i + 1] ?? ''));
  if (at < 0) return null;
  const out: string[] = [];
  for (const l of lines.slice(at + 2)) {
    const m = ROW.exec(l);
    if (m) out.push(m[7]!.toLowerCase());
  }
  return out;
}
