/**
 * Hostile input, round two (issue 22), at the command line: clear one-line errors with exit 2,
 * fleet report names that cannot collide, links in a fleet folder not followed, special files
 * in a bundle folder logged.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openInputs } from './bundle/open.js';
import { copySample } from './test-support/sample-copy.js';

const root = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-cli-hostile-'));
chmodSync(tmp, 0o755);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TSX = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const ARGS = ['--import', TSX, join(root, 'src/cli.ts')];
const sample = (name: string) => join(root, 'samples', name);

function cli(args: string[], asUser?: number) {
  const argv = [...ARGS, ...args];
  const r =
    asUser === undefined
      ? spawnSync(process.execPath, argv, { cwd: tmp, encoding: 'utf8', timeout: 120_000 })
      : spawnSync(
          'setpriv',
          [`--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', process.execPath, ...argv],
          { cwd: tmp, encoding: 'utf8', timeout: 120_000, env: { ...process.env, HOME: tmp } },
        );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One line on stderr, no stack trace. */
function expectOneLine(stderr: string, contains: string): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(contains);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('cli: clear errors (exit 2, one line)', () => {
  it('-o into a folder that does not exist', () => {
    const r = cli(['analyze', sample('healthy'), '-o', '/nonexistent/x.html']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, '/nonexistent');
  });

  it('--redaction-map into a folder that does not exist', () => {
    const r = cli([
      'analyze',
      sample('healthy'),
      '--redact',
      '-o',
      join(tmp, 'r.html'),
      '--redaction-map',
      '/nonexistent/map.json',
    ]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, '/nonexistent');
  });

  it('fleet --reports naming an existing file', () => {
    const farm = join(tmp, 'farm-reports-file');
    mkdirSync(farm);
    copySample('healthy', join(farm, 'web1'));
    writeFileSync(join(tmp, 'a-file'), 'x');
    const r = cli(['fleet', farm, '--reports', join(tmp, 'a-file'), '-o', join(tmp, 'f.html')]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, '--reports');
  });

  it.skipIf(process.getuid?.() !== 0)(
    'an unreadable folder inside a bundle folder (run as an unprivileged user)',
    () => {
      const dir = join(tmp, 'unreadable');
      copySample('s4-empty-hash', dir);
      chmodSync(dir, 0o755);
      for (const d of readdirSync(dir)) chmodSync(join(dir, d), 0o755);
      chmodSync(join(dir, 'httpsys'), 0o000);
      try {
        const r = cli(['analyze', dir, '-f', 'json'], 65534);
        expect(r.code).toBe(2);
        expectOneLine(r.stderr, 'httpsys');
      } finally {
        chmodSync(join(dir, 'httpsys'), 0o755);
      }
    },
  );
});

describe('cli: fleet folder entries', () => {
  it('gives bundles `web 01` and `web_01` their own report, each naming its bundle', () => {
    const farm = join(tmp, 'farm-names');
    mkdirSync(farm);
    copySample('healthy', join(farm, 'web 01'));
    copySample('s4-empty-hash', join(farm, 'web_01'));
    const reports = join(tmp, 'farm-names-reports');
    const r = cli(['fleet', farm, '--reports', reports, '-o', join(tmp, 'names.html')]);
    expect(r.stderr).not.toMatch(/unexpected error/);
    const files = readdirSync(reports).sort();
    expect(files).toHaveLength(2);
    const pages = files.map((f) => readFileSync(join(reports, f), 'utf8'));
    expect(pages.filter((p) => p.includes('web 01'))).toHaveLength(1);
    expect(pages.filter((p) => p.includes('web_01'))).toHaveLength(1);
    const fleet = readFileSync(join(tmp, 'names.html'), 'utf8');
    for (const f of files) expect(fleet).toContain(`href="farm-names-reports/${f}"`);
  });

  it('does not follow a symbolic link among the entries unless --follow-links', () => {
    const farm = join(tmp, 'farm-links');
    mkdirSync(farm);
    copySample('healthy', join(farm, 'web1'));
    symlinkSync('/etc', join(farm, 'web02'));
    const r = cli(['fleet', farm, '-f', 'json']);
    expect(r.stderr).toContain('web02: symbolic link: not followed');
    const fleet = JSON.parse(r.stdout) as { servers: { id: string }[] };
    expect(fleet.servers.map((s) => s.id)).toEqual(['web1']);

    const farm2 = join(tmp, 'farm-links-2');
    mkdirSync(farm2);
    symlinkSync(sample('healthy'), join(farm2, 'web03'));
    const followed = cli(['fleet', farm2, '-f', 'json', '--follow-links']);
    expect(
      (JSON.parse(followed.stdout) as { servers: { id: string }[] }).servers.map((s) => s.id),
    ).toEqual(['web03']);
  });
});

describe('bundle folder: special entries are logged', () => {
  it('lists a FIFO in the skipped entries instead of ignoring or opening it', () => {
    const dir = join(tmp, 'with-fifo');
    copySample('healthy', dir);
    const made = spawnSync('mkfifo', [join(dir, 'httpsys', 'pipe.txt')]);
    expect(made.status).toBe(0);
    const b = openInputs([dir]);
    expect(b.skipped).toEqual(
      expect.arrayContaining([
        {
          path: 'httpsys/pipe.txt',
          reason: 'named pipe (FIFO): not read',
          code: 'not-a-file',
          params: { kind: 'named pipe (FIFO)' },
        },
      ]),
    );
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
  });
});
