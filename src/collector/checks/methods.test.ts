import { runCheckCases } from '../../test-support/check-cases.js';
import { methodsCheck } from './methods.js';

runCheckCases(methodsCheck, {
  valid: [
    '[System.IO.Path]::Combine($a, $b)',
    "[regex]::Replace($t, 'a', 'b')",
    '[System.Diagnostics.Stopwatch]::StartNew()',
    "$sb.Append('x')",
    'function Write-OutputBytes {\n  param($p, $b)\n  $full = Assert-OutputPath -Path $p\n  [System.IO.File]::WriteAllBytes($full, $b)\n}',
    'function Invoke-Tool { $p.Kill() }',
    "function New-EvidenceZip { $zip.CreateEntry('x') }",
  ],
  invalid: [
    {
      script: "[System.IO.File]::WriteAllText('C:\\Windows\\win.ini', 'x')",
      errors: [{ code: 'file-write-outside-output', line: 1 }],
    },
    {
      script:
        'function Write-OutputBytes {\n  param($p, $b)\n  $full = Assert-OutputPath -Path $p\n  [System.IO.File]::WriteAllBytes($p, $b)\n}',
      errors: [{ code: 'file-write-outside-output', line: 4 }],
    },
    { script: '(Get-Item $p).Delete()', errors: [{ code: 'file-write-outside-output', line: 1 }] },
    { script: '[Environment]::Exit(0)', errors: [{ code: 'system-change-method', line: 1 }] },
    { script: '$p.Stop()', errors: [{ code: 'system-change-method', line: 1 }] },
    {
      script: "[System.Diagnostics.Process]::Start('cmd.exe')",
      errors: [{ code: 'dynamic-execution', line: 1 }],
    },
    {
      script: '$sb = [scriptblock]::Create($text)',
      errors: [
        { code: 'system-change-method', line: 1 },
        { code: 'dynamic-execution', line: 1 },
      ],
      notes: 'a static named Create* is also a change unless reviewed safe',
    },
    { script: "$ps.AddScript('Get-Date')", errors: [{ code: 'dynamic-execution', line: 1 }] },
    { script: '$b = [byte[]]::new(4)', errors: [{ code: 'incompatible-syntax', line: 1 }] },
    { script: "$b = $c.Export('Pfx')", errors: [{ code: 'private-key-export', line: 1 }] },
    { script: "$key.SetValue('x', 1)", errors: [{ code: 'system-write', line: 1 }] },
    {
      script: "Get-Date\n$w.DownloadString('https://example.com')",
      errors: [{ code: 'network-call', line: 2 }],
    },
  ],
});
