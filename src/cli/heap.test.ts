/** The CLI's heap flags take effect when set from inside the running process (src/cli/heap.ts). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const TSX = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const HEAP = pathToFileURL(join(root, 'src/cli/heap.ts')).href;

/** How much V8's young generation grew (MiB) while allocating objects that survive a few
 * scavenges, with or without importing src/cli/heap.ts first. */
function youngGenerationGrowth(small: boolean): number {
  const script = `
    import v8 from 'node:v8';
    ${small ? `await import(${JSON.stringify(HEAP)});` : ''}
    const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 2 ** 20;
    const before = young();
    const keep = new Array(50000);
    for (let i = 0; i < 300000; i++) keep[i % 50000] = { i, s: 'x' + i };
    console.log(young() - before);
  `;
  const r = spawnSync(process.execPath, ['--import', TSX, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 110_000,
  });
  expect(r.stderr).toBe('');
  return Number(r.stdout.trim());
}

describe('src/cli/heap.ts', () => {
  it('keeps the young generation at its size where V8 would grow it', () => {
    expect(youngGenerationGrowth(false)).toBeGreaterThan(0);
    expect(youngGenerationGrowth(true)).toBe(0);
  });
});
