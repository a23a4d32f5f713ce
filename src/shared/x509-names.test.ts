import { describe, expect, it } from 'vitest';
import { canonicalDn, commonNameOf, dnKey, hostCovered, hostMatchesName } from './x509-names.js';

describe('x509-names', () => {
  it('matches host names by RFC 6125: one left-most wildcard label, no *.com, no IP wildcard', () => {
    expect(hostMatchesName('a.contoso.com', '*.contoso.com')).toBe(true);
    expect(hostMatchesName('contoso.com', '*.contoso.com')).toBe(false);
    expect(hostMatchesName('a.b.contoso.com', '*.contoso.com')).toBe(false);
    expect(hostMatchesName('WWW.Contoso.com.', 'www.contoso.com')).toBe(true);
    expect(hostMatchesName('contoso.com', '*.com')).toBe(false);
    expect(hostMatchesName('x.com', '*.com')).toBe(false);
    expect(hostMatchesName('10.0.0.1', '*.0.0.1')).toBe(false);
    expect(hostMatchesName('a.contoso.com', 'a*.contoso.com')).toBe(false);
    expect(hostCovered('shop.contoso.com', ['www.contoso.com', '*.contoso.com'])).toBe(true);
    expect(hostCovered('shop.contoso.com', [])).toBe(false);
  });

  it('prints every DN form (Windows, node multi-line, OpenSSL) the same way', () => {
    const win = 'CN=www.contoso.com, O=Contoso Ltd, S=WA, C=US';
    expect(canonicalDn(win)).toBe(win);
    expect(canonicalDn('C=US\nST=WA\nO=Contoso Ltd\nCN=www.contoso.com')).toBe(win);
    expect(canonicalDn('/C=US/ST=WA/O=Contoso Ltd/CN=www.contoso.com')).toBe(win);
    expect(dnKey('cn=WWW.contoso.com,  o=Contoso Ltd, st=WA, c=US')).toBe(dnKey(win));
    expect(canonicalDn('CN=a, O="Contoso, Inc", C=US')).toBe('CN=a, O="Contoso, Inc", C=US');
    expect(commonNameOf('C=US\nCN=www.contoso.com')).toBe('www.contoso.com');
    expect(canonicalDn('  ')).toBeNull();
  });
});
