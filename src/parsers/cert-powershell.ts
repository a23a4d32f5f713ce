/**
 * PowerShell listings of the certificate stores as customers paste them (artifact `cert.store`,
 * beside store.json; values in the same StoreCertificate shape, `source` says which form):
 *
 * - the default table of `Get-ChildItem Cert:\LocalMachine\My` (`ls cert:/Localmachine/My`):
 *
 *      PSParentPath: Microsoft.PowerShell.Security\Certificate::LocalMachine\My
 *
 *   Thumbprint                                Subject                  (PS 7 adds EnhancedKeyUsageList)
 *   ----------                                -------
 *   790DCBD9D91E34EDE37CDAD9C114C3DE1BEBA7BE  CN=authority.authority.htb
 *
 * - `… | Format-List` (Subject, Issuer, Thumbprint, FriendlyName, NotBefore, NotAfter, Extensions)
 *   and `… | Format-List *` (PSParentPath, EnhancedKeyUsageList, DnsNameList, HasPrivateKey,
 *   SerialNumber, …): `Label : value` records separated by blank lines, long values wrapped onto
 *   continuation lines aligned under the value.
 * - `… | Select-Object Subject,Thumbprint,NotAfter,HasPrivateKey | ConvertTo-Csv -NoTypeInformation`
 *   (and `Export-Csv`): a header of quoted column names, one quoted row per certificate
 *   (`"True"` / `"False"`), read column by column as the Format-List labels are; PS 5.1's
 *   `#TYPE …` line without -NoTypeInformation is skipped.
 *
 * The store comes from `PSParentPath` or from the `cert:` path on the echoed command line; dates
 * are the host's LOCAL time in its culture's format (`M/d/yyyy h:mm:ss tt` en-US, `dd.MM.yyyy
 * HH:mm:ss` de-DE, …: readFileDates in local-date.ts), kept as `notBeforeLocal` / `notAfterLocal`. A wrapped
 * value is joined with one space, except hex and paths (no space: PowerShell cut them mid-word).
 * Real samples beside this file (cert-powershell.samples.md).
 *
 * A `Where-Object` filter on HasPrivateKey right after the listing on the echoed command line
 * (`| Where-Object { -not $_.HasPrivateKey }`; exact forms only: cert-powershell-filter.ts) gives
 * every certificate it lists that HasPrivateKey, the command line as its evidence.
 *
 * Issues: `empty-input`, `no-certificates` (no row or record with a thumbprint), `invalid-value`
 * (a thumbprint that is not 40 hex digits: record skipped), `ambiguous-date` (day/month order
 * unknown: the date is left unknown), `missing-field` (no store could be told: the records are
 * kept without one).
 */
import Papa from 'papaparse';
import { lineEvidence } from '../shared/evidence.js';
import { issue, type ParseIssue, type TextInput, type TextParser } from '../shared/parse.js';
import type { CertStoreValue, StoreCertificate } from './cert-store.js';
import { CertTable, isDashLine, tableColumns } from './cert-powershell-table.js';
import { keyFilterOf } from './cert-powershell-filter.js';
import { readFileDates } from './local-date.js';
import { unquote } from './text-cleanup.js';
import { certPowerShellRecognizer } from './sniffs.js';

export type CertPowerShellIssueCode =
  | 'empty-input'
  | 'no-certificates'
  | 'invalid-value'
  | 'ambiguous-date'
  | 'date-order-from-file'
  | 'missing-field'
  | 'column-not-shown'
  | 'value-cut';

const PARENT = /Certificate::(?:LocalMachine|CurrentUser)\\([^\\\s]+)\s*$/i;
const CMD_STORE = /cert:[\\/]*(?:LocalMachine|CurrentUser)[\\/]+([^\\/\s"']+)/i;
const HEX40 = /^[0-9a-f]{40}$/i;

function emptyRecord(
  store: string,
  source: NonNullable<StoreCertificate['source']>,
): StoreCertificate {
  return {
    store,
    storeLocation: null,
    thumbprint: '',
    subject: null,
    issuer: null,
    serialNumber: null,
    friendlyName: null,
    notBefore: null,
    notAfter: null,
    hasPrivateKey: null,
    archived: null,
    signatureAlgorithm: null,
    eku: null,
    hasEkuExtension: null,
    dnsNames: [],
    keyAlgorithm: null,
    keySize: null,
    keyProvider: null,
    keyProviderType: null,
    keyContainer: null,
    keyUniqueName: null,
    keyFilePath: null,
    keyFileExists: null,
    keyAccessible: null,
    keyAccessError: null,
    keyExportable: null,
    notBeforeLocal: null,
    notAfterLocal: null,
    source,
    evidence: { artifactId: 'cert.store', path: '' },
  };
}

/** `{a, b...}` → ['a', 'b'] (a trailing `...` means PowerShell cut the list). */
function psList(v: string): string[] {
  const inner = v
    .replace(/^\{/, '')
    .replace(/\}$/, '')
    .replace(/\.\.\.$/, '');
  return inner
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The cells of a ConvertTo-Csv line (every field quoted, comma-separated), or null. */
function csvCells(t: string): string[] | null {
  if (!/^"[^"]*"(,"(?:[^"]|"")*")+$/.test(t)) return null;
  const row = Papa.parse<string[]>(t, { delimiter: ',', header: false }).data[0];
  return row && row.length > 1 ? row : null;
}

export function parseCertPowerShell(input: TextInput): {
  value: CertStoreValue;
  issues: ParseIssue<CertPowerShellIssueCode>[];
} {
  const issues: ParseIssue<CertPowerShellIssueCode>[] = [];
  const value: CertStoreValue = { formatVersion: null, certificates: [], storeErrors: [] };
  if (input.text.trim() === '') {
    issues.push(issue('empty-input', 'the PowerShell listing is empty', { line: 1 }, 'error'));
    return { value, issues };
  }
  const lines = input.lines.map(unquote);
  let store = '';
  let storeSeen = false;
  const setStore = (s: string): void => {
    store = s;
    storeSeen = true;
  };
  const push = (r: StoreCertificate, start: number, end: number): void => {
    const t = r.thumbprint.replace(/[\s\u200e]/g, '');
    if (!HEX40.test(t)) {
      issues.push(
        issue('invalid-value', `thumbprint "${r.thumbprint}" is not 40 hex digits`, {
          line: start,
        }),
      );
      return;
    }
    r.thumbprint = t.toLowerCase();
    r.evidence = lineEvidence(input, start, end, `PowerShell ${store || '?'}\\${t.toUpperCase()}`);
    // The command's Where-Object filter decides the key of every certificate it let through.
    if (r.hasPrivateKey === null && keyFilter) {
      r.hasPrivateKey = keyFilter.hasKey;
      r.hasPrivateKeyFilter = {
        filter: keyFilter.filter,
        evidence: lineEvidence(input, keyFilter.line, keyFilter.line, 'PowerShell command line'),
      };
    }
    value.certificates.push(r);
  };
  // Read together at the end: one date of the listing can decide another's day/month order.
  const dates: { r: StoreCertificate; which: 'Before' | 'After'; text: string; n: number }[] = [];
  const date = (r: StoreCertificate, which: 'Before' | 'After', text: string, n: number): void => {
    if (text !== '') dates.push({ r, which, text, n });
  };
  const readDates = (): void => {
    const read = readFileDates(
      dates.map((d) => d.text),
      { culture: input.hostCulture, shortDatePattern: input.hostShortDatePattern },
    );
    dates.forEach(({ r, which, text, n }, i) => {
      const d = read[i]!;
      r[`not${which}Local`] = d.local;
      if (d.readings) r[`not${which}Readings`] = d.readings;
      if (d.decidedBy !== undefined)
        issues.push(
          issue(
            'date-order-from-file',
            `"${text}" read ${d.local} in the day/month order of "${dates[d.decidedBy]!.text}" (line ${dates[d.decidedBy]!.n}), a date of the same listing that only one order can mean`,
            { line: n },
            'info',
          ),
        );
      if (d.ambiguous)
        issues.push(
          issue(
            'ambiguous-date',
            `cannot tell the day/month order of "${text}" (no date of this listing has a day above 12, and the bundle does not state the host's date format)`,
            { line: n },
            'info',
          ),
        );
    });
  };

  // Format-List record state.
  let rec: StoreCertificate | null = null;
  let recStart = 0;
  let recEnd = 0;
  let field: { label: string; value: string; indent: number } | null = null;
  const applyField = (): void => {
    if (!rec || !field) return;
    const v = field.value.trim();
    switch (field.label.toLowerCase()) {
      case 'thumbprint':
        rec.thumbprint = v;
        break;
      case 'subject':
        rec.subject = v || null;
        break;
      case 'issuer':
        rec.issuer = v || null;
        break;
      case 'friendlyname':
        rec.friendlyName = v || null;
        break;
      case 'serialnumber':
        rec.serialNumber = v ? v.toLowerCase() : null;
        break;
      case 'notbefore':
        date(rec, 'Before', v, recEnd);
        break;
      case 'notafter':
        date(rec, 'After', v, recEnd);
        break;
      case 'hasprivatekey':
        rec.hasPrivateKey = /^true$/i.test(v) ? true : /^false$/i.test(v) ? false : null;
        break;
      case 'archived':
        rec.archived = /^true$/i.test(v) ? true : /^false$/i.test(v) ? false : null;
        break;
      case 'dnsnamelist':
        rec.dnsNames = psList(v);
        break;
      case 'enhancedkeyusagelist': {
        const oids = psList(v)
          .map((e) => /(\d+(?:\.\d+)+)\)?$/.exec(e)?.[1])
          .filter((o): o is string => o !== undefined);
        rec.eku = oids;
        if (oids.length > 0) rec.hasEkuExtension = true;
        break;
      }
      case 'psparentpath': {
        const m = PARENT.exec(v);
        if (m) {
          setStore(m[1]!);
          rec.store = m[1]!;
        }
        break;
      }
    }
    field = null;
  };
  const endRecord = (): void => {
    applyField();
    if (rec && rec.thumbprint !== '') {
      if (rec.store === '') rec.store = store;
      push(rec, recStart, recEnd);
    }
    rec = null;
  };

  // Table state: the rows are stored when the table ends (a -Wrap line may still add to one).
  let table: CertTable | null = null;
  let tableStore = '';
  let skipTo = 0;
  let askedKey = false;
  let columnsDropped = false;
  /** The HasPrivateKey the current command's filter gives every certificate it lists. */
  let keyFilter: { hasKey: boolean; filter: string; line: number } | null = null;
  const endTable = (): void => {
    if (!table) return;
    if (!table.hasKeyColumn && (askedKey || columnsDropped) && keyFilter === null)
      issues.push(
        issue(
          'column-not-shown',
          `the table does not show HasPrivateKey${askedKey ? ' although the command asks for it' : ''} (PowerShell drops a column that does not fit the window): whether the certificates have their private key is unknown; run it again with | Format-List Thumbprint,HasPrivateKey`,
          { line: table.rows[0]?.start ?? 1 },
          'warning',
        ),
      );
    for (const row of table.rows) {
      const r = emptyRecord(tableStore, 'powershell-table');
      r.thumbprint = row.thumbprint;
      r.subject = row.subject;
      r.hasPrivateKey = row.hasPrivateKey;
      if (row.hasPrivateKeyCut !== null)
        issues.push(
          issue(
            'value-cut',
            `HasPrivateKey of ${row.thumbprint} is cut ("${row.hasPrivateKeyCut}"): unknown; widen the window or use | Format-List Thumbprint,HasPrivateKey`,
            { line: row.start },
            'warning',
          ),
        );
      push(r, row.start, row.end);
    }
    table = null;
  };
  // A header is a line of column names, one of them Thumbprint, above a dash line (a narrow
  // window wraps the names down several lines); the default view `Thumbprint Subject` may come
  // without dashes.
  const tableAt = (
    i: number,
  ): { columns: ReturnType<typeof tableColumns>; dash: number } | null => {
    const t = lines[i]!.trim();
    if (/[:：]/.test(t) || !/^[A-Za-z][\w.…]*(\s+[A-Za-z][\w.…]*)*$/.test(t)) return null;
    if (!t.split(/\s+/).some((w) => /^thumbp/i.test(w))) return null;
    const head = [lines[i]!];
    for (let j = i + 1; j < lines.length && j <= i + 16; j++) {
      const l = lines[j]!;
      if (isDashLine(l)) return { columns: tableColumns(head, l), dash: j };
      if (l.trim() === '') continue;
      if (!/^[\s\w.…]+$/.test(l) || /[0-9A-Fa-f]{16}/.test(l)) break;
      head.push(l);
    }
    return /^Thumbprint\s+Subject\b/i.test(t)
      ? { columns: tableColumns(head.slice(0, 1), null), dash: i }
      : null;
  };

  // ConvertTo-Csv columns, once its header was seen.
  let csvColumns: string[] | null = null;
  lines.forEach((line, i) => {
    const n = i + 1;
    if (n <= skipTo) return;
    const t = line.trim();
    const parent = /^PSParentPath\s*:\s*(.*)$/i.exec(t);
    if (parent && !rec) {
      endTable();
      const m = PARENT.exec(parent[1]!);
      if (m) setStore(m[1]!);
      return;
    }
    if (
      /^(\*Evil-WinRM\*\s*)?PS\b[^>]*>/.test(t) ||
      /\b(Get-ChildItem|gci|ls|dir)\b.*cert:/i.test(t)
    ) {
      endRecord();
      endTable();
      const f = keyFilterOf(t);
      keyFilter = f && { ...f, line: n };
      // A filter on HasPrivateKey is no request to show the column.
      askedKey = /HasPrivateKey/i.test(f ? t.replace(f.filter, '') : t);
      columnsDropped = false;
      csvColumns = null;
      const m = CMD_STORE.exec(t);
      if (m) setStore(m[1]!);
      return;
    }
    if (/^WARNING:.*\bcolumns?\b.*\b(removed|fit)\b/i.test(t)) {
      columnsDropped = true;
      return;
    }
    if (t === '') {
      endRecord();
      return;
    }
    // ConvertTo-Csv: the header names the columns, each row is one certificate.
    if (/^#TYPE\s/i.test(t)) return;
    const cells = csvCells(t);
    if (cells && !rec && !table) {
      if (cells.some((c) => /^thumbprint$/i.test(c))) {
        csvColumns = cells;
        return;
      }
      if (csvColumns === null) return;
      rec = emptyRecord(store, 'powershell-csv');
      recStart = n;
      recEnd = n;
      csvColumns.forEach((label, k) => {
        field = { label, value: cells[k] ?? '', indent: 0 };
        applyField();
      });
      endRecord();
      return;
    }
    const header = rec ? null : tableAt(i);
    if (header) {
      endRecord();
      endTable();
      table = new CertTable(header.columns);
      tableStore = store;
      skipTo = header.dash + 1;
      return;
    }
    if (table && isDashLine(line)) return;
    if (table) {
      if ((table as CertTable).feed(line, n)) return;
      endTable();
    }
    // Format-List: `Label : value`, continuation lines indented under the value.
    const lv = /^(\s*)([A-Za-z][A-Za-z0-9]*)\s*:\s?(.*)$/.exec(line);
    const contIndent = /^\s*/.exec(line)![0].length;
    if (field && !lv && contIndent > 0) {
      const f = field as { label: string; value: string; indent: number };
      const piece = t;
      const glue = /^(thumbprint|serialnumber|pspath|pschildname)$/i.test(f.label) ? '' : ' ';
      f.value = f.value === '' ? piece : `${f.value}${glue}${piece}`;
      recEnd = n;
      return;
    }
    if (lv && lv[1]!.length === 0) {
      applyField();
      if (!rec) {
        rec = emptyRecord('', 'powershell-list');
        recStart = n;
      }
      recEnd = n;
      field = { label: lv[2]!, value: lv[3]!, indent: line.indexOf(':') };
      return;
    }
  });
  endRecord();
  endTable();
  readDates();
  // Whole-listing issues point at its first line (a listing cut out of a paste starts below 1).
  const first = Math.max(1, input.lines.findIndex((l) => l.trim() !== '') + 1);
  if (value.certificates.length === 0) {
    issues.push(
      issue('no-certificates', 'no certificate with a thumbprint in the listing', { line: first }),
    );
  } else if (!storeSeen) {
    issues.push(
      issue(
        'missing-field',
        'the listing does not say which store it shows (no PSParentPath, no cert: path)',
        { line: first },
        'info',
      ),
    );
  }
  return { value, issues };
}

export const certPowerShellParser: TextParser<CertStoreValue, 'cert.store'> = {
  ...certPowerShellRecognizer,
  describe: 'PowerShell Get-ChildItem Cert:\\… listing (table, Format-List or ConvertTo-Csv)',
  parse: parseCertPowerShell,
};
