/** Character classes, the match trie's node, and `reg export` hex values as bytes and strings. */
import type { RedactionEntry } from './types.js';

export interface TrieNode {
  next: Map<string, TrieNode>;
  entry?: RedactionEntry;
}

/** ASCII letters, digits and `_`, or any Unicode letter or digit: what continues a word. */
const WORD_RE = /[\p{L}\p{N}_]/u;
export function isWord(c: string | undefined): boolean {
  if (c === undefined) return false;
  const n = c.charCodeAt(0);
  if (n < 128)
    return (n >= 48 && n <= 57) || (n >= 65 && n <= 90) || (n >= 97 && n <= 122) || n === 95;
  return WORD_RE.test(c);
}
export const isAlnum = (c: string | undefined): boolean =>
  c !== undefined && c !== '_' && isWord(c);
export const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
/** One UTF-16 unit, lower-cased when that keeps it one unit (so positions stay aligned). */
export const lowerUnit = (c: string): string => {
  const l = c.toLowerCase();
  return l.length === 1 ? l : c;
};

/** The bytes of a `reg export` hex value, or null when they are not pairs of hex digits. */
export function hexBytes(list: string): number[] {
  return list
    .replace(/\\\r?\n[ \t]*/g, '')
    .split(',')
    .filter((x) => x !== '')
    .map((x) => parseInt(x, 16));
}

/** Writes bytes back as `reg export` does, over as many lines as the original took. */
export function hexText(bytes: readonly number[], lines: number): string {
  const parts = bytes.map((b) => b.toString(16).padStart(2, '0'));
  if (lines <= 1) return parts.join(',');
  const per = Math.ceil(parts.length / lines);
  const rows: string[] = [];
  for (let i = 0; i < parts.length; i += per) rows.push(parts.slice(i, i + per).join(','));
  return rows.join(',\\\n  ');
}

/** UTF-16LE strings of a REG_SZ / REG_EXPAND_SZ / REG_MULTI_SZ value (NUL-separated). */
export function utf16Strings(bytes: readonly number[]): string[] {
  const units: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) units.push(bytes[i]! | (bytes[i + 1]! << 8));
  return String.fromCharCode(...units.slice(0, 65536))
    .split('\0')
    .filter((x) => x !== '');
}

export function utf16Bytes(strings: readonly string[], tail: number): number[] {
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
