/**
 * Whether a key file's own icacls listing already holds what the 36870 fix grants
 * (`/grant *S-1-5-18:F *S-1-5-32-544:F`): explicit full control for SYSTEM and Administrators.
 * Then the grant would change nothing and permissions are not the cause (judge5 S7).
 */
import { wellKnownSid } from '../parsers/icacls.js';

const GRANTED = ['S-1-5-18', 'S-1-5-32-544'];
const ACE = /^(.+?):((?:\([^()]*\))+)$/;

/** `entries`: icacls ACE texts as listed (`NT AUTHORITY\SYSTEM:(F)`, `BUILTIN\Administrators:(I)(F)`). */
export function aclHoldsKeyGrant(entries: readonly string[]): boolean {
  const full = new Set<string>();
  for (const e of entries) {
    const m = ACE.exec(e.trim());
    if (!m) continue;
    const rights = m[2]!.slice(1, -1).split(')(');
    const sid = wellKnownSid(m[1]!);
    if (sid === null || rights.includes('DENY') || rights.includes('IO')) continue;
    if (rights.some((r) => r.split(',').includes('F'))) full.add(sid);
  }
  return GRANTED.every((s) => full.has(s));
}
