/**
 * CPU cost of loading the shipped rules as a run does (read only) and as the tests do (schema,
 * conventions, every fix template compiled). `npx tsx bench/rule-loading.ts [runs]`.
 */
import { BUILTIN_RULES_DIR, loadRules } from '../src/engine/load-rules.js';

const runs = Number(process.argv[2] ?? 3);
const cpuMs = (f: () => unknown): number => {
  const s = process.cpuUsage();
  f();
  const d = process.cpuUsage(s);
  return (d.user + d.system) / 1000;
};
for (let i = 0; i < runs; i++) {
  // Each mode's first call pays for itself: later calls reuse compiled templates.
  const fast = cpuMs(() => loadRules());
  const full = cpuMs(() => loadRules([BUILTIN_RULES_DIR], { checkBuiltin: true }));
  console.log(
    `run ${i + 1}: read-only ${fast.toFixed(0)} ms CPU, full check ${full.toFixed(0)} ms CPU`,
  );
}
