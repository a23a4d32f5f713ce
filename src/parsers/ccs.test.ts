import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { parseCcs } from './ccs.js';

// Sources of the samples: ccs.samples.md (synthetic).
describe('ccs', () => {
  it('reads the provider registry and the file names the collector wrote', () => {
    const { value, issues } = parseCcs(
      fixtureText(import.meta.url, 'ccs.sample.synthetic-collector-unc-listed.json', 'iis.ccs'),
    );
    expect(value.registry).toMatchObject({
      present: true,
      enabled: 1,
      certStoreLocation: '\\\\fs01.contoso.com\\CentralSSL',
      userName: 'CONTOSO\\svc-ccs',
      passwordSet: true,
      evidence: { lines: { start: 3 } },
    });
    expect(value.listing).toMatchObject({
      status: 'listed',
      files: ['www.contoso.com.pfx', '_.fabrikam.com.pfx'],
      truncated: false,
    });
    expect(issues).toEqual([]);
  });

  it('never keeps a password value, from JSON or from reg query', () => {
    const json = parseCcs(
      inlineText(
        '{"registry":{"Enabled":1,"CertStoreLocation":"D:\\\\ccs","Password":"s3cr3t-value","PrivateKeyPassword":"0x0102"}}',
        'iis.ccs',
      ),
    );
    expect(JSON.stringify(json.value)).not.toContain('s3cr3t-value');
    expect(JSON.stringify(json.value)).not.toContain('0x0102');
    expect(json.issues).toMatchObject([{ code: 'secret-dropped', line: 1 }]);
    const reg = parseCcs(
      fixtureText(import.meta.url, 'ccs.sample.synthetic-reg-query-provider-key.txt', 'iis.ccs'),
    );
    expect(reg.value.registry).toMatchObject({
      enabled: 1,
      certStoreLocation: '\\\\fs01.contoso.com\\CentralSSL',
      passwordSet: true,
    });
    expect(JSON.stringify(reg.value)).not.toMatch(/D08C9DDF/i);
    expect(reg.issues).toMatchObject([
      { code: 'secret-dropped', line: 6 },
      { code: 'secret-dropped', line: 7 },
    ]);
  });

  it('reads a pasted dir /b listing of the folder', () => {
    const { value } = parseCcs(
      inlineText('C:\\> dir /b \\\\fs01\\CentralSSL\nwww.contoso.com.pfx\n> _.contoso.com.pfx\n'),
    );
    expect(value.listing?.files).toEqual(['www.contoso.com.pfx', '_.contoso.com.pfx']);
    expect(value.registry).toBeNull();
  });

  it('reports malformed JSON and empty input', () => {
    expect(parseCcs(inlineText('{"registry": ')).issues).toMatchObject([
      { code: 'malformed-json' },
    ]);
    expect(parseCcs(inlineText('')).issues).toMatchObject([{ code: 'empty-input' }]);
  });
});
