import { runCheckCases } from '../../test-support/check-cases.js';
import { keyExportTokensCheck } from './key-export-tokens.js';

runCheckCases(keyExportTokensCheck, {
  valid: [
    '# never exports a PFX or PKCS12 blob\nGet-Date',
    '<# .NOTES\n  no ExportParameters here #>\nGet-Date',
    "Get-ChildItem -LiteralPath $Folder -Filter '*.pfx' -File",
    '$pfxish = 1',
  ],
  invalid: [
    { script: "$t = 'pfx'", errors: [{ code: 'private-key-export', line: 1 }] },
    {
      script: 'Get-Date\ncertutil -exportPFX my 01 C:\\x.pfx',
      errors: [{ code: 'private-key-export', line: 2 }],
    },
    { script: '$x = $k.ToXmlString($true)', errors: [{ code: 'private-key-export', line: 1 }] },
    {
      script:
        "Get-ChildItem -LiteralPath $Folder -Filter '*.pfx' -File | % { $_.ExportParameters($true) }",
      errors: [{ code: 'private-key-export', line: 1 }],
      notes: 'the reviewed CCS listing does not hide another token on its line',
    },
  ],
});
