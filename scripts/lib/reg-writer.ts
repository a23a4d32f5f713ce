/**
 * Writes .reg text the way `reg export` does (Windows Registry Editor Version 5.00, hex data
 * wrapped at 80 columns with a trailing `\` and two-space continuation indent). Used to build
 * sample bundles; the analyzer never writes registry files.
 */
export type RegData =
  | { type: 'sz'; value: string }
  | { type: 'dword'; value: number }
  | { type: 'binary'; value: Uint8Array }
  | { type: 'multi_sz'; value: string[] };

export interface RegKeyOut {
  path: string;
  values: Record<string, RegData>;
}

function hexLines(prefix: string, bytes: Uint8Array): string {
  const parts = Array.from(bytes, (b) => b.toString(16).padStart(2, '0'));
  const lines: string[] = [];
  let line = prefix;
  parts.forEach((p, i) => {
    const piece = p + (i < parts.length - 1 ? ',' : '');
    if (line.length + piece.length > 77 && i < parts.length) {
      lines.push(line + '\\');
      line = '  ';
    }
    line += piece;
  });
  lines.push(line);
  return lines.join('\r\n');
}

export function renderReg(keys: RegKeyOut[]): string {
  const out: string[] = ['Windows Registry Editor Version 5.00', ''];
  for (const k of keys) {
    out.push(`[${k.path}]`);
    for (const [name, d] of Object.entries(k.values)) {
      const n = `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"=`;
      if (d.type === 'sz') out.push(`${n}"${d.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
      else if (d.type === 'dword')
        out.push(`${n}dword:${(d.value >>> 0).toString(16).padStart(8, '0')}`);
      else if (d.type === 'binary') out.push(hexLines(`${n}hex:`, d.value));
      else {
        const bytes = Buffer.from(d.value.map((s) => s + '\0').join('') + '\0', 'utf16le');
        out.push(hexLines(`${n}hex(7):`, bytes));
      }
    }
    out.push('');
  }
  return out.join('\r\n') + '\r\n';
}

/** UTF-16LE with BOM, as `reg export` writes. */
export function regFileBytes(keys: RegKeyOut[]): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(renderReg(keys), 'utf16le')]);
}

/** Windows GUID byte order: the first three fields little-endian. */
export function guidBytes(guid: string): Uint8Array {
  const h = guid.replace(/[{}-]/g, '');
  const b = Buffer.from(h, 'hex');
  const out = Buffer.alloc(16);
  out.writeUInt32LE(b.readUInt32BE(0), 0);
  out.writeUInt16LE(b.readUInt16BE(4), 4);
  out.writeUInt16LE(b.readUInt16BE(6), 6);
  b.copy(out, 8, 8, 16);
  return out;
}
