/**
 * `certificates/store.json` (artifact `cert.store`): certificate metadata from
 * `Get-ChildItem Cert:\LocalMachine\{My,WebHosting,CA,Root}`, written by the collector with
 * `ConvertTo-Json -Depth 4`. Metadata only: the private key never leaves the server; the collector
 * only records whether it exists and whether it could be opened. Documented for collector authors in
 * docs/bundle-format.md § cert.store. The shape (field names are matched case-insensitively):
 *
 *   {
 *     "formatVersion": 1,
 *     "certificates": [
 *       {
 *         "Store": "My",                          // Cert:\LocalMachine\<Store>: My, WebHosting, CA, Root, …
 *         "StoreLocation": "LocalMachine",
 *         "Thumbprint": "A3A24DDC…",              // SHA-1, hex; spaces and U+200E are tolerated
 *         "Subject": "CN=www.contoso.com, O=Contoso Ltd, C=US",
 *         "Issuer": "CN=…",
 *         "SerialNumber": "3001",
 *         "FriendlyName": "",
 *         "NotBefore": "\/Date(1748736000000)\/",  // PS 5.1; PS 7 writes ISO 8601 with offset
 *         "NotAfter": "2028-06-01T00:00:00+00:00",
 *         "HasPrivateKey": true,                  // X509Certificate2.HasPrivateKey (key PROPERTY linked)
 *         "Archived": false,
 *         "SignatureAlgorithm": "1.2.840.113549.1.1.11",   // or { "FriendlyName", "Value" }
 *         "HasEkuExtension": true,                // EnhancedKeyUsageList is empty both without EKU and …
 *         "EnhancedKeyUsageList": ["1.3.6.1.5.5.7.3.1"],   // OIDs; or [{ "FriendlyName", "ObjectId" }]
 *         "DnsNameList": ["www.contoso.com"],     // or [{ "Punycode", "Unicode" }]
 *         "KeyAlgorithm": "RSA", "KeySize": 2048,
 *         "KeyParameters": "06052b81040022",     // EC keys (issue 16): the curve OID's DER as hex; null for RSA
 *         "KeyProvider": "Microsoft Software Key Storage Provider",
 *         "KeyProviderType": 0,                   // 0 = CNG/KSP, 1 = RSA full, 12 = RSA SChannel, …
 *         "KeyContainer": "te-WebServer-…",       // container name (CAPI) or key name (CNG)
 *         "KeyUniqueName": "46f11b40…_7989b711-…",  // file name under MachineKeys or Keys
 *         "KeyFilePath": "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\46f11b40…",
 *         "KeyFileExists": true,
 *         "KeyAccessible": true,                  // the collector opened the key; false + error if not
 *         "KeyAccessError": null,                 // e.g. "Keyset does not exist (0x80090016)"
 *         "KeyExportable": false,
 *         "KeySpec": 1                            // CAPI keys: CspKeyContainerInfo.KeyNumber (1 Exchange, 2 Signature); null for CNG
 *       }
 *     ],
 *     "errors": [{ "Store": "WebHosting", "Error": "Cannot find path …" }],
 *     "stores": ["My", "WebHosting", "CA", "Root", "AuthRoot", "Disallowed", "ClientAuthIssuer"]
 *   }
 *
 * `stores` (newer collectors; absent in older bundles) lists every store the collector asked for, so an empty
 * store that was read (no Disallowed entry) is told from one that was not collected (`storesRead`
 * = `stores` minus those in `errors`). Stores beyond My/WebHosting/CA/Root: AuthRoot (trusted
 * roots Windows fetched), Disallowed (explicitly distrusted), ClientAuthIssuer, and the store each
 * binding names.
 *
 * Variations accepted: a bare array or a single object instead of the wrapper (PowerShell 5.1
 * unrolls one-element arrays); camelCase names; dates as `\/Date(ms)\/` (with an optional
 * `+hhmm`), ISO 8601, or the PS 5.1 `{ "value": "\/Date(…)\/", "DateTime": "…" }` wrapper;
 * EKU / DNS entries flattened to strings by a too-small -Depth (`@{FriendlyName=…; ObjectId=…}`,
 * `Server Authentication (1.3.6.1.5.5.7.3.1)`). Locale-formatted date strings are not guessed:
 * they become null with an `invalid-value` issue. The parser never trusts "HasPrivateKey" alone:
 * facts combine it with certutil and the key file.
 *
 * Issues: `empty-input`, `invalid-json` (nothing usable: ParseError), `missing-field`
 * (no thumbprint: record skipped), `invalid-value`, `duplicate-record`, `store-error`
 * (the collector could not read a store).
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  ParseError,
  issue,
  type ParseIssue,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { oidFromHex } from './der.js';
import { pastedJson } from './text-cleanup.js';
import { certStoreRecognizer } from './sniffs.js';

export type CertStoreIssueCode =
  | 'empty-input'
  | 'invalid-json'
  | 'missing-field'
  | 'invalid-value'
  | 'duplicate-record'
  | 'store-error'
  | 'unrecognized-line';

export interface StoreCertificate {
  store: string;
  storeLocation: string | null;
  /** Lower-case hex, no spaces. */
  thumbprint: string;
  subject: string | null;
  issuer: string | null;
  serialNumber: string | null;
  friendlyName: string | null;
  notBefore: string | null;
  notAfter: string | null;
  hasPrivateKey: boolean | null;
  archived: boolean | null;
  signatureAlgorithm: string | null;
  /** EKU OIDs; null when the field is absent. */
  eku: string[] | null;
  hasEkuExtension: boolean | null;
  dnsNames: string[];
  keyAlgorithm: string | null;
  keySize: number | null;
  /** EC keys: the named-curve OID decoded from `KeyParameters` (the parameters' DER as hex; issue 16 collectors). */
  keyCurveOid?: string | null;
  keyProvider: string | null;
  keyProviderType: number | null;
  keyContainer: string | null;
  keyUniqueName: string | null;
  keyFilePath: string | null;
  keyFileExists: boolean | null;
  keyAccessible: boolean | null;
  keyAccessError: string | null;
  keyExportable: boolean | null;
  /** CspKeyContainerInfo.KeyNumber of a CAPI key (1 Exchange, 2 Signature; a name as some collectors write it); null when absent. */
  keySpec?: number | string | null;
  /** PowerShell listings (cert-powershell.ts) print host-local times: `YYYY-MM-DDTHH:MM`, no zone. */
  notBeforeLocal?: string | null;
  notAfterLocal?: string | null;
  /** An ambiguous local date's two readings (month first, day first): what both agree on is still known. */
  notBeforeReadings?: [string, string];
  notAfterReadings?: [string, string];
  /** Which form it was read from; absent = store.json. */
  source?: 'json' | 'powershell-table' | 'powershell-list' | 'powershell-csv';
  /**
   * `hasPrivateKey` read from the listing's command line, not from a column: `Get-ChildItem
   * Cert:\… | Where-Object { -not $_.HasPrivateKey }` lists only certificates without a key
   * (cert-powershell.ts). The filter as typed and the command line as evidence.
   */
  hasPrivateKeyFilter?: { filter: string; evidence: EvidenceRef };
  evidence: EvidenceRef;
}

export interface CertStoreValue {
  formatVersion: number | null;
  certificates: StoreCertificate[];
  storeErrors: { store: string; error: string; evidence: EvidenceRef }[];
  /**
   * The stores the collector read (its `stores` list minus those with an error): an empty store
   * (no Disallowed entry) is evidence only when it was read. Absent in older bundles.
   */
  storesRead?: string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: Json | undefined): v is Obj =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Case-insensitive property lookup over several names. */
function get(o: Obj, ...names: string[]): Json | undefined {
  for (const n of names) {
    const k = Object.keys(o).find((key) => key.toLowerCase() === n.toLowerCase());
    if (k !== undefined) return o[k];
  }
  return undefined;
}

function str(v: Json | undefined): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}
function bool(v: Json | undefined): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  if (typeof v === 'number') return v !== 0;
  return null;
}
function num(v: Json | undefined): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v);
  return null;
}

export function normalizeThumbprint(v: string): string {
  return v.replace(/[\s\u200e\u200f\u202a-\u202e\ufeff:]/g, '').toLowerCase();
}

/** PowerShell date forms → ISO UTC; undefined when present but not understood. */
export function psDate(v: Json | undefined): string | null | undefined {
  if (v === undefined || v === null || v === '') return null;
  if (isObj(v)) return psDate(get(v, 'value', 'DateTime'));
  if (typeof v !== 'string') return undefined;
  const ms = /^\/?Date\((-?\d+)([+-]\d{4})?\)\/?$/.exec(v.replace(/\\\//g, '/').replace(/^\//, ''));
  if (ms) {
    // Beyond ±8.64e15 ms a Date is invalid and toISOString() throws (found by fuzzing).
    const d = new Date(Number(ms[1]));
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace('.000Z', 'Z');
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v)) {
    // An ISO string without offset is PowerShell's DateTimeKind.Local: we cannot know the zone.
    if (!/(Z|[+-]\d{2}:?\d{2})$/.test(v)) return undefined;
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString().replace('.000Z', 'Z');
  }
  return undefined;
}

const OID = /\b(\d+(?:\.\d+){3,})\b/;

function ekuList(v: Json | undefined): string[] | null {
  if (v === undefined || v === null) return null;
  const items = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const item of items) {
    if (isObj(item)) {
      const id = str(get(item, 'ObjectId', 'Oid', 'Value'));
      if (id && OID.test(id)) out.push(OID.exec(id)![1]!);
    } else if (typeof item === 'string') {
      const m = OID.exec(item);
      if (m) out.push(m[1]!);
    }
  }
  return out;
}

function dnsList(v: Json | undefined): string[] {
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const item of items) {
    if (isObj(item)) {
      const n = str(get(item, 'Punycode', 'Unicode'));
      if (n) out.push(n);
    } else if (typeof item === 'string') {
      const m = /Punycode=([^;}]+)/.exec(item);
      out.push((m ? m[1]! : item).trim());
    }
  }
  return out.filter((n) => n !== '');
}

/** `Cert:\\LocalMachine\\My`, `Microsoft.PowerShell.Security\\Certificate::LocalMachine\\My` → `My`. */
function storeFromPath(v: string): string | null {
  return /(?:LocalMachine|CurrentUser)\\([^\\]+)\\?$/i.exec(v)?.[1] ?? null;
}

interface Span {
  depth: number;
  /** Character offsets of the opening and closing bracket. */
  open: number;
  close: number;
  start: number;
  end: number;
}

/** Every JSON object and array with its depth, offsets and lines (strings respected). */
function spans(text: string): { objects: Span[]; arrays: Span[] } {
  const objects: Span[] = [];
  const arrays: Span[] = [];
  const stack: { ch: string; line: number; open: number }[] = [];
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    // A lone CR ends a line too (as input.lines counts them: a paste with old Mac line ends).
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push({ ch: c, line, open: i });
    else if (c === '}' || c === ']') {
      const o = stack.pop();
      if (!o) continue;
      const span = { depth: stack.length, open: o.open, close: i, start: o.line, end: line };
      (c === '}' ? objects : arrays).push(span);
    }
  }
  return { objects, arrays };
}

/** Line ranges of the record objects: the elements of the top array or of "certificates". */
function recordRanges(text: string, wrapped: boolean): { start: number; end: number }[] {
  const { objects, arrays } = spans(text);
  if (!wrapped) {
    const top = arrays.find((a) => a.depth === 0);
    if (!top) return objects.filter((o) => o.depth === 0);
    return objects.filter((o) => o.depth === 1);
  }
  const key = /"certificates"\s*:\s*\[/i.exec(text);
  if (!key) return [];
  const open = key.index + key[0].length - 1;
  const arr = arrays.find((a) => a.open === open);
  if (!arr) return [];
  return objects
    .filter((o) => o.depth === arr.depth + 1 && o.open > arr.open && o.close < arr.close)
    .sort((a, b) => a.open - b.open);
}

export function parseCertStore(input: TextInput): ParseResult {
  const issues: ParseIssue<CertStoreIssueCode>[] = [];
  const value: CertStoreValue = { formatVersion: null, certificates: [], storeErrors: [] };
  const { text, issues: noise } = pastedJson(input.text);
  issues.push(...noise);
  if (text.trim() === '') {
    issues.push(issue('empty-input', 'store.json is empty', { line: 1 }, 'error'));
    return { value, issues };
  }
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (e) {
    throw new ParseError('invalid-json', `store.json is not valid JSON: ${(e as Error).message}`);
  }
  let records: Json[];
  let wrapped = false;
  if (Array.isArray(root)) {
    records = root;
  } else if (isObj(root) && Array.isArray(get(root, 'certificates'))) {
    records = get(root, 'certificates') as Json[];
    wrapped = true;
    value.formatVersion = num(get(root, 'formatVersion'));
  } else if (isObj(root)) {
    records = [root];
  } else {
    throw new ParseError('invalid-json', 'store.json holds neither an object nor an array');
  }
  const found = recordRanges(text, wrapped);
  // Evidence lines only when every record object was located (non-objects break the pairing).
  const ranges = found.length === records.length ? found : [];
  const evidenceFor = (idx: number, label?: string): EvidenceRef => {
    const r = ranges[idx] ?? { start: 1, end: input.lines.length };
    return lineEvidence(input, r.start, r.end, label);
  };

  if (isObj(root)) {
    const listed = get(root, 'stores');
    if (Array.isArray(listed)) {
      const names = listed.filter((n): n is string => typeof n === 'string' && n.trim() !== '');
      if (names.length !== listed.length)
        issues.push(issue('invalid-value', 'a "stores" entry is not a store name', { line: 1 }));
      value.storesRead = names.map((n) => n.trim());
    } else if (listed !== undefined) {
      issues.push(issue('invalid-value', '"stores" is not a list of store names', { line: 1 }));
    }
    const errs = get(root, 'errors', 'storeErrors');
    if (Array.isArray(errs)) {
      for (const e of errs) {
        if (!isObj(e)) continue;
        const store = str(get(e, 'Store')) ?? '?';
        const error = str(get(e, 'Error', 'Message')) ?? 'unknown error';
        const ev = lineEvidence(input, 1, input.lines.length, 'store errors');
        value.storeErrors.push({ store, error, evidence: ev });
        if (value.storesRead)
          value.storesRead = value.storesRead.filter(
            (n) => n.toLowerCase() !== store.toLowerCase(),
          );
        issues.push(
          issue('store-error', `the collector could not read store ${store}: ${error}`, {
            line: 1,
          }),
        );
      }
    }
  }

  const seen = new Set<string>();
  records.forEach((rec, idx) => {
    const line = ranges[idx]?.start ?? 1;
    if (!isObj(rec)) {
      issues.push(issue('invalid-value', `certificate record ${idx} is not an object`, { line }));
      return;
    }
    const thumbRaw = str(get(rec, 'Thumbprint'));
    if (!thumbRaw) {
      issues.push(issue('missing-field', `certificate record ${idx} has no Thumbprint`, { line }));
      return;
    }
    const thumbprint = normalizeThumbprint(thumbRaw);
    if (!/^[0-9a-f]{40}$/.test(thumbprint)) {
      issues.push(
        issue('invalid-value', `thumbprint "${thumbRaw}" is not 40 hex digits`, { line }),
      );
      return;
    }
    let store = str(get(rec, 'Store', 'StoreName'));
    const psPath = str(get(rec, 'PSParentPath', 'PSPath'));
    if (store) store = storeFromPath(store) ?? store;
    if (!store && psPath) store = storeFromPath(psPath);
    if (!store) {
      issues.push(
        issue('missing-field', `certificate ${thumbprint} has no Store; assumed My`, { line }),
      );
      store = 'My';
    }
    const key = `${store.toLowerCase()}/${thumbprint}`;
    if (seen.has(key)) {
      issues.push(
        issue('duplicate-record', `certificate ${thumbprint} appears twice in ${store}`, { line }),
      );
      value.certificates = value.certificates.filter(
        (c) => `${c.store.toLowerCase()}/${c.thumbprint}` !== key,
      );
    }
    seen.add(key);
    const date = (field: string): string | null => {
      const raw = get(rec, field);
      const d = psDate(raw);
      if (d === undefined) {
        issues.push(
          issue(
            'invalid-value',
            `${field} "${JSON.stringify(raw)}" is not a date with a known time zone`,
            { line },
          ),
        );
        return null;
      }
      return d;
    };
    const sig = get(rec, 'SignatureAlgorithm');
    const ekuRaw = get(rec, 'EnhancedKeyUsageList', 'EnhancedKeyUsages', 'Eku');
    value.certificates.push({
      store,
      storeLocation: str(get(rec, 'StoreLocation')),
      thumbprint,
      subject: str(get(rec, 'Subject')),
      issuer: str(get(rec, 'Issuer')),
      serialNumber: str(get(rec, 'SerialNumber')),
      friendlyName: str(get(rec, 'FriendlyName')),
      notBefore: date('NotBefore'),
      notAfter: date('NotAfter'),
      hasPrivateKey: bool(get(rec, 'HasPrivateKey')),
      archived: bool(get(rec, 'Archived')),
      signatureAlgorithm: isObj(sig ?? null)
        ? str(get(sig as Obj, 'Value', 'FriendlyName'))
        : str(sig),
      eku: ekuList(ekuRaw),
      hasEkuExtension: bool(get(rec, 'HasEkuExtension')),
      dnsNames: dnsList(get(rec, 'DnsNameList', 'DnsNames')),
      keyAlgorithm: str(get(rec, 'KeyAlgorithm')),
      keySize: num(get(rec, 'KeySize')),
      keyCurveOid: keyCurveOf(str(get(rec, 'KeyParameters'))),
      keyProvider: str(get(rec, 'KeyProvider', 'ProviderName')),
      keyProviderType: num(get(rec, 'KeyProviderType', 'ProviderType')),
      keyContainer: str(get(rec, 'KeyContainer', 'KeyContainerName')),
      keyUniqueName: str(
        get(rec, 'KeyUniqueName', 'UniqueKeyContainerName', 'UniqueContainerName'),
      ),
      keyFilePath: str(get(rec, 'KeyFilePath')),
      keyFileExists: bool(get(rec, 'KeyFileExists')),
      keyAccessible: bool(get(rec, 'KeyAccessible')),
      keyAccessError: str(get(rec, 'KeyAccessError')),
      keyExportable: bool(get(rec, 'KeyExportable')),
      keySpec: num(get(rec, 'KeySpec', 'KeyNumber')) ?? str(get(rec, 'KeySpec', 'KeyNumber')),
      evidence: evidenceFor(idx, `${store}\\${thumbprint.toUpperCase()}`),
    });
  });
  return { value, issues };
}

type ParseResult = { value: CertStoreValue; issues: ParseIssue<CertStoreIssueCode>[] };

/** `KeyParameters` of an EC key (`06052b81040022`) → its curve OID; anything else → null. */
function keyCurveOf(hex: string | null): string | null {
  return hex === null ? null : oidFromHex(hex);
}

export const certStoreParser: TextParser<CertStoreValue, 'cert.store'> = {
  ...certStoreRecognizer,
  describe: 'certificate store metadata (Get-ChildItem Cert:\\LocalMachine\\… as JSON)',
  parse: parseCertStore,
};
