/**
 * Judge round 13 T1: a file its manifest entry names whose content is nothing of its artifact
 * (random bytes, an HTML table) is unreadable — never "parsed", its area never "no problem found"
 * from it, the verdict never the all-clear colour, and nothing assumed in its place (no protocol
 * findings from OS defaults when schannel.reg cannot be read). The judge's files are in
 * src/fixtures/judge13 (README there); each bundle is samples/healthy with that one file put in,
 * its manifest size and SHA-256 set to match (the collector wrote it so).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { renderHtml } from './report/render-html.js';
import { renderMarkdown } from './report/render-md.js';
import { fired, judgeRound } from './test-support/judge.js';

const { fixture, model } = judgeRound(13, '2026-12-07T00:00:00Z');
const HEALTHY = new URL('../samples/healthy', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface ManifestEntry {
  id: string;
  path: string;
  status: string;
  size?: number;
  sha256?: string;
  reason?: string;
}

/**
 * samples/healthy with `path` replaced by the fixture file `name` (manifest size and SHA-256
 * updated); `skip` entries are removed and marked skipped ("access denied") as in judge case 46.
 */
function bundleWith(path: string, name: string, skip: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'td-j13-'));
  dirs.push(dir);
  cpSync(HEALTHY, dir, { recursive: true });
  const bytes = readFileSync(fixture(name));
  writeFileSync(join(dir, path), bytes);
  const mf = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(mf, 'utf8')) as { artifacts: ManifestEntry[] };
  for (const a of manifest.artifacts) {
    if (a.path === path) {
      a.size = bytes.length;
      a.sha256 = createHash('sha256').update(bytes).digest('hex');
    }
    if (skip.includes(a.path)) {
      rmSync(join(dir, a.path));
      for (const k of Object.keys(a))
        if (!['id', 'path', 'source'].includes(k)) delete a[k as 'size'];
      a.status = 'skipped';
      a.reason = 'access denied';
    }
  }
  writeFileSync(mf, JSON.stringify(manifest, null, 2));
  return dir;
}

const statusOf = (a: Awaited<ReturnType<typeof analyze>>, id: string) =>
  a.parsed.artifacts.find((x) => x.id === id)!;

describe('judge13 T1: an unreadable artifact inside a bundle is not read', () => {
  it.each([
    // case, file replaced, fixture, artifact, the area it alone covers, its kind, skipped files
    [
      '46',
      'httpsys/netsh-http-show-sslcert.txt',
      '46-synthetic-binary-netsh-http-show-sslcert.txt',
      'httpsys.sslcert',
      'HTTP.sys bindings',
      'binary',
      ['registry/http-parameters.reg'],
    ],
    [
      '44c',
      'events/system-schannel.xml',
      '44c-synthetic-binary-system-schannel.xml',
      'events.schannel',
      'events',
      'binary',
      [],
    ],
    [
      '43b',
      'events/system-schannel.xml',
      '43b-synthetic-html-table-system-schannel.xml',
      'events.schannel',
      'events',
      'not-the-format',
      [],
    ],
    [
      '46b',
      'registry/schannel.reg',
      '46b-synthetic-binary-schannel.reg',
      'schannel.registry',
      'protocol settings',
      'binary',
      [],
    ],
  ])(
    'case %s: %s is unreadable, its area not checked, never all clear',
    async (_c, path, name, id, area, kind, skip) => {
      const a = await analyze([bundleWith(path, name, skip)]);
      const s = statusOf(a, id);
      expect(s.status).toBe('unreadable');
      expect(s.reasonCode).toBe('unreadable');
      expect(s.files[0]!.value).toBeNull();
      expect(s.files[0]!.issues[0]).toMatchObject({ code: 'unreadable-content', params: { kind } });
      const m = model(a);
      expect(m.verdict.headline).not.toMatch(new RegExp(`No problem found in[^;]*${area}`));
      expect(m.verdict.headline).toContain(`${path} could not be read`);
      expect(m.verdict.evidenceUnread).toBe(true);
      expect(renderHtml(m)).toMatch(/<section id="verdict" class="verdict sev-none unread">/);
      expect(renderMarkdown(m)).toMatch(
        new RegExp(`\\| \`${id.replace('.', '\\.')}\` \\| unreadable — `),
      );
      expect(model(a, 'zh-CN').verdict.headline).toContain(`无法读取 ${path}`);
    },
  );

  it('case 46b: no protocol finding, reg add or reboot is derived from an unreadable schannel.reg', async () => {
    const healthy = await analyze([HEALTHY]);
    const a = await analyze([
      bundleWith('registry/schannel.reg', '46b-synthetic-binary-schannel.reg'),
    ]);
    expect(fired(a)).toEqual(fired(healthy).filter((f) => !f.startsWith('schannel-')));
    expect(fired(a).filter((f) => /protocol|legacy|tls1/i.test(f))).toEqual([]);
    const fixes = a.evaluation.findings.map((f) => f.fix.en).join('\n');
    expect(fixes).not.toMatch(/reg add|shutdown/i);
  });

  it.each([
    ['network/netstat-anob.txt', '46c-synthetic-binary-netstat-anob.txt', 'net.netstat'],
    ['iis/applicationHost.config', '46c-synthetic-binary-applicationHost.config', 'iis.config'],
    [
      'httpsys/netsh-http-show-iplisten.txt',
      '46c-synthetic-binary-netsh-http-show-iplisten.txt',
      'httpsys.iplisten',
    ],
    [
      'certificates/certutil-v-store-my.txt',
      '46c-synthetic-binary-certutil-v-store-my.txt',
      'cert.certutil',
    ],
  ])(
    'case 46c: binary %s is named unreadable even where other sources cover its area',
    async (path, name, id) => {
      const a = await analyze([bundleWith(path, name)]);
      expect(statusOf(a, id).status).toBe('unreadable');
      const m = model(a);
      expect(m.verdict.headline).toContain(`${path} could not be read`);
      expect(m.verdict.evidenceUnread).toBe(true);
    },
  );

  it("case 44: the event query's own 'no events' answer stays read: zero events, not unreadable", async () => {
    const a = await analyze([
      bundleWith(
        'events/system-schannel.xml',
        '44-synthetic-no-events-message-system-schannel.xml',
      ),
    ]);
    expect(statusOf(a, 'events.schannel').status).not.toBe('unreadable');
    const m = model(a);
    expect(m.verdict.evidenceUnread).toBeUndefined();
    expect(m.verdict.headline).toMatch(/No problem found in[^;]*events/);
  });

  it('the healthy bundle itself has nothing unreadable', async () => {
    const a = await analyze([HEALTHY]);
    expect(a.parsed.artifacts.filter((x) => x.status === 'unreadable')).toEqual([]);
    expect(model(a).verdict.evidenceUnread).toBeUndefined();
  });
});

/** samples/healthy with the fixture `name` as its capture (the manifest's capture entry collected). */
function bundleWithCapture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'td-j13-'));
  dirs.push(dir);
  cpSync(HEALTHY, dir, { recursive: true });
  mkdirSync(join(dir, 'capture'), { recursive: true });
  writeFileSync(join(dir, 'capture', name), readFileSync(fixture(name)));
  const mf = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(mf, 'utf8')) as { artifacts: ManifestEntry[] };
  const entry = manifest.artifacts.find((a) => a.id === 'capture.pcap')!;
  entry.status = 'collected';
  delete entry.reason;
  writeFileSync(mf, JSON.stringify(manifest, null, 2));
  return dir;
}

describe('judge13 M5: the collection log says an unreadable capture is unreadable, and why', () => {
  const logOf = (m: ReturnType<typeof model>) => m.artifacts.find((a) => a.id === 'capture.pcap')!;

  it.each([
    ['13-synthetic-gzip-named.pcap', /gzip-compressed; gunzip it and analyze the \.pcap inside/],
    [
      '14-synthetic-text-named.pcap',
      /it is text, starting "Capture could not be started: pktmon\.exe not found"/,
    ],
  ])('%s: status unreadable, the reason names what the file is', async (name, why) => {
    const a = await analyze([bundleWithCapture(name)]);
    const m = model(a);
    expect(logOf(m).status).toBe('unreadable');
    expect(logOf(m).reason).toMatch(why);
    expect(m.verdict.headline).toMatch(why);
    expect(renderMarkdown(m)).toMatch(/\| `capture\.pcap` \| unreadable — /);
    expect(model(a, 'zh-CN').artifacts.find((x) => x.id === 'capture.pcap')!.status).toBe(
      'unreadable',
    );
  });

  it('a zero-byte capture is unreadable', async () => {
    const dir = bundleWithCapture('14-synthetic-text-named.pcap');
    writeFileSync(join(dir, 'capture', '14-synthetic-text-named.pcap'), Buffer.alloc(0));
    const m = model(await analyze([dir]));
    expect(logOf(m).status).toBe('unreadable');
    expect(logOf(m).reason).toMatch(/empty or shorter than a file header/);
  });

  it('a capture whose snap length cut every handshake says so, with the bytes kept', async () => {
    const m = model(await analyze([bundleWithCapture('16-snaplen-64.pcap')]));
    expect(logOf(m).status).toBe('partial');
    expect(logOf(m).reason).toMatch(/snap length of 64 bytes .*no TLS handshake could be read/);
    expect(m.verdict.headline).toMatch(/snap length of 64 bytes/);
    // Nothing of TLS could be read from it: the verdict is not drawn in the all-clear colour.
    expect(m.verdict.evidenceUnread).toBe(true);
  });
});

describe('judge13 T1: the bytes of an unreadable file do not reach the report', () => {
  it('case 46: no parser line issue quotes the blob (control characters in the HTML)', async () => {
    const a = await analyze([
      bundleWith(
        'httpsys/netsh-http-show-sslcert.txt',
        '46-synthetic-binary-netsh-http-show-sslcert.txt',
      ),
    ]);
    const s = statusOf(a, 'httpsys.sslcert');
    expect(s.files[0]!.issues.filter((i) => i.line !== undefined)).toEqual([]);
    // eslint-disable-next-line no-control-regex
    expect(renderHtml(model(a))).not.toMatch(/[\u0000-\u0008\u000e-\u001f]/);
  });
});
