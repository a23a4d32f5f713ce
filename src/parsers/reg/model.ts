/**
 * A parsed registry export: keys with their values, the issue codes of the reader, and lookups
 * by key path (HKLM ≡ HKEY_LOCAL_MACHINE, case-insensitive) that the fact builders use.
 */
import type { EvidenceRef } from '../../shared/evidence.js';

export type RegValueType =
  'sz' | 'expand_sz' | 'multi_sz' | 'dword' | 'qword' | 'binary' | 'none' | 'hex';

export interface RegValue {
  /** Value name; '' for the default value (`@`). */
  name: string;
  type: RegValueType;
  /** string (sz, expand_sz), number (dword), bigint (qword), Uint8Array (binary/none/other hex), string[] (multi_sz); null when deleted. */
  data: string | number | bigint | Uint8Array | string[] | null;
  /** `hex(N)` type number where the data used that form. */
  typeCode?: number;
  deleted: boolean;
  evidence: EvidenceRef;
}

export interface RegKey {
  /** Full path as written, e.g. `HKEY_LOCAL_MACHINE\SYSTEM\…`. */
  path: string;
  deleted: boolean;
  values: RegValue[];
  evidence: EvidenceRef;
}

export interface RegFile {
  header: 'Windows Registry Editor Version 5.00' | 'REGEDIT4' | null;
  keys: RegKey[];
}

export type RegIssueCode =
  | 'missing-header'
  | 'value-outside-key'
  | 'unrecognized-line'
  | 'invalid-value'
  | 'unterminated-continuation'
  | 'repaired-line'
  | 'duplicate-record'
  | 'empty-input';

const ROOTS: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
  HKCC: 'HKEY_CURRENT_CONFIG',
};

/** Canonical comparison form of a key path: upper case, long root names, single backslashes. */
export function canonicalKeyPath(path: string): string {
  // `/` is a legal character in key names (SCHANNEL\Ciphers\RC4 128/128), never a separator.
  const p = path.replace(/\\+/g, '\\').replace(/^\\|\\$/g, '');
  const first = p.split('\\')[0]!.toUpperCase();
  const root = ROOTS[first] ?? first;
  return (root + p.slice(first.length)).toUpperCase();
}

/** Finds a key by full path (HKLM ≡ HKEY_LOCAL_MACHINE, case-insensitive). */
export function findKey(file: RegFile, path: string): RegKey | undefined {
  const want = canonicalKeyPath(path);
  return file.keys.find((k) => canonicalKeyPath(k.path) === want);
}

/** Direct subkeys of `path`, e.g. every binding under `…\SslBindingInfo`. */
export function subkeysOf(file: RegFile, path: string): RegKey[] {
  const prefix = canonicalKeyPath(path) + '\\';
  return file.keys.filter((k) => {
    const c = canonicalKeyPath(k.path);
    return c.startsWith(prefix) && !c.slice(prefix.length).includes('\\');
  });
}

/** A value of a key by name, case-insensitive. */
export function getValue(key: RegKey | undefined, name: string): RegValue | undefined {
  const n = name.toLowerCase();
  return key?.values.find((v) => v.name.toLowerCase() === n);
}
