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
 * Broken XML (a config cut mid-tag, two excerpts pasted into one file) is read tag by tag
 * (applicationhost/scan.ts) instead of from the parser's tree, which nests what follows a cut
 * inside the cut element or throws: every `<site>` and `<binding>` tag is still read, with a
 * `malformed-xml` issue; `<customMetadata>` and `<access>` are text scans either way.
 *
 * Safety: fast-xml-parser with processEntities off; a DOCTYPE is refused (removed, with an
 * issue) before parsing. Line numbers come from a scan of the text (the XML parser has none):
 * the n-th `<site`/`<binding` start tag outside comments is the n-th element parsed.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { lineEvidence } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import {
  parseSslFlags,
  splitBindingInformation,
  sslFlagNames,
  type AppHostIssueCode,
  type AppHostValue,
  type IisBinding,
} from './applicationhost/model.js';
import { iisExpressSign } from './applicationhost/express.js';
import { scanSites, type ScannedBinding } from './applicationhost/scan.js';
import { accessSslFlags, legacySslHashes } from './applicationhost/sections.js';
import {
  blankComments,
  capAttributes,
  decodeXmlText,
  findDoctype,
  lineIndex,
  onlySites,
  tagLines,
  unpaste,
} from './applicationhost/text.js';
import { applicationHostRecognizer } from './sniffs.js';

// The value types and attribute readers live in applicationhost/model.ts, the text work before
// the XML parser in applicationhost/text.ts, the scans outside <sites> in applicationhost/sections.ts.
export {
  LEGACY_SSL_CERT_HASH_ID,
  SSL_FLAGS,
  parseAccessSslFlags,
  parseSslFlags,
  splitBindingInformation,
  sslFlagNames,
  type AppHostIssueCode,
  type AppHostValue,
  type IisAccessSslFlags,
  type IisApplication,
  type IisBinding,
  type IisLegacySslHash,
  type IisSite,
  type SslFlagName,
} from './applicationhost/model.js';
export { decodeXmlText } from './applicationhost/text.js';

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

function parseAppHost(input: TextInput): ParseResult<AppHostValue, AppHostIssueCode> {
  const r = readAppHost(input);
  // IIS Express's file, not the server's IIS: labelled, and set aside by the analysis.
  const sign = iisExpressSign(input.path, input.lines, r.value.sites);
  if (sign) {
    r.value.iisExpress = sign;
    r.issues.push(
      issue(
        'iis-express',
        `IIS Express configuration (${sign.signal}): not the server's IIS; no IIS rule judges its sites and bindings`,
        sign.line !== null ? { line: sign.line } : {},
        'info',
      ),
    );
  }
  return r;
}

function readAppHost(input: TextInput): ParseResult<AppHostValue, AppHostIssueCode> {
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
  const many = capAttributes(text);
  if (many.capped.length > 0) {
    const lineAt = lineIndex(text);
    text = many.text;
    for (const c of many.capped.slice(0, 10))
      issues.push(
        issue(
          'unsupported-variant',
          `an element with ${c.count} attributes (no IIS element has more than a few dozen): its attributes were not read`,
          { line: lineAt(c.index) },
          'warning',
        ),
      );
  }
  // Pasted after blank lines (or cut out of a longer paste), the declaration is no longer first.
  const decl = /^\s+<\?xml[^>]*\?>/.exec(text);
  if (decl) text = decl[0].replace(/\S/g, ' ') + text.slice(decl[0].length);
  const visible = blankComments(text);
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    // Unclosed tags are reported at line 1 whatever it holds: a blank line there is no position.
    const at = text.split('\n', valid.err.line)[valid.err.line - 1]?.trim()
      ? { line: valid.err.line, column: valid.err.col }
      : {};
    issues.push(issue('malformed-xml', valid.err.msg, at));
  }
  value.form = /<configuration[\s>]/.test(visible) ? 'full' : 'excerpt';
  // Text scans, read whether or not the XML parser copes with the rest.
  const access = accessSslFlags(input, visible, issues);
  if (access.length > 0) value.access = access;
  const legacy = legacySslHashes(input, visible, issues);
  if (legacy.length > 0) value.legacySslHashes = legacy;
  let doc: unknown;
  try {
    doc = valid === true ? xmlParser().parse(text) : undefined;
  } catch (e) {
    issues.push(issue('malformed-xml', e instanceof Error ? e.message : String(e)));
  }
  const seenIds = new Map<number, string>();
  if (doc === undefined) {
    // Broken XML (a cut config, two excerpts in one paste): the tree would lose or misplace
    // sites, so every <site> and <binding> tag is read where it stands.
    const scanned = scanSites(visible, lineIndex(visible));
    if (scanned.length === 0 && !/<sites[\s>]/.test(visible))
      issues.push(issue('missing-field', 'no <sites> element', {}, 'warning'));
    for (const sc of scanned) {
      if (sc.orphan && !pasted.bindingsOnly)
        issues.push(
          issue(
            'fragment',
            '<binding> elements outside any <site>: read as one site whose name and id are unknown',
            { line: sc.lines.start },
            'info',
          ),
        );
      addSite(value, input, sc, pasted.bindingsOnly || sc.orphan, seenIds, issues);
    }
    return { value, issues };
  }
  const sites = findSites(doc);
  if (!sites) {
    issues.push(issue('missing-field', 'no <sites> element', {}, 'warning'));
    return { value, issues };
  }
  const scanText = onlySites(visible);
  value.sitesComplete = !pasted.sitesAdded && sitesWhole(text, pasted.bindingsOnly);
  const siteLines = tagLines(scanText, 'site');
  const bindingLines = tagLines(scanText, 'binding');
  let b = 0;
  asArray(sites.site).forEach((s, si) => {
    const lines = siteLines[si] ?? { start: 1, end: input.lines.length };
    const bindingsNode =
      s.bindings && typeof s.bindings === 'object' ? (s.bindings as XmlNode) : {};
    const bindings = asArray(bindingsNode.binding).map((node) => ({
      node,
      lines: bindingLines[b++] ?? lines,
    }));
    addSite(value, input, { node: s, lines, bindings }, pasted.bindingsOnly, seenIds, issues);
  });
  return { value, issues };
}

/**
 * `<sites>…</sites>` both present, and nothing inside that says a part was left out: a comment
 * (`<!-- other sites removed -->`), an elision line (`...`, `…`), a fragment without its site.
 */
function sitesWhole(text: string, bindingsOnly: boolean): boolean {
  if (bindingsOnly) return false;
  const start = text.search(/<sites[\s>]/);
  const close = start < 0 ? -1 : text.indexOf('</sites>', start);
  if (close < 0) return false;
  const inside = text.slice(start, close);
  return !inside.includes('<!--') && !/^[ \t>]*(?:\.{3,}|…)/m.test(inside);
}

/** One site with its bindings, from the XML tree or the tag scan; `unknown`: name and id were not pasted. */
function addSite(
  value: AppHostValue,
  input: TextInput,
  s: { node: XmlNode; lines: { start: number; end: number }; bindings: ScannedBinding[] },
  unknown: boolean,
  seenIds: Map<number, string>,
  issues: ParseIssue<AppHostIssueCode>[],
): void {
  const { lines } = s;
  const name = attr(s.node, 'name') ?? '';
  if (name === '' && !unknown)
    issues.push(issue('missing-field', 'site without a name', { line: lines.start }));
  const idText = attr(s.node, 'id');
  const id = idText !== undefined && /^\d+$/.test(idText.trim()) ? Number(idText) : null;
  if (unknown) {
    // Reported once by unpaste() (or the scan); the entity says which fields are unknown.
  } else if (id === null) {
    issues.push(issue('invalid-value', `site id "${idText ?? ''}"`, { line: lines.start }));
  } else if (seenIds.has(id)) {
    issues.push(
      issue('duplicate-record', `site id ${id} also used by "${seenIds.get(id)}"`, {
        line: lines.start,
      }),
    );
  } else seenIds.set(id, name);
  value.sites.push({
    name,
    id,
    serverAutoStart: (attr(s.node, 'serverAutoStart') ?? 'true').toLowerCase() !== 'false',
    applications: asArray(s.node.application).map((a) => ({
      path: attr(a, 'path') ?? '/',
      applicationPool: attr(a, 'applicationPool') ?? null,
      physicalPath: rootPhysicalPath(a),
    })),
    bindings: s.bindings.map((bn) => binding(input, bn.node, bn.lines, issues)),
    ...(unknown && { unknownFields: ['name', 'id'] }),
    evidence: lineEvidence(input, lines.start, lines.end),
  });
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
  ...applicationHostRecognizer,
  describe: 'IIS applicationHost.config: sites, applications, bindings, sslFlags',
  parse: parseAppHost,
};
