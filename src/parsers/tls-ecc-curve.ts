/**
 * `Get-TlsEccCurve` (TLS module, Windows 10 / Server 2016, build 14393, and later): the elliptic
 * curves Schannel offers for ECDHE (and accepts for ECDSA certificates), most preferred first,
 * one name per line (Microsoft Learn's example: `curve25519`, `NistP256`, `NistP384`).
 *
 * Names are CNG curve names (`curve25519`, `NistP256`, `NistP384`, `NistP521`, `brainpoolP256r1`,
 * …). Pasted variants handled: quoting, Markdown indentation / fences / bullets, prompts, blank
 * lines, a `Name` / `----` header of a Format-Table copy, names separated by commas on one line.
 * A line that is not a curve name becomes an issue; the rest is kept.
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { isElision, isFence, isPromptLine, stripBullet, unquote } from './text-cleanup.js';
import { CURVE } from './tls-ecc-curve.sniff.js';
import { tlsEccCurveRecognizer } from './sniffs.js';

export interface TlsEccCurveValue {
  /** Curve names in preference order. */
  curves: string[];
  evidence: EvidenceRef | null;
}

export type TlsEccCurveIssueCode = 'unrecognized-line' | 'duplicate-record' | 'empty-input';

export function parseTlsEccCurve(
  input: TextInput,
): ParseResult<TlsEccCurveValue, TlsEccCurveIssueCode> {
  const issues: ParseIssue<TlsEccCurveIssueCode>[] = [];
  const src = { artifactId: input.artifactId, path: input.path, lines: input.lines };
  const curves: string[] = [];
  let first = 0;
  let last = 0;
  for (let i = 0; i < input.lines.length; i++) {
    const raw = unquote(input.lines[i]!);
    const t = stripBullet(raw).trim();
    if (t === '' || isFence(t) || isPromptLine(raw) || isElision(t)) continue;
    if (/^name$/i.test(t) || /^-{2,}$/.test(t)) continue;
    const parts = t
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (!parts.every((p) => CURVE.test(p))) {
      issues.push(
        issue('unrecognized-line', `not a curve name: ${t.slice(0, 80)}`, { line: i + 1 }),
      );
      continue;
    }
    for (const p of parts) {
      if (curves.some((c) => c.toLowerCase() === p.toLowerCase())) {
        issues.push(issue('duplicate-record', `${p} is listed twice`, { line: i + 1 }));
        continue;
      }
      curves.push(p);
    }
    if (first === 0) first = i + 1;
    last = i + 1;
  }
  if (curves.length === 0 && issues.length === 0)
    issues.push(issue('empty-input', 'no curve name found', {}, 'error'));
  return {
    value: { curves, evidence: first > 0 ? lineEvidence(src, first, last) : null },
    issues,
  };
}

export const tlsEccCurveParser: TextParser<TlsEccCurveValue, 'schannel.ecc-curves'> = {
  ...tlsEccCurveRecognizer,
  describe: 'Get-TlsEccCurve',
  parse: parseTlsEccCurve,
};
