// The silent drops the paste campaign of issue 17 still found (docs/fuzzing.md, "Pastes holding
// several outputs"), each rebuilt from the real fragments its saved input glued: the fragment a
// parser reads alone must be read in the paste, or named by an issue.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPaste, readPaste, type PastePart } from '../test-support/fuzz/paste.js';

const file = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');
const files = (text: string) => readPaste(text).artifacts.flatMap((a) => a.files);

/** Glues parts (each after its `before` line) as the campaign does, and records where each sits. */
function glue(parts: { source: string; text: string; before: string }[]) {
  const lines: string[] = [];
  const placed: PastePart[] = [];
  for (const p of parts) {
    lines.push(p.before);
    const body = p.text.replace(/\r?\n$/, '').split(/\r?\n/);
    placed.push({
      source: p.source,
      start: lines.length + 1,
      end: lines.length + body.length,
      how: [],
    });
    lines.push(...body);
  }
  const text = lines.join('\n') + '\n';
  for (const p of placed) p.text = lines.slice(p.start - 1, p.end).join('\n');
  return { text, parts: placed };
}

const ICACLS = 'src/parsers/icacls.sample.en-machinekeys-tampered-everyone-rw.txt';
const ICACLS_3 = 'samples/fips-policy-on/certificates/icacls-machinekeys.txt';
const CERTUTIL = 'samples/arr-backend-tls-failure/certificates/certutil-v-store-my.txt';
const EVENTS = 'samples/outbound-tls-client-credential-old/events/system-schannel.xml';
const APPHOST = 'samples/pasted/applicationhost-en-iisexpress-sites-excerpt.txt';
const LISTENERS = 'samples/arr-backend-tls-failure/network/tcp-listeners.json';
const CURVES = 'samples/cipher-order-healthy/schannel/get-tlsecccurve.txt';
const STORE = 'samples/s2-machinekeys-permissions/certificates/store.json';

describe('paste drops (issue 17 campaign)', () => {
  const indented = (p: string) =>
    file(p)
      .split(/\r?\n/)
      .map((l) => (l.trim() === '' ? l : `\t${l}`))
      .join('\n');

  it('reads a two-line icacls fragment at the top of a paste that certutil output claimed', () => {
    // Saved input 114a1fe0: too short for the cutter alone, the fragment's lines were left to
    // certutil, which read the whole file; now the listing is its own output.
    const c = glue([
      { source: ICACLS, text: indented(ICACLS), before: 'netsh http show sslcert' },
      { source: CERTUTIL, text: file(CERTUTIL), before: '' },
    ]);
    const read = files(c.text);
    expect(read.map((f) => f.artifactId).sort()).toEqual(['cert.certutil', 'cert.machinekeys-acl']);
    const acl = read.find((f) => f.artifactId === 'cert.machinekeys-acl')!;
    expect(acl.value).toMatchObject({
      paths: [
        {
          path: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys',
          evidence: { lines: { start: 3 } },
        },
      ],
    });
    expect(checkPaste(c)).toBeUndefined();
  });

  it('reads an icacls listing indented under a command echo in column 0, above certutil output', () => {
    // Saved input 388eae29: the collector's listing of three paths tab-indented under `netsh
    // http show sslcert`; the echo in column 0 kept the listing from being dedented, so its
    // segment yielded nothing and certutil read the whole file.
    const c = glue([
      { source: ICACLS_3, text: indented(ICACLS_3), before: 'netsh http show sslcert' },
      { source: CERTUTIL, text: file(CERTUTIL), before: '' },
    ]);
    const read = files(c.text);
    expect(read.map((f) => f.artifactId).sort()).toEqual(['cert.certutil', 'cert.machinekeys-acl']);
    expect(checkPaste(c)).toBeUndefined();
  });

  it('reads (or at least names) event XML pasted after a command echo inside an applicationHost output', () => {
    // Saved input 7f22c44c: the event log reader is a binary parser; the unread pass tried only
    // text parsers, and the echo above the XML kept its sniff at 0. Since judge6 S3 the event
    // text reader finds `<Event xmlns=…>` XML after any header, so the XML is a segment of its
    // own; before that, the unread pass named it.
    const c = glue([
      {
        source: EVENTS,
        text: file(EVENTS),
        before: 'C:\\Windows\\system32>netsh http show sslcert',
      },
      { source: APPHOST, text: file(APPHOST), before: 'C:\\>netstat -ano | findstr :443' },
    ]);
    const read = files(c.text);
    const unread = read.flatMap((f) => f.issues.filter((i) => i.code === 'unread-lines'));
    expect(
      read.some((f) => f.artifactId === 'events.schannel') ||
        unread.some((i) => (i.params as { id?: string } | undefined)?.id === 'events.schannel'),
    ).toBe(true);
    expect(checkPaste(c)).toBeUndefined();
  });

  it('names what follows event XML that the event log reader read as the whole file', () => {
    // Saved input 5271a781: event XML first, so the binary reader took the file and nothing
    // looked at the store listing and the applicationHost sites after it.
    const c = glue([
      { source: EVENTS, text: file(EVENTS), before: '```text' },
      { source: APPHOST, text: file(APPHOST), before: 'C:\\>tasklist /svc' },
    ]);
    const read = files(c.text);
    expect(read[0]?.artifactId).toBe('events.schannel');
    expect(read[0]?.issues).toContainEqual(
      expect.objectContaining({
        code: 'unread-lines',
        params: expect.objectContaining({ id: 'iis.config' }),
      }),
    );
    expect(checkPaste(c)).toBeUndefined();
  });

  it('names a second copy of the same JSON listing', () => {
    const c = glue([
      { source: LISTENERS, text: file(LISTENERS), before: 'PS C:\\> .\\Collect-TlsEvidence.ps1' },
      { source: LISTENERS, text: file(LISTENERS), before: '' },
    ]);
    const read = files(c.text);
    expect(read.map((f) => f.artifactId)).toEqual(['net.tcp-listeners']);
    const second = c.parts[1]!;
    expect(read[0]!.issues).toContainEqual(
      expect.objectContaining({
        code: 'unread-lines',
        params: expect.objectContaining({ start: second.start, id: 'net.tcp-listeners' }),
      }),
    );
    expect(checkPaste(c)).toBeUndefined();
  });

  it('reads a store listing with a command echo above it and the next output after it', () => {
    // Saved input 454cceca: `netsh http show sslcert` above store.json and certutil's store
    // header after it: JSON.parse refused both, the segment yielded nothing.
    const c = glue([
      { source: STORE, text: file(STORE), before: 'netsh http show sslcert' },
      { source: CERTUTIL, text: file(CERTUTIL), before: '' },
    ]);
    const read = files(c.text);
    expect(read.map((f) => f.artifactId).sort()).toEqual(['cert.certutil', 'cert.store']);
    expect(checkPaste(c)).toBeUndefined();
  });

  it('scores Get-TlsEccCurve output whose author cut it with "..."', () => {
    // Saved input f0f7a10a: "..." above the curve names made the sniff (all lines curve names) 0.
    const c = glue([
      { source: CURVES, text: `...\n${file(CURVES)}`, before: '' },
      { source: CERTUTIL, text: file(CERTUTIL), before: 'C:\\>certutil -v -store my' },
    ]);
    expect(checkPaste(c)).toBeUndefined();
    expect(files(c.text).map((f) => f.artifactId)).toContain('schannel.ecc-curves');
  });
});

// The three drops still open after those fixes (docs/fuzzing.md: `--paste-runs 1000 --seed
// 20261206`), all around applicationHost.config, each rebuilt from the fragments its saved input
// glued with the same mangling; `want` says what the paste must read (or name) now.
const lines = (p: string) =>
  file(p)
    .replace(/\r?\n$/, '')
    .split(/\r?\n/);
const cut = (ls: string[], n: number, midLine = false) => {
  const out = ls.slice(0, n);
  if (midLine) out[n - 1] = out[n - 1]!.slice(0, Math.floor(out[n - 1]!.length / 2));
  return out;
};
const headTwice = (ls: string[]) => [...ls.slice(0, 4), ...ls];
const tabs = (ls: string[]) => ls.map((l) => l.replace(/ {2,}/g, '\t'));
const quoted = (ls: string[]) => ls.map((l) => `> ${l}`);
const tabIndented = (ls: string[]) => ls.map((l) => `\t${l}`);
const HUGE = 'A'.repeat(20_000);
const APPHOST_CUT = 'samples/events-historical-healthy/iis/applicationHost.config';
const APPHOST_CIPHER = 'samples/cipher-order-no-suite-for-key/iis/applicationHost.config';
const APPHOST_LEGACY = 'samples/iis-legacy-ssl-metadata-binding-deleted/iis/applicationHost.config';
const HTTPEVENT = 'samples/iis-legacy-ssl-metadata-binding-deleted/events/system-httpevent.xml';
const TASKLIST = 'src/parsers/tasklist.sample.en-svc-table-iis-wrapped-snipped.txt';
const IPLISTEN = 'samples/outbound-tls-defaults-2012/httpsys/netsh-http-show-iplisten.txt';
const METADATA = 'src/parsers/applicationhost.sample.synthetic-custommetadata-5506-kb2025598.txt';

type Read = ReturnType<typeof files>;
const sites = (read: Read) =>
  read
    .filter((f) => f.artifactId === 'iis.config')
    .flatMap((f) => (f.value as { sites?: { name: string }[] } | null)?.sites ?? []);

const OPEN_DROPS: {
  name: string;
  parts: { source: string; text: string[]; before: string }[];
  want: (read: Read, at: (source: string, text: string) => number) => void;
}[] = [
  {
    // Saved input 6133c455: a config cut inside <sites> (no </sites>), then an IIS Express
    // excerpt with its own <sites>: the XML tree nested the second inside the first and only
    // the first site was read; now every <site> tag is a site where it stands.
    name: 'two applicationHost excerpts in one segment',
    parts: [
      {
        source: APPHOST_CUT,
        text: tabIndented(tabs(headTwice(cut(lines(APPHOST_CUT), 28)))),
        before: '-----Original Message-----',
      },
      { source: APPHOST, text: quoted(tabs(headTwice(lines(APPHOST)))), before: 'C:\\>' },
    ],
    want: (read, at) => {
      const names = sites(read).map((s) => s.name);
      expect(names).toEqual(['Default Web Site', 'WebSite1', 'WebSite1', 'WebAppWithAzureAD']);
      const iis = read.find((f) => f.artifactId === 'iis.config')!;
      const s = (iis.value as { sites: { evidence: { lines: { start: number } } }[] }).sites;
      expect(s[3]!.evidence.lines.start).toBe(at(APPHOST, 'WebAppWithAzureAD'));
    },
  },
  {
    // Saved input 59015c09: a cut config, two lines of event XML after a 20 KB blob, then a
    // tasklist in a fence: the whole paste was read as applicationHost, and the paragraph
    // holding the tasklist's header and wrapped rows was never tried alone past the blob.
    name: 'wrapped tasklist rows after a cut config',
    parts: [
      {
        source: APPHOST_CIPHER,
        text: tabIndented(tabs(headTwice(cut(lines(APPHOST_CIPHER), 13)))),
        before: 'PS C:\\> Get-Website',
      },
      {
        source: HTTPEVENT,
        text: [HUGE, ...cut(lines(HTTPEVENT), 2, true)],
        before: 'PS C:\\> Get-Website',
      },
      { source: TASKLIST, text: lines(TASKLIST), before: '```text' },
    ],
    want: (read, at) => {
      const row = at(TASKLIST, 'UALSVC, UmRdpService');
      const named = read.flatMap((f) =>
        f.issues.filter(
          (i) =>
            i.code === 'unread-lines' &&
            i.params?.['id'] === 'net.processes' &&
            Number(i.params['start']) <= row &&
            row <= Number(i.params['end']),
        ),
      );
      const readRow = read.some(
        (f) => f.artifactId === 'net.processes' && JSON.stringify(f.value).includes('UALSVC'),
      );
      expect(readRow || named.length > 0).toBe(true);
    },
  },
  {
    // Saved input e70f859b: a config cut mid-line with its head pasted twice, other outputs, then
    // a whole config: the XML parser threw, and the <customMetadata> hash and every site were
    // lost with it; now the sections are scanned whatever the tree does.
    name: 'a <property> line of a cut config',
    parts: [
      {
        source: APPHOST_LEGACY,
        text: tabs(headTwice(cut(lines(APPHOST_LEGACY), 55, true))),
        before: '```text',
      },
      { source: IPLISTEN, text: headTwice(lines(IPLISTEN)), before: 'PS C:\\> certutil -store my' },
      { source: METADATA, text: lines(METADATA), before: 'C:\\>reg query HKLM\\SYSTEM' },
    ],
    want: (read, at) => {
      const iis = read.filter((f) => f.artifactId === 'iis.config');
      const legacy = iis.flatMap(
        (f) =>
          (f.value as { legacySslHashes?: { evidence: { lines: { start: number } } }[] } | null)
            ?.legacySslHashes ?? [],
      );
      expect(legacy.map((h) => h.evidence.lines.start)).toContain(
        at(APPHOST_LEGACY, '<property id="5506"'),
      );
      expect(sites(read).map((s) => s.name)).toContain('Contoso');
    },
  },
];

describe('paste drops still open after the first fixes (issue 17 campaign)', () => {
  it.each(OPEN_DROPS)('$name', ({ parts, want }) => {
    const c = glue(parts.map((p) => ({ ...p, text: p.text.join('\n') })));
    const pasted = c.text.split('\n');
    // The first line of a part holding `text` (in the paste, mangled).
    const at = (source: string, text: string) => {
      const p = c.parts.find((x) => x.source === source)!;
      const k = pasted.slice(p.start - 1, p.end).findIndex((l) => l.includes(text));
      expect(k).toBeGreaterThanOrEqual(0);
      return p.start + k;
    };
    want(files(c.text), at);
    expect(checkPaste(c)).toBeUndefined();
  });
});

// Found by the rerun at the same seed after those fixes (the fragment pool had grown since the
// recorded campaign, so the seed drew new pastes): 86f12774, 1e49a471 (e2f8d882, a <site> tag cut
// at the end of its segment, is a unit test of the tag scan in applicationhost.test.ts).
const PS_TABLE = 'src/parsers/cert-powershell.sample.pwsh7-format-table-narrow-haskey-cut.txt';
const SETTING = 'src/parsers/netsh-setting.sample.synthetic-label-value-sslthrottle.txt';
const APPHOST_TLS13 = 'samples/clientauth-root-tls13/iis/applicationHost.config';
const README_SITE =
  'samples/pasted/applicationhost-en-iisexpress-readme-site-fragment-indented.txt';

const RERUN: typeof OPEN_DROPS = [
  {
    // A PowerShell certificate table below another output: its "which store?" issue pointed at
    // line 1, outside its own segment.
    name: 'a whole-listing issue of a certificate table cut out of a paste points inside it',
    parts: [
      { source: ICACLS_3, text: lines(ICACLS_3), before: 'C:\\>icacls C:\\ProgramData' },
      { source: PS_TABLE, text: lines(PS_TABLE), before: '' },
    ],
    want: (read) => {
      const store = read.find((f) => f.artifactId === 'cert.store')!;
      expect(store.segment).toBeDefined();
      for (const i of store.issues)
        if (i.line !== undefined) expect(i.line).toBeGreaterThanOrEqual(store.segment!.start);
    },
  },
  {
    // `netsh http show setting` mail-quoted after a cut config: its one `SslThrottle : 0` line
    // scores 0.35, below what the unread pass tried (0.45), though the loader reads it alone.
    name: 'a quoted netsh setting output inside an applicationHost segment is named',
    parts: [
      { source: APPHOST_TLS13, text: cut(lines(APPHOST_TLS13), 36, true), before: '' },
      { source: SETTING, text: quoted(headTwice(lines(SETTING))), before: 'C:\\>' },
      {
        source: README_SITE,
        text: headTwice(cut(lines(README_SITE), 9)),
        before: '-----Original Message-----',
      },
    ],
    want: (read) => {
      const named = read.flatMap((f) =>
        f.issues.filter((i) => i.code === 'unread-lines' && i.params?.['id'] === 'httpsys.setting'),
      );
      expect(named.length > 0 || read.some((f) => f.artifactId === 'httpsys.setting')).toBe(true);
    },
  },
];

describe('paste campaign rerun findings (issue 17)', () => {
  it.each(RERUN)('$name', ({ parts, want }) => {
    const c = glue(parts.map((p) => ({ ...p, text: p.text.join('\n') })));
    want(files(c.text), () => 0);
    expect(checkPaste(c)).toBeUndefined();
  });
});
