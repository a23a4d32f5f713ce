// Real samples beside this file (cert-powershell.samples.md); the variants are mangled copies.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { certPowerShellParser, parseCertPowerShell } from './cert-powershell.js';

const sample = (name: string) =>
  parseCertPowerShell(
    fixtureText(import.meta.url, `cert-powershell.sample.${name}.txt`, 'cert.store'),
  );

describe('cert.store (PowerShell listing)', () => {
  it('reads the default table with the store from PSParentPath', () => {
    const { value, issues } = sample('en-table-localmachine-my-htb');
    expect(issues).toEqual([]);
    expect(value.certificates).toMatchObject([
      {
        store: 'My',
        thumbprint: '790dcbd9d91e34ede37cdad9c114c3de1beba7be',
        subject: 'CN=authority.authority.htb',
        source: 'powershell-table',
        evidence: { lines: { start: 8, end: 8 } },
      },
      {
        thumbprint: '42a80dc79dd9ce76d032080b2f8b172bc29b0182',
        subject: 'CN=AUTHORITY-CA, DC=authority, DC=htb',
      },
    ]);
  });

  it('reads Format-List records with wrapped subjects and host-local dates', () => {
    const { value } = sample('en-format-list-localmachine-ca');
    expect(value.certificates).toMatchObject([
      {
        store: 'CA',
        thumbprint: 'fee449ee0e3965a5246f000e87fde2a065fd89d4',
        subject: 'CN=Root Agency',
        issuer: 'CN=Root Agency',
        notBeforeLocal: '1996-05-28T18:02',
        notAfterLocal: '2039-12-31T18:59',
        notAfter: null,
        source: 'powershell-list',
      },
      {
        thumbprint: 'd559a586669b08f46a30a133f8a9ed3d038e2ea8',
        subject:
          'OU=www.verisign.com/CPS Incorp.by Ref. LIABILITY LTD.(c)97 VeriSign, OU=VeriSign International Server CA - Class 3, OU="VeriSign, Inc.", O=VeriSign Trust Network',
        notAfterLocal: '2016-10-24T19:59',
        evidence: { lines: { start: 11, end: 19 } },
      },
    ]);
  });

  it('reads Format-List * (EKU OIDs, serial, HasPrivateKey, PSParentPath inside the record)', () => {
    const { value } = sample('en-format-list-all-properties-ca');
    expect(value.certificates).toMatchObject([
      {
        store: 'CA',
        thumbprint: 'd559a586669b08f46a30a133f8a9ed3d038e2ea8',
        serialNumber: '46fcebbab4d02f0f926098233f93078f',
        hasPrivateKey: false,
        eku: [
          '1.3.6.1.5.5.7.3.1',
          '1.3.6.1.5.5.7.3.2',
          '2.16.840.1.113730.4.1',
          '2.16.840.1.113733.1.8.1',
        ],
        dnsNames: [],
        issuer: 'OU=Class 3 Public Primary Certification Authority, O="VeriSign, Inc.", C=US',
      },
    ]);
  });

  it('copes with mail quoting and collapsed padding, and says when the store is unknown', () => {
    const { value, issues } = parseCertPowerShell(
      inlineText(
        [
          '> Thumbprint Subject',
          '> ---------- -------',
          '> 790DCBD9D91E34EDE37CDAD9C114C3DE1BEBA7BE CN=authority.authority.htb',
          '> 42A80DC79DD9CE76D032080B2F8B172BC29B01 CN=too-short',
        ].join('\n'),
        'cert.store',
      ),
    );
    expect(value.certificates).toMatchObject([
      { store: '', thumbprint: '790dcbd9d91e34ede37cdad9c114c3de1beba7be' },
    ]);
    expect(issues).toMatchObject([
      { code: 'invalid-value', line: 4 },
      { code: 'missing-field', line: 1 },
    ]);
  });

  it('reports empty input and text without certificates, and is recognised by content only', () => {
    expect(parseCertPowerShell(inlineText('', 'cert.store')).issues).toMatchObject([
      { code: 'empty-input' },
    ]);
    expect(parseCertPowerShell(inlineText('hello\n', 'cert.store')).issues).toMatchObject([
      { code: 'no-certificates' },
    ]);
    expect(
      certPowerShellParser.sniff(
        'PSParentPath: Microsoft.PowerShell.Security\\Certificate::LocalMachine\\My\n',
      ),
    ).toBe(true);
    expect(certPowerShellParser.sniff('{"Thumbprint": "AB"}')).toBe(false);
  });
  // Tables printed by PowerShell 7 (pwsh) for two real X509Certificate2 objects, one loaded
  // without its key (cert-powershell.samples.md): booleans are right-aligned under their header.
  const A = 'e0673f0902d0fd3de974d73751c94c1daaabb208';
  const B = '8acbd3603e4651f6fdad3dbe60e4cede40a4785c';
  const SUBJECT_A = 'CN=www.contoso.com, O=Contoso Ltd, L=Redmond, S=WA, C=US';

  it.each([
    ['pwsh7-format-table-haskey-autosize'],
    ['pwsh7-select-subject-thumbprint-haskey'],
    ['pwsh7-format-table-wrap-thumbprint'],
  ])('reads the HasPrivateKey column of a table (%s)', (name) => {
    const { value, issues } = sample(name);
    expect(issues.filter((i) => i.code !== 'missing-field')).toEqual([]);
    expect(value.certificates).toMatchObject([
      { thumbprint: A, subject: SUBJECT_A, hasPrivateKey: false, source: 'powershell-table' },
      { thumbprint: B, subject: 'CN=WMSvc-SHA2-WEB01', hasPrivateKey: true },
    ]);
  });

  it('leaves a cut HasPrivateKey cell unknown and says so (narrow window, header wrapped)', () => {
    const { value, issues } = sample('pwsh7-format-table-narrow-haskey-cut');
    expect(value.certificates).toMatchObject([
      { thumbprint: A, subject: SUBJECT_A, hasPrivateKey: null },
      { thumbprint: B, hasPrivateKey: null },
    ]);
    expect(issues).toMatchObject([
      { code: 'value-cut', line: 10 },
      { code: 'value-cut', line: 11 },
      // The listing's first line (line 1 is blank): a listing cut out of a paste starts lower.
      { code: 'missing-field', line: 2 },
    ]);
  });

  it('says HasPrivateKey is unknown when the command asked for the column and the table dropped it', () => {
    const { value, issues } = sample('synthetic-echo-pwsh7-format-table-column-dropped');
    expect(value.certificates).toMatchObject([
      { store: 'My', thumbprint: A, hasPrivateKey: null },
      { thumbprint: B, hasPrivateKey: null },
    ]);
    expect(issues).toMatchObject([{ code: 'column-not-shown', line: 5 }]);
  });

  it('reads a table whose padding a paste collapsed by its tokens', () => {
    const { value } = parseCertPowerShell(
      inlineText(
        [
          '> Thumbprint Subject HasPrivateKey',
          '> ---------- ------- -------------',
          `> ${A.toUpperCase()} ${SUBJECT_A} False`,
          `> ${B.toUpperCase()} CN=WMSvc-SHA2-WEB01 True`,
        ].join('\n'),
        'cert.store',
      ),
    );
    expect(value.certificates).toMatchObject([
      { thumbprint: A, subject: SUBJECT_A, hasPrivateKey: false },
      { thumbprint: B, subject: 'CN=WMSvc-SHA2-WEB01', hasPrivateKey: true },
    ]);
  });
});

describe('cert.store (PowerShell ConvertTo-Csv, judge6 M11d)', () => {
  // The judge's case p107 (src/fixtures/judge6/README.trust7c.md); no real CSV sample exists yet.
  const judge = readFileSync(
    new URL('../fixtures/judge6/p107-ps-select-csv-haskey-false/certs.csv', import.meta.url),
    'utf8',
  );
  const read = (text: string) => parseCertPowerShell(inlineText(text, 'cert.store'));
  const rows = (text: string) =>
    read(text).value.certificates.map((c) => [
      c.store,
      c.thumbprint,
      c.subject,
      c.hasPrivateKey,
      c.notAfterLocal,
      c.source,
      c.evidence.lines?.start,
    ]);
  const P107 = [
    [
      'My',
      '7d2f8e31a0c94b5e66f1d3b2a8e4c0917f5a3b6c',
      'CN=www.contoso.com, O=Contoso Ltd, L=Redmond, S=WA, C=US',
      false,
      '2028-03-01T09:12',
      'powershell-csv',
      3,
    ],
    [
      'My',
      '0c83d3a9f1e5b7724c1a9e0d6b3f58a2e7c4d901',
      'CN=WMSvc-SHA2-WEB01',
      true,
      '2035-10-31T10:12',
      'powershell-csv',
      4,
    ],
  ];

  it('reads Select-Object … | ConvertTo-Csv with its prompt: store from the command, "False" as no key', () => {
    expect(certPowerShellParser.sniff(judge)).toBe(true);
    expect(rows(judge)).toEqual(P107);
    expect(read(judge).issues.map((i) => i.code)).toEqual(['date-order-from-file']);
  });

  it.each([
    ['mail-quoted', (t: string) => t.replace(/^/gm, '> ')],
    ['CRLF', (t: string) => t.replace(/\n/g, '\r\n')],
    [
      'PS 5.1 #TYPE line (no -NoTypeInformation)',
      (t: string) =>
        t.replace(
          /\n"Subject"/,
          '\n#TYPE Selected.System.Security.Cryptography.X509Certificates.X509Certificate2\n"Subject"',
        ),
    ],
  ])('reads it %s (synthetic variant)', (_name, mangle) => {
    const got = rows(mangle(judge));
    expect(got.map((r) => r.slice(0, 6))).toEqual(P107.map((r) => r.slice(0, 6)));
  });

  it('keeps a quoted comma and doubled quotes inside a cell, and needs the header (synthetic)', () => {
    const text =
      '"Thumbprint","Subject","HasPrivateKey"\n' +
      '"7D2F8E31A0C94B5E66F1D3B2A8E4C0917F5A3B6C","CN=""Shop, Inc"", O=Contoso","True"\n';
    expect(certPowerShellParser.sniff(text)).toBe(true);
    expect(read(text).value.certificates).toMatchObject([
      { subject: 'CN="Shop, Inc", O=Contoso', hasPrivateKey: true, store: '' },
    ]);
    // Rows without their header line are not guessed at.
    const headless = text.split('\n').slice(1).join('\n');
    expect(read(headless).value.certificates).toEqual([]);
    expect(read(headless).issues.map((i) => i.code)).toContain('no-certificates');
  });
});
