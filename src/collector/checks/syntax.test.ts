import { runCheckCases } from '../../test-support/check-cases.js';
import { syntaxCheck } from './syntax.js';

runCheckCases(syntaxCheck, {
  valid: [
    'Get-Date',
    'if ($x) { Get-Date } else { Get-Location }',
    'function Get-Thing {\n  param($a)\n  $a\n}',
    "$h = @{ a = 1; b = 'x' }",
  ],
  invalid: [
    {
      script: 'if ($x { \n',
      errors: [
        { code: 'parse-error', line: 1 },
        { code: 'parse-error', line: 1 },
      ],
    },
    {
      script: 'Get-Date\nclass Foo { [int]$X }',
      errors: [{ code: 'incompatible-syntax', line: 2 }],
    },
    { script: 'enum Color { Red }', errors: [{ code: 'incompatible-syntax', line: 1 }] },
    { script: 'Get-Date && Get-Date', errors: [{ code: 'incompatible-syntax', line: 1 }] },
  ],
});
