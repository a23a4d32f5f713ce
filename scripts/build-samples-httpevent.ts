/**
 * Builds the HttpEvent samples: `events/system-httpevent.xml` as the collector's
 * `wevtutil qe System /q:"…HttpEvent…" /f:xml /e:Events /rd:true` writes it (`<Events>` wrapper,
 * one event per line, single-quoted attributes, newest first, CRLF). Each 15021 line carries the
 * values of the real event in src/facts/httpevent.sample.en-qa-227642-15021-ipv6-xml-view.txt
 * (Microsoft Q&A 227642: Provider Guid, Qualifiers 49152, Keywords, Execution ProcessID 4, named
 * DeviceObject / Endpoint, the IO_ERROR_LOG_PACKET binary with status 0xC000005F) with this
 * sample's endpoint, times and record ids. The HTTP.sys files come from samples/healthy.
 * Deterministic; then run `npx tsx scripts/samples-manifest.ts`.
 *
 *   npx tsx scripts/build-samples-httpevent.ts && npx tsx scripts/samples-manifest.ts
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModeGate } from './lib/check-builder.js';

// --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
checkModeGate(import.meta.url);

const root = new URL('../samples/', import.meta.url).pathname;
const HTTPEVENT_GUID = '{7b6bc78c-898b-4170-bbf8-1a469ea43fc5}';
/** Binary of the real event: header with 0xC0003AAD (15021), dump data 0xC000005F. */
const BINARY_15021 =
  '000004000200300000000000AD3A00C00000000000000000000000000000000000000000000000005F0000C0';

function event15021(endpoint: string, time: string, recordId: number, thread: number): string {
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
    `<Provider Name='Microsoft-Windows-HttpEvent' Guid='${HTTPEVENT_GUID}' EventSourceName='HTTP'/>` +
    `<EventID Qualifiers='49152'>15021</EventID><Version>0</Version><Level>2</Level><Task>0</Task>` +
    `<Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='${time}'/>` +
    `<EventRecordID>${recordId}</EventRecordID><Correlation/>` +
    `<Execution ProcessID='4' ThreadID='${thread}'/><Channel>System</Channel>` +
    `<Computer>WEB01.contoso.local</Computer><Security/></System><EventData>` +
    `<Data Name='DeviceObject'>\\Device\\Http\\ReqQueue</Data><Data Name='Endpoint'>${endpoint}</Data>` +
    `<Binary>${BINARY_15021}</Binary></EventData></Event>`
  );
}

/** `count` 15021 events for `endpoint`, one a minute back from `last`, newest first. */
function log15021(endpoint: string, last: string, count: number): string {
  const t0 = Date.parse(last);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const iso = new Date(t0 - i * 60_000).toISOString().slice(0, 19);
    const frac = String((4410293 + i * 7919) % 10_000_000).padStart(7, '0');
    lines.push(event15021(endpoint, `${iso}.${frac}Z`, 120443 - i, 6120 + ((i * 4) % 400)));
  }
  return ['<Events>', ...lines, '</Events>', ''].join('\r\n');
}

function httpsysFrom(from: string, to: string): void {
  for (const d of ['httpsys', 'registry']) {
    mkdirSync(join(root, to, d), { recursive: true });
    cpSync(join(root, from, d), join(root, to, d), { recursive: true });
  }
}

function write(name: string, text: string): void {
  mkdirSync(join(root, name, 'events'), { recursive: true });
  writeFileSync(join(root, name, 'events', 'system-httpevent.xml'), text);
}

// The event alone: the binding is known, no certificate evidence was collected.
httpsysFrom('healthy', 'httpevent-ssl-config-error');
write('httpevent-ssl-config-error', log15021('0.0.0.0:443', '2026-11-20T08:51:17Z', 12));
// Its healthy twin: the same server, the HttpEvent query matched nothing.
httpsysFrom('healthy', 'httpevent-no-ssl-config-error');
write('httpevent-no-ssl-config-error', ['<Events>', '</Events>', ''].join('\r\n'));
// The certificate evidence decides it: binding-certificate-not-found is the cause.
write('binding-certificate-not-found', log15021('0.0.0.0:443', '2026-11-20T09:13:40Z', 27));
console.log(
  'wrote httpevent-ssl-config-error, httpevent-no-ssl-config-error, binding-certificate-not-found/events',
);
