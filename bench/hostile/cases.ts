/**
 * Hostile bundles (issue 22): one generator per attack that once cost the analyzer memory, time
 * or correctness. Each case writes a bundle folder (a copy of a sample with the hostile part
 * swapped in) and says what must hold of the result. `bench/hostile/run.ts` runs one case in a
 * child process and measures it; `bench/hostile/hostile.test.ts` runs them all with the limits
 * (< 5 s and < 300 MB each); `npm run fuzz` feeds their artifact files to every parser.
 *
 * Sizes are the ones the attack report used (6,000 and 100,000 event ids, 8,000 addresses,
 * a 500 MiB single line), not scaled down: the point is that they are cheap by design now.
 */
import {
  closeSync,
  cpSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'samples');

/** What the runner hands a case's check: the analysis summary and the rendered outputs. */
export interface CaseOutcome {
  ruleIds: string[];
  artifactStatus: Record<string, string>;
  issueCodes: string[];
  htmlBytes: number;
  html: string;
  markdown: string;
  redactionMap: { original: string; token: string }[] | null;
  eventGroups: number;
  listeners: number;
  timelineBuckets: number;
}

export interface HostileBundleCase {
  name: string;
  /** Writes the bundle under `dir` and returns the input path. */
  make(dir: string): string;
  /** Run with --redact. */
  redact?: boolean;
  /** Throws (expect-style) when the outcome is wrong. */
  check(o: CaseOutcome): string | null;
  /** Artifact files worth feeding to the parsers in the fuzz campaign (small enough to). */
  fuzzInputs?: (dir: string) => { name: string; path: string }[];
}

interface Manifest {
  artifacts: { id: string; path: string; status: string; encoding?: string }[];
}

function copySample(sample: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  cpSync(join(SAMPLES, sample), dir, { recursive: true });
  return dir;
}

function editManifest(dir: string, edit: (m: Manifest) => void): void {
  const p = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(p, 'utf8')) as Manifest;
  edit(m);
  writeFileSync(p, JSON.stringify(m, null, 2));
}

/** Adds (or repoints) a manifest entry so the file is read as that artifact. */
function declare(dir: string, id: string, path: string): void {
  editManifest(dir, (m) => {
    m.artifacts = m.artifacts.filter((a) => a.id !== id);
    m.artifacts.push({ id, path, status: 'collected', encoding: 'utf-8' });
  });
}

const EVENT_HEAD =
  "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Schannel' Guid='{1F678132-5938-4686-9FDC-C8FF68F15C85}'/>";

/** The smallest event the parser takes: what an attacker writes to get the most ids per byte. */
function schannelEvent(id: number, time: string, record: number): string {
  return (
    `${EVENT_HEAD}<EventID>${id}</EventID><Level>2</Level><TimeCreated SystemTime='${time}'/>` +
    `<EventRecordID>${record}</EventRecordID><Computer>WEB01</Computer></System>` +
    `<EventData><Data Name='AlertDesc'>40</Data></EventData></Event>\r\n`
  );
}

/** A System log of Schannel events with `ids` distinct event ids, each logged at every time given. */
function writeEventLog(path: string, ids: number, times: readonly string[]): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, '<Events>\r\n');
    let buf = '';
    let record = 1;
    for (let i = 0; i < ids; i++) {
      for (const t of times) buf += schannelEvent(36000 + i, t, record++);
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf + '</Events>\r\n');
  } finally {
    closeSync(fd);
  }
}

const eventsCase = (
  name: string,
  ids: number,
  times: string[],
  maxHtml: number,
  fuzz: boolean,
): HostileBundleCase => ({
  name,
  make(dir) {
    const b = copySample('s2-untrusted-root-events', dir);
    writeEventLog(join(b, 'events/system-schannel.xml'), ids, times);
    return b;
  },
  check(o) {
    if (o.eventGroups > 2010)
      return `${o.eventGroups} event groups (cap 2,000 and one "other" per source)`;
    if (o.timelineBuckets > 400) return `${o.timelineBuckets} timeline buckets (cap 400)`;
    if (!o.issueCodes.includes('limit-exceeded')) return 'no limit-exceeded issue';
    if (o.htmlBytes > maxHtml) return `HTML of ${o.htmlBytes} bytes`;
    return null;
  },
  ...(fuzz && {
    fuzzInputs: (dir: string) => [
      { name: `${name} event log`, path: join(dir, 'events/system-schannel.xml') },
    ],
  }),
});

/** Get-NetTCPConnection JSON: `n` listeners of one PID that also hosts `n` services. */
function listenersJson(n: number): string {
  const listeners = Array.from({ length: n }, (_, i) => ({
    LocalAddress: '0.0.0.0',
    LocalPort: 1024 + i,
    State: 2,
    OwningProcess: 4242,
  }));
  listeners.push({ LocalAddress: '0.0.0.0', LocalPort: 443, State: 2, OwningProcess: 4242 });
  const services = Array.from({ length: n }, (_, i) => ({
    Name: `svc${i}`,
    DisplayName: `Service ${i}`,
    ProcessId: 4242,
    State: 'Running',
  }));
  return JSON.stringify({
    formatVersion: 1,
    listeners,
    udpEndpoints: [],
    processes: [{ Id: 4242, ProcessName: 'svchost', Path: 'C:\\Windows\\System32\\svchost.exe' }],
    services,
  });
}

/** `netsh http show iplisten` with `n` addresses (10.x.y.z). */
function iplisten(n: number): string {
  const lines = [
    '',
    'IP addresses present in the IP listen list:',
    '-------------------------------------------',
    '',
  ];
  for (let i = 0; i < n; i++)
    lines.push(`    10.${Math.floor(i / 62500)}.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`);
  return lines.join('\r\n') + '\r\n\r\n';
}

export const CASES: readonly HostileBundleCase[] = [
  {
    name: 'manifest: duplicate entry marked failed',
    make(dir) {
      const b = copySample('s4-empty-hash', dir);
      editManifest(b, (m) => {
        const e = m.artifacts.find((a) => a.id === 'httpsys.sslcert')!;
        m.artifacts.push({ ...e, status: 'failed' });
      });
      return b;
    },
    check: (o) =>
      o.artifactStatus['httpsys.sslcert'] !== 'parsed'
        ? `sslcert ${o.artifactStatus['httpsys.sslcert']}`
        : !o.ruleIds.includes('sslcert-empty-certificate-hash')
          ? 'sslcert-empty-certificate-hash missing'
          : null,
  },
  {
    name: 'encoding: BOM-less UTF-16LE declared utf-8',
    make(dir) {
      const b = copySample('s4-empty-hash', dir);
      const p = join(b, 'httpsys/netsh-http-show-sslcert.txt');
      writeFileSync(p, Buffer.from(readFileSync(p, 'utf8'), 'utf16le'));
      return b;
    },
    check: (o) =>
      !o.ruleIds.includes('sslcert-empty-certificate-hash')
        ? 'sslcert-empty-certificate-hash missing'
        : o.ruleIds.includes('iis-https-binding-without-sslcert')
          ? 'wrong iis-https-binding-without-sslcert'
          : null,
    fuzzInputs: (dir) => [
      {
        name: 'UTF-16LE sslcert without BOM',
        path: join(dir, 'httpsys/netsh-http-show-sslcert.txt'),
      },
    ],
  },
  eventsCase(
    'events: 6,000 Schannel ids in years 1000 and 9999',
    6000,
    ['1000-01-01T00:00:00.000Z', '9999-12-31T23:00:00.000Z'],
    8 * 1024 * 1024,
    true,
  ),
  eventsCase(
    'events: 100,000 distinct Schannel ids',
    100_000,
    ['2026-11-20T09:00:00.000Z'],
    8 * 1024 * 1024,
    false,
  ),
  {
    name: 'listeners: 3,000 sockets of one PID with 3,000 services',
    make(dir) {
      const b = copySample('s3-port-conflict', dir);
      writeFileSync(join(b, 'network/tcp-listeners.json'), listenersJson(3000));
      declare(b, 'net.tcp-listeners', 'network/tcp-listeners.json');
      return b;
    },
    check: (o) =>
      o.htmlBytes > 8 * 1024 * 1024
        ? `HTML of ${o.htmlBytes} bytes`
        : !o.issueCodes.includes('limit-exceeded')
          ? 'no limit-exceeded issue for the services cap'
          : null,
    fuzzInputs: (dir) => [
      { name: 'listeners × services', path: join(dir, 'network/tcp-listeners.json') },
    ],
  },
  {
    name: 'redact: 8,000 addresses',
    redact: true,
    make(dir) {
      const b = copySample('s4-iplisten', dir);
      writeFileSync(join(b, 'httpsys/netsh-http-show-iplisten.txt'), iplisten(8000));
      return b;
    },
    check: (o) => {
      if (!o.redactionMap || o.redactionMap.length < 8000)
        return `${o.redactionMap?.length ?? 0} values redacted`;
      return /\b10\.\d+\.\d+\.\d+\b/.test(o.html) ? 'an address survived' : null;
    },
    fuzzInputs: (dir) => [
      { name: '8,000 iplisten addresses', path: join(dir, 'httpsys/netsh-http-show-iplisten.txt') },
    ],
  },
  {
    name: 'redact: ListenOnlyList hex(7), a profile path, thumbprints',
    redact: true,
    make(dir) {
      // s4-iplisten's registry export holds ListenOnlyList as hex(7) (real reg export bytes).
      const b = copySample('s4-iplisten', dir);
      mkdirSync(join(b, 'network'), { recursive: true });
      writeFileSync(
        join(b, 'network/tcp-listeners.json'),
        JSON.stringify({
          formatVersion: 1,
          listeners: [{ LocalAddress: '0.0.0.0', LocalPort: 443, State: 2, OwningProcess: 77 }],
          udpEndpoints: [],
          processes: [
            { Id: 77, ProcessName: 'agent', Path: 'C:\\Users\\jdoe\\AppData\\Local\\agent.exe' },
          ],
          services: [],
        }),
      );
      declare(b, 'net.tcp-listeners', 'network/tcp-listeners.json');
      return b;
    },
    check(o) {
      const map = o.redactionMap ?? [];
      const text = `${o.html}\n${o.markdown}`.toLowerCase();
      const left = map
        .filter((e) => text.includes(e.original.toLowerCase()))
        .map((e) => e.original);
      if (left.length > 0) return `not redacted: ${left.join(', ')}`;
      for (const want of ['192.168.33.1', 'jdoe'])
        if (!map.some((e) => e.original === want)) return `${want} not registered`;
      if (!map.some((e) => /^[0-9a-f]{40}$/.test(e.original))) return 'no thumbprint registered';
      // "192.168.33.1" as reg export writes it in hex(7): 31,00,39,00,32,00,2e,00,31,00,36,00,38,00
      return text.includes('31,00,39,00,32,00,2e,00') ? 'ListenOnlyList bytes survived' : null;
    },
  },
  {
    name: 'report: placeholders and Markdown syntax in evidence',
    make(dir) {
      const b = copySample('s4-empty-hash', dir);
      const p = join(b, 'manifest.json');
      const m = JSON.parse(readFileSync(p, 'utf8')) as { host: { name: string } };
      m.host.name = '![h](https://attacker.example/h.png) /*@inline-css*/ /*@inline-js*/ `x`';
      writeFileSync(p, JSON.stringify(m, null, 2));
      return b;
    },
    check(o) {
      if ((o.html.match(/<style>/g) ?? []).length !== 1) return 'not one <style>';
      if (!/<style>[^<]{500,}<\/style>/.test(o.html)) return 'the stylesheet is not in <style>';
      if (!/<script>[^]{500,}<\/script>/.test(o.html)) return 'the script is not in <script>';
      if (o.markdown.includes('![h](')) return 'Markdown image syntax survived';
      return null;
    },
  },
  {
    name: 'sslcert: a 500 MiB single line',
    make(dir) {
      const b = copySample('s4-empty-hash', dir);
      const fd = openSync(join(b, 'httpsys/netsh-http-show-sslcert.txt'), 'w');
      const chunk = Buffer.alloc(1 << 20, 'A');
      try {
        writeSync(fd, '    IP:port                      : ');
        for (let i = 0; i < 500; i++) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
      return b;
    },
    check: (o) =>
      !o.issueCodes.includes('limit-exceeded') ? 'no limit-exceeded issue for the text cap' : null,
  },
];
