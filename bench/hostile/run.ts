/**
 * Runs one hostile case in this process and prints its measurements as one JSON line:
 * wall time of the pipeline (analyze → report model → redaction → HTML + Markdown), peak RSS and
 * peak heap, and the case's check. Meant to run in a fresh child (`hostile.test.ts`, or by hand):
 *
 *   npx tsx bench/hostile/run.ts "<case name>" <bundle dir already made>
 *   npx tsx bench/hostile/run.ts --make "<case name>" <dir>      # generate, then run
 *   npx tsx bench/hostile/run.ts --list
 */
import { getHeapStatistics } from 'node:v8';
import { analyze } from '../../src/analyze.js';
import { buildReportModel } from '../../src/report/model.js';
import { Redactor, redactModel } from '../../src/report/redact.js';
import { renderHtml } from '../../src/report/render-html.js';
import { renderMarkdown } from '../../src/report/render-md.js';
import { CASES, type CaseOutcome } from './cases.js';

export interface RunResult {
  name: string;
  /** Wall time of the pipeline; varies with the machine's load. */
  ms: number;
  /** CPU time (user + system, all threads) of the pipeline: what the limit is checked on. */
  cpuMs: number;
  maxRssMiB: number;
  heapMiB: number;
  htmlBytes: number;
  problem: string | null;
}

let peakHeap = 0;
const sample = (): void => {
  peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--list') {
    for (const c of CASES) console.log(c.name);
    return;
  }
  const make = args[0] === '--make';
  const [name, dir] = make ? args.slice(1) : args;
  const c = CASES.find((x) => x.name === name);
  if (!c || !dir)
    throw new Error(
      `usage: run.ts [--make] "<case>" <dir>; cases: ${CASES.map((x) => x.name).join(' | ')}`,
    );
  const input = make ? c.make(dir) : dir;
  const timer = setInterval(sample, 20);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const result = await analyze([input]);
  sample();
  let model = buildReportModel(result, { lang: 'en', now: new Date(), toolVersion: 'bench' });
  let redactionMap: CaseOutcome['redactionMap'] = null;
  if (c.redact) {
    const redactor = new Redactor();
    model = redactModel(model, redactor, [result.facts]);
    redactionMap = redactor.map().entries;
  }
  sample();
  const html = renderHtml(model);
  const markdown = renderMarkdown(model);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  sample();
  clearInterval(timer);
  const outcome: CaseOutcome = {
    ruleIds: result.evaluation.findings.map((f) => f.ruleId),
    artifactStatus: Object.fromEntries(result.parsed.artifacts.map((a) => [a.id, a.status])),
    issueCodes: [
      ...new Set(
        result.parsed.artifacts.flatMap((a) => a.files.flatMap((f) => f.issues.map((i) => i.code))),
      ),
    ],
    htmlBytes: Buffer.byteLength(html),
    html,
    markdown,
    redactionMap,
    eventGroups: result.facts.eventGroups.length,
    listeners: result.facts.listeners.length,
    timelineBuckets: model.eventTimeline?.buckets.length ?? 0,
  };
  const out: RunResult = {
    name: c.name,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    heapMiB: Math.round(peakHeap / 2 ** 20),
    htmlBytes: outcome.htmlBytes,
    problem: c.check(outcome),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

await main();
