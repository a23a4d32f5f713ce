/**
 * applicationHost.config's parsed value (sites, bindings, applications, `<access sslFlags>`,
 * legacy metabase hashes), and the readers of the attribute values it holds: bindingInformation,
 * binding sslFlags (numbers or names) and access sslFlags.
 */
import type { IisExpressSign } from './express.js';
import type { EvidenceRef } from '../../shared/evidence.js';

export type AppHostIssueCode =
  | 'unrecognized-line'
  | 'fragment'
  | 'invalid-value'
  | 'missing-field'
  | 'empty-input'
  | 'unsupported-variant'
  | 'duplicate-record'
  | 'malformed-xml'
  | 'iis-express';

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
  /**
   * The whole `<sites>` element was read as XML: opened and closed, no comment or elision inside,
   * no site without its name. Only then does "no site has an https binding" hold for the server.
   */
  sitesComplete?: boolean;
  /** `<access sslFlags>` of system.webServer/security (client certificates); see accessSslFlags(). */
  access?: IisAccessSslFlags[];
  /** Legacy SSL certificate hashes (id 5506) of `<customMetadata>`; see legacySslHashes(). */
  legacySslHashes?: IisLegacySslHash[];
  /** What shows it is IIS Express's file, not the server's IIS (applicationhost/express.ts). */
  iisExpress?: IisExpressSign;
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

/** The legacy metabase property of a site's SSL certificate hash (MD_SSL_CERT_HASH). */
export const LEGACY_SSL_CERT_HASH_ID = '5506';

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
