/** Constants and small joins every part of the certificate facts uses. */
import type { IcaclsAce } from '../../parsers/icacls.js';
import { hostCovered } from '../../shared/x509-names.js';

export const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

export const ANY_EKU = '2.5.29.37.0';

/** Days before NotAfter from which `expiresSoon` is set. */
export const EXPIRES_SOON_DAYS = 30;

export const MACHINE_KEYS = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';

export const CNG_KEYS = 'C:\\ProgramData\\Microsoft\\Crypto\\Keys';

/** Stores whose certificates are server certificates; the others feed chains. */
export const SERVER_STORES = ['my', 'webhosting'];

export const CA_STORES = new Set(['ca', 'root', 'authroot']);

/** Host-local time → UTC lies within [local − 14 h, local + 12 h]. */
export const EAST_MS = 14 * 3_600_000;

export const WEST_MS = 12 * 3_600_000;

/** Wire observations (SNI + frames) kept per certificate. */
export const MAX_WIRE = 20;

/** Canonical store name as Windows spells the common ones. */
export function canonicalStore(s: string): string {
  const known: Record<string, string> = {
    my: 'My',
    personal: 'My',
    webhosting: 'WebHosting',
    ca: 'CA',
    root: 'Root',
    authroot: 'AuthRoot',
    trustedpeople: 'TrustedPeople',
    disallowed: 'Disallowed',
    clientauthissuer: 'ClientAuthIssuer',
  };
  return known[s.toLowerCase()] ?? s;
}

/** certutil's name for a store (`my`, `WebHosting`, `CA`, `Root`). */
export function certutilStore(store: string): string {
  // Seen only on the wire or in a loose file: no store to name, so store commands drop out.
  if (['capture', 'unknown'].includes(store.toLowerCase())) return '';
  return store.toLowerCase() === 'my' ? 'my' : store;
}

/** RFC 6125 host-name matching (the one matcher: src/shared/x509-names.ts). */
export function nameCovered(name: string, patterns: string[]): boolean {
  return hostCovered(name, patterns);
}

export function readGrants(ace: IcaclsAce): boolean {
  if (ace.inheritance.includes('IO')) return false;
  return ace.rights.some((r) => ['F', 'M', 'RX', 'R', 'GR', 'GA', 'RD'].includes(r));
}

/** Whether SYSTEM can read, judged from an ACL: SYSTEM's token holds SYSTEM, Administrators, Everyone, Authenticated Users. */
export function systemAccess(aces: IcaclsAce[]): 'read' | 'none' | 'denied' {
  const systemSids = ['S-1-5-18', 'S-1-5-32-544', 'S-1-1-0', 'S-1-5-11'];
  const relevant = aces.filter((a) => a.sid !== null && systemSids.includes(a.sid));
  if (relevant.some((a) => a.deny && readGrants(a))) return 'denied';
  return relevant.some((a) => !a.deny && readGrants(a)) ? 'read' : 'none';
}

export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
