import { describe, expect, it } from 'vitest';
import { aclHoldsKeyGrant } from './key-acl-grant.js';

describe('aclHoldsKeyGrant', () => {
  it('holds when SYSTEM and Administrators both have explicit full control (judge5 b8, healthy ACL)', () => {
    expect(aclHoldsKeyGrant(['NT AUTHORITY\\SYSTEM:(F)', 'BUILTIN\\Administrators:(F)'])).toBe(
      true,
    );
    expect(aclHoldsKeyGrant(['*S-1-5-18:(I)(F)', '*S-1-5-32-544:(F)'])).toBe(true);
  });

  it('does not hold without SYSTEM, with a deny or an inherit-only entry (judge5 b5)', () => {
    expect(
      aclHoldsKeyGrant(['BUILTIN\\Administrators:(F)', 'IIS APPPOOL\\DefaultAppPool:(R)']),
    ).toBe(false);
    expect(aclHoldsKeyGrant(['NT AUTHORITY\\SYSTEM:(R)', 'BUILTIN\\Administrators:(F)'])).toBe(
      false,
    );
    expect(
      aclHoldsKeyGrant(['NT AUTHORITY\\SYSTEM:(OI)(CI)(IO)(F)', 'BUILTIN\\Administrators:(F)']),
    ).toBe(false);
    expect(
      aclHoldsKeyGrant(['NT AUTHORITY\\SYSTEM:(DENY)(F)', 'BUILTIN\\Administrators:(F)']),
    ).toBe(false);
  });
});
