/**
 * `%windir%\System32\inetsrv\config\redirection.config` — IIS shared configuration.
 *
 *   <configuration>
 *     <configSections>
 *       <section name="configurationRedirection" />
 *     </configSections>
 *     <configurationRedirection enabled="true" path="\\server1\centralconfig$\"
 *       userName="domain1.local\config" password="[removed by collector]" />
 *   </configuration>
 *
 * When `enabled` is true IIS reads applicationHost.config from `path` (a UNC share), so the local
 * applicationHost.config is a stale copy that IIS does not use; `appcmd` reads the effective one.
 * Without the element (or with `enabled` absent or "false") shared configuration is off, IIS's
 * default. An `enabled` value that is neither true nor false is not guessed (`enabled: null`).
 * The password is never kept: only whether one is set (the collector already replaced it).
 */
import { decodeXmlText } from './applicationhost.js';
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { isFence, unquote } from './text-cleanup.js';
import { ELEMENT } from './redirection-config.sniff.js';
import { redirectionConfigRecognizer } from './sniffs.js';

export interface RedirectionConfig {
  /** null when the file says something IIS would not read as true or false. */
  enabled: boolean | null;
  /** The share IIS reads applicationHost.config from; null when not set. */
  path: string | null;
  userName: string | null;
  passwordSet: boolean;
  /** The configurationRedirection element; null when the file has none (shared config off). */
  evidence: EvidenceRef | null;
}

export type RedirectionIssueCode = 'empty-input' | 'missing-field' | 'invalid-value';

function attrs(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of raw.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    out.set(m[1]!.toLowerCase(), decodeXmlText(m[2] ?? m[3] ?? ''));
  return out;
}

function parseRedirection(input: TextInput): ParseResult<RedirectionConfig, RedirectionIssueCode> {
  const issues: ParseIssue<RedirectionIssueCode>[] = [];
  const value: RedirectionConfig = {
    enabled: false,
    path: null,
    userName: null,
    passwordSet: false,
    evidence: null,
  };
  if (input.text.trim() === '') {
    issues.push(issue('empty-input', 'the file is empty'));
    return { value, issues };
  }
  // Mail quoting and fences go line by line (line numbers stay); comments may hold an old
  // element: only live XML counts.
  const plain = input.lines.map((l) => (isFence(l) ? '' : unquote(l))).join('\n');
  const live = plain.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
  const m = ELEMENT.exec(live);
  if (!m) {
    issues.push(
      issue(
        'missing-field',
        'no <configurationRedirection> element: shared configuration is off',
        {},
        'info',
      ),
    );
    return { value, issues };
  }
  const start = live.slice(0, m.index).split('\n').length;
  const end = start + m[0].split('\n').length - 1;
  const ev = lineEvidence(input, start, end, 'redirection.config');
  // A pasted file may hold the real password: then the evidence names the lines without quoting
  // them (an excerpt is always the file's own text). The collector's placeholder may be shown.
  const password = /\bpassword\s*=\s*("[^"]*"|'[^']*')/i.exec(m[1]!)?.[1] ?? null;
  const realPassword =
    password !== null &&
    !/^["']\[removed by (?:collector|tls-doctor)\]["']$/.test(password) &&
    password.length > 2;
  if (realPassword) {
    const { excerpt: _hidden, ...withoutExcerpt } = ev;
    value.evidence = withoutExcerpt;
  } else value.evidence = ev;
  const a = attrs(m[1]!);
  const enabled = (a.get('enabled') ?? 'false').trim().toLowerCase();
  if (enabled === 'true') value.enabled = true;
  else if (enabled !== 'false') {
    value.enabled = null;
    issues.push(issue('invalid-value', `enabled "${a.get('enabled')}"`, { line: start }));
  }
  const path = a.get('path')?.trim();
  value.path = path ? path : null;
  value.userName = a.get('username')?.trim() || null;
  value.passwordSet = (a.get('password') ?? '') !== '';
  if (value.enabled === true && value.path === null)
    issues.push(
      issue('missing-field', 'shared configuration enabled without a path', { line: start }),
    );
  return { value, issues };
}

export const redirectionConfigParser: TextParser<RedirectionConfig, 'iis.redirection'> = {
  ...redirectionConfigRecognizer,
  describe: 'IIS redirection.config: shared configuration on or off, and its share',
  parse: parseRedirection,
};
