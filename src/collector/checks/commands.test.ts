import { runCheckCases } from '../../test-support/check-cases.js';
import { commandsCheck } from './commands.js';

/** A stand-in for the script's own Assert-OutputPath (a function, so callable). */
const ASSERT = 'function Assert-OutputPath {\n  param($Path)\n  $Path\n}\n';

runCheckCases(commandsCheck, {
  valid: [
    'Get-ChildItem -LiteralPath $p',
    'get-date',
    'function Get-Thing { Get-Date }\nGet-Thing',
    'Add-Type -AssemblyName System.IO.Compression',
    'New-Object -TypeName System.Text.StringBuilder',
    {
      script: 'function Invoke-Step {\n  param($Action)\n  & $Action\n}',
      notes: 'the step runner runs its own script block, which the check reads in place',
    },
    `${ASSERT}function Remove-OutputItem {\n  param($Path)\n  $full = Assert-OutputPath -Path $Path\n  Remove-Item -LiteralPath $full\n}`,
    {
      script: "Invoke-Tool -Tool 'netsh' -Arguments @('http', 'show', 'sslcert')",
      notes: 'tool calls are the tool-calls check',
    },
  ],
  invalid: [
    { script: '& $cmd', errors: [{ code: 'dynamic-execution', line: 1 }] },
    {
      script: 'function Invoke-Step {\n  param($Action)\n  & $Action\n}\n& $Action',
      errors: [{ code: 'dynamic-execution', line: 5 }],
    },
    { script: 'Invoke-Expression $cmd', errors: [{ code: 'dynamic-execution', line: 1 }] },
    {
      script: "Add-Type -TypeDefinition 'public class X {}'",
      errors: [{ code: 'dynamic-execution', line: 1 }],
    },
    {
      script: 'New-Object -ComObject Shell.Application',
      errors: [{ code: 'dynamic-execution', line: 1 }],
    },
    {
      script: 'Get-CimInstance Win32_OperatingSystem -ComputerName other-server',
      errors: [{ code: 'network-call', line: 1 }],
    },
    {
      script: 'Invoke-WebRequest https://example.com',
      errors: [{ code: 'network-call', line: 1 }],
    },
    {
      script: 'Export-PfxCertificate -Cert $c -FilePath C:\\x.pfx',
      errors: [{ code: 'private-key-export', line: 1 }],
    },
    { script: 'netsh http show sslcert', errors: [{ code: 'native-tool-direct', line: 1 }] },
    { script: '& reg.exe query HKLM\\SOFTWARE', errors: [{ code: 'native-tool-direct', line: 1 }] },
    {
      script: 'netsh http delete sslcert ipport=0.0.0.0:443',
      errors: [{ code: 'system-write', line: 1 }],
    },
    {
      script: 'C:\\Windows\\System32\\reg.exe add HKLM\\SOFTWARE\\x /f',
      errors: [{ code: 'system-write', line: 1 }],
    },
    { script: 'Stop-Service W3SVC', errors: [{ code: 'system-write', line: 1 }] },
    {
      script: "Remove-Item -LiteralPath 'C:\\inetpub\\wwwroot' -Recurse",
      errors: [{ code: 'file-write-outside-output', line: 1 }],
    },
    {
      script: `${ASSERT}function Remove-OutputItem {\n  param($Path)\n  $full = Assert-OutputPath -Path $Path\n  Remove-Item -LiteralPath $Path\n}`,
      errors: [{ code: 'file-write-outside-output', line: 8 }],
    },
    { script: 'Frobnicate-Server', errors: [{ code: 'unreviewed-command', line: 1 }] },
    { script: 'gci C:\\', errors: [{ code: 'unreviewed-command', line: 1 }] },
  ],
});
