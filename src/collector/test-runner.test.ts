/**
 * `npm run test:collector` (scripts/test-collector.mjs): without PowerShell it skips with a
 * message on a laptop, and fails the run under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const runner = new URL('../../scripts/test-collector.mjs', import.meta.url).pathname;
const run = (ci: string) =>
  spawnSync(process.execPath, [runner], {
    env: { PATH: '/nonexistent', HOME: '/nonexistent', CI: ci },
    encoding: 'utf8',
  });

describe('test:collector without PowerShell', () => {
  it('is skipped with a message saying so', () => {
    const r = run('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^test:collector: SKIPPED: PowerShell \(pwsh\) was not found/);
  });

  it('fails the run under CI=true', () => {
    const r = run('true');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/PowerShell \(pwsh\) was not found; CI=true, so this fails the run/);
  });
});
