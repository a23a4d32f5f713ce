import { describe, expect, it } from 'vitest';
import { fixtureText } from '../test-support/fixtures.js';
import { keyFilterOf } from './cert-powershell-filter.js';
import { parseCertPowerShell } from './cert-powershell.js';

const LS = 'PS C:\\> Get-ChildItem Cert:\\LocalMachine\\My';

describe('cert.store: the Where-Object filter on HasPrivateKey', () => {
  it.each([
    ['Where-Object { -not $_.HasPrivateKey }', false],
    ['where {!$_.HasPrivateKey}', false],
    ['? { -not ($PSItem.HasPrivateKey) }', false],
    ['Where-Object { $_.HasPrivateKey -eq $false }', false],
    ['Where-Object {$false -eq $_.HasPrivateKey}', false],
    ['Where-Object -FilterScript { -Not $_.hasprivatekey }', false],
    ['Where-Object HasPrivateKey -eq $false', false],
    ['Where-Object -Not HasPrivateKey', false],
    ['Where-Object { $_.HasPrivateKey }', true],
    ['Where-Object { $_.HasPrivateKey -eq $true }', true],
    ['where HasPrivateKey', true],
  ])('reads | %s', (filter, hasKey) => {
    expect(keyFilterOf(`${LS} | ${filter} | Format-Table Thumbprint,Subject`)).toEqual({
      hasKey,
      filter,
    });
  });

  it.each([
    [
      'a condition joined with another',
      `${LS} | Where-Object { -not $_.HasPrivateKey -and $_.NotAfter -lt (Get-Date) }`,
    ],
    ['another property', `${LS} | Where-Object { $_.Archived }`],
    ['a comparison with no boolean', `${LS} | Where-Object { $_.HasPrivateKey -ne $null }`],
    [
      'a stage before the filter that may drop the property',
      `${LS} | Select-Object Thumbprint | Where-Object { -not $_.HasPrivateKey }`,
    ],
    ['no certificate listing', 'PS C:\\> Get-Service | Where-Object { -not $_.HasPrivateKey }'],
    ['no filter', `${LS} | Format-List Thumbprint,HasPrivateKey`],
  ])('decides nothing from %s', (_, line) => {
    expect(keyFilterOf(line)).toBeNull();
  });

  it('gives the judge7 t51 listing no key, the command line as evidence, and no column warning', () => {
    const { value, issues } = parseCertPowerShell(
      fixtureText(
        import.meta.url,
        'cert-powershell.sample.synthetic-where-no-haskey-filter-judge7.txt',
        'cert.store',
      ),
    );
    expect(value.certificates).toMatchObject([
      {
        thumbprint: '61d34f532da121bbab64723c4871e72c92f03735',
        store: 'My',
        hasPrivateKey: false,
        hasPrivateKeyFilter: {
          filter: 'Where-Object { -not $_.HasPrivateKey }',
          evidence: { lines: { start: 1, end: 1 }, label: 'PowerShell command line' },
        },
      },
    ]);
    expect(issues.filter((i) => i.code === 'column-not-shown')).toEqual([]);
  });

  it('lets a HasPrivateKey column win over the filter, and a new command end the filter', () => {
    const text = [
      `${LS} | Where-Object { -not $_.HasPrivateKey } | Format-List Thumbprint,HasPrivateKey`,
      '',
      'Thumbprint    : 61D34F532DA121BBAB64723C4871E72C92F03735',
      'HasPrivateKey : True',
      '',
      `${LS} | Format-List Thumbprint,Subject`,
      '',
      'Thumbprint : A3A24DDC3DB9C858165EB1AA0210D1732F4388C3',
      'Subject    : CN=www.contoso.com',
      '',
    ].join('\n');
    const { value } = parseCertPowerShell(
      fixtureText(import.meta.url, 'x.txt', 'cert.store', text),
    );
    expect(value.certificates.map((c) => [c.hasPrivateKey, c.hasPrivateKeyFilter])).toEqual([
      [true, undefined],
      [null, undefined],
    ]);
  });
});
