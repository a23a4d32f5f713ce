/**
 * PowerShell site tables (artifact `iis.appcmd-sites`, the same value as `appcmd list site`):
 * `Get-Website`, `Get-ChildItem IIS:\Sites` / `dir IIS:\Sites` (WebAdministration) and
 * `Get-IISSite` / `$sm.Sites` (IISAdministration) print the same default table:
 *
 *   Name             ID   State      Physical Path                  Bindings
 *   ----             --   -----      -------------                  --------
 *   Default Web Site 1    Started    %SystemDrive%\inetpub\wwwroot  http *:80:
 *   Patti            2    Started    C:\inetpub\Patti               http *:8080:
 *                                                                   http *:8033:
 *   Green            1    Started    J:\ElectSolve\Green\LandingPag http *:80:
 *                                    e
 *
 * One row per site; every further binding on a line of its own under the Bindings column; a
 * physical path longer than its column wraps onto the next line under the Physical Path column;
 * State is empty for an FTP site without a state. Columns are cut where the `----` runs start.
 * Pasted copies (the real samples in samples/pasted): padding collapsed to single spaces and
 * blank lines between rows (read by shape: name, numeric id, state word, path, `protocol info`),
 * prompts and echoed commands, Markdown fences and indentation, mail quoting.
 *
 * Issues: `unrecognized-line` (a line that is neither row, binding nor wrapped path),
 * `invalid-value` (a bindingInformation that is not ip:port:host for http/https), `empty-input`.
 */
import { lineEvidence } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import type { AppcmdBinding, AppcmdSite, AppcmdSitesValue } from './appcmd-sites.js';
import { splitBindingInformation } from './applicationhost.js';
import { dedent, isPasteNoise, isElision, isFence, isPromptLine, unquote } from './text-cleanup.js';
import { HEADER } from './get-website.sniff.js';
import { getWebsiteRecognizer } from './sniffs.js';

export type GetWebsiteIssueCode = 'unrecognized-line' | 'invalid-value' | 'empty-input' | 'elided';

const RULE = /^-{2,}\s+-{2,}\s+-{2,}\s+-{2,}\s+-{2,}$/;
const STATE = /^(Started|Stopped|Starting|Stopping|Unknown)$/i;
/** `protocol bindingInformation` as the Bindings column prints it. */
const BINDING = /^(https?|ftps?|net\.tcp|net\.pipe|net\.msmq|msmq\.formatname)\s+(\S+)$/i;
const MAX_ROW = 2000;
/** A row by shape, for copies whose padding was collapsed. */
const ROW =
  /^(.+?)\s+(\d{1,10})\s+(?:(Started|Stopped|Starting|Stopping|Unknown)\s*)?(.*?)(?:\s+((?:https?|ftps?|net\.tcp|net\.pipe|net\.msmq|msmq\.formatname)\s+\S+))?$/i;

function binding(
  text: string,
  line: number,
  issues: ParseIssue<GetWebsiteIssueCode>[],
): AppcmdBinding | null {
  const m = BINDING.exec(text.trim());
  if (!m) return null;
  const protocol = m[1]!.toLowerCase();
  const info = m[2]!.trim();
  const b: AppcmdBinding = {
    protocol,
    bindingInformation: info,
    address: null,
    port: null,
    host: null,
  };
  if (protocol === 'http' || protocol === 'https') {
    const parts = splitBindingInformation(info);
    if (parts) Object.assign(b, parts);
    else
      issues.push(
        issue('invalid-value', `bindingInformation "${info}" is not ip:port:host`, { line }),
      );
  }
  return b;
}

function parseGetWebsite(input: TextInput): ParseResult<AppcmdSitesValue, GetWebsiteIssueCode> {
  const issues: ParseIssue<GetWebsiteIssueCode>[] = [];
  const value: AppcmdSitesValue = { elided: false, sites: [] };
  const lines = dedent(
    input.lines.map((l) => (isFence(l) ? '' : unquote(l.replace(/\t/g, '    ')))),
    isPasteNoise,
  );
  let cols: number[] | null = null;
  let header = false;
  let cur: {
    site: AppcmdSite & { physicalPath: string | null };
    start: number;
    end: number;
  } | null = null;
  const close = (): void => {
    if (cur) cur.site.evidence = lineEvidence(input, cur.start, cur.end, cur.site.name);
    cur = null;
  };
  lines.forEach((line, i) => {
    const n = i + 1;
    const t = line.trim();
    if (t === '') return;
    if (isPromptLine(line) || /^(Get-Website|Get-IISSite|Get-ChildItem|dir|ls|gci)\b/i.test(t))
      return;
    if (HEADER.test(t)) {
      close();
      header = true;
      return;
    }
    if (RULE.test(t)) {
      const starts: number[] = [];
      const re = /-+/g;
      for (let m = re.exec(line); m; m = re.exec(line)) starts.push(m.index);
      cols = starts.length === 5 ? starts : null;
      return;
    }
    if (isElision(t)) {
      close();
      value.elided = true;
      issues.push(issue('elided', 'the output was cut here by its author', { line: n }, 'info'));
      return;
    }
    if (!header) {
      issues.push(issue('unrecognized-line', 'line before the site table', { line: n }, 'info'));
      return;
    }
    // Continuation: nothing in the Name column.
    const indent = line.length - line.trimStart().length;
    const c: number[] | null = cols;
    const target = cur as typeof cur;
    const rowShaped = t.length <= MAX_ROW && ROW.test(t);
    if (target && (indent > 0 || !rowShaped)) {
      if (c && indent >= c[4]! - 1) {
        const b = binding(t, n, issues);
        if (b) target.site.bindings.push(b);
        else issues.push(issue('unrecognized-line', 'not a binding', { line: n }, 'info'));
        target.end = n;
        return;
      }
      if (c && indent >= c[3]! - 1 && indent < c[4]!) {
        // A wrapped Physical Path (and possibly a binding after it).
        const rest = line.slice(c[3]!);
        const path = rest.slice(0, c[4]! - c[3]!).trim();
        target.site.physicalPath = (target.site.physicalPath ?? '') + path;
        const b =
          rest.length > c[4]! - c[3]! ? binding(rest.slice(c[4]! - c[3]!), n, issues) : null;
        if (b) target.site.bindings.push(b);
        target.end = n;
        return;
      }
      const b = binding(t, n, issues);
      if (b) {
        target.site.bindings.push(b);
        target.end = n;
        return;
      }
      if (indent > 0 || !rowShaped) {
        issues.push(
          issue(
            'unrecognized-line',
            'not a site row, binding or wrapped path',
            { line: n },
            'info',
          ),
        );
        return;
      }
    }
    close();
    const row = rowOf(line, t, c);
    if (!row) {
      issues.push(issue('unrecognized-line', 'not a site row', { line: n }, 'info'));
      return;
    }
    const site: AppcmdSite & { physicalPath: string | null } = {
      name: row.name,
      id: row.id,
      state: row.state,
      bindings: [],
      physicalPath: row.path,
      evidence: lineEvidence(input, n, n),
    };
    if (row.binding) {
      const b = binding(row.binding, n, issues);
      if (b) site.bindings.push(b);
    }
    value.sites.push(site);
    cur = { site, start: n, end: n };
  });
  close();
  if (value.sites.length === 0) issues.push(issue('empty-input', 'no site rows found'));
  return { value, issues };
}

/** A row by its columns when they line up, else by shape. */
function rowOf(
  line: string,
  t: string,
  cols: number[] | null,
): {
  name: string;
  id: number;
  state: string | null;
  path: string | null;
  binding: string | null;
} | null {
  if (cols && line.length > cols[2]!) {
    const cut = (a: number, b?: number): string =>
      line.slice(cols[a]!, b === undefined ? undefined : cols[b]).trim();
    const name = line.slice(0, cols[1]).trim();
    const idText = cut(1, 2);
    const state = cut(2, 3);
    if (name !== '' && /^\d+$/.test(idText) && (state === '' || STATE.test(state))) {
      const binding = line.length > cols[4]! ? cut(4) : '';
      return {
        name,
        id: Number(idText),
        state: state || null,
        path: cut(3, 4) || null,
        binding: binding || null,
      };
    }
  }
  // ROW backtracks quadratically over long blank runs; no real row is anywhere near this long.
  const m = t.length <= MAX_ROW ? ROW.exec(t) : null;
  if (!m) return null;
  return {
    name: m[1]!.trim(),
    id: Number(m[2]),
    state: m[3] ?? null,
    path: m[4]!.trim() || null,
    binding: m[5] ?? null,
  };
}

export const getWebsiteParser: TextParser<AppcmdSitesValue, 'iis.appcmd-sites'> = {
  ...getWebsiteRecognizer,
  describe: 'Get-Website / Get-ChildItem IIS:\\Sites / Get-IISSite table',
  parse: parseGetWebsite,
};
