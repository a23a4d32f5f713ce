/**
 * Names in certificates, one way for every source: the RFC 6125 host-name matcher (bindings, SNI,
 * store suggestions) and one canonical distinguished-name form (.cer, capture, certutil,
 * store.json, PowerShell listings all print DNs; they differ in order, separators and labels).
 */

/**
 * RFC 6125 §6.4 for one presented DNS-ID: case-insensitive, trailing dot ignored, `*` only as the
 * whole left-most label and matching exactly one label, never a public-suffix-like `*.com`, never
 * an IP literal.
 */
export function hostMatchesName(host: string, pattern: string): boolean {
  const n = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (n === '' || p === '') return false;
  if (p === n) return true;
  if (!p.startsWith('*.')) return false;
  const rest = p.slice(2);
  // At least two labels after the wildcard (no `*.com`), and no wildcard for IP literals.
  if (!rest.includes('.') || rest.includes('*') || /^[\d.]+$/.test(n) || n.includes(':'))
    return false;
  const dot = n.indexOf('.');
  return dot > 0 && n.slice(dot + 1) === rest;
}

/** Whether any of `patterns` (SAN dNSName entries) covers `host`. */
export function hostCovered(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => hostMatchesName(host, p));
}

/** OpenSSL / RFC 4514 labels → the labels Windows prints. */
const LABELS: Record<string, string> = {
  ST: 'S',
  EMAILADDRESS: 'E',
  GN: 'G',
  GIVENNAME: 'G',
  SURNAME: 'SN',
  TITLE: 'T',
  INITIALS: 'I',
  POSTALCODE: 'PostalCode',
  STREET: 'STREET',
  SERIALNUMBER: 'SERIALNUMBER',
  'OID.0.9.2342.19200300.100.1.25': 'DC',
};

/** Splits a one-line DN at separators outside quotes: `,` or `;` (Windows), `/` (OpenSSL). */
function splitRdns(dn: string, sep: RegExp): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i]!;
    if (ch === '"') quoted = !quoted;
    if (ch === '\\' && i + 1 < dn.length) {
      cur += ch + dn[++i]!;
      continue;
    }
    if (!quoted && sep.test(ch)) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * One distinguished name in the Windows form, most specific RDN first: `CN=www.contoso.com,
 * O=Contoso Ltd, C=US`. Accepts that form, node's multi-line form (`C=US\nO=…\nCN=…`, least
 * specific first) and OpenSSL's `/C=US/O=…/CN=…`. Labels are mapped to Windows' (`ST` → `S`,
 * `emailAddress` → `E`); values are kept as written. Returns null for empty input.
 */
export function canonicalDn(dn: string | null | undefined): string | null {
  if (dn === null || dn === undefined) return null;
  const t = dn.trim();
  if (t === '') return null;
  let rdns: string[];
  if (t.includes('\n')) {
    rdns = t
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean)
      .reverse();
  } else if (t.startsWith('/')) rdns = splitRdns(t.slice(1), /\//).reverse();
  else rdns = splitRdns(t, /[,;]/);
  return rdns
    .map((rdn) => {
      const eq = rdn.indexOf('=');
      if (eq <= 0) return rdn;
      const label = rdn.slice(0, eq).trim();
      return `${LABELS[label.toUpperCase()] ?? label.toUpperCase()}=${rdn.slice(eq + 1).trim()}`;
    })
    .join(', ');
}

/** A key for comparing two DNs from different sources: canonical, case and spacing folded. */
export function dnKey(dn: string | null | undefined): string | null {
  const c = canonicalDn(dn);
  return c === null ? null : c.toLowerCase().replace(/\s+/g, ' ').replace(/"/g, '');
}

/** The first CN of a DN (any form), or null. */
export function commonNameOf(dn: string | null | undefined): string | null {
  const c = canonicalDn(dn);
  if (c === null) return null;
  const m = /(?:^|, )CN=("(?:[^"]|"")*"|[^,]*)/.exec(c);
  return m ? m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"') : null;
}
