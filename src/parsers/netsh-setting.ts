/**
 * `netsh http show setting` (artifact `httpsys.setting`): HTTP.sys service-wide settings set with
 * `netsh http add setting [settingtype=]sslthrottle [value=]<ulong>` (Microsoft Learn, "netsh
 * http"; the only documented setting type). No real output of this command was found in public
 * sources, so this parser does not assume a layout: it keeps every `Label : value` line (netsh's
 * usual shape) as a setting, skips a title line and dashes, and reports anything else. Its
 * fixture is named `synthetic`. The settings are shown in the inventory only: no documented
 * setting makes HTTPS fail (sslthrottle limits how many TLS handshakes HTTP.sys runs at once).
 *
 * Issues: `empty-input`, `unrecognized-line`.
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { isElision, isFence, isPromptLine, splitLabelValue, unquote } from './text-cleanup.js';
import { netshSettingRecognizer } from './sniffs.js';

export type HttpSettingIssueCode = 'empty-input' | 'unrecognized-line';

export interface HttpSetting {
  name: string;
  value: string;
  evidence: EvidenceRef;
}

export interface HttpSettingValue {
  settings: HttpSetting[];
}

export function parseNetshSetting(
  input: TextInput,
): ParseResult<HttpSettingValue, HttpSettingIssueCode> {
  const issues: ParseIssue<HttpSettingIssueCode>[] = [];
  const src = { artifactId: input.artifactId, path: input.path, lines: input.lines };
  const settings: HttpSetting[] = [];
  let title = false;
  input.lines.forEach((raw, i) => {
    const line = unquote(raw).trim();
    if (line === '' || /^[-=]{3,}$/.test(line) || isElision(line) || isFence(line)) return;
    if (isPromptLine(raw) || /^netsh(\s|>|$)/i.test(line)) return;
    const lv = splitLabelValue(line);
    if (lv && lv.value.trim() !== '' && lv.label.trim() !== '') {
      settings.push({
        name: lv.label.trim(),
        value: lv.value.trim(),
        evidence: lineEvidence(src, i + 1, i + 1),
      });
      return;
    }
    if (lv && settings.length === 0 && !title) {
      title = true;
      return;
    }
    issues.push(
      issue('unrecognized-line', `unrecognised line: ${line.slice(0, 80)}`, { line: i + 1 }),
    );
  });
  if (settings.length === 0 && !title && issues.length === 0)
    issues.push(issue('empty-input', 'no setting found', {}, 'error'));
  return { value: { settings }, issues };
}

export const netshSettingParser: TextParser<HttpSettingValue, 'httpsys.setting'> = {
  ...netshSettingRecognizer,
  describe: 'netsh http show setting',
  parse: parseNetshSetting,
};
