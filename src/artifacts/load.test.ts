import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openInputs } from '../bundle/open.js';
import { availableArtifacts, filesOf, loadBundle } from './load.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sslcert = readFileSync(
  new URL('../parsers/netsh-sslcert.sample.en-exchange-444-elided.txt', import.meta.url),
);
const iplisten = readFileSync(
  new URL('../parsers/netsh-iplisten.sample.en-stale-ip-delete-add.txt', import.meta.url),
);

function folder(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(tmp, name);
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), body);
  }
  return dir;
}

describe('artifacts/load', () => {
  it('recognises loose files by name, then by content, and lists what it cannot recognise', () => {
    const dir = folder('loose', {
      'sslcert.txt': sslcert,
      'output (2).txt': iplisten,
      'notes.txt': 'call the customer back',
    });
    const parsed = loadBundle(openInputs([dir]));
    expect(parsed.artifacts.find((a) => a.id === 'httpsys.sslcert')).toMatchObject({
      status: 'parsed',
      files: [{ path: 'sslcert.txt', matchedBy: 'name' }],
    });
    expect(parsed.artifacts.find((a) => a.id === 'httpsys.iplisten')).toMatchObject({
      status: 'parsed',
      files: [{ path: 'output (2).txt', matchedBy: 'content' }],
    });
    expect(parsed.unrecognized).toEqual([
      { path: 'notes.txt', reason: expect.stringContaining('not an artifact') },
    ]);
    expect(filesOf(parsed, 'httpsys.sslcert')[0]!.value.records[0]!.endpoint).toBe('0.0.0.0:444');
  });

  it('follows the manifest: collected, failed with reason, and a listed file that is absent', () => {
    const manifest = {
      formatVersion: 1,
      collector: { version: '0.1.0' },
      host: { name: 'WEB01', oemCodePage: 437 },
      artifacts: [
        {
          id: 'httpsys.sslcert',
          path: 'httpsys/netsh-http-show-sslcert.txt',
          status: 'collected',
          encoding: 'utf-8',
        },
        {
          id: 'net.netstat',
          path: 'network/netstat-anob.txt',
          status: 'failed',
          exitCode: 1,
          reason: 'The requested operation requires elevation.',
        },
        {
          id: 'httpsys.iplisten',
          path: 'httpsys/netsh-http-show-iplisten.txt',
          status: 'collected',
        },
      ],
    };
    const dir = folder('manifest', {
      'manifest.json': JSON.stringify(manifest),
      'httpsys/netsh-http-show-sslcert.txt': sslcert,
    });
    const parsed = loadBundle(openInputs([dir]));
    const by = (id: string) => parsed.artifacts.find((a) => a.id === id);
    expect(by('httpsys.sslcert')).toMatchObject({
      status: 'parsed',
      files: [{ matchedBy: 'manifest', encoding: 'utf-8' }],
    });
    expect(by('net.netstat')).toMatchObject({
      status: 'not-collected',
      reason: 'The requested operation requires elevation.',
    });
    expect(by('httpsys.iplisten')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('does not contain it'),
    });
    expect([...availableArtifacts(parsed)]).toEqual(['httpsys.sslcert']);
  });

  it('keeps a broken manifest as an issue and still reads the files by name', () => {
    const dir = folder('bad-manifest', {
      'manifest.json': '{ not json',
      'httpsys/netsh-http-show-sslcert.txt': sslcert,
    });
    const parsed = loadBundle(openInputs([dir]));
    expect(parsed.manifestIssues).toMatchObject([{ code: 'manifest-invalid-json' }]);
    expect(parsed.artifacts.find((a) => a.id === 'httpsys.sslcert')?.files[0]?.matchedBy).toBe(
      'path',
    );
  });

  it('decodes with the forced encoding when asked', () => {
    const dir = folder('forced', {
      'sslcert.txt': Buffer.from(sslcert.toString('utf8'), 'utf16le'),
    });
    const parsed = loadBundle(openInputs([dir]), { encoding: 'utf-16le' });
    expect(parsed.artifacts.find((a) => a.id === 'httpsys.sslcert')).toMatchObject({
      status: 'parsed',
      files: [{ encoding: 'utf-16le', issues: [] }],
    });
  });
});

describe('artifacts/load statuses', () => {
  it('keeps files without a parser and files of skipped artifacts as evidence, without failing them', () => {
    const manifest = {
      formatVersion: 1,
      collector: {},
      host: {},
      artifacts: [
        {
          id: 'httpsys.servicestate',
          path: 'httpsys/netsh-http-show-servicestate.txt',
          status: 'collected',
        },
        {
          id: 'capture.pcap',
          path: 'capture/',
          status: 'skipped',
          reason: 'pktmon etl2pcap needs build 19041',
        },
      ],
    };
    const dir = folder('kept', {
      'manifest.json': JSON.stringify(manifest),
      'httpsys/netsh-http-show-servicestate.txt':
        'Snapshot of HTTP service state (Server Session View):\n',
      'capture/pktmon.etl': Buffer.from([1, 2, 3, 4]),
    });
    const parsed = loadBundle(openInputs([dir]));
    const by = (id: string) => parsed.artifacts.find((a) => a.id === id);
    // httpsys.servicestate has no parser yet: kept and shown, neither failed nor available to rules.
    expect(by('httpsys.servicestate')).toMatchObject({ status: 'kept' });
    expect([...availableArtifacts(parsed)]).not.toContain('httpsys.servicestate');
    expect(by('capture.pcap')).toMatchObject({
      status: 'not-collected',
      reason: 'pktmon etl2pcap needs build 19041',
      files: [{ path: 'capture/pktmon.etl', issues: [{ code: 'not-parsed' }] }],
    });
    // An ETL is listed as kept, with how to turn it into something the analyzer reads.
    expect(by('capture.pcap')!.files[0]!.issues[0]!.message).toMatch(
      /^kept, not parsed: capture\/pktmon\.etl is an ETL trace; convert it with etl2pcapng .*then analyze the pcapng/,
    );
    expect(parsed.unrecognized).toEqual([]);
  });
});
