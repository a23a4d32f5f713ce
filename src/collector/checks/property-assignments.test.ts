import { runCheckCases } from '../../test-support/check-cases.js';
import { propertyAssignmentsCheck } from './property-assignments.js';

runCheckCases(propertyAssignmentsCheck, {
  valid: ["$x.Name = 'a'", '$info.Attributes2 = 1', '$readOnly = $true'],
  invalid: [
    {
      script: "(Get-Item 'C:\\Windows\\win.ini').IsReadOnly = $true",
      errors: [{ code: 'system-write', line: 1 }],
    },
    {
      script: "Get-Date\n$svc.StartupType = 'Disabled'",
      errors: [{ code: 'system-write', line: 2 }],
    },
    { script: '$f.LastWriteTimeUtc = Get-Date', errors: [{ code: 'system-write', line: 1 }] },
  ],
});
