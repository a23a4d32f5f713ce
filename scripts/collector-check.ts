/**
 * Prints what collectors/Collect-TlsEvidence.ps1 runs (cmdlets, native tools with their argument
 * forms, .NET types) and every violation of the read-only policy; exits 1 on a violation.
 * For reviewers: `npm run collector:check [path/to/script.ps1]`.
 */
import { readFileSync } from 'node:fs';
import { checkScript } from '../src/collector/check.js';

const path =
  process.argv[2] ?? new URL('../collectors/Collect-TlsEvidence.ps1', import.meta.url).pathname;
const report = await checkScript(readFileSync(path, 'utf8'));
const uniq = (xs: string[]): string[] => [...new Set(xs)].sort();

console.log(`${path}\n`);
console.log('cmdlets:');
for (const c of uniq(report.commands.filter((c) => c.kind === 'cmdlet').map((c) => c.name)))
  console.log(`  ${c}`);
console.log('native tools (through Invoke-Tool; * = computed at run time):');
for (const t of uniq(report.tools.map((t) => `${t.tool} ${t.args.join(' ')}`)))
  console.log(`  ${t}`);
console.log(`.NET types: ${report.types.join(', ')}`);
console.log(`functions defined: ${report.functions.length}`);
if (report.violations.length === 0) {
  console.log('\nno violations: read-only, no network, no key export');
} else {
  console.log(`\n${report.violations.length} violation(s):`);
  for (const v of report.violations)
    console.log(`  line ${v.line}: [${v.code}] ${v.message}\n      ${v.text}`);
  process.exitCode = 1;
}
