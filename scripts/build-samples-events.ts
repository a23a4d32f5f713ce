/**
 * Builds the event logs of the scenario-2 samples (and the empty Schannel log of samples/healthy)
 * as `wevtutil qe System /q:"*[System[Provider[@Name='Schannel']]]" /f:xml /e:Events /rd:true`
 * writes them: an `<Events>` wrapper, one event per line, single-quoted attributes, newest first,
 * CRLF. The field layout follows the real 36870 events in ../shared/real/text/schannel-events
 * (Provider Name + upper-case Guid, Keywords 0x8000000000000000, Correlation ActivityID, lsass
 * Execution ProcessID, Security UserID S-1-5-18, EventData Type / ErrorCode / ErrorStatus).
 * The other sample files (HTTP.sys, IIS, network) are copied from samples/healthy; the certificate
 * evidence of s2-machinekeys-permissions from samples/s2-machinekeys-acl-system (same server state).
 * Deterministic (seeded), so re-running gives the same bytes; then run scripts/samples-manifest.ts.
 *
 *   npx tsx scripts/build-samples-events.ts && npx tsx scripts/samples-manifest.ts
 */
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModeGate } from './lib/check-builder.js';

// --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
checkModeGate(import.meta.url);

const root = new URL('../samples/', import.meta.url).pathname;
const SCHANNEL_GUID = '{1F678132-5938-4686-9FDC-C8FF68F15C85}';
const LSASS_PID = 652;

/** Small deterministic PRNG (mulberry32). */
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

function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16);
  return s.toUpperCase();
}

function activityId(r: () => number): string {
  return `{${hex(r, 8)}-${hex(r, 4)}-0001-${hex(r, 4)}-${hex(r, 12)}}`;
}

/** `2026-11-20T08:41:07.5318712Z` (7 fractional digits, as wevtutil writes). */
function systemTime(ms: number, r: () => number): string {
  const iso = new Date(ms).toISOString().slice(0, 19);
  return `${iso}.${String(Math.floor(r() * 1e7)).padStart(7, '0')}Z`;
}

interface EventSpec {
  id: number;
  data: [string, string][];
}

function eventLine(spec: EventSpec, time: string, recordId: number, r: () => number): string {
  const data = spec.data.map(([k, v]) => `<Data Name='${k}'>${v}</Data>`).join('');
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
    `<Provider Name='Schannel' Guid='${SCHANNEL_GUID}'/><EventID>${spec.id}</EventID>` +
    `<Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode>` +
    `<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='${time}'/>` +
    `<EventRecordID>${recordId}</EventRecordID><Correlation ActivityID='${activityId(r)}'/>` +
    `<Execution ProcessID='${LSASS_PID}' ThreadID='${1000 + Math.floor(r() * 9000)}'/>` +
    `<Channel>System</Channel><Computer>WEB01</Computer><Security UserID='S-1-5-18'/>` +
    `</System><EventData>${data}</EventData></Event>`
  );
}

/** Events of one kind at irregular intervals ending just before the collection time, newest first. */
function log(
  spec: EventSpec,
  count: number,
  endMs: number,
  seed: number,
  firstRecord: number,
): string {
  const r = rng(seed);
  const times: number[] = [];
  let t = endMs - 90_000;
  for (let i = 0; i < count; i++) {
    times.push(t);
    t -= 60_000 + Math.floor(r() * 420_000); // one failing handshake every 1-8 minutes
  }
  const lines = times.map((ms, i) =>
    eventLine(spec, systemTime(ms, r), firstRecord + count - i, r),
  );
  return ['<Events>', ...lines, '</Events>', ''].join('\r\n');
}

const COLLECTED = Date.parse('2026-11-20T09:14:02.000Z');

/**
 * One scenario sample: the healthy server's HTTP.sys, IIS and network evidence, the certificate
 * evidence of `certificatesFrom` (none when null: the bundle then stands on its events alone), and
 * the Schannel log.
 */
function sample(name: string, xml: string, certificatesFrom: string | null): void {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) {
    if (old !== 'manifest.json' && old !== 'expected-findings.json') {
      rmSync(join(dir, old), { recursive: true, force: true });
    }
  }
  for (const sub of readdirSync(join(root, 'healthy'))) {
    if (['manifest.json', 'expected-findings.json', 'events', 'certificates'].includes(sub))
      continue;
    cpSync(join(root, 'healthy', sub), join(dir, sub), { recursive: true });
  }
  if (certificatesFrom !== null) {
    cpSync(join(root, certificatesFrom, 'certificates'), join(dir, 'certificates'), {
      recursive: true,
    });
  }
  mkdirSync(join(dir, 'events'), { recursive: true });
  writeFileSync(join(dir, 'events', 'system-schannel.xml'), xml);
}

// Healthy: with the default EventLogging (errors only) a working server has no Schannel events.
mkdirSync(join(root, 'healthy', 'events'), { recursive: true });
writeFileSync(join(root, 'healthy', 'events', 'system-schannel.xml'), '<Events>\r\n</Events>\r\n');

sample(
  's2-machinekeys-permissions',
  log(
    {
      id: 36870,
      data: [
        ['Type', 'server'],
        ['ErrorCode', '0x80090016'],
        ['ErrorStatus', '10001'],
      ],
    },
    48,
    COLLECTED,
    0x5c2,
    81_422,
  ),
  // The certificate evidence of the same server state (key file ACL without SYSTEM), so the
  // events and the ACL corroborate each other and the fix names the real key file.
  's2-machinekeys-acl-system',
);

sample(
  's2-corrupt-key',
  log(
    {
      id: 36870,
      data: [
        ['Type', 'server'],
        ['ErrorCode', '0x8009001a'],
        ['ErrorStatus', '10001'],
      ],
    },
    27,
    COLLECTED,
    0x1a2b,
    52_310,
  ),
  null,
);
// History, not a cause: the 36870 events of s2-machinekeys-permissions, last logged in March 2019,
// on the healthy server of today (its key file grants SYSTEM). The events are listed as history.
sample(
  'events-historical-healthy',
  log(
    {
      id: 36870,
      data: [
        ['Type', 'server'],
        ['ErrorCode', '0x80090016'],
        ['ErrorStatus', '10001'],
      ],
    },
    20,
    Date.parse('2019-03-05T10:12:00.000Z'),
    0x2019,
    4_211,
  ),
  'healthy',
);

/**
 * CAPI2 Operational events for one server certificate whose chain ends in an untrusted root, as
 * Schannel builds the chain it sends: pairs of 11 (CertGetCertificateChain) and 30
 * (CertVerifyCertificateChainPolicy, SSL policy) sharing a CorrelationAuxInfo TaskId, newest first.
 * Layout as in the CAPI2 event XML of Event Viewer copies (UserData, fileRef = thumbprint.cer).
 */
function capi2Log(
  thumb: string,
  subject: string,
  pairs: number,
  endMs: number,
  seed: number,
): string {
  const r = rng(seed);
  const lines: string[] = [];
  let t = endMs - 45_000;
  let record = 20_000 + pairs * 2;
  const head = (id: number, task: number, time: string, rec: number): string =>
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
    `<Provider Name='Microsoft-Windows-CAPI2' Guid='{5bbca4a8-b209-48dc-a8c7-b23d3e5216fb}'/>` +
    `<EventID>${id}</EventID><Version>0</Version><Level>2</Level><Task>${task}</Task><Opcode>2</Opcode>` +
    `<Keywords>0x4000000000000003</Keywords><TimeCreated SystemTime='${time}'/>` +
    `<EventRecordID>${rec}</EventRecordID><Correlation ActivityID='${activityId(r)}'/>` +
    `<Execution ProcessID='${LSASS_PID}' ThreadID='${1000 + Math.floor(r() * 9000)}'/>` +
    `<Channel>Microsoft-Windows-CAPI2/Operational</Channel><Computer>WEB01</Computer>` +
    `<Security UserID='S-1-5-18'/></System>`;
  const result =
    "<Result value='800B0109'>A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider.</Result>";
  for (let i = 0; i < pairs; i++) {
    const time = systemTime(t, r);
    const taskId = activityId(r);
    const chainRef = activityId(r);
    const aux = `<EventAuxInfo ProcessName='lsass.exe'/><CorrelationAuxInfo TaskId='${taskId}' SeqNumber='2'/>`;
    lines.push(
      head(30, 30, time, record--) +
        `<UserData><CertVerifyCertificateChainPolicy><Policy type='CERT_CHAIN_POLICY_SSL' constant='4'/>` +
        `<Certificate fileRef='${thumb}.cer' subjectName='${subject}'/><CertificateChain chainRef='${chainRef}'/>` +
        `<Flags value='0'/><SSLAdditionalPolicyInfo authType='server'/><IgnoreFlags value='0'/>` +
        `<PolicyStatus chainIndex='0' elementIndex='-1'/>${aux}${result}</CertVerifyCertificateChainPolicy></UserData></Event>`,
      head(11, 11, time, record--) +
        `<UserData><CertGetCertificateChain><Certificate fileRef='${thumb}.cer' subjectName='${subject}'/>` +
        `<ValidationTime>${time.slice(0, 23)}Z</ValidationTime><Flags value='40000000' CERT_CHAIN_REVOCATION_CHECK_CACHE_ONLY='true'/>` +
        `<ChainEngineInfo context='machine'/><AdditionalStore/><ExtendedKeyUsage><Usage oid='1.3.6.1.5.5.7.3.1' name='Server Authentication'/></ExtendedKeyUsage>` +
        `<CertificateChain chainRef='${chainRef}'><TrustStatus><ErrorStatus value='20' CERT_TRUST_IS_UNTRUSTED_ROOT='true'/>` +
        `<InfoStatus value='100' CERT_TRUST_HAS_PREFERRED_ISSUER='true'/></TrustStatus></CertificateChain>${aux}${result}</CertGetCertificateChain></UserData></Event>`,
    );
    t -= 120_000 + Math.floor(r() * 900_000);
  }
  return ['<Events>', ...lines, '</Events>', ''].join('\r\n');
}

// Scenario 2, untrusted root, seen from the events: the certificate evidence of
// s2-untrusted-root (shop.fabrikam.com, private root in the CA store), CAPI2 chain errors for it,
// and the clients' unknown_ca alerts (36887, alert 48) Schannel logs.
{
  const name = 's2-untrusted-root-events';
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) {
    if (old !== 'manifest.json' && old !== 'expected-findings.json') {
      rmSync(join(dir, old), { recursive: true, force: true });
    }
  }
  for (const sub of ['certificates', 'httpsys', 'registry']) {
    cpSync(join(root, 's2-untrusted-root', sub), join(dir, sub), { recursive: true });
  }
  mkdirSync(join(dir, 'events'), { recursive: true });
  writeFileSync(
    join(dir, 'events', 'capi2-operational.xml'),
    capi2Log(
      'FF6D145531351725ABDB1C3D528566A8D0A33B53',
      'shop.fabrikam.com',
      12,
      COLLECTED,
      0xcab1,
    ),
  );
  writeFileSync(
    join(dir, 'events', 'system-schannel.xml'),
    log({ id: 36887, data: [['AlertDesc', '48']] }, 35, COLLECTED, 0x4848, 90_110),
  );
}

// A server-side 36870 with an error code no specific rule covers (0x8009030E SEC_E_NO_CREDENTIALS)
// on the healthy server's evidence (its certificate has its key, the key file grants SYSTEM): the
// code does not say why, so the finding only reads (certutil -verifystore). Its twin: the same
// events last logged in 2019, history only.
const noCredentials = (endMs: number, seed: number, first: number): string =>
  log(
    {
      id: 36870,
      data: [
        ['Type', 'server'],
        ['ErrorCode', '0x8009030e'],
        ['ErrorStatus', '10001'],
      ],
    },
    14,
    endMs,
    seed,
    first,
  );
sample('s2-key-error-other-code', noCredentials(COLLECTED, 0x30e, 61_204), 'healthy');
sample(
  's2-key-error-other-code-historical',
  noCredentials(Date.parse('2019-06-11T14:02:00.000Z'), 0x30e, 7_310),
  'healthy',
);

// A 36870 for a client credential (Type client): a program on this server presenting a client
// certificate on its way out could not use that key. Advice (low), never a reason to touch the
// sites' bindings; its twin holds the same events from 2019 (history only).
const clientCredential = (endMs: number, seed: number, first: number): string =>
  log(
    {
      id: 36870,
      data: [
        ['Type', 'client'],
        ['ErrorCode', '0x8009030d'],
        ['ErrorStatus', '10001'],
      ],
    },
    9,
    endMs,
    seed,
    first,
  );
sample(
  'outbound-client-credential-key-error',
  clientCredential(COLLECTED, 0xc11e, 33_870),
  'healthy',
);
sample(
  'outbound-client-credential-key-error-historical',
  clientCredential(Date.parse('2019-06-11T14:02:00.000Z'), 0xc11e, 2_870),
  'healthy',
);
console.log('event samples written');
