import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const sample = (name: string): string =>
  fileURLToPath(new URL(`../../samples/${name}`, import.meta.url));

describe('engine/evaluate handlebars runtime (start-up, issue 18)', () => {
  it('is not loaded by a run without findings, and loaded before fixes of one with findings render', async () => {
    vi.resetModules();
    // Fresh module instances: no earlier test loaded the runtime in them.
    const { analyze } = await import('../analyze.js');
    const { hbsRuntimeLoaded } = await import('../shared/precompiled.js');
    const healthy = await analyze([sample('ccs-healthy')]);
    expect(healthy.evaluation.findings).toEqual([]);
    expect(hbsRuntimeLoaded()).toBe(false);
    const broken = await analyze([sample('s4-empty-hash')]);
    expect(broken.evaluation.findings.length).toBeGreaterThan(0);
    expect(hbsRuntimeLoaded()).toBe(true);
  });
});
