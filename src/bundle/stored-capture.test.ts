/**
 * The collector stores captures in its zip without compressing them (collectors/src/30-output.ps1:
 * encrypted traffic barely deflates, and inflating costs the analyzer as much CPU as parsing). A
 * stored capture entry must then reach the capture parser straight from the archive file: no
 * inflater, and the same value as the deflated entry.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { craftZip } from '../test-support/zip-craft.js';
import { pcapFileHeader, pcapRecords } from '../test-support/zip-large.js';
import { openZip } from './open.js';
import { inflateStream } from './zip-inflate.js';

vi.mock('./zip-inflate.js', async (original) => {
  const m = await original<typeof import('./zip-inflate.js')>();
  return { ...m, inflateStream: vi.fn(m.inflateStream) };
});

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-stored-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const FIXTURE = join(import.meta.dirname, '../parsers/capture/fixtures/flowtest-tls12.pcap');

describe('a stored capture entry', { timeout: 60_000 }, () => {
  // 12 MiB: above the size read whole (8 MiB), so the entry streams.
  const pcap = Buffer.concat([pcapFileHeader(), pcapRecords(readFileSync(FIXTURE), 12 * 2 ** 20)]);
  const capture = (method: 0 | 8) => {
    const p = join(tmp, `capture-${method}.zip`);
    writeFileSync(p, craftZip([{ name: 'capture/capture.pcap', data: pcap, method }]));
    return loadBundle(openZip(p)).artifacts.find((a) => a.id === 'capture.pcap')!;
  };

  it('is parsed straight from the archive, without inflating, to the value of the deflated one', () => {
    vi.mocked(inflateStream).mockClear();
    const stored = capture(0);
    expect(stored.status).toBe('parsed');
    expect(inflateStream).not.toHaveBeenCalled();
    const deflated = capture(8);
    // the spy sees the inflater when there is one to see
    expect(inflateStream).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(stored.files[0]!.value)).toBe(JSON.stringify(deflated.files[0]!.value));
    expect(stored.files[0]!.value).toMatchObject({ stats: { tcpPackets: 41080 } });
  });
});
