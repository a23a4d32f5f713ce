/**
 * Builds the host samples of round 4 from the outbound-TLS samples (a Windows Server 2012 with
 * .NET Framework 4.8), adding Schannel System-log events in the layout `wevtutil qe System /f:xml
 * /e:Events` writes (one <Event> per line, CRLF, as the project's other event samples). The 36871
 * event data (`Type` = client / server, `ErrorState` 10013) follows the real Event Viewer copy in
 * src/parsers/event-xml.sample.zh-cn-xml-view-36871-state10013.txt (netchx/netch issue #453), in
 * English as an en-US server writes it:
 * - outbound-tls-client-credential-failed: the .NET / WinHTTP defaults of
 *   outbound-tls-defaults-2012 plus client-credential 36871 events of the last day (this server's
 *   own outbound TLS failing) and a server-credential 36871 last logged in 2020: the client events
 *   are listed under the .NET cause, the 2020 event is not reported at all;
 * - outbound-tls-client-credential-old: its healthy twin, the keys set as in outbound-tls-set-2012
 *   and only 36871 events from 2020 (client and server), six years before the collection.
 *   npx tsx scripts/build-samples-host.ts && npm run samples:manifest -- <the samples>
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../samples/', import.meta.url).pathname;

let record = 81200;
function event36871(time: string, type: 'client' | 'server', pid: number): string {
  record += 1;
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
    `<Provider Name='Schannel' Guid='{1F678132-5938-4686-9FDC-C8FF68F15C85}'/>` +
    `<EventID>36871</EventID><Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode>` +
    `<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='${time}'/>` +
    `<EventRecordID>${record}</EventRecordID>` +
    `<Correlation ActivityID='{6523B069-BFEB-0004-3EB1-2365EBBFD601}'/>` +
    `<Execution ProcessID='${pid}' ThreadID='${pid + 4104}'/><Channel>System</Channel>` +
    `<Computer>WEB01</Computer><Security UserID='S-1-5-18'/></System><EventData>` +
    `<Data Name='Type'>${type}</Data><Data Name='ErrorState'>10013</Data></EventData></Event>`
  );
}

const events = (lines: string[]): string => ['<Events>', ...lines, '</Events>', ''].join('\r\n');

function sample(name: string, from: string, xml: string, expected: object): void {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(root, from), dir, { recursive: true });
  mkdirSync(join(dir, 'events'), { recursive: true });
  writeFileSync(join(dir, 'events', 'system-schannel.xml'), xml);
  writeFileSync(join(dir, 'expected-findings.json'), JSON.stringify(expected, null, 2) + '\n');
}

// Newest first, as wevtutil /rd:true writes them. LSASS (pid 652) writes Schannel events.
const recentClient = [
  '2026-11-20T08:55:03.1184410Z',
  '2026-11-20T07:55:02.9920113Z',
  '2026-11-20T06:55:03.0418877Z',
  '2026-11-19T23:55:02.8772301Z',
].map((t) => event36871(t, 'client', 652));
const oldServer = [event36871('2020-11-29T11:37:20.7849166Z', 'server', 976)];
const oldClient = [
  event36871('2020-11-29T11:37:21.0120345Z', 'client', 976),
  event36871('2020-11-28T18:02:44.5531208Z', 'client', 976),
];

sample(
  'outbound-tls-client-credential-failed',
  'outbound-tls-defaults-2012',
  events([...recentClient, ...oldServer]),
  {
    description:
      "Windows Server 2012 with the .NET / WinHTTP defaults of outbound-tls-defaults-2012 and four Schannel 36871 events of a client credential (error state 10013) in the last day: this server's own outbound TLS fails, listed under the .NET cause and never reported as a server-side failure. A server-credential 36871 last logged in 2020 (six years before the collection) is not reported. Event data as in the real zh-CN 36871 sample beside src/parsers/event-xml.ts. Built by scripts/build-samples-host.ts.",
    findings: [
      { ruleId: 'dotnet-outbound-tls12-not-default', entity: 'WEB01' },
      {
        ruleId: 'schannel-client-credential-failed',
        entity: 'schannel-36871-state10013-client',
        explainedBy: 'dotnet-outbound-tls12-not-default',
      },
      { ruleId: 'winhttp-tls12-not-default', entity: 'WEB01' },
    ],
  },
);

sample(
  'outbound-tls-client-credential-old',
  'outbound-tls-set-2012',
  events([...oldServer, ...oldClient]),
  {
    description:
      'Healthy twin of outbound-tls-client-credential-failed: the .NET and WinHTTP keys are set (outbound-tls-set-2012) and the only Schannel 36871 events, client and server credential, were logged in November 2020, six years before the collection: nothing is reported. Built by scripts/build-samples-host.ts.',
    healthyTwinOf: 'outbound-tls-client-credential-failed',
    findings: [],
  },
);
