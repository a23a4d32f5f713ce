import { runCheckCases } from '../../test-support/check-cases.js';
import { redirectionsCheck } from './redirections.js';

runCheckCases(redirectionsCheck, {
  valid: ['Get-Date > $null', 'Get-Date > $NULL'],
  invalid: [
    { script: '"x" > C:\\x.txt', errors: [{ code: 'file-write-outside-output', line: 1 }] },
    {
      script: 'Get-Date\nGet-Date >> log.txt',
      errors: [{ code: 'file-write-outside-output', line: 2 }],
    },
  ],
});
