#!/usr/bin/env node
// Runs the collector's Pester tests (collectors/tests) under PowerShell 7: the collector executes
// end to end with stubbed Windows tools and its zip is analyzed (see collectors/tests/Harness.ps1).
// Without PowerShell (a laptop) they are skipped with a message; with CI=true that is a failure.
// Pester 5.7.1 comes from NuGet (PSGallery may be unreachable): restored once into .cache/pester.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const PESTER_VERSION = '5.7.1';
// The Pester tests of the whole folder: a run with fewer passing tests (a file that no longer
// loads, a Describe lost in a split) fails. Raise it when tests are added; never lower it.
const MIN_TESTS = 73;
const root = new URL('..', import.meta.url).pathname;
const ci = /^(1|true|yes)$/i.test(process.env.CI ?? '');

const onPath = (name) => {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), join(homedir(), '.dotnet', 'tools')];
  for (const d of dirs) {
    for (const ext of process.platform === 'win32' ? ['.exe', '.cmd', ''] : ['']) {
      const p = join(d, name + ext);
      if (d && existsSync(p)) return p;
    }
  }
  return null;
};

const skip = (why) => {
  if (ci) {
    console.error(`test:collector: ${why}; CI=true, so this fails the run (.ci/run installs it).`);
    process.exit(1);
  }
  console.log(
    `test:collector: SKIPPED: ${why}. The collector's run-for-real tests need PowerShell 7 (dotnet tool install --global PowerShell --version 7.6.10) and the .NET SDK for Pester.`,
  );
  process.exit(0);
};

const pwsh = process.env.PWSH ?? onPath('pwsh');
if (!pwsh) skip('PowerShell (pwsh) was not found');

const pesterDir = process.env.PESTER_DIR ?? join(root, '.cache', 'pester');
const psd1 = join(pesterDir, 'pester', PESTER_VERSION, 'tools', 'Pester.psd1');
if (!existsSync(psd1)) {
  const dotnet = onPath('dotnet');
  if (!dotnet)
    skip(`Pester ${PESTER_VERSION} is not in ${pesterDir} and dotnet is not there to fetch it`);
  // A throwaway project whose only job is to download the Pester package from NuGet.
  const proj = join(root, '.cache', 'pester-restore');
  mkdirSync(proj, { recursive: true });
  writeFileSync(
    join(proj, 'pester-restore.csproj'),
    `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[${PESTER_VERSION}]" /></ItemGroup>
</Project>
`,
  );
  const r = spawnSync(dotnet, ['restore', proj, '--packages', pesterDir], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(psd1)) {
    if (ci) {
      console.error(`test:collector: could not restore Pester ${PESTER_VERSION} from NuGet`);
      process.exit(1);
    }
    skip(`Pester ${PESTER_VERSION} could not be restored from NuGet`);
  }
}

if (process.argv.includes('--install-only')) {
  console.log(`test:collector: Pester ${PESTER_VERSION} is in ${pesterDir}`);
  process.exit(0);
}

const command = `
$ErrorActionPreference = 'Stop'
Import-Module '${psd1.replace(/'/g, "''")}' -RequiredVersion ${PESTER_VERSION}
$c = New-PesterConfiguration
$c.Run.Path = '${join(root, 'collectors', 'tests').replace(/'/g, "''")}'
$c.Run.PassThru = $true
$c.Output.Verbosity = 'Detailed'
if ($env:PESTER_FILTER) { $c.Filter.FullName = @($env:PESTER_FILTER -split ',') }
$r = Invoke-Pester -Configuration $c
# A run that was cut short (a stop signal inside a test) ends without a result: say so.
Write-Host ('PESTER-RESULT {0} passed={1} failed={2} containers={3} failedContainers={4}' -f $r.Result, $r.PassedCount, $r.FailedCount, $r.Containers.Count, $r.FailedContainersCount)
if ($r.Result -ne 'Passed') { exit 1 }
`;
const r = spawnSync(pwsh, ['-NoProfile', '-NonInteractive', '-Command', command], {
  stdio: ['ignore', 'pipe', 'inherit'],
  cwd: root,
  env: { ...process.env, TLS_DOCTOR_PWSH: pwsh },
  maxBuffer: 64 * 1024 * 1024,
});
const out = r.stdout?.toString() ?? '';
process.stdout.write(out);
const result =
  /PESTER-RESULT (\w+) passed=(\d+) failed=(\d+) containers=(\d+) failedContainers=(\d+)/.exec(out);
if (!result || result[1] !== 'Passed' || Number(result[2]) === 0 || Number(result[5]) !== 0) {
  console.error('test:collector: the Pester run did not pass (or did not finish)');
  process.exit(1);
}
// Every *.Tests.ps1 file ran (one container each), and no test went missing.
const files = readdirSync(join(root, 'collectors', 'tests')).filter((f) =>
  f.endsWith('.Tests.ps1'),
);
if (!process.env.PESTER_FILTER) {
  if (Number(result[4]) !== files.length) {
    console.error(`test:collector: ${result[4]} of ${files.length} test files ran`);
    process.exit(1);
  }
  if (Number(result[2]) < MIN_TESTS) {
    console.error(
      `test:collector: ${result[2]} tests passed, fewer than the ${MIN_TESTS} expected`,
    );
    process.exit(1);
  }
}
process.exit(r.status ?? 1);
