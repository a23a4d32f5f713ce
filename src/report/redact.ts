/**
 * Redaction, as a stage over the report model (and the diff and fleet models): host names, IP
 * addresses, user and account names, and the organisation parts (O=, OU=) of certificate subjects
 * and issuers are replaced by stable tokens in every string — findings, evidence excerpts, fixes,
 * inventories, the collection log. Every renderer reads the redacted model, so HTML, JSON and
 * Markdown are redacted alike.
 *
 * Values come from two places: the facts (exact host names, addresses, SAN names, subjects, ACL
 * accounts) and detectors run over every string of the model (IPv4/IPv6, fully qualified names,
 * `O=`/`OU=` parts, `DOMAIN\user` accounts, e-mail addresses). The same value always gets the same
 * token (host names and accounts case-insensitively), also across the models of a diff or a fleet
 * when they share one `Redactor`. The mapping (token → original) is for the analyst to keep; the
 * CLI writes it to a separate local file, never into the report.
 *
 * Tokens keep the shape of what they replace where that helps to read a fix command: IPv4
 * addresses become addresses of the documentation ranges (192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24), IPv6 addresses 2001:db8::/32 ones, fully qualified names `host-N.example.test`.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { domainToUnicode } from 'node:url';
import type { Facts } from '../facts/model.js';

export type RedactionKind = 'host' | 'ip' | 'user' | 'org' | 'email' | 'thumbprint';

export interface RedactionEntry {
  token: string;
  kind: RedactionKind;
  original: string;
}

export interface RedactionMap {
  schemaVersion: 1;
  note: string;
  entries: RedactionEntry[];
}

/** Addresses that identify nobody and that fix commands need verbatim. */
const KEEP_IPS = new Set([
  '0.0.0.0',
  '127.0.0.1',
  '255.255.255.255',
  '::',
  '::1',
  '[::]',
  '[::1]',
  '0:0:0:0:0:0:0:0',
  '0:0:0:0:0:0:0:1',
]);

/** Accounts and account domains that are the same on every Windows machine. */
const WELL_KNOWN_DOMAINS = new Set(
  [
    'NT AUTHORITY',
    'BUILTIN',
    'NT SERVICE',
    'IIS APPPOOL',
    'APPLICATION PACKAGE AUTHORITY',
    'NT VIRTUAL MACHINE',
    'Window Manager',
    'Font Driver Host',
    'HKLM',
    'HKCU',
    'HKU',
    'HKCR',
    'HKCC',
    'HKEY_LOCAL_MACHINE',
    'HKEY_CURRENT_USER',
    'HKEY_USERS',
    'HKEY_CLASSES_ROOT',
    'HKEY_CURRENT_CONFIG',
    // Certificate store and registry path segments that look like DOMAIN\name.
    'LocalMachine',
    'CurrentUser',
    'My',
    'Root',
    'CA',
    'AuthRoot',
    'TrustedPeople',
    'WebHosting',
    'HTTP',
    'Services',
    'Parameters',
    'Control',
    'SCHANNEL',
    'Protocols',
    'Ciphers',
    'Hashes',
    'SYSTEM',
    'SOFTWARE',
    'Microsoft',
    'Crypto',
    'RSA',
    'Keys',
    'MachineKeys',
    'inetsrv',
    'System32',
    'Windows',
    'Cert:',
  ].map((s) => s.toUpperCase()),
);

/** Public vendor domains in references and well-known URLs: identifying nobody. */
const PUBLIC_DOMAINS = [
  'microsoft.com',
  'windows.com',
  'windowsupdate.com',
  'windows.net',
  'msft.net',
  'w3.org',
  'ietf.org',
  'iana.org',
  'mozilla.org',
  'github.com',
  'digicert.com',
  'letsencrypt.org',
  'lencr.org',
  'globalsign.com',
  'sectigo.com',
  'verisign.com',
  'entrust.net',
  'example.test',
];

/** Name endings that are file types, not top-level domains (`applicationHost.config`, `w3wp.exe`). */
const FILE_ENDINGS = new Set(
  'txt xml json config exe dll sys csv reg req rsp csr p10 p12 sst evt cer crt pem pfx p7b key log md html htm ps1 psm1 cmd bat zip pcap pcapng etl evtx inf ini msc msi cab tmp bak old dat db js ts css hbs png svg'.split(
    ' ',
  ),
);

const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)/g;
// Candidates only; isIPv6() decides. At least two colons and a hex digit or `::`.
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\w+)?(?![\w:])/g;
// Labels may be Unicode (IDN as users type them: `bücher.contoso.de`); the boundaries are
// Unicode-aware so a name is never cut after a non-ASCII letter (`cher.contoso.de`).
const FQDN =
  /(?<![\p{L}\p{N}_.@-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}[\p{L}\p{N}-]{1,62}(?![\p{L}\p{N}_-]|\.[\p{L}\p{N}])/gu;
// A user profile folder in a path: `C:\Users\jdoe\AppData\…` names the user (also as JSON writes it, `C:\\Users\\jdoe`).
const PROFILE =
  /(?<![\p{L}\p{N}])[A-Za-z]:\\{1,2}(?:Users|Documents and Settings)\\{1,2}([^\\/:*?"<>|\r\n]{1,64})(?=[\\"'\s]|$)/giu;
/** Profile folders that name nobody. */
const WELL_KNOWN_PROFILES = new Set(
  ['Public', 'Default', 'Default User', 'All Users', 'defaultuser0', 'Administrator'].map((s) =>
    s.toLowerCase(),
  ),
);
// Registry values written as bytes (`reg export`): REG_MULTI_SZ `hex(7):31,00,…`, REG_SZ /
// REG_EXPAND_SZ `hex(1)` / `hex(2)`, REG_BINARY `hex:` (a certificate hash), continued over
// lines with a trailing backslash.
const REG_HEX = /hex(\([0-9a-fA-F]\))?:((?:[0-9a-fA-F]{2}(?:,(?:\\\r?\n[ \t]*)?)?)+)/g;
// A SHA-1 written as spaced bytes (older certutil): `a3 a2 4d … 88 c3`.
const SPACED_SHA1 = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2} ){19}[0-9A-Fa-f]{2}(?![0-9A-Fa-f])/g;
const EMAIL = /(?<![\w.+-])[\w.+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}(?![\w-])/g;
// O= / OU= parts of a distinguished name, quoted or up to the next separator.
const ORG =
  /(?<![A-Za-z])(?:O|OU)\s*=\s*("(?:[^"]|"")*"|[^,;+/\n\r<>"=]+?)(?=\s*(?:[,;+/\n\r<"]|$))/g;
// DOMAIN\account: the domain after a separator (no path before it), the account up to a separator.
const ACCOUNT =
  /(?<=^|[\s'">(=,;])([A-Za-z0-9][\w.-]{0,14}|NT AUTHORITY|NT SERVICE|IIS APPPOOL)\\([\w.$-]{1,64})(?=:\(|[\s'"<),;]|$)/gm;

/** Four-arc OIDs of X.509 (2.5.29.37 = EKU extension) read like IPv4 addresses. */
const OID_LIKE = /^(2\.5|2\.16|1\.2|1\.3)\./;

const IP_POOLS = ['192.0.2.', '198.51.100.', '203.0.113.'];

function unquoteDn(v: string): string {
  const s = v.trim();
  return s.startsWith('"') && s.endsWith('"') && s.length >= 2
    ? s.slice(1, -1).replace(/""/g, '"').trim()
    : s;
}

function isPublicDomain(name: string): boolean {
  const n = name.toLowerCase();
  return PUBLIC_DOMAINS.some((d) => n === d || n.endsWith(`.${d}`));
}

/** Dotted product names that are not host names. */
const NOT_HOSTS = new Set(['asp.net', 'vb.net', 'ado.net', 'system.net', 'http.sys']);

/** First labels of artifact ids (`cert.store`) and fact paths (`site.name`): not host names. */
const ID_PREFIXES = new Set(
  'cert events httpsys iis net schannel dotnet capture collector manifest host binding certificate site listener iisbinding eventgroup eventlog protocolpolicy connection'.split(
    ' ',
  ),
);

function looksLikeFqdn(name: string): boolean {
  const last = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  const first = name.slice(0, name.indexOf('.')).toLowerCase();
  return (
    name.includes('.') &&
    !ID_PREFIXES.has(first) &&
    !FILE_ENDINGS.has(last) &&
    !/^\d+$/.test(last) &&
    !NOT_HOSTS.has(name.toLowerCase())
  );
}

/** A value the facts know to be sensitive; `scan` = run the detectors over it (a subject DN). */
export interface SensitiveValue {
  kind: RedactionKind | 'scan';
  value: string;
}

/**
 * The sensitive values the facts name exactly. Plain data, so a fleet worker can send it to the
 * main thread instead of the facts.
 */
export function sensitiveValues(facts: Facts): SensitiveValue[] {
  const out: SensitiveValue[] = [];
  const push = (kind: SensitiveValue['kind'], value: string | null | undefined): void => {
    if (value) out.push({ kind, value });
  };
  push('host', facts.host.name);
  for (const a of facts.host.ipListen ?? []) push('ip', a);
  // Files that disagree about their host: short host names and the machine's own addresses.
  for (const c of facts.host.conflicts ?? [])
    for (const v of c.values)
      if (c.aspect === 'name') push('host', v.value);
      else if (c.aspect === 'address') for (const a of v.value.split(', ')) push('ip', a);
  for (const a of facts.ipListen?.addresses ?? []) push('ip', a);
  for (const b of facts.bindings ?? []) {
    push('host', b.hostname);
    push('ip', b.address);
    push('thumbprint', b.certificateHash);
  }
  for (const b of facts.iisBindings ?? []) {
    push('host', b.host);
    push('ip', b.address);
    push('thumbprint', b.configuredCertificateHash);
    push('thumbprint', b.suggestedCertificateHash);
  }
  for (const l of facts.listeners ?? []) push('ip', l.localAddress);
  for (const g of facts.eventGroups ?? []) {
    for (const c of g.computers ?? []) push('host', c);
    push('host', g.serverName);
    push('scan', g.subjectName);
    push('thumbprint', g.certificateThumbprint);
  }
  // Captured handshakes: the SNI name and the certificate seen on the wire.
  for (const e of facts.handshakeEndpoints ?? []) {
    push('host', e.serverName);
    push('scan', e.wireCertificateSubject);
    push('scan', e.wireCertificateIssuer);
  }
  // Captured handshakes: the SNI names clients asked for (`intranet` has no dot for a detector
  // to find), the addresses, the certificate on the wire.
  for (const c of facts.connections ?? []) {
    push('host', c.serverName);
    push('ip', c.clientAddress);
    push('ip', c.serverAddress);
    push('scan', c.wireCertificateSubject);
    push('thumbprint', c.wireCertificateThumbprint);
    push('thumbprint', c.boundCertificateThumbprint);
  }
  for (const g of facts.handshakeGroups ?? []) push('host', g.serverName);
  // The time source w32tm names (a domain controller, an internal NTP server).
  if (facts.host.clock?.source && looksLikeFqdn(facts.host.clock.source.split(',')[0]!))
    push('host', facts.host.clock.source.split(',')[0]);
  for (const c of facts.certificates ?? []) {
    push('thumbprint', c.thumbprint);
    push('thumbprint', c.chainRootThumbprint);
    for (const x of c.chain ?? []) push('thumbprint', x.thumbprint);
    for (const dn of [c.subject, c.issuer, ...(c.chain ?? []).map((x) => x.subject)])
      push('scan', dn);
    for (const n of [...(c.sanDns ?? []), ...(c.boundNames ?? []), ...(c.wireServerNames ?? [])])
      push('host', n);
    for (const d of c.conflicts ?? [])
      if (d.field === 'subject' || d.field === 'issuer') push('scan', d.other);
    for (const ip of c.sanIp ?? []) push('ip', ip);
    if (c.subjectCommonName && looksLikeFqdn(c.subjectCommonName))
      push('host', c.subjectCommonName);
    for (const ace of c.keyAclEntries ?? []) push('scan', ace);
  }
  return out;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entry?: RedactionEntry;
}

/** ASCII letters, digits and `_`, or any Unicode letter or digit: what continues a word. */
const WORD_RE = /[\p{L}\p{N}_]/u;
function isWord(c: string | undefined): boolean {
  if (c === undefined) return false;
  const n = c.charCodeAt(0);
  if (n < 128)
    return (n >= 48 && n <= 57) || (n >= 65 && n <= 90) || (n >= 97 && n <= 122) || n === 95;
  return WORD_RE.test(c);
}
const isAlnum = (c: string | undefined): boolean => c !== undefined && c !== '_' && isWord(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
/** One UTF-16 unit, lower-cased when that keeps it one unit (so positions stay aligned). */
const lowerUnit = (c: string): string => {
  const l = c.toLowerCase();
  return l.length === 1 ? l : c;
};

/** The bytes of a `reg export` hex value, or null when they are not pairs of hex digits. */
function hexBytes(list: string): number[] {
  return list
    .replace(/\\\r?\n[ \t]*/g, '')
    .split(',')
    .filter((x) => x !== '')
    .map((x) => parseInt(x, 16));
}

/** Writes bytes back as `reg export` does, over as many lines as the original took. */
function hexText(bytes: readonly number[], lines: number): string {
  const parts = bytes.map((b) => b.toString(16).padStart(2, '0'));
  if (lines <= 1) return parts.join(',');
  const per = Math.ceil(parts.length / lines);
  const rows: string[] = [];
  for (let i = 0; i < parts.length; i += per) rows.push(parts.slice(i, i + per).join(','));
  return rows.join(',\\\n  ');
}

/** UTF-16LE strings of a REG_SZ / REG_EXPAND_SZ / REG_MULTI_SZ value (NUL-separated). */
function utf16Strings(bytes: readonly number[]): string[] {
  const units: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) units.push(bytes[i]! | (bytes[i + 1]! << 8));
  return String.fromCharCode(...units.slice(0, 65536))
    .split('\0')
    .filter((x) => x !== '');
}

function utf16Bytes(strings: readonly string[], tail: number): number[] {
  const out: number[] = [];
  for (const str of strings) {
    for (let i = 0; i < str.length; i++) {
      const u = str.charCodeAt(i);
      out.push(u & 0xff, u >> 8);
    }
    out.push(0, 0);
  }
  for (let i = 0; i < tail; i++) out.push(0, 0);
  return out;
}

export interface RedactorOptions {
  /**
   * Redact certificate thumbprints (default true): a public certificate's thumbprint finds its
   * host names in Certificate Transparency logs. The mapping keeps them for the analyst.
   */
  thumbprints?: boolean;
}

/**
 * Collects sensitive values and replaces them with stable tokens. One instance per report set.
 * Replacement is one left-to-right pass over each string with a trie of every value
 * (lower-cased), longest match first: linear in the text whatever the number of values
 * (one regex alternating over 8,000 addresses took minutes).
 */
export class Redactor {
  private readonly byKey = new Map<string, RedactionEntry>();
  private readonly counters: Record<RedactionKind, number> = {
    host: 0,
    ip: 0,
    user: 0,
    org: 0,
    email: 0,
    thumbprint: 0,
  };
  private readonly root: TrieNode = { next: new Map() };
  readonly thumbprints: boolean;

  constructor(options: RedactorOptions = {}) {
    this.thumbprints = options.thumbprints ?? true;
  }

  private static key(kind: RedactionKind, value: string): string {
    // Host names, accounts and organisations compare case-insensitively, like Windows does.
    return kind === 'ip' || kind === 'thumbprint'
      ? `${kind}|${value.toLowerCase()}`
      : `x|${value.toLowerCase()}`;
  }

  /** Registers a value (ignored when empty, too short to be meaningful, or well known). */
  add(kind: RedactionKind, raw: string | null | undefined): void {
    if (raw === null || raw === undefined) return;
    let value = raw.trim();
    if (kind === 'ip') value = value.replace(/^\[|\]$/g, '').replace(/%\w+$/, '');
    if (kind === 'host') value = value.replace(/\.$/, '').replace(/^\*\./, '');
    if (kind === 'thumbprint') value = value.replace(/[\s:]/g, '').toLowerCase();
    if (value.length < 2) return;
    if (kind === 'thumbprint' && (!this.thumbprints || !/^[0-9a-f]{40}$/.test(value))) return;
    if (kind === 'ip' && (KEEP_IPS.has(value) || !(isIPv4(value) || isIPv6(value)))) return;
    if (kind === 'host' && (isPublicDomain(value) || isIPv4(value) || /^[\d.]+$/.test(value)))
      return;
    if (kind === 'host' && /^(localhost|\*|\+)$/i.test(value)) return;
    if (kind === 'host' && /(^|\.)xn--/i.test(value)) {
      // A punycode name is also written in Unicode by the people who type it.
      const unicode = domainToUnicode(value);
      if (unicode && unicode !== value) this.add('host', unicode);
    }
    const k = Redactor.key(kind, value);
    if (this.byKey.has(k)) return;
    const entry: RedactionEntry = { token: this.nextToken(kind, value), kind, original: value };
    this.byKey.set(k, entry);
    this.insert(entry);
  }

  private insert(entry: RedactionEntry): void {
    let node = this.root;
    for (const c of entry.original) {
      for (let i = 0; i < c.length; i++) {
        const u = lowerUnit(c[i]!);
        let next = node.next.get(u);
        if (!next) node.next.set(u, (next = { next: new Map() }));
        node = next;
      }
    }
    // Two spellings of one value (case) share a node; the first registered keeps it.
    node.entry ??= entry;
  }

  private nextToken(kind: RedactionKind, value: string): string {
    const n = ++this.counters[kind];
    switch (kind) {
      case 'ip':
        if (isIPv6(value)) return `2001:db8::${n.toString(16)}`;
        return `${IP_POOLS[Math.floor((n - 1) / 254) % IP_POOLS.length]}${((n - 1) % 254) + 1}`;
      case 'host':
        return value.includes('.') ? `host-${n}.example.test` : `HOST-${n}`;
      case 'user':
        return value.includes('\\') ? `REDACTED\\user-${n}` : `user-${n}`;
      case 'email':
        return `user-${n}@example.test`;
      case 'org':
        return `Org-${n}`;
      case 'thumbprint':
        // Still 40 hex digits, so a fix command keeps its shape; no real SHA-1 starts with 30 zeros.
        return n.toString(16).padStart(40, '0');
    }
  }

  /** Runs the detectors over one string and registers what they find. */
  scan(text: string): void {
    if (text.length === 0) return;
    if (text.includes('hex'))
      for (const m of text.matchAll(REG_HEX)) {
        if (m[1] === undefined) continue;
        for (const v of utf16Strings(hexBytes(m[2] ?? ''))) this.scan(v);
      }
    for (const m of text.matchAll(IPV4))
      if (isIPv4(m[0]) && !OID_LIKE.test(m[0])) this.add('ip', m[0]);
    if (text.includes(':'))
      for (const m of text.matchAll(IPV6))
        if (isIPv6(m[0].replace(/%\w+$/, ''))) this.add('ip', m[0]);
    if (text.includes('@')) for (const m of text.matchAll(EMAIL)) this.add('email', m[0]);
    if (text.includes('.'))
      for (const m of text.matchAll(FQDN)) if (looksLikeFqdn(m[0])) this.add('host', m[0]);
    if (text.includes('='))
      for (const m of text.matchAll(ORG)) {
        const v = unquoteDn(m[1] ?? '');
        if (v) this.add('org', v);
      }
    if (text.includes('\\')) {
      for (const m of text.matchAll(ACCOUNT)) {
        const domain = m[1] ?? '';
        const name = m[2] ?? '';
        if (WELL_KNOWN_DOMAINS.has(domain.toUpperCase())) continue;
        // `1.2\Server` (a protocol key), `My\<thumbprint>` (a store path) are not accounts.
        if (!/^[A-Za-z]/.test(domain) || /^[0-9a-f]{40}$/i.test(name)) continue;
        this.add('user', m[0]);
      }
      for (const m of text.matchAll(PROFILE)) {
        const name = (m[1] ?? '').trim();
        if (name && !WELL_KNOWN_PROFILES.has(name.toLowerCase())) this.add('user', name);
      }
    }
  }

  /** Registers what the facts know for sure: names, addresses, subjects, accounts. */
  addFacts(facts: Facts): void {
    this.addValues(sensitiveValues(facts));
  }

  addValues(values: readonly SensitiveValue[]): void {
    for (const v of values)
      if (v.kind === 'scan') this.scan(v.value);
      else this.add(v.kind, v.value);
  }

  /** Does `entry` stand alone at text[start, end)? The same boundaries as the tokens' shapes. */
  private static bounded(
    entry: RedactionEntry,
    text: string,
    start: number,
    end: number,
    loose: boolean,
  ): boolean {
    const before = text[start - 1];
    const after = text[end];
    switch (entry.kind) {
      case 'ip':
        if (isIPv4(entry.original))
          return (
            !isDigit(before) &&
            before !== '.' &&
            !isDigit(after) &&
            !(after === '.' && isDigit(text[end + 1]))
          );
        return (
          !isWord(before) &&
          before !== ':' &&
          before !== '.' &&
          !isWord(after) &&
          !(after === ':' && /^:[0-9A-Fa-f]*:/.test(text.slice(end, end + 7)))
        );
      case 'thumbprint':
        return !isAlnum(before) && !isAlnum(after);
      default:
        if (loose) return !isAlnum(before) && !isAlnum(after);
        return (
          !isWord(before) &&
          before !== '-' &&
          !isWord(after) &&
          after !== '-' &&
          !(after === '.' && isAlnum(text[end + 1]))
        );
    }
  }

  /** The longest registered value starting at `i` that stands alone there, and its end. */
  private matchAt(text: string, i: number, loose: boolean): [RedactionEntry, number] | null {
    let node = this.root.next.get(lowerUnit(text[i]!));
    let best: [RedactionEntry, number] | null = null;
    for (let j = i + 1; node; j++) {
      if (node.entry && Redactor.bounded(node.entry, text, i, j, loose)) best = [node.entry, j];
      if (j >= text.length) break;
      node = node.next.get(lowerUnit(text[j]!));
    }
    return best;
  }

  /** Replaces every registered value in a string. */
  apply(text: string, loose = false): string {
    if (this.byKey.size === 0 || text.length === 0) return text;
    let src = text;
    // Values written as bytes or spaced bytes are decoded, redacted and written back.
    if (src.includes('hex'))
      src = src.replace(REG_HEX, (m, type, list) => this.applyHex(m, type, list));
    if (this.counters.thumbprint > 0 && src.includes(' '))
      src = src.replace(SPACED_SHA1, (m) => {
        const e = this.byKey.get(`thumbprint|${m.replace(/ /g, '').toLowerCase()}`);
        return e ? (e.token.match(/../g) ?? []).join(' ') : m;
      });
    let out = '';
    let last = 0;
    for (let i = 0; i < src.length;) {
      const hit = this.root.next.has(lowerUnit(src[i]!)) ? this.matchAt(src, i, loose) : null;
      if (!hit) {
        i++;
        continue;
      }
      out += src.slice(last, i) + hit[0].token;
      last = i = hit[1];
    }
    return last === 0 ? src : out + src.slice(last);
  }

  private applyHex(match: string, type: string | undefined, list: string): string {
    const bytes = hexBytes(list);
    const lines = (list.match(/\\\r?\n/g) ?? []).length + 1;
    const rest = match.slice(match.indexOf(':') + 1 + list.length);
    if (type === undefined) {
      // REG_BINARY: a 20-byte value is a certificate hash when it is a registered thumbprint.
      if (bytes.length !== 20) return match;
      const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
      const e = this.byKey.get(`thumbprint|${hex}`);
      if (!e) return match;
      return `hex:${hexText(
        (e.token.match(/../g) ?? []).map((h) => parseInt(h, 16)),
        lines,
      )}${rest}`;
    }
    const strings = utf16Strings(bytes);
    const redacted = strings.map((x) => this.apply(x));
    if (redacted.every((x, i) => x === strings[i])) return match;
    // Keep the value's terminating NULs: REG_MULTI_SZ ends with an empty string.
    let tail = 0;
    for (let i = bytes.length - 2; i >= 0 && bytes[i] === 0 && bytes[i + 1] === 0; i -= 2) tail++;
    return `hex${type}:${hexText(utf16Bytes(redacted, Math.max(0, tail - 1)), lines)}${rest}`;
  }

  get size(): number {
    return this.byKey.size;
  }

  map(): RedactionMap {
    return {
      schemaVersion: 1,
      note: 'tls-doctor redaction map: token → original value. Keep it local; do not share it with the report.',
      entries: [...this.byKey.values()],
    };
  }
}

/**
 * Text the tool wrote (rule titles, explanations, references, column headers) is not scanned by
 * the detectors — it names products (`ASP.NET`), not customers — but is still rewritten, so a value
 * found elsewhere never survives in it.
 */
const TOOL_TEXT = new Set([
  'title',
  'explanation',
  'references',
  'headers',
  'ruleId',
  'artifactId',
  'missing',
  'artifacts',
  'missingArtifacts',
]);

function walkStrings(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const v of value) walkStrings(v, visit);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) if (!TOOL_TEXT.has(k)) walkStrings(v, visit);
}

/** Rule and inventory prose: never holds evidence, so a host named like a word cannot mangle it. */
const STATIC_TEXT = new Set(['title', 'explanation', 'references', 'headers', 'aspectTitle']);

function mapStrings(value: unknown, f: (s: string, key: string) => string, key = ''): unknown {
  if (typeof value === 'string') return STATIC_TEXT.has(key) ? value : f(value, key);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f, key));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f, k)]));
  return value;
}

/** The input as given (`C:\\Users\\alice\\Downloads\\contoso-web01.zip`): its file name only, loosely redacted. */
const sourceName = (s: string): string => s.split(/[\\/]/).filter(Boolean).pop() ?? s;

/**
 * Returns a redacted copy of a JSON-like model (report, diff or fleet model). Registers the values
 * the facts name and the detectors find, then replaces them in every string. Sets `host.redacted`
 * where the model has a host.
 */
export function redactModel<T>(model: T, redactor: Redactor, facts?: readonly Facts[]): T {
  for (const f of facts ?? []) redactor.addFacts(f);
  walkStrings(model, (s) => redactor.scan(s));
  const out = mapStrings(model, (s, key) =>
    key === 'source' ? redactor.apply(sourceName(s), true) : redactor.apply(s),
  ) as T;
  markRedacted(out);
  return out;
}

function markRedacted(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) markRedacted(v);
    return;
  }
  const o = value as Record<string, unknown>;
  if (o['host'] && typeof o['host'] === 'object' && 'redacted' in (o['host'] as object))
    (o['host'] as Record<string, unknown>)['redacted'] = true;
  for (const v of Object.values(o)) if (v && typeof v === 'object') markRedacted(v);
}
