/**
 * Text scans of the sections outside `<sites>` that the facts read: `<access sslFlags>` under
 * its `<location path>`, and the legacy metabase SSL hashes of `<customMetadata>`. Each is one
 * pass over the tags with line evidence (the XML parser keeps no line numbers).
 */
import { lineEvidence } from '../../shared/evidence.js';
import { issue, type ParseIssue, type TextInput } from '../../shared/parse.js';
import {
  LEGACY_SSL_CERT_HASH_ID,
  parseAccessSslFlags,
  type AppHostIssueCode,
  type IisAccessSslFlags,
  type IisLegacySslHash,
} from './model.js';
import { decodeXmlText, lineIndex } from './text.js';

/**
 * Text scan (the XML parser keeps no line numbers) of every `<access … sslFlags="…">` outside
 * comments, each with the `<location path>` that encloses it. Linear: one pass over the tags.
 */
export function accessSslFlags(
  input: TextInput,
  text: string,
  issues: ParseIssue<AppHostIssueCode>[],
): IisAccessSslFlags[] {
  const out: IisAccessSslFlags[] = [];
  const lineAt = lineIndex(text);
  const stack: (string | null)[] = [];
  const re = /<(\/?)(location|access)(?=[\s/>])([^>]*)>/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const closing = m[1] === '/';
    const attrs = m[3] ?? '';
    const selfClosing = attrs.endsWith('/');
    if (m[2] === 'location') {
      if (closing) stack.pop();
      else if (!selfClosing) {
        const p = /\spath\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(attrs);
        stack.push(p ? decodeXmlText(p[1] ?? p[2] ?? '') : null);
      }
      continue;
    }
    if (closing) continue;
    const f = /\ssslFlags\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(attrs);
    if (!f) continue;
    const line = lineAt(m.index);
    const raw = decodeXmlText(f[1] ?? f[2] ?? '');
    const flags = parseAccessSslFlags(raw);
    if (flags === null) {
      issues.push(issue('invalid-value', `access sslFlags "${raw}"`, { line }));
      continue;
    }
    const loc = stack.length > 0 ? stack[stack.length - 1]! : null;
    out.push({
      location: loc === null || loc === '' ? null : loc,
      sslFlags: flags,
      evidence: lineEvidence(input, line, lineAt(m.index + m[0].length - 1)),
    });
  }
  return out;
}

/**
 * Text scan of `<customMetadata>` (comments already blanked): every `<property id="5506">` with
 * the `<key path>` that encloses it. One pass over the tags; outside `<customMetadata>` nothing
 * is read (other sections have no `<key>` elements with that meaning).
 */
export function legacySslHashes(
  input: TextInput,
  text: string,
  issues: ParseIssue<AppHostIssueCode>[],
): IisLegacySslHash[] {
  const out: IisLegacySslHash[] = [];
  const lineAt = lineIndex(text);
  const attrOf = (attrs: string, name: string): string | null => {
    const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
    return m ? decodeXmlText(m[1] ?? m[2] ?? '') : null;
  };
  // Every <customMetadata> section: a paste may hold two configs (or one twice).
  const sections = /<customMetadata[\s>]/g;
  for (let s = sections.exec(text); s; s = sections.exec(text)) {
    const close = text.indexOf('</customMetadata>', s.index);
    const next = text.slice(s.index + 1).search(/<customMetadata[\s>]/);
    const end = Math.min(
      close < 0 ? text.length : close,
      next < 0 ? text.length : s.index + 1 + next,
    );
    readSection(s.index, end);
    sections.lastIndex = end;
  }
  return out;

  function readSection(start: number, end: number): void {
    let key: string | null = null;
    const re = /<(\/?)(key|property)(?=[\s/>])([^>]*)>/g;
    re.lastIndex = start;
    for (let m = re.exec(text); m && m.index < end; m = re.exec(text)) {
      const attrs = m[3] ?? '';
      if (m[2] === 'key') {
        if (m[1] === '/') key = null;
        else if (!attrs.endsWith('/')) key = attrOf(attrs, 'path');
        continue;
      }
      if (m[1] === '/' || attrOf(attrs, 'id')?.trim() !== LEGACY_SSL_CERT_HASH_ID) continue;
      const line = lineAt(m.index);
      if (key === null) {
        issues.push(
          issue('missing-field', 'customMetadata property 5506 outside a <key path>', { line }),
        );
        continue;
      }
      const value = (attrOf(attrs, 'value') ?? '').trim();
      const site = /^\/?LM\/W3SVC\/(\d{1,10})(?:\/|$)/i.exec(key.trim());
      const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : null;
      const certificateHash = bytes && bytes.length === 20 ? bytes.toString('hex') : null;
      if (certificateHash === null)
        issues.push(
          issue(
            'invalid-value',
            `customMetadata 5506 value "${value}" is not a base64 SHA-1 hash`,
            {
              line,
            },
          ),
        );
      out.push({
        path: key,
        siteId: site ? Number(site[1]) : null,
        value,
        certificateHash,
        evidence: lineEvidence(input, line, lineAt(m.index + m[0].length - 1)),
      });
    }
  }
}
