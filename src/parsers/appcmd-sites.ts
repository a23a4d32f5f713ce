/**
 * `appcmd list site` parser (artifact `iis.appcmd-sites`): the runtime view of IIS sites.
 *
 * Produced by `%windir%\System32\inetsrv\appcmd.exe list site` (not localized):
 *
 *   SITE "Default Web Site" (id:1,bindings:http/*:80:,https/*:443:,state:Started)
 *   SITE "Contoso" (id:2,bindings:https/10.0.0.5:443:www.contoso.com,net.tcp/808:*,state:Stopped)
 *
 * Fields: site name, id, bindings as `protocol/bindingInformation` separated by commas (the
 * information itself never holds a comma; IPv6 is `[2001:db8::5]:443:`), state (Started,
 * Stopped, Starting, Stopping, Unknown). Unlike applicationHost.config this shows whether the
 * site is actually running: a site whose https port is taken by another process shows Stopped.
 * `appcmd list site /text:*` / `/xml` forms are not handled (unsupported-variant).
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { splitBindingInformation } from './applicationhost.js';
import { isElision, isPromptLine, unquote } from './text-cleanup.js';
import { appcmdSitesRecognizer } from './sniffs.js';

export type AppcmdIssueCode =
  'unrecognized-line' | 'invalid-value' | 'empty-input' | 'elided' | 'unsupported-variant';

export interface AppcmdBinding {
  protocol: string;
  bindingInformation: string;
  address: string | null;
  port: number | null;
  host: string | null;
}

export interface AppcmdSite {
  name: string;
  id: number | null;
  /** Started / Stopped / Starting / Stopping / Unknown, as printed. */
  state: string | null;
  bindings: AppcmdBinding[];
  evidence: EvidenceRef;
}

export interface AppcmdSitesValue {
  elided: boolean;
  sites: AppcmdSite[];
}

const SITE = /^SITE\s+"(.*)"\s+\((.*)\)$/;

function parseAppcmd(input: TextInput): ParseResult<AppcmdSitesValue, AppcmdIssueCode> {
  const issues: ParseIssue<AppcmdIssueCode>[] = [];
  const value: AppcmdSitesValue = { elided: false, sites: [] };
  input.lines.forEach((raw, i) => {
    const n = i + 1;
    const line = unquote(raw).trim();
    if (line === '' || isPromptLine(line) || /^appcmd(\.exe)?\s/i.test(line)) return;
    if (isElision(line)) {
      value.elided = true;
      issues.push(issue('elided', 'the output was cut here by its author', { line: n }, 'info'));
      return;
    }
    if (/^<\?xml|^<appcmd|^SITE\.NAME:/i.test(line)) {
      issues.push(issue('unsupported-variant', 'only the default list form is read', { line: n }));
      return;
    }
    const m = SITE.exec(line);
    if (!m) {
      issues.push(issue('unrecognized-line', 'line is no SITE row', { line: n }, 'info'));
      return;
    }
    const inner = m[2]!;
    const id = /(?:^|,)id:(\d+)/.exec(inner);
    const state = /,state:([A-Za-z]+)\s*$/.exec(inner);
    const bindingsText = /(?:^|,)bindings:(.*?)(?:,state:[A-Za-z]+)?\s*$/.exec(inner)?.[1] ?? '';
    if (!id) issues.push(issue('invalid-value', 'SITE row without id', { line: n }));
    const bindings: AppcmdBinding[] = [];
    for (const part of bindingsText.split(',').filter((p) => p.trim() !== '')) {
      const slash = part.indexOf('/');
      if (slash <= 0) {
        issues.push(issue('invalid-value', `binding "${part}" is not protocol/info`, { line: n }));
        continue;
      }
      const protocol = part.slice(0, slash).trim().toLowerCase();
      const info = part.slice(slash + 1).trim();
      const parts =
        protocol === 'http' || protocol === 'https' ? splitBindingInformation(info) : null;
      if ((protocol === 'http' || protocol === 'https') && !parts) {
        issues.push(issue('invalid-value', `bindingInformation "${info}"`, { line: n }));
      }
      bindings.push({
        protocol,
        bindingInformation: info,
        address: parts?.address ?? null,
        port: parts?.port ?? null,
        host: parts?.host ?? null,
      });
    }
    value.sites.push({
      name: m[1]!,
      id: id ? Number(id[1]) : null,
      state: state ? state[1]! : null,
      bindings,
      evidence: lineEvidence(input, n, n),
    });
  });
  if (value.sites.length === 0) issues.push(issue('empty-input', 'no SITE rows found'));
  return { value, issues };
}

export const appcmdSitesParser: TextParser<AppcmdSitesValue, 'iis.appcmd-sites'> = {
  ...appcmdSitesRecognizer,
  describe: 'appcmd list site: IIS sites with bindings and runtime state',
  parse: parseAppcmd,
};
