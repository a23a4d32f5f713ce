/**
 * One fleet worker process: analyzes the bundles it is sent, one at a time, with its own rule
 * engine, and answers with plain data (see src/fleet.ts). It ends with its parent.
 */
// The CLI's V8 heap flags (bounded young generation and old-generation slack), set first.
import './cli/heap.js';
import { analyze } from './analyze.js';
import { langForCulture, type FleetJob, type FleetResult } from './fleet.js';
import { fleetFingerprint } from './report/fleet.js';
import { buildReportModel } from './report/model.js';
import { sensitiveValues } from './report/redact.js';

process.on('disconnect', () => process.exit(0));
process.on('message', (job: FleetJob) => {
  void (async (): Promise<FleetResult> => {
    try {
      const result = await analyze([job.path], job.options);
      const model = buildReportModel(result, {
        lang: job.lang ?? langForCulture(result.facts.host.uiCulture),
        now: new Date(job.now),
        toolVersion: job.toolVersion,
      });
      return {
        ok: true,
        // Through JSON: the model is JSON by contract; bigint or bytes never reach the main thread.
        model: JSON.parse(JSON.stringify(model)) as typeof model,
        fingerprint: fleetFingerprint(result.facts, result.evaluation.findings),
        sensitive: sensitiveValues(result.facts),
      };
    } catch (e) {
      const err = e as Error & { code?: string };
      return { ok: false, error: `${err.code ? `${err.code}: ` : ''}${err.message}` };
    }
  })().then((r) => process.send?.(r));
});
