import { runCheckCases } from '../../test-support/check-cases.js';
import { writerFunctionsCheck } from './writer-functions.js';

runCheckCases(writerFunctionsCheck, {
  valid: [
    'function New-OutputFolder {\n  param($p)\n  $full = Assert-OutputPath -Path $p\n}',
    {
      script: 'function Initialize-OutputRoot {\n  param($p)\n  $full = $p\n}',
      notes: 'the root writer creates the new evidence folder itself',
    },
    'function Get-Thing { Get-Date }',
  ],
  invalid: [
    {
      script: 'function Write-OutputBytes {\n  param($p, $b)\n  $full = $p\n}',
      errors: [{ code: 'file-write-outside-output', line: 1 }],
    },
    {
      script: 'Get-Date\nfunction New-EvidenceZip {\n  param($p)\n}',
      errors: [{ code: 'file-write-outside-output', line: 2 }],
    },
  ],
});
