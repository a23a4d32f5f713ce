import { runCheckCases } from '../../test-support/check-cases.js';
import { toolCallsCheck } from './tool-calls.js';

runCheckCases(toolCallsCheck, {
  valid: [
    "Invoke-Tool -Tool 'netsh' -Arguments @('http', 'show', 'sslcert')",
    "Save-ToolOutput -Id 'httpsys.sslcert' -Tool 'NETSH' -Arguments @('http', 'SHOW', 'sslcert')",
    "Invoke-Tool -Tool 'wevtutil' -Arguments @('qe', $log, $query, '/f:xml', '/e:Events', '/rd:true', '/uni:true', $count)",
    "function Invoke-PacketCapture { Invoke-Tool -Tool 'pktmon' -Arguments @('stop') }",
    "function Stop-PacketCapture { Invoke-Tool -Tool 'netsh' -Arguments @('trace', 'stop') }",
    {
      script:
        'function Save-ToolOutput {\n  param($Tool, $Arguments)\n  Invoke-Tool -Tool $Tool -Arguments $Arguments\n}',
      notes: 'Save-ToolOutput hands on the -Tool / -Arguments its own callers were checked for',
    },
  ],
  invalid: [
    {
      script: "Invoke-Tool -Tool $tool -Arguments @('x')",
      errors: [{ code: 'native-tool-not-read-only', line: 1 }],
    },
    {
      script: 'Invoke-Tool -Tool $Tool -Arguments $Arguments',
      errors: [{ code: 'native-tool-not-read-only', line: 1 }],
    },
    {
      script: "Invoke-Tool -Tool 'icacls' -Arguments $list",
      errors: [{ code: 'native-tool-not-read-only', line: 1 }],
    },
    {
      script: "Invoke-Tool -Tool 'powershell' -Arguments @('-c', 'Get-Date')",
      errors: [{ code: 'native-tool-not-read-only', line: 1 }],
    },
    {
      script: "Invoke-Tool -Tool 'netsh' -Arguments @('http', 'show', $what)",
      errors: [{ code: 'native-tool-not-read-only', line: 1 }],
    },
    {
      script: "Invoke-Tool -Tool 'certutil' -Arguments @('-importpfx', $f)",
      errors: [{ code: 'system-write', line: 1 }],
    },
    {
      script:
        "Save-ToolOutput -Id 'httpsys.sslcert' -Tool 'netsh' -Arguments @('http', 'delete', 'sslcert', 'ipport=0.0.0.0:443')",
      errors: [{ code: 'system-write', line: 1 }],
    },
    {
      script: "Get-Date\nInvoke-Tool -Tool 'pktmon' -Arguments @('stop')",
      errors: [{ code: 'system-write', line: 2 }],
      notes: 'a read-only form, but one that stops a capture: only in the opt-in capture',
    },
  ],
});
