import { describe, expect, it } from 'vitest';
import { isGrease } from './names.js';

describe('capture names', () => {
  it('isGrease is true for the 16 RFC 8701 values only', () => {
    const grease = Array.from({ length: 16 }, (_, i) => (i << 12) | 0x0a00 | (i << 4) | 0x0a);
    expect(grease[0]).toBe(0x0a0a);
    expect(grease[15]).toBe(0xfafa);
    for (const v of grease) expect(isGrease(v)).toBe(true);
    let found = 0;
    for (let v = 0; v <= 0xffffff; v++) if (isGrease(v)) found++;
    expect(found).toBe(16);
    // Equal nibbles but not a GREASE pattern; 24-bit SSL 2.0 codes that end like one.
    for (const v of [0x0a1a, 0x1a0a, 0x0b0b, 0x0a0a0a, 0x010a0a, 0xffff0a0a])
      expect(isGrease(v)).toBe(false);
  });
});
