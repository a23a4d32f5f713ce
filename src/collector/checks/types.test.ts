import { runCheckCases } from '../../test-support/check-cases.js';
import { typesCheck } from './types.js';

runCheckCases(typesCheck, {
  valid: [
    "[int]'4'",
    '[System.IO.Path]::GetFileName($p)',
    '[IO.Path]::GetExtension($p)',
    'New-Object System.Text.StringBuilder',
    "New-Object -TypeName 'System.Collections.ArrayList'",
    '[System.Net.IPAddress]::Parse($a)',
    'function Invoke-Tool { $p = New-Object System.Diagnostics.Process }',
  ],
  invalid: [
    { script: '$c = New-Object System.Net.WebClient', errors: [{ code: 'network-call', line: 1 }] },
    {
      script: 'Get-Date\n[System.Net.Sockets.TcpClient]$c = $null',
      errors: [{ code: 'network-call', line: 2 }],
    },
    {
      script: "[Microsoft.Win32.Registry]::LocalMachine.OpenSubKey('x')",
      errors: [{ code: 'system-write', line: 1 }],
    },
    {
      script: '$s = New-Object System.Security.Cryptography.X509Certificates.X509Store',
      errors: [{ code: 'private-key-export', line: 1 }],
    },
    {
      script: '[System.Runtime.InteropServices.Marshal]::SizeOf($x)',
      errors: [{ code: 'dynamic-execution', line: 1 }],
    },
    {
      script: '$p = New-Object System.Diagnostics.Process',
      errors: [{ code: 'dynamic-execution', line: 1 }],
      notes: 'a reviewed type confined to Invoke-Tool',
    },
    { script: '[System.Xml.XmlDocument]$x = $t', errors: [{ code: 'unreviewed-type', line: 1 }] },
  ],
});
