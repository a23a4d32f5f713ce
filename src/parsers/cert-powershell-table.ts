/**
 * The table views of a PowerShell certificate listing (`Get-ChildItem Cert:\… | Format-Table
 * Thumbprint,Subject,HasPrivateKey`, `| select Subject,Thumbprint,HasPrivateKey`, the default
 * `Thumbprint Subject` view), read by column position:
 *
 *   Thumbprint                               Subject                   HasPrivateKey
 *   ----------                               -------                   -------------
 *   E0673F0902D0FD3DE974D73751C94C1DAAABB208 CN=www.contoso.com                False
 *
 * The dash line gives each column's place; a column's name is the header text above its dashes
 * (a narrow window wraps a name down the lines above the dashes: `Ha` / `sP` / `ri` …). Booleans
 * are right-aligned. What PowerShell 7 prints in a narrow window (made with pwsh on real
 * X509Certificate2 objects, cert-powershell.samples.md): a cut cell ends in `…` (`...` in
 * Windows PowerShell 5.1), a column that does not fit is dropped, `-Wrap` carries a long cell
 * (even the thumbprint) onto the next lines under its column. A cut or missing HasPrivateKey
 * stays unknown, never false. Rows whose padding a paste collapsed are read by their tokens.
 */

export interface TableColumn {
  /** Lower case, a trailing `…` / `...` removed. */
  name: string;
  start: number;
}

export interface TableRow {
  thumbprint: string;
  subject: string | null;
  /** null: no such column, or its cell was cut. */
  hasPrivateKey: boolean | null;
  /** The HasPrivateKey cell as printed when it was cut (`…e`). */
  hasPrivateKeyCut: string | null;
  start: number;
  end: number;
}

const DASHES = /^\s*-+(\s+-+)*\s*$/;
const CUT = /(…|\.\.\.)$/;

const KNOWN = ['thumbprint', 'subject', 'hasprivatekey'];

export const isDashLine = (line: string): boolean => DASHES.test(line) && line.includes('--');

function columnName(raw: string): string {
  const t = raw.replace(/\s+/g, '').toLowerCase();
  const cut = CUT.test(t);
  const base = t.replace(CUT, '');
  if (cut && base.length >= 2) return KNOWN.find((k) => k.startsWith(base)) ?? base;
  return base;
}

/** Columns from the header line(s) above a dash line, or from the header words alone. */
export function tableColumns(headerLines: string[], dashLine: string | null): TableColumn[] {
  if (dashLine === null) {
    const out: TableColumn[] = [];
    for (const m of headerLines[0]!.matchAll(/\S+/g))
      out.push({ name: columnName(m[0]), start: m.index });
    return out;
  }
  const groups = [...dashLine.matchAll(/-+/g)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  const words = headerLines.length === 1 ? headerLines[0]!.trim().split(/\s+/) : [];
  // A paste that collapsed the padding moved the names off their dashes: take them in order.
  const byOrder =
    words.length === groups.length &&
    groups.some(
      (g, i) => columnName(headerLines[0]!.slice(g.start, g.end)) !== columnName(words[i]!),
    );
  return groups.map((g, i) => ({
    name: byOrder
      ? columnName(words[i]!)
      : columnName(headerLines.map((h) => h.slice(g.start, g.end)).join('')),
    start: g.start,
  }));
}

const HEX = /^[0-9A-Fa-f]+$/;
const THUMB_TOKEN = /^[0-9A-Fa-f]{8,}(…|\.\.\.)?$/;
const BOOL = /^(True|False)$/i;

/** Reads the rows of one table; feed it the lines after the dash line. */
export class CertTable {
  readonly rows: TableRow[] = [];
  private readonly at: Record<string, number>;
  private thumbParts: string[] = [];

  constructor(readonly columns: TableColumn[]) {
    this.at = {};
    columns.forEach((c, i) => {
      if (!(c.name in this.at)) this.at[c.name] = i;
    });
  }

  get hasKeyColumn(): boolean {
    return 'hasprivatekey' in this.at;
  }

  private cell(line: string, name: string): string | null {
    const i = this.at[name];
    if (i === undefined) return null;
    const next = this.columns[i + 1];
    return line.slice(this.columns[i]!.start, next ? next.start : undefined).trim();
  }

  /** True when the line belongs to the table (a row or a continuation), false to end it. */
  feed(line: string, n: number): boolean {
    if (line.trim() === '') return false;
    const thumbCell = this.cell(line, 'thumbprint') ?? '';
    const last = this.rows[this.rows.length - 1];
    const tokens = line.trim().split(/\s+/);
    // Aligned: the cell holds a whole token (a collapsed paste runs it past the column).
    const thumbAt = this.columns[this.at.thumbprint ?? 0]!.start;
    const thumbAligned =
      thumbCell !== '' &&
      (HEX.test(thumbCell) || THUMB_TOKEN.test(thumbCell)) &&
      /^\S*/.exec(line.slice(thumbAt))![0] === thumbCell;
    // `-Wrap`: a continuation line leaves the thumbprint column blank, or goes on with a
    // thumbprint that is not complete yet.
    const whole = tokens.find(
      (t) => /^[0-9A-Fa-f]{40}$/.test(t) || (THUMB_TOKEN.test(t) && CUT.test(t)),
    );
    const sofar = this.thumbParts.join('');
    if (
      last &&
      last.end === n - 1 &&
      whole === undefined &&
      (thumbCell === '' || (thumbAligned && sofar.length < 40 && !CUT.test(sofar)))
    ) {
      if (thumbCell !== '') {
        this.thumbParts.push(thumbCell);
        last.thumbprint = this.thumbParts.join('');
      }
      const more = this.cell(line, 'subject');
      if (more && last.subject !== null) last.subject = `${last.subject}${more}`;
      last.end = n;
      return true;
    }
    const thumbprint =
      thumbAligned && thumbCell.length >= 8 ? thumbCell : tokens.find((t) => THUMB_TOKEN.test(t));
    if (thumbprint === undefined) return false;
    const keyCell = this.cell(line, 'hasprivatekey');
    let hasPrivateKey: boolean | null = null;
    let hasPrivateKeyCut: string | null = null;
    let keyAligned = keyCell === null;
    if (keyCell !== null && BOOL.test(keyCell)) {
      hasPrivateKey = /^true$/i.test(keyCell);
      keyAligned = true;
    } else if (keyCell !== null && /…|\.\.\./.test(keyCell) && keyCell.length <= 8) {
      hasPrivateKeyCut = keyCell;
      keyAligned = true;
    } else if (keyCell !== null) {
      // Padding collapsed: the value is the first or last token when its column is.
      const i = this.at.hasprivatekey!;
      const tok =
        i === this.columns.length - 1 ? tokens[tokens.length - 1]! : i === 0 ? tokens[0]! : '';
      if (BOOL.test(tok)) hasPrivateKey = /^true$/i.test(tok);
    }
    let subject: string | null = null;
    if ('subject' in this.at) {
      if (thumbAligned && keyAligned) subject = this.cell(line, 'subject') || null;
      else if (this.columns.every((c) => KNOWN.includes(c.name))) {
        // Read by tokens: what is left once the thumbprint and the boolean are taken out.
        const rest = tokens.filter(
          (t, k) => t !== thumbprint && !(BOOL.test(t) && (k === 0 || k === tokens.length - 1)),
        );
        subject = rest.join(' ') || null;
      }
    }
    this.thumbParts = [thumbprint];
    this.rows.push({ thumbprint, subject, hasPrivateKey, hasPrivateKeyCut, start: n, end: n });
    return true;
  }
}
