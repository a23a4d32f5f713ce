import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import type { Recognizer } from '../shared/parse.js';
import { parsersOf } from './parsers.js';
import { RECOGNIZERS, RECOGNIZERS_BY_ID } from './recognizers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Packages recognition must not load (start-up, issue 18). */
const HEAVY = ['fast-xml-parser', 'papaparse', 'handlebars', 'json-rules-engine', 'ajv', 'yauzl'];

/** The parser modules PARSERS_BY_ID imports: the bodies recognition must not import. */
const PARSER_BODIES = [
  ...readFileSync(new URL('./parsers.ts', import.meta.url), 'utf8').matchAll(
    /import\('\.\.\/parsers\/([\w-]+)\.js'\)/g,
  ),
].map((m) => `src/parsers/${m[1]}.ts`);

describe('artifacts/recognizers', () => {
  it('stands for every parser of PARSERS_BY_ID, in order, with the same sniff, name and input', () => {
    for (const [id, recognizers] of Object.entries(RECOGNIZERS_BY_ID)) {
      const parsers = parsersOf(id);
      expect(parsers.length, `${id}: as many recognizers as parsers`).toBe(
        (recognizers as readonly Recognizer[]).length,
      );
      parsers.forEach((p, i) => {
        const r = (recognizers as readonly Recognizer[])[i]!;
        expect(p.artifactId, id).toBe(r.artifactId);
        expect(p.input, id).toBe(r.input);
        // The same function and pattern objects: the parser spreads its recognizer (no copy).
        expect(p.sniff === r.sniff, `${id}: parser ${i} has its recognizer's sniff`).toBe(true);
        expect(p.fileName === r.fileName, `${id}: parser ${i} has its recognizer's fileName`).toBe(
          true,
        );
      });
    }
    expect(RECOGNIZERS.length).toBe(Object.values(RECOGNIZERS_BY_ID).flat().length);
  });

  it('imports no parser body and no heavy package (only decode.ts reaches iconv-lite)', async () => {
    const r = await build({
      absWorkingDir: root,
      entryPoints: ['src/artifacts/recognizers.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const inputs = r.metafile.inputs;
    const modules = Object.keys(inputs);
    expect(modules.length).toBeGreaterThan(30);
    expect(PARSER_BODIES.length).toBeGreaterThan(25);
    for (const body of PARSER_BODIES) expect(modules, body).not.toContain(body);
    for (const [path, input] of Object.entries(inputs))
      for (const imp of input.imports.filter((i) => i.external)) {
        expect(HEAVY, `${path} imports ${imp.path}`).not.toContain(imp.path);
        // The loader's own decoding (every text sniff reads the head it decodes).
        if (imp.path === 'iconv-lite') expect(path).toBe('src/artifacts/decode.ts');
      }
  });

  it('imports no recognition for a collected bundle, and for a loose capture the capture parser, not the event or XML ones', async () => {
    vi.resetModules();
    // Fresh module instances: the test setup's loadParsers('all') does not count.
    const { analyze } = await import('../analyze.js');
    const { loadedParserIds, recognizersLoaded } = await import('./parsers.js');
    expect(loadedParserIds()).toEqual([]);
    // A bundle whose manifest takes every file needs no recognition at all.
    const bundle = fileURLToPath(new URL('../../samples/s5-protocol-mismatch', import.meta.url));
    await analyze([bundle]);
    expect(recognizersLoaded()).toBe(false);
    const capture = fileURLToPath(
      new URL('../parsers/capture/fixtures/flowtest-tls12.pcap', import.meta.url),
    );
    const a = await analyze([capture]);
    expect(a.parsed.artifacts.find((x) => x.id === 'capture.pcap')?.status).toBe('parsed');
    expect(recognizersLoaded()).toBe(true);
    const ids = loadedParserIds();
    expect(ids).toContain('capture.pcap');
    for (const id of ['events.schannel', 'events.capi2', 'iis.config', 'system.hotfixes'])
      expect(ids).not.toContain(id);
  });

  it('loads iconv-lite only for a legacy code page, not for UTF-8 / UTF-16 evidence', async () => {
    vi.resetModules();
    const { analyze } = await import('../analyze.js');
    const { decodeText, iconvLoaded } = await import('./decode.js');
    // s2's registry export is UTF-16, its events and listings UTF-8.
    await analyze([
      fileURLToPath(new URL('../../samples/s2-untrusted-root-events', import.meta.url)),
    ]);
    expect(iconvLoaded()).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'td-iconv-'));
    // GBK bytes of a zh-CN netstat paste: not UTF-8, so a legacy code page decodes it.
    writeFileSync(join(dir, 'netstat.txt'), Buffer.from('bbeeb6afc1acbdd30d0a', 'hex'));
    await analyze([join(dir, 'netstat.txt')], { encoding: 'gbk' });
    expect(iconvLoaded()).toBe(true);
    expect(decodeText(Buffer.from('bbeeb6afc1acbdd30d0a', 'hex'), { declared: 'gbk' }).text).toBe(
      '活动连接\r\n',
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
