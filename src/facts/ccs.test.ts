import { describe, expect, it } from 'vitest';
import { ccsFileNames } from './ccs.js';

describe('ccs file names', () => {
  it('tries the host name first, then the wildcard name with an underscore', () => {
    expect(ccsFileNames('www.contoso.com')).toEqual(['www.contoso.com.pfx', '_.contoso.com.pfx']);
  });

  it('names a *.contoso.com binding host _.contoso.com.pfx only', () => {
    expect(ccsFileNames('*.contoso.com')).toEqual(['_.contoso.com.pfx']);
  });

  it('compares case-insensitively and drops a trailing dot', () => {
    expect(ccsFileNames('WWW.Contoso.COM.')).toEqual(['www.contoso.com.pfx', '_.contoso.com.pfx']);
  });

  it('has no wildcard file for a single-label host and nothing without a host', () => {
    expect(ccsFileNames('intranet')).toEqual(['intranet.pfx']);
    expect(ccsFileNames(null)).toEqual([]);
    expect(ccsFileNames('  ')).toEqual([]);
  });
});
