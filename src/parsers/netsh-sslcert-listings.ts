/**
 * Several runs of `netsh http show sslcert` in one copy (judge7 T3): a console copy of a repair
 * shows the broken entry, `netsh http delete sslcert` / "SSL Certificate successfully deleted",
 * `netsh http add sslcert` / "… successfully added", then the entry again, healthy. Read as one
 * listing, the endpoint appeared twice ("listed twice") and its broken first state drove a
 * delete / re-add of the working entry. HTTP.sys prints an endpoint once per run: the last run
 * that shows an endpoint is its state; what earlier runs showed is history, as the iplisten
 * parser reads its before/after copies at their last state.
 *
 * A run starts at a `show sslcert` command echo (with or without a prompt) or at a repeated
 * "SSL Certificate bindings:" header. Its scope decides what it replaces: an unfiltered
 * `show sslcert` replaces every earlier entry; `show sslcert ipport=…` (hostnameport=, ccs=,
 * scopedccs=) replaces that endpoint's; a run of unknown scope (a header without an echo)
 * replaces the endpoints it lists. A successful `delete` / `add` / `update sslcert` of an
 * endpoint after its listing makes that listing history too: with no later run showing it, its
 * state after the change is not in the copy, and nothing is said about it.
 */
import { issue, type ParseIssue } from '../shared/parse.js';

export type ListingIssueCode = 'multiple-listings' | 'changed-after-listing';

type Op = 'show' | 'delete' | 'add' | 'update';

/** `type:endpoint` in lower case, as src/facts/binding.ts keys bindings. */
export const listingKey = (type: string, endpoint: string): string =>
  `${type}:${endpoint.trim().toLowerCase()}`;

/** Prompts of cmd, PowerShell (remoting `[host]: PS …>` and Evil-WinRM too) and shells. */
const PROMPT =
  /^(?:\*Evil-WinRM\*\s*)?(?:\[[^\]]+\]:\s*)?PS [^>]*>\s*|^[A-Za-z]:\\[^>]*>\s*|^[$#]\s+/;
const COMMAND = /^netsh(?:\.exe)?\s+http\s+(show|delete|add|update)\s+sslcert\b(.*)$/i;
const FILTER = /\b(ipport|hostnameport|ccs|scopedccs)\s*=\s*"?([^\s"]+)"?/i;
const CERTHASH = /\bcerthash\s*=\s*"?([0-9a-f]{40})"?(?=\s|$)/i;
const STORE = /\bcertstorename\s*=\s*"?([A-Za-z][\w ]{0,40}?)"?(?=\s|$)/i;
const APPID =
  /\bappid\s*=\s*['"]?(\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?)/i;
/**
 * The Windows error number at the end of netsh's failure line: `SSL Certificate add failed,
 * Error: 1312` (en, real wording of many public copies); other consoles translate the words and
 * keep the number, so the number decides, not the words.
 */
export const ERROR_NUMBER =
  /(?:^|[\s,，:：])(?:Error|错误|Fehler|Erreur)\s*[:：]\s*(\d{1,10})\s*\.?$/i;
/** netsh's success lines (English; netsh prints them after the command's blank line). */
const SUCCESS = /^SSL Certificate successfully (added|deleted|updated)\b/i;
/**
 * What netsh prints when a filtered show names no entry (judge7 S6): the text of Windows error 2,
 * ERROR_FILE_NOT_FOUND, in the console's language (en real; zh-CN as in Microsoft's Chinese IIS
 * article; de-DE and fr-FR Windows' standard texts, unverified in a netsh copy), or the number
 * where a line prints it (`Error: 2`). Another locale's text is an error of unknown meaning.
 */
export const NOT_FOUND =
  /^(?:The system cannot find the file specified|系统找不到指定的文件|Das System kann die angegebene Datei nicht finden|Le fichier spécifié est introuvable)|\b(?:Error|Fehler|Erreur|错误)\s*[:：]\s*2\s*\.?$/i;

/** A `netsh http <op> sslcert [filter]` echo, or null (with the certhash / appid it names). */
export function sslcertCommand(line: string): {
  op: Op;
  key: string | null;
  hash: string | null;
  appid: string | null;
  store: string | null;
} | null {
  const m = COMMAND.exec(line.trim().replace(PROMPT, ''));
  if (!m) return null;
  const f = FILTER.exec(m[2]!);
  return {
    op: m[1]!.toLowerCase() as Op,
    key: f ? listingKey(f[1]!.toLowerCase(), f[2]!) : null,
    hash: CERTHASH.exec(m[2]!)?.[1]?.toLowerCase() ?? null,
    appid: APPID.exec(m[2]!)?.[1]?.toLowerCase() ?? null,
    store: STORE.exec(m[2]!)?.[1] ?? null,
  };
}

/** A `netsh http add / update / delete sslcert` that netsh answered with an error (judge7 S5). */
export interface FailedChange {
  op: Exclude<Op, 'show'>;
  key: string | null;
  /** certhash= / appid= of the command line (lower case), when it names them. */
  hash: string | null;
  appid: string | null;
  /** certstorename= of the command, when given (netsh's default is MY). */
  store: string | null;
  /** The Windows error number netsh printed, or null when its line has none. */
  code: number | null;
  /** netsh's result line and the error's text on the line after it (any language). */
  result: string;
  text: string | null;
  /** The command echo and the last line of the answer. */
  start: number;
  end: number;
}

interface Listing {
  line: number;
  /** null: every endpoint (an unfiltered show); a key: one endpoint; 'unknown': a header alone. */
  scope: string | null | 'unknown';
  /** Index of its first record in the parser's record list. */
  first: number;
  headed: boolean;
  /** The filtered show answered "cannot find the file": the endpoint has no entry. */
  notFound: boolean;
  /** The line of that answer. */
  answerLine?: number;
}

interface Change {
  op: Op;
  key: string;
  line: number;
  /** Index of the first record listed after it. */
  after: number;
  ok: boolean;
}

/** Follows the runs and changes of one copy; the parser tells it what it meets, in order. */
export class SslcertListings {
  private readonly runs: Listing[] = [];
  private readonly changes: Change[] = [];
  private pending: {
    op: Op;
    key: string | null;
    hash: string | null;
    appid: string | null;
    store: string | null;
    line: number;
    after: number;
  } | null = null;
  readonly failures: FailedChange[] = [];

  /**
   * A command echo or a netsh status line: true when it is one of `sslcert` (the parser skips
   * it). `count` is the number of records closed so far.
   */
  line(text: string, lineNo: number, count: number): boolean {
    const t = text.trim();
    const cmd = sslcertCommand(t);
    if (cmd) {
      this.pending = null;
      if (cmd.op === 'show')
        this.runs.push({
          line: lineNo,
          scope: cmd.key,
          first: count,
          headed: false,
          notFound: false,
        });
      else
        this.pending = {
          op: cmd.op,
          key: cmd.key,
          hash: cmd.hash,
          appid: cmd.appid,
          store: cmd.store,
          line: lineNo,
          after: count,
        };
      return true;
    }
    if (SUCCESS.test(t)) {
      const p = this.pending;
      if (p?.key) this.changes.push({ op: p.op, key: p.key, line: p.line, after: count, ok: true });
      this.pending = null;
      return true;
    }
    return false;
  }

  /**
   * netsh printed an error (the pending change did not happen; a filtered show found nothing).
   * Returns the endpoint key when it is a filtered show's "no such entry" answer.
   */
  error(text: string, lineNo: number): string | null {
    const p = this.pending;
    this.pending = null;
    if (p && p.op !== 'show') {
      const n = ERROR_NUMBER.exec(text)?.[1];
      this.failures.push({
        op: p.op,
        key: p.key,
        hash: p.hash,
        appid: p.appid,
        store: p.store,
        code: n !== undefined ? Number(n) : null,
        result: text,
        text: null,
        start: p.line,
        end: lineNo,
      });
      return null;
    }
    const run = this.runs.at(-1);
    if (run && typeof run.scope === 'string' && run.scope !== 'unknown' && NOT_FOUND.test(text)) {
      run.notFound = true;
      run.answerLine = lineNo;
      return run.scope;
    }
    return null;
  }

  /** A run after `line` lists every entry or queried `key`: what it shows is the endpoint's state. */
  coveredAfter(key: string, line: number): boolean {
    return this.runs.some((r) => r.line > line && (r.scope === null || r.scope === key));
  }

  /** A change is waiting for netsh's answer. */
  hasPending(): boolean {
    return this.pending !== null && this.pending.op !== 'show';
  }

  /**
   * The text of the error just read (`A specified logon session does not exist…`), on the line
   * after netsh's result line (a blank line between allowed): true when it was taken.
   */
  errorText(text: string, lineNo: number): boolean {
    const f = this.failures.at(-1);
    if (!f || f.text !== null || lineNo - f.end > 2) return false;
    f.text = text;
    f.end = lineNo;
    return true;
  }

  /** The "SSL Certificate bindings:" header: a new run unless it heads the one just echoed. */
  header(lineNo: number, count: number): void {
    const run = this.runs.at(-1);
    if (run && !run.headed && run.first === count) {
      run.headed = true;
      return;
    }
    this.runs.push({ line: lineNo, scope: 'unknown', first: count, headed: true, notFound: false });
  }

  /**
   * Splits the records into the state in force and history, with the issues that say so.
   * `keyOf` gives a record's listing key.
   */
  settle<R extends { evidence: { lines?: { start: number; end: number } } }>(
    records: R[],
    keyOf: (r: R) => string,
  ): { current: R[]; history: R[]; issues: ParseIssue<ListingIssueCode>[] } {
    const issues: ParseIssue<ListingIssueCode>[] = [];
    // A run that printed nothing (an echo at the end of a cut copy) replaces nothing.
    const runs = this.runs.filter(
      (r, i) => r.headed || r.notFound || (this.runs[i + 1]?.first ?? records.length) > r.first,
    );
    const runOf = (i: number): number => {
      let k = -1;
      for (let j = 0; j < runs.length; j++) if (runs[j]!.first <= i) k = j;
      return k;
    };
    const keysOfRun = (j: number): Set<string> => {
      const end = runs[j + 1]?.first ?? records.length;
      return new Set(records.slice(runs[j]!.first, end).map(keyOf));
    };
    const current: R[] = [];
    const history: R[] = [];
    const changed = new Map<number, Change>();
    records.forEach((r, i) => {
      const key = keyOf(r);
      const run = runOf(i);
      const later = runs.slice(run + 1).some((x, d) => {
        if (x.scope === null) return true;
        if (x.scope === 'unknown') return keysOfRun(run + 1 + d).has(key);
        return x.scope === key;
      });
      const change = this.changes.find((c) => c.ok && c.key === key && c.after > i);
      if (later) history.push(r);
      else if (change) {
        history.push(r);
        changed.set(i, change);
      } else current.push(r);
    });
    if (runs.length > 1 && history.length > 0) {
      const last = runs.at(-1)!;
      issues.push(
        issue(
          'multiple-listings',
          `${runs.length} listings found; each endpoint is read at its last listing (the last starts at line ${last.line}); ${history.length} earlier entr${history.length === 1 ? 'y is' : 'ies are'} history and not evaluated`,
          { line: last.line },
          'info',
        ),
      );
    }
    for (const [i, c] of changed) {
      const r = records[i]!;
      issues.push({
        ...issue(
          'changed-after-listing',
          `the entry listed at line ${r.evidence.lines?.start ?? '?'} was changed by netsh http ${c.op} sslcert at line ${c.line}, and no later listing shows it: its current state is not in this copy (run netsh http show sslcert again)`,
          { line: c.line },
          'warning',
        ),
        params: { listed: r.evidence.lines?.start ?? 0, op: c.op, at: c.line },
      });
    }
    return { current, history, issues };
  }

  /**
   * Endpoints a filtered show said have no entry, with the lines of the echo and the answer (the
   * last such run per endpoint; the parser drops those a later run lists).
   */
  notFound(): { key: string; start: number; end: number }[] {
    const out = new Map<string, { key: string; start: number; end: number }>();
    for (const r of this.runs)
      if (r.notFound && typeof r.scope === 'string')
        out.set(r.scope, { key: r.scope, start: r.line, end: r.answerLine ?? r.line });
    return [...out.values()];
  }

  /**
   * The endpoints of a copy whose every run was a filtered show (`show sslcert ipport=…`): it
   * says nothing of any other endpoint. null when a run listed everything (an unfiltered show or
   * a bare listing) or when there was no echo at all (a listing pasted without its command).
   */
  queriedOnly(): string[] | null {
    if (this.runs.length === 0 || this.runs.some((r) => r.scope === null || r.scope === 'unknown'))
      return null;
    return [...new Set(this.runs.map((r) => r.scope!))];
  }

  /** The last run is a filtered show that has printed nothing yet: a line now is its answer. */
  awaitingAnswer(count: number): boolean {
    const run = this.runs.at(-1);
    return (
      run !== undefined &&
      typeof run.scope === 'string' &&
      run.scope !== 'unknown' &&
      !run.headed &&
      !run.notFound &&
      run.first === count
    );
  }
}
