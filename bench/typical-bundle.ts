/**
 * A "typical 1 MB bundle" for the start-up targets (issue 18: `analyze` of a typical 1 MB bundle
 * under 0.4 s): a collected bundle's size is mostly its event logs. Built from the
 * s2-untrusted-root-events sample (manifest, certificates as .cer, certutil text and store.json,
 * icacls, SSL bindings, registry, Schannel and CAPI2 events) with its two event logs grown to
 * ~450 KB each by repeating their own events under new record ids: SYNTHETIC in that the events
 * are repeated, not collected. Written to bench/out/startup/typical-1mb/ (and .zip), not committed.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const EVENT = /<Event[\s>][\s\S]*?<\/Event>/g;
const PER_LOG = 450_000;

function grow(xml: string, target: number): string {
  const events = xml.match(EVENT) ?? [];
  if (events.length === 0) throw new Error('no <Event> in the sample log');
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < target; i++) {
    const e = events[i % events.length]!.replace(
      /<EventRecordID>\d+<\/EventRecordID>/,
      `<EventRecordID>${100000 + i}</EventRecordID>`,
    );
    out.push(e);
    size += e.length + 1;
  }
  return `<Events>\n${out.join('\n')}\n</Events>\n`;
}

/** Builds the bundle once (folder and zip under `outDir`); returns both paths. */
export function typicalBundle(root: string, outDir: string): { folder: string; zip: string } {
  const folder = join(outDir, 'typical-1mb');
  const zip = join(outDir, 'typical-1mb.zip');
  if (!existsSync(zip)) {
    rmSync(folder, { recursive: true, force: true });
    cpSync(join(root, 'samples/s2-untrusted-root-events'), folder, { recursive: true });
    for (const log of ['events/system-schannel.xml', 'events/capi2-operational.xml']) {
      const path = join(folder, log);
      writeFileSync(path, grow(readFileSync(path, 'utf8'), PER_LOG));
    }
    // The manifest's declared sizes and hashes would no longer match the grown logs.
    const manifestPath = join(folder, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      artifacts: { path: string; size?: number; sha256?: string }[];
    };
    for (const a of manifest.artifacts) {
      if (!a.path.startsWith('events/') || !existsSync(join(folder, a.path))) continue;
      const bytes = readFileSync(join(folder, a.path));
      a.size = bytes.length;
      a.sha256 = createHash('sha256').update(bytes).digest('hex');
    }
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    execFileSync('zip', ['-q', '-r', zip, '.'], { cwd: folder });
  }
  return { folder, zip };
}
