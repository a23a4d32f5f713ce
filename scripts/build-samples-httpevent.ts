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

/**
 * W3SVC 1007 as wevtutil writes it. SYNTHETIC: no real XML copy of 1007 was found. The layout is
 * that of a real Event Viewer copy of an IIS service event of the System log (Microsoft-Windows-WAS
 * 5139, Microsoft Q&A 1154477: Keywords 0x80000000000000 "Classic", Execution 0/0, the error
 * number as a 4-byte little-endian `<Binary>`, `05000780` = 0x80070005); the two insertion strings
 * (URL prefix, site id) are unnamed because their manifest names are not known; the text and the
 * data `b7 00 07 80` (0x800700B7) are those of a real 1007 quoted in Event Viewer's text form
 * (w3-4u.blogspot.com, 2006). The provider Guid is left out (not known from a real copy).
 */
function event1007(prefix: string, site: string, time: string, recordId: number): string {
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
    `<Provider Name='Microsoft-Windows-IIS-W3SVC' EventSourceName='W3SVC'/>` +
    `<EventID Qualifiers='49152'>1007</EventID><Version>0</Version><Level>2</Level><Task>0</Task>` +
    `<Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='${time}'/>` +
    `<EventRecordID>${recordId}</EventRecordID><Correlation/>` +
    `<Execution ProcessID='0' ThreadID='0'/><Channel>System</Channel>` +
    `<Computer>WEB01.contoso.local</Computer><Security/></System><EventData>` +
    `<Data>${prefix}</Data><Data>${site}</Data><Binary>B7000780</Binary></EventData></Event>`
  );
}

/** IIS files of samples/healthy with Default Web Site in the appcmd state `state`. */
function iisWithState(to: string, state: 'Started' | 'Stopped'): void {
  mkdirSync(join(root, to, 'iis'), { recursive: true });
  cpSync(
    join(root, 'healthy', 'iis', 'applicationHost.config'),
    join(root, to, 'iis', 'applicationHost.config'),
  );
  writeFileSync(
    join(root, to, 'iis', 'appcmd-list-site.txt'),
    `SITE "Default Web Site" (id:1,bindings:http/*:80:,https/*:443:,state:${state})\r\n`,
  );
}

// W3SVC could not register https://*:443/ for site 1 when it started (twice, at the two restarts
// before the collection); appcmd shows the site stopped: the site is down, not only HTTPS.
const w3svc1007 = [
  '<Events>',
  event1007('https://*:443/', '1', '2026-11-20T08:40:03.5120000Z', 120611),
  event1007('https://*:443/', '1', '2026-11-20T07:02:11.2040000Z', 120392),
  '</Events>',
  '',
].join('\r\n');
httpsysFrom('healthy', 'iis-site-url-registration-failed');
iisWithState('iis-site-url-registration-failed', 'Stopped');
write('iis-site-url-registration-failed', w3svc1007);
// Its healthy twin: the same events, but the site was started again after them.
httpsysFrom('healthy', 'iis-site-url-registration-recovered');
iisWithState('iis-site-url-registration-recovered', 'Started');
write('iis-site-url-registration-recovered', w3svc1007);

console.log(
  'wrote httpevent-ssl-config-error, httpevent-no-ssl-config-error, binding-certificate-not-found/events, iis-site-url-registration-failed, iis-site-url-registration-recovered',
);
