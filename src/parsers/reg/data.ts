/**
 * Value data → typed values, in both forms a registry text holds: `.reg` export data
 * (`"text"`, `dword:…`, `hex(N):…`) and `reg query` data (`REG_DWORD 0x…`, `REG_MULTI_SZ a\0b`).
 * null when the data does not fit its type (the parser makes that an `invalid-value` issue).
 */
import type { RegValue } from './model.js';

/** Reads a quoted string starting at `s[0] === '"'`; returns the unescaped text and the rest. */
export function readQuoted(s: string): { text: string; rest: string } | null {
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      out += s[++i];
    } else if (c === '"') {
      return { text: out, rest: s.slice(i + 1) };
    } else out += c;
  }
  return null;
}

function hexBytes(s: string): Uint8Array | null {
  const t = s.replace(/[\s\\]/g, '');
  if (t === '') return new Uint8Array(0);
  const parts = t.split(',').filter((p) => p !== '');
  const out = new Uint8Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (!/^[0-9a-fA-F]{1,2}$/.test(p)) return null;
    out[i] = parseInt(p, 16);
  }
  return out;
}

function decodeStrings(bytes: Uint8Array, utf16: boolean): string {
  return utf16 ? Buffer.from(bytes).toString('utf16le') : Buffer.from(bytes).toString('latin1');
}

/** `.reg` export data → a value; `-` deletes the value. */
export function parseData(
  data: string,
  utf16: boolean,
): (Pick<RegValue, 'type' | 'data' | 'deleted'> & { typeCode?: number }) | null {
  if (data === '-') return { type: 'none', data: null, deleted: true };
  if (data.startsWith('"')) {
    const q = readQuoted(data);
    if (!q || q.rest.trim() !== '') return null;
    return { type: 'sz', data: q.text, deleted: false };
  }
  const dw = /^dword:([0-9a-fA-F]{1,8})$/i.exec(data);
  if (dw) return { type: 'dword', data: parseInt(dw[1]!, 16) >>> 0, deleted: false };
  const hx = /^hex(?:\(([0-9a-fA-F]+)\))?:(.*)$/is.exec(data);
  if (!hx) return null;
  const bytes = hexBytes(hx[2]!);
  if (!bytes) return null;
  if (hx[1] === undefined) return { type: 'binary', data: bytes, deleted: false };
  const code = parseInt(hx[1], 16);
  const base = { deleted: false, typeCode: code };
  switch (code) {
    case 0:
      return { ...base, type: 'none', data: bytes };
    case 1:
    case 2: {
      const text = decodeStrings(bytes, utf16).replace(/\0+$/, '');
      return { ...base, type: code === 1 ? 'sz' : 'expand_sz', data: text };
    }
    case 3:
      return { ...base, type: 'binary', data: bytes };
    case 4:
    case 5: {
      if (bytes.length !== 4) return null;
      const v = Buffer.from(bytes);
      return { ...base, type: 'dword', data: code === 4 ? v.readUInt32LE(0) : v.readUInt32BE(0) };
    }
    case 7: {
      const text = decodeStrings(bytes, utf16);
      const items = text.split('\0');
      while (items.length > 0 && items[items.length - 1] === '') items.pop();
      return { ...base, type: 'multi_sz', data: items };
    }
    case 0xb: {
      if (bytes.length !== 8) return null;
      return { ...base, type: 'qword', data: Buffer.from(bytes).readBigUInt64LE(0) };
    }
    default:
      return { ...base, type: 'hex', data: bytes };
  }
}

/** `reg query` data → a value; null when it does not fit its type. */
export function regQueryData(
  type: string,
  data: string,
): (Pick<RegValue, 'type' | 'data' | 'deleted'> & { typeCode?: number }) | null {
  const d = data.trim();
  switch (type) {
    case 'REG_DWORD': {
      const m = /^0x([0-9a-f]{1,8})$/i.exec(d) ?? /^()(\d{1,10})$/.exec(d);
      if (!m) return null;
      const n = m[1] !== '' && m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
      return n > 0xffffffff ? null : { type: 'dword', data: n >>> 0, deleted: false };
    }
    case 'REG_QWORD': {
      const m = /^0x([0-9a-f]{1,16})$/i.exec(d);
      return m ? { type: 'qword', data: BigInt('0x' + m[1]!), deleted: false } : null;
    }
    case 'REG_SZ':
      return { type: 'sz', data: data.replace(/\s+$/, ''), deleted: false };
    case 'REG_EXPAND_SZ':
      return { type: 'expand_sz', data: data.replace(/\s+$/, ''), deleted: false };
    case 'REG_MULTI_SZ':
      return {
        type: 'multi_sz',
        data: d === '' ? [] : d.split('\\0').filter((x) => x !== ''),
        deleted: false,
      };
    case 'REG_BINARY':
    case 'REG_NONE': {
      if (!/^([0-9a-f]{2})*$/i.test(d)) return null;
      const bytes = new Uint8Array(d.length / 2);
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(d.slice(i * 2, i * 2 + 2), 16);
      return { type: type === 'REG_NONE' ? 'none' : 'binary', data: bytes, deleted: false };
    }
    default:
      return null;
  }
}
