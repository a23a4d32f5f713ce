/**
 * Every hostile case of bench/hostile/cases.ts, each generated here and run in its own child
 * process (so its peak RSS is its own) with a 512 MiB heap ceiling: the check must pass, the
 * pipeline must take less than 5 s of CPU (user + system: the machine's load does not move it as
 * it moves wall time) and the process less than 300 MiB of peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CASES, ROOT } from './cases.js';
import type { RunResult } from './run.js';

const LIMIT_CPU_MS = 5000;
const LIMIT_RSS_MIB = 300;
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-hostile-bench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

describe('bench/hostile: every case within 5 s of CPU and 300 MiB', () => {
  CASES.forEach((c, i) => {
    it(c.name, () => {
      const dir = join(tmp, `case-${i}`);
      const input = c.make(dir);
      try {
        const r = spawnSync(
          process.execPath,
          [
            '--max-old-space-size=512',
            '--import',
            TSX,
            join(ROOT, 'bench/hostile/run.ts'),
            c.name,
            input,
          ],
          { encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
        );
        expect(r.status, r.stderr.slice(-2000)).toBe(0);
        const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as RunResult;
        expect(out.problem).toBeNull();
        expect(out.cpuMs, JSON.stringify(out)).toBeLessThan(LIMIT_CPU_MS);
        expect(out.maxRssMiB, JSON.stringify(out)).toBeLessThan(LIMIT_RSS_MIB);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
