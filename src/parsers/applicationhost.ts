/**
 * IIS `applicationHost.config` parser (artifact `iis.config`): sites, applications, bindings.
 *
 * Source: `%windir%\System32\inetsrv\config\applicationHost.config` copied by the collector
 * (IIS Express / Visual Studio write the same schema to `applicationhost.config`). Customers
 * often send only the `<sites>` element, so the parser accepts a whole file or an excerpt.
 *
 *   <sites>
 *     <site name="Contoso" id="2" serverAutoStart="true">
 *       <application path="/" applicationPool="Contoso">
 *         <virtualDirectory path="/" physicalPath="C:\inetpub\contoso" />
 *       </application>
 *       <bindings>
 *         <binding protocol="https" bindingInformation="*:443:www.contoso.com" sslFlags="1" />
 *       </bindings>
 *     </site>
 *
 * bindingInformation is `ip:port:host` for http/https: ip `*` (all unassigned) or empty (seen in
 * IIS Express configs) or an IPv4 address or `[IPv6]`; host empty = no host header. Other
 * protocols (net.tcp `808:*`, net.pipe `*`, msmq.formatname `localhost`) are kept raw.
 * sslFlags (IIS 8+; more bits in IIS 10 1809+) is a different bit set from HTTP.sys DefaultFlags:
 * Sni 1, CentralCertStore 2, DisableHTTP2 4, DisableOCSPStp 8, DisableQUIC 16, DisableTLS13 32,
 * DisableLegacyTLS 64 (NegotiateClientCert 128 in Microsoft.Web.Administration, VERIFY). It may
 * be written as a number or as names (`Sni, CentralCertStore`). `certificateHash` /
 * `certificateStoreName` attributes on a binding are optional (IIS writes them rarely; HTTP.sys
 * holds the truth).
 *
 * Pasted fragments (issue 17): only `<site>` elements, or only `<binding>` elements (read as one
 * site whose name and id are unknown: `unknownFields` says so), wrapped around the fragment on
 * its own first and last lines so line numbers stay; XML inside a code comment or note (`// `,
 * `# `, `* `, `> ` prefixes, Markdown indentation and fences, a wholly commented-out `<!-- … -->`
 * block — read with an info issue saying it is commented out, since IIS does not apply it);
 * sentences before and after the XML (each an info `unrecognized-line`).
 *
 * Safety: fast-xml-parser with processEntities off; a DOCTYPE is refused (removed, with an
 * issue) before parsing. Line numbers come from a scan of the text (the XML parser has none):
 * the n-th `<site`/`<binding` start tag outside comments is the n-th element parsed.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  SNIFF,
  hitScore,
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';

export type AppHostIssueCode =
  | 'unrecognized-line'
  | 'fragment'
  | 'invalid-value'
  | 'missing-field'
  | 'empty-input'
  | 'unsupported-variant'
  | 'duplicate-record'
  | 'malformed-xml';

export const SSL_FLAGS = {
  Sni: 1,
  CentralCertStore: 2,
  DisableHTTP2: 4,
  DisableOCSPStp: 8,
  DisableQUIC: 16,
  DisableTLS13: 32,
  DisableLegacyTLS: 64,
  NegotiateClientCert: 128,
} as const;
export type SslFlagName = keyof typeof SSL_FLAGS;

export interface IisBinding {
  protocol: string;
  /** As written, e.g. `*:443:www.contoso.com`. */
  bindingInformation: string;
  /** http/https only: `*` (all unassigned), `` (empty = all), an IPv4 or IPv6 address (no brackets). */
  address: string | null;
  port: number | null;
  /** Host header / SNI name, lower case; null when empty. */
  host: string | null;
  /** Numeric sslFlags; 0 when absent. */
  sslFlags: number;
  sslFlagNames: SslFlagName[];
  /** Lower-case hex without spaces, when the attribute is present. */
  certificateHash: string | null;
  certificateStoreName: string | null;
  evidence: EvidenceRef;
}

export interface IisApplication {
  path: string;
  applicationPool: string | null;
  physicalPath: string | null;
}

export interface IisSite {
  /** '' when unknown (a `<binding>` fragment without its site). */
  name: string;
  id: number | null;
  /** serverAutoStart attribute; true when absent (the IIS default). */
  serverAutoStart: boolean;
  applications: IisApplication[];
  bindings: IisBinding[];
  /** Fields the input did not give (a fragment without its `<site>`: `name`, `id`). */
  unknownFields?: string[];
  evidence: EvidenceRef;
}

export interface AppHostValue {
  /** `full` = a whole configuration file, `excerpt` = just a `<sites>` (or smaller) fragment. */
  form: 'full' | 'excerpt';
  sites: IisSite[];
  /** `<access sslFlags>` of system.webServer/security (client certificates); see accessSslFlags(). */
  access?: IisAccessSslFlags[];
  /** Legacy SSL certificate hashes (id 5506) of `<customMetadata>`; see legacySslHashes(). */
  legacySslHashes?: IisLegacySslHash[];
}

/**
 * `<system.applicationHost><customMetadata><key path="LM/W3SVC/2"><property id="5506"
 * dataType="Binary" userType="1" attributes="None" value="oXiHOzFAMOF0YxIuI7soWvDFEzg=" />`: the
 * IIS 6 metabase property SSLCertHash kept for the ABO mapper (IIS 6 Management Compatibility).
 * When a program that uses the mapper starts, IIS deletes the site's HTTP.sys SSL binding and
 * re-creates it from this hash (KB 2025598: HttpEvent 15300, HTTPS fails when the hash is stale).
 */
export interface IisLegacySslHash {
  /** The key path as written, e.g. `LM/W3SVC/2`. */
  path: string;
  /** The site id of `LM/W3SVC/<id>` (or a path below it); null for another path. */
  siteId: number | null;
  /** The base64 value as written. */
  value: string;
  /** Lower-case hex of the value when it decodes to the 20 bytes of a SHA-1 thumbprint, else null. */
  certificateHash: string | null;
  evidence: EvidenceRef;
}

/**
 * One `<system.webServer><security><access sslFlags="Ssl, SslNegotiateCert, SslRequireCert">`:
 * at server level (`location` null, or a `<location path="">`) or in `<location path="Site/app">`.
 * Names as IIS writes them: Ssl, SslNegotiateCert, SslRequireCert, SslMapCert, Ssl128 (or a number:
 * Ssl 8, SslNegotiateCert 32, SslRequireCert 64, SslMapCert 128, Ssl128 256).
 */
export interface IisAccessSslFlags {
  /** `<location path>` as written; null at server level. */
  location: string | null;
  /** Canonical flag names; `None` when the attribute says so. */
  sslFlags: string[];
  evidence: EvidenceRef;
}

const ACCESS_FLAGS: readonly (readonly [number, string])[] = [
  [8, 'Ssl'],
  [32, 'SslNegotiateCert'],
  [64, 'SslRequireCert'],
  [128, 'SslMapCert'],
  [256, 'Ssl128'],
];

/** `Ssl, SslNegotiateCert` or `104` → canonical names; null when a part is not a known flag. */
export function parseAccessSslFlags(raw: string): string[] | null {
  const t = raw.trim();
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    const names = ACCESS_FLAGS.filter(([bit]) => (n & bit) !== 0).map(([, name]) => name);
    return ACCESS_FLAGS.reduce((rest, [bit]) => rest & ~bit, n) === 0 ? names : null;
  }
  const out: string[] = [];
  for (const part of t.split(/[,|]/).map((x) => x.trim())) {
    if (part === '') continue;
    if (/^none$/i.test(part)) continue;
    const known = ACCESS_FLAGS.find(([, name]) => name.toLowerCase() === part.toLowerCase());
    if (!known) return null;
    out.push(known[1]);
  }
  return out;
}

/**
 * Text scan (the XML parser keeps no line numbers) of every `<access … sslFlags="…">` outside
 * comments, each with the `<location path>` that encloses it. Linear: one pass over the tags.
 */
function accessSslFlags(
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

/** The legacy metabase property of a site's SSL certificate hash (MD_SSL_CERT_HASH). */
export const LEGACY_SSL_CERT_HASH_ID = '5506';

/**
 * Text scan of `<customMetadata>` (comments already blanked): every `<property id="5506">` with
 * the `<key path>` that encloses it. One pass over the tags; outside `<customMetadata>` nothing
 * is read (other sections have no `<key>` elements with that meaning).
 */
function legacySslHashes(
  input: TextInput,
  text: string,
  issues: ParseIssue<AppHostIssueCode>[],
): IisLegacySslHash[] {
  const out: IisLegacySslHash[] = [];
  const start = text.search(/<customMetadata[\s>]/);
  if (start < 0) return out;
  const close = text.indexOf('</customMetadata>', start);
  const end = close < 0 ? text.length : close;
  const lineAt = lineIndex(text);
  const attrOf = (attrs: string, name: string): string | null => {
    const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
    return m ? decodeXmlText(m[1] ?? m[2] ?? '') : null;
  };
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
        issue('invalid-value', `customMetadata 5506 value "${value}" is not a base64 SHA-1 hash`, {
          line,
        }),
      );
    out.push({
      path: key,
      siteId: site ? Number(site[1]) : null,
      value,
      certificateHash,
      evidence: lineEvidence(input, line, lineAt(m.index + m[0].length - 1)),
    });
  }
  return out;
}

type XmlNode = Record<string, unknown>;

const ARRAYS = new Set(['site', 'binding', 'application', 'virtualDirectory']);

function xmlParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    allowBooleanAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (name) => ARRAYS.has(name),
  });
}

/** Parses `ip:port:host` (http/https). Null when it does not have that shape. */
export function splitBindingInformation(
  info: string,
): { address: string; port: number; host: string | null } | null {
  const m = /^(\[[0-9a-f:.%\w]*\]|[^:[\]]*):(\d{1,5}):(.*)$/i.exec(info.trim());
  if (!m) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  const address = m[1]!.replace(/^\[|\]$/g, '');
  const host = m[3]!.trim().toLowerCase();
  return { address, port, host: host === '' ? null : host };
}

/** Parses numeric or named sslFlags (`97`, `Sni, DisableTLS13`). */
export function parseSslFlags(raw: string | undefined): { value: number; ok: boolean } {
  if (raw === undefined || raw.trim() === '') return { value: 0, ok: true };
  const t = raw.trim();
  if (/^\d+$/.test(t)) return { value: Number(t), ok: true };
  let value = 0;
  let ok = true;
  for (const part of t.split(/[,|\s]+/).filter(Boolean)) {
    const key = (Object.keys(SSL_FLAGS) as SslFlagName[]).find(
      (k) => k.toLowerCase() === part.toLowerCase(),
    );
    if (key) value |= SSL_FLAGS[key];
    else if (part.toLowerCase() !== 'none') ok = false;
  }
  return { value, ok };
}

export function sslFlagNames(flags: number): SslFlagName[] {
  return (Object.keys(SSL_FLAGS) as SslFlagName[]).filter((k) => (flags & SSL_FLAGS[k]) !== 0);
}

/** Replaces comments with spaces (keeping line breaks) so a tag scan sees what the parser sees. */
function blankComments(text: string): string {
  // indexOf, not /<!--[\s\S]*?-->/g: with no "-->" the regex rescans to the end from every
  // "<!--" (quadratic: 40,000 of them took 10 s; found by fuzzing).
  let out = '';
  let pos = 0;
  for (;;) {
    const start = text.indexOf('<!--', pos);
    const end = start < 0 ? -1 : text.indexOf('-->', start + 4);
    if (end < 0) return out + text.slice(pos);
    out += text.slice(pos, start) + text.slice(start, end + 3).replace(/[^\n]/g, ' ');
    pos = end + 3;
  }
}

/**
 * The first `<!DOCTYPE …>` (internal subset included), as /<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/i
 * finds it, in linear time: that regex rescans to the end from every unclosed "<!DOCTYPE ["
 * (40,000 of them took 37 s; found by fuzzing).
 */
function findDoctype(text: string): { index: number; text: string } | null {
  const open = /<!DOCTYPE[^[>]*/gi;
  let noCloseFrom = Infinity; // no "]" followed by ">" at or after this offset
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const after = m.index + m[0].length;
    if (text[after] === '>') return { index: m.index, text: text.slice(m.index, after + 1) };
    if (text[after] === '[' && after + 1 < noCloseFrom) {
      const close = /\]\s*>/g;
      close.lastIndex = after + 1;
      const c = close.exec(text);
      if (c) return { index: m.index, text: text.slice(m.index, c.index + c[0].length) };
      noCloseFrom = after + 1;
    }
  }
  return null;
}

/** 1-based line of each match start, plus the end line of the element (self-closing or closed). */
function tagLines(text: string, tag: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const lineAt = lineIndex(text);
  // Closing tags found once, then looked up by binary search: no rescans of the text per tag.
  const closes: number[] = [];
  const closeTag = `</${tag}>`;
  for (let i = text.indexOf(closeTag); i >= 0; i = text.indexOf(closeTag, i + 1)) closes.push(i);
  const firstCloseAfter = (pos: number): number => {
    let lo = 0;
    let hi = closes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (closes[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo < closes.length ? closes[lo]! : -1;
  };
  const re = new RegExp(`<${tag}(?=[\\s/>])`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const open = text.indexOf('>', m.index);
    if (open < 0) break;
    let endPos = open;
    if (text[open - 1] !== '/') {
      const close = firstCloseAfter(open);
      endPos = close < 0 ? open : close;
    }
    out.push({ start: lineAt(m.index), end: lineAt(endPos) });
  }
  return out;
}

/** Blanks everything outside `<sites>…</sites>` (keeping line breaks) so other `<binding>`s do not count. */
function onlySites(text: string): string {
  const start = text.search(/<sites[\s>]/);
  if (start < 0) return text;
  const close = text.indexOf('</sites>', start);
  const end = close < 0 ? text.length : close + '</sites>'.length;
  const blank = (t: string): string => t.replace(/[^\n]/g, ' ');
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}

function lineIndex(text: string): (pos: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (pos) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Finds the `sites` element wherever the excerpt puts it (full file or fragment). */
function findSites(node: unknown, depth = 0): XmlNode | null {
  if (!node || typeof node !== 'object' || depth > 6) return null;
  const obj = node as XmlNode;
  if ('sites' in obj && obj.sites && typeof obj.sites === 'object') return obj.sites as XmlNode;
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith('@_')) continue;
    const found = findSites(Array.isArray(v) ? v[0] : v, depth + 1);
    if (found) return found;
  }
  return null;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes only XML's five predefined entities and character references (no DTD entities, ever). */
export function decodeXmlText(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (all, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name.toLowerCase()] ?? all;
    const code =
      name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

const attr = (node: XmlNode, name: string): string | undefined => {
  const v = node[`@_${name}`];
  return typeof v === 'string' ? decodeXmlText(v) : v === true ? '' : undefined;
};
const rootPhysicalPath = (app: XmlNode): string | null => {
  const root = asArray(app.virtualDirectory).find((v) => attr(v, 'path') === '/');
  return root ? (attr(root, 'physicalPath') ?? null) : null;
};
const asArray = (v: unknown): XmlNode[] =>
  Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as XmlNode[]) : [];

/** Per-line prefixes that notes, code comments and mail put before pasted XML. */
const LINE_PREFIX = /^(\s*)(?:(?:>\s?)+|\/\/+ ?|#+ |\* |-- |REM )(?=\s*(<|$))/i;

/**
 * Undoes what notes, chats and code comments do to a pasted applicationHost fragment, keeping
 * every line where it was: line prefixes and fences blanked, prose before and after the XML
 * blanked (each an info issue), a wholly commented-out fragment uncommented (an info issue), and
 * `<site>`-only or `<binding>`-only fragments wrapped into `<sites>` on their first / last line.
 */
function unpaste(
  text: string,
  issues: ParseIssue<AppHostIssueCode>[],
): { text: string; bindingsOnly: boolean } {
  const lines = text.split('\n');
  const blank = (l: string): string => l.replace(/[^\r]/g, ' ');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^\s*(```|~~~)/.test(l)) lines[i] = blank(l);
    else {
      const m = LINE_PREFIX.exec(l);
      if (m) lines[i] = m[1]! + ' '.repeat(m[0].length - m[1]!.length) + l.slice(m[0].length);
    }
  }
  const first = lines.findIndex((l) => l.trimStart().startsWith('<'));
  let last = -1;
  for (let i = lines.length - 1; i >= 0; i--)
    if (lines[i]!.trimEnd().endsWith('>')) {
      last = i;
      break;
    }
  if (first < 0 || last < first) return { text: lines.join('\n'), bindingsOnly: false };
  for (let i = 0; i < lines.length; i++) {
    if (i >= first && i <= last) continue;
    if (lines[i]!.trim() !== '')
      issues.push(
        issue('unrecognized-line', 'text around the XML is not read', { line: i + 1 }, 'info'),
      );
    lines[i] = blank(lines[i]!);
  }
  let out = lines.join('\n');
  // A fragment that is one comment: what was pasted is commented-out configuration.
  const inner = /^(\s*)<!--([\s\S]*)-->(\s*)$/.exec(out);
  if (inner && /<(site|binding)\s/i.test(inner[2]!) && !inner[2]!.includes('-->')) {
    issues.push(
      issue(
        'fragment',
        'the pasted XML is inside an XML comment: read as written, but IIS does not apply commented-out configuration',
        { line: first + 1 },
        'info',
      ),
    );
    out = `${inner[1]!}    ${inner[2]!}   ${inner[3]!}`;
  }
  const visible = blankComments(out);
  const hasSite = /<site[\s>]/.test(visible);
  if (hasSite && !/<sites[\s>]/.test(visible) && visible.includes('</sites>')) {
    // The excerpt starts inside <sites> (its closing tag was copied, its opening tag was not).
    const at = visible.search(/<site[\s>]/);
    issues.push(
      issue(
        'fragment',
        'the opening <sites> tag is missing; added before the first <site>',
        {
          line: visible.slice(0, at).split('\n').length,
        },
        'info',
      ),
    );
    return { text: out.slice(0, at) + '<sites>' + out.slice(at), bindingsOnly: false };
  }
  const hasSites = /<sites[\s>]/.test(visible) || /<system\.applicationHost[\s>]/.test(visible);
  const hasBinding = /<binding[\s/>]/.test(visible);
  if (hasSites || (!hasSite && !hasBinding)) return { text: out, bindingsOnly: false };
  // Wrap on the first and last lines of the XML so that line numbers do not move.
  const ls = out.split('\n');
  const bindingsOnly = !hasSite;
  const hasBindings = /<bindings[\s>]/.test(visible);
  const open = bindingsOnly
    ? `<sites><site name="" id="">${hasBindings ? '' : '<bindings>'}`
    : '<sites>';
  const close = bindingsOnly ? `${hasBindings ? '' : '</bindings>'}</site></sites>` : '</sites>';
  ls[first] = open + ls[first]!;
  ls[last] = ls[last]! + close;
  issues.push(
    issue(
      'fragment',
      bindingsOnly
        ? 'only <binding> elements: read as one site whose name and id are unknown'
        : 'only <site> elements: read as the sites of a <sites> excerpt',
      { line: first + 1 },
      'info',
    ),
  );
  return { text: ls.join('\n'), bindingsOnly };
}

function parseAppHost(input: TextInput): ParseResult<AppHostValue, AppHostIssueCode> {
  const issues: ParseIssue<AppHostIssueCode>[] = [];
  const value: AppHostValue = { form: 'excerpt', sites: [] };
  // Line ends as input.lines counts them (a lone CR ends a line too), so positions map to lines.
  const pasted = unpaste(input.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), issues);
  let text = pasted.text;
  if (text.trim() === '') {
    issues.push(issue('empty-input', 'the file is empty'));
    return { value, issues };
  }
  const doctype = findDoctype(text);
  if (doctype) {
    const line = text.slice(0, doctype.index).split('\n').length;
    issues.push(
      issue('unsupported-variant', 'DOCTYPE removed: never expanded', { line }, 'warning'),
    );
    text =
      text.slice(0, doctype.index) +
      doctype.text.replace(/[^\n]/g, ' ') +
      text.slice(doctype.index + doctype.text.length);
  }
  // Pasted after blank lines (or cut out of a longer paste), the declaration is no longer first.
  const decl = /^\s+<\?xml[^>]*\?>/.exec(text);
  if (decl) text = decl[0].replace(/\S/g, ' ') + text.slice(decl[0].length);
  const scanText = onlySites(blankComments(text));
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    // Unclosed tags are reported at line 1 whatever it holds: a blank line there is no position.
    const at = text.split('\n', valid.err.line)[valid.err.line - 1]?.trim()
      ? { line: valid.err.line, column: valid.err.col }
      : {};
    issues.push(issue('malformed-xml', valid.err.msg, at));
  }
  let doc: unknown;
  try {
    doc = xmlParser().parse(text);
  } catch (e) {
    issues.push(issue('malformed-xml', e instanceof Error ? e.message : String(e)));
    return { value, issues };
  }
  value.form = /<configuration[\s>]/.test(blankComments(text)) ? 'full' : 'excerpt';
  const access = accessSslFlags(input, blankComments(text), issues);
  if (access.length > 0) value.access = access;
  const legacy = legacySslHashes(input, blankComments(text), issues);
  if (legacy.length > 0) value.legacySslHashes = legacy;
  const sites = findSites(doc);
  if (!sites) {
    issues.push(issue('missing-field', 'no <sites> element', {}, 'warning'));
    return { value, issues };
  }
  const siteLines = tagLines(scanText, 'site');
  const bindingLines = tagLines(scanText, 'binding');
  let b = 0;
  const seenIds = new Map<number, string>();
  asArray(sites.site).forEach((s, si) => {
    const lines = siteLines[si] ?? { start: 1, end: input.lines.length };
    const name = attr(s, 'name') ?? '';
    if (name === '' && !pasted.bindingsOnly)
      issues.push(issue('missing-field', 'site without a name', { line: lines.start }));
    const idText = attr(s, 'id');
    const id = idText !== undefined && /^\d+$/.test(idText.trim()) ? Number(idText) : null;
    if (pasted.bindingsOnly) {
      // Reported once by unpaste(); the entity says which fields are unknown.
    } else if (id === null) {
      issues.push(issue('invalid-value', `site id "${idText ?? ''}"`, { line: lines.start }));
    } else if (seenIds.has(id)) {
      issues.push(
        issue('duplicate-record', `site id ${id} also used by "${seenIds.get(id)}"`, {
          line: lines.start,
        }),
      );
    } else seenIds.set(id, name);
    const site: IisSite = {
      name,
      id,
      serverAutoStart: (attr(s, 'serverAutoStart') ?? 'true').toLowerCase() !== 'false',
      applications: asArray(s.application).map((a) => ({
        path: attr(a, 'path') ?? '/',
        applicationPool: attr(a, 'applicationPool') ?? null,
        physicalPath: rootPhysicalPath(a),
      })),
      bindings: [],
      ...(pasted.bindingsOnly && { unknownFields: ['name', 'id'] }),
      evidence: lineEvidence(input, lines.start, lines.end),
    };
    const bindingsNode =
      s.bindings && typeof s.bindings === 'object' ? (s.bindings as XmlNode) : {};
    for (const bn of asArray(bindingsNode.binding)) {
      const bl = bindingLines[b++] ?? lines;
      site.bindings.push(binding(input, bn, bl, issues));
    }
    value.sites.push(site);
  });
  return { value, issues };
}

function binding(
  input: TextInput,
  bn: XmlNode,
  lines: { start: number; end: number },
  issues: ParseIssue<AppHostIssueCode>[],
): IisBinding {
  const protocol = (attr(bn, 'protocol') ?? '').toLowerCase();
  const info = attr(bn, 'bindingInformation') ?? '';
  const rec: IisBinding = {
    protocol,
    bindingInformation: info,
    address: null,
    port: null,
    host: null,
    sslFlags: 0,
    sslFlagNames: [],
    certificateHash: null,
    certificateStoreName: attr(bn, 'certificateStoreName') ?? null,
    evidence: lineEvidence(input, lines.start, lines.end),
  };
  if (protocol === '')
    issues.push(issue('missing-field', 'binding without protocol', { line: lines.start }));
  if (protocol === 'http' || protocol === 'https') {
    const parts = splitBindingInformation(info);
    if (parts) {
      rec.address = parts.address;
      rec.port = parts.port;
      rec.host = parts.host;
    } else {
      issues.push(
        issue('invalid-value', `bindingInformation "${info}" is not ip:port:host`, {
          line: lines.start,
        }),
      );
    }
  }
  const flags = parseSslFlags(attr(bn, 'sslFlags'));
  if (!flags.ok) {
    issues.push(
      issue('invalid-value', `sslFlags "${attr(bn, 'sslFlags')}"`, { line: lines.start }),
    );
  }
  rec.sslFlags = flags.value;
  rec.sslFlagNames = sslFlagNames(flags.value);
  const hash = attr(bn, 'certificateHash');
  if (hash !== undefined && hash.trim() !== '') {
    const h = hash.replace(/[\s\u200e\u200f]/g, '').toLowerCase();
    if (/^[0-9a-f]{40}$/.test(h)) rec.certificateHash = h;
    else issues.push(issue('invalid-value', `certificateHash "${hash}"`, { line: lines.start }));
  }
  return rec;
}

export const applicationHostParser: TextParser<AppHostValue, 'iis.config'> = {
  artifactId: 'iis.config',
  describe: 'IIS applicationHost.config: sites, applications, bindings, sslFlags',
  input: 'text',
  fileName: /applicationhost\.config$/i,
  sniff: (head) => {
    if (/<(sites|system\.applicationHost)[\s>]/i.test(head)) return SNIFF.sure;
    if (/<site\s[^>]{0,400}\bname=/i.test(head)) return SNIFF.likely + 0.1;
    // `<binding protocol="…" bindingInformation="…">`: one is a fragment, several are likely.
    const bindings = head.match(/<binding\s[^>]{0,400}\bbindingInformation\s*=/gi)?.length ?? 0;
    return hitScore(Math.min(bindings, 10) + (bindings > 0 ? 1 : 0));
  },
  parse: parseAppHost,
};
