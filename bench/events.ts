/**
 * Event-log parser benchmark: throughput (MB/s) and peak RSS of the streaming event XML parser
 * (src/parsers/event-xml.ts) on generated wevtutil-shaped Schannel logs of 10 MB, 100 MB and 1 GB.
 * Each measurement runs in its own process so its peak RSS is its own.
 *
 *   npx tsx bench/events.ts                 # generate missing logs in bench/out/, run all sizes
 *   npx tsx bench/events.ts 10 100          # only these sizes (MB)
 *   npx tsx bench/events.ts --general 10    # also time fast-xml-parser on every event (slow)
 *
 * Modes per file: `split` = decode + split on </Event> only (the floor of any streaming reader
 * in this runtime), `parse` = the parser as the pipeline runs it, `general` = the split events
 * handed one by one to the fast-xml-parser fallback (what the direct scan avoids).
 *
 * The generated log mixes what a busy IIS server's System log holds when EventLogging is 7:
 * 36880 handshake successes (UserData), 36888 / 36887 alerts with a few alert numbers and states,
 * 36874 from old clients, some 36870 / 36871, a tenth with RenderingInfo (forwarded events).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { streamDecoder, type StreamDecoder } from '../src/artifacts/decode.js';
import { parseEventGeneral, parseEventXml } from '../src/parsers/event-xml.js';

const OUT = new URL('./out/', import.meta.url).pathname;
const CHUNK = 1 << 20;
const MB = 1024 * 1024;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEAD =
  "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Schannel' Guid='{1F678132-5938-4686-9FDC-C8FF68F15C85}'/>";

function event(r: () => number, ms: number, record: number): string {
  const x = r();
  let id: number;
  let level = 2;
  let body: string;
  if (x < 0.3) {
    id = 36880;
    level = 4;
    body = `<UserData><EventXML xmlns='LSA_NS'><Type>server</Type><Protocol>TLS 1.2</Protocol><CipherSuite>0xc030</CipherSuite><ExchangeStrength>384</ExchangeStrength><ContextHandle>0x${Math.floor(r() * 1e9).toString(16)}</ContextHandle><TargetName></TargetName><LocalCertSubjectName>CN=www.contoso.com</LocalCertSubjectName><RemoteCertSubjectName></RemoteCertSubjectName></EventXML></UserData>`;
  } else if (x < 0.6) {
    id = 36888;
    const alert = [40, 70, 46, 10][Math.floor(r() * 4)]!;
    body = `<EventData><Data Name='AlertDesc'>${alert}</Data><Data Name='ErrorState'>${[1205, 105, 960][Math.floor(r() * 3)]}</Data></EventData>`;
  } else if (x < 0.75) {
    id = 36887;
    body = `<EventData><Data Name='AlertDesc'>${r() < 0.5 ? 46 : 48}</Data></EventData>`;
  } else if (x < 0.9) {
    id = 36874;
    body = `<EventData><Data Name='Protocol'>${r() < 0.7 ? 'TLS 1.0' : 'TLS 1.1'}</Data></EventData>`;
  } else if (x < 0.95) {
    id = 36870;
    body = `<EventData><Data Name='Type'>server</Data><Data Name='ErrorCode'>0x80090016</Data><Data Name='ErrorStatus'>10001</Data></EventData>`;
  } else {
    id = 36871;
    body = `<EventData><Data Name='Type'>client</Data><Data Name='ErrorState'>10013</Data></EventData>`;
  }
  const rendering =
    r() < 0.1
      ? `<RenderingInfo Culture='en-US'><Message>Schannel event ${id}. The message text of a forwarded event is carried here.</Message><Level>${level === 2 ? 'Error' : 'Information'}</Level><Task></Task><Opcode>Info</Opcode><Channel>System</Channel><Provider></Provider><Keywords></Keywords></RenderingInfo>`
      : '';
  const time =
    new Date(ms).toISOString().slice(0, 19) +
    '.' +
    String(Math.floor(r() * 1e7)).padStart(7, '0') +
    'Z';
  const act = Math.floor(r() * 0xffffffff)
    .toString(16)
    .toUpperCase()
    .padStart(8, '0');
  return (
    `${HEAD}<EventID>${id}</EventID><Version>0</Version><Level>${level}</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>` +
    `<TimeCreated SystemTime='${time}'/><EventRecordID>${record}</EventRecordID><Correlation ActivityID='{${act}-9F1E-0001-5B8E-409C1B6EDA01}'/>` +
    `<Execution ProcessID='652' ThreadID='${1000 + Math.floor(r() * 9000)}'/><Channel>System</Channel><Computer>WEB01.contoso.local</Computer><Security UserID='S-1-5-18'/></System>` +
    `${body}${rendering}</Event>\r\n`
  );
}

/** Writes bench/out/events-<mb>mb.xml (newest first, as /rd:true). */
function generate(mb: number): string {
  mkdirSync(OUT, { recursive: true });
  const file = `${OUT}events-${mb}mb.xml`;
  if (existsSync(file) && statSync(file).size >= mb * MB) return file;
  const fd = openSync(file, 'w');
  const r = rng(mb);
  let ms = Date.parse('2026-11-20T09:00:00Z');
  let record = 50_000_000;
  let written = 0;
  let buf = '<Events>\r\n';
  while (written + buf.length < mb * MB) {
    buf += event(r, ms, record--);
    ms -= Math.floor(r() * 2000);
    if (buf.length > 4 * MB) {
      written += writeSync(fd, buf);
      buf = '';
    }
  }
  buf += '</Events>\r\n';
  writeSync(fd, buf);
  closeSync(fd);
  return file;
}

function* chunks(file: string, n = CHUNK): Iterable<Uint8Array> {
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(n);
      const got = readSync(fd, buf, 0, n, null);
      if (got <= 0) return;
      yield got === n ? buf : buf.subarray(0, got);
    }
  } finally {
    closeSync(fd);
  }
}

/** Decode + split only; optionally hand each event to the general parser. */
function split(file: string, general: boolean): number {
  let decoder: StreamDecoder | null = null;
  let carry = '';
  let events = 0;
  for (const c of chunks(file)) {
    decoder ??= streamDecoder(c);
    const buf = carry + decoder.decode(c);
    let pos = 0;
    for (;;) {
      const s = buf.indexOf('<Event ', pos);
      if (s === -1) break;
      const e = buf.indexOf('</Event>', s);
      if (e === -1) break;
      events++;
      if (general) parseEventGeneral(buf.slice(s, e + 8));
      pos = e + 8;
    }
    carry = buf.slice(pos);
  }
  return events;
}

function child(file: string, mode: string): void {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let events: number;
  let digests = 0;
  if (mode === 'parse') {
    const size = statSync(file).size;
    const r = parseEventXml({
      artifactId: 'events.schannel',
      path: file,
      size,
      chunks: (n) => chunks(file, n ?? CHUNK),
    });
    events = r.value.eventCount;
    digests = r.value.digests.length;
  } else {
    events = split(file, mode === 'general');
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ mode, events, digests, seconds: s, cpu, rssMb }));
}

interface Measured {
  mbps: number;
  cpuMbps: number;
  rssMb: number;
  events: number;
  digests: number;
}

/**
 * Children run the parser as the shipped CLI does, as plain JavaScript (no tsx loader in the
 * process, whose own memory would hide the parser's): the bench is bundled once with esbuild,
 * which tsx already brings along. Falls back to tsx when esbuild is not there.
 */
function childCommand(): string[] {
  const bundle = `${OUT}events-bench.mjs`;
  const self = new URL(import.meta.url).pathname;
  const esbuild = new URL('../node_modules/.bin/esbuild', import.meta.url).pathname;
  if (existsSync(esbuild)) {
    // iconv-lite (src/artifacts/decode.ts) is CommonJS: an ESM bundle needs a require.
    const args = [
      self,
      '--bundle',
      '--platform=node',
      '--format=esm',
      `--outfile=${bundle}`,
      "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    ];
    if (spawnSync(esbuild, [...args, '--log-level=warning']).status === 0) return [bundle];
  }
  return [...process.execArgv, self];
}

let command: string[] | null = null;

function measure(file: string, mode: string): Measured {
  command ??= childCommand();
  const res = spawnSync(process.execPath, [...command, '--child', file, mode], {
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(res.stderr);
  const out = JSON.parse(res.stdout.trim().split('\n').pop()!) as {
    events: number;
    digests: number;
    seconds: number;
    cpu: number;
    rssMb: number;
  };
  const size = statSync(file).size / MB;
  return {
    mbps: size / out.seconds,
    cpuMbps: size / out.cpu,
    rssMb: out.rssMb,
    events: out.events,
    digests: out.digests,
  };
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  child(args[1]!, args[2]!);
} else {
  const general = args.includes('--general');
  const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const list = sizes.length > 0 ? sizes : [10, 100, 1024];
  console.log(
    `node ${process.version}, ${new Date().toISOString()}, load ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log('| size | events | mode | MB/s (wall) | MB/s (CPU time) | peak RSS (MB) | digests |');
  console.log('| ---: | ---: | --- | ---: | ---: | ---: | ---: |');
  for (const mb of list) {
    const file = generate(mb);
    const modes = ['split', 'parse', ...(general && mb <= 100 ? ['general'] : [])];
    for (const mode of modes) {
      const m = measure(file, mode);
      console.log(
        `| ${mb} MB | ${m.events} | ${mode} | ${m.mbps.toFixed(1)} | ${m.cpuMbps.toFixed(1)} | ${m.rssMb.toFixed(0)} | ${mode === 'parse' ? m.digests : ''} |`,
      );
    }
  }
}
