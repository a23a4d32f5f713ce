// Writes V8's code cache of the CommonJS CLI bundle (dist/cli-main.v8cache, read by
// src/launcher.ts), the last step of `npm run build`. The cache holds the bytecode of what a run
// compiled, so it is made by running the built CLI the way users do: `analyze` of sample bundles
// (events, certificates and certutil text, SSL bindings, registry, a capture) into each report
// format, each run reading the cache the previous one wrote and adding what it compiled.
// The cache is only an optimisation: a failed run here fails the build, because the same command
// would fail for a user.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const out = mkdtempSync(join(tmpdir(), 'tls-doctor-code-cache-'));
rmSync(join(root, 'dist', 'cli-main.v8cache'), { force: true });

const runs = [
  ['s2-untrusted-root-events', 'html'],
  ['s5-protocol-mismatch', 'json'],
  ['cert-certutil-expired', 'md'],
];
try {
  for (const [sample, format] of runs) {
    const args = ['analyze', join(root, 'samples', sample), '-f', format];
    args.push('-o', join(out, `${sample}.${format}`), '--fail-on', 'none');
    const r = spawnSync(process.execPath, [cli, ...args], {
      env: { ...process.env, TLS_DOCTOR_CODE_CACHE: 'write' },
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      throw new Error(`code cache: analyze ${sample} -f ${format} exited with ${r.status}`);
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
