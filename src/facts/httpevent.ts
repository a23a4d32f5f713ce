/**
 * HTTP.sys (Microsoft-Windows-HttpEvent) events of the System log, read from `events.httpevent`
 * and joined to the HTTP.sys bindings and their certificates by the endpoint they name.
 *
 * - 15021 "An error occurred while using SSL configuration for endpoint %2. The error status code
 *   is contained within the returned data." (EVENT_HTTP_SSL_CONFIG_FAILED, 0xC0003AAD): HTTP.sys
 *   could not build the TLS credential of the binding — its certificate is not in the named store,
 *   has no usable private key, or Schannel refused it. Logged on every connection attempt.
 * - 15300 "SSL Certificate Settings deleted for Port : %2" (Warning): the binding was deleted —
 *   by an administrator, or by the IIS 6 metabase compatibility layer replaying a legacy
 *   certificate hash (applicationHost.config customMetadata property 5506, KB 2025598).
 *
 * Event data (real Event Viewer copy, Microsoft Q&A 227642, beside the test): `<Data
 * Name="DeviceObject">\Device\Http\ReqQueue</Data><Data Name="Endpoint">[::]:443</Data>` (wevtutil
 * writes the same two values; older builds leave them unnamed, so position 2 is the endpoint) and
 * `<Binary>` holding the driver's IO_ERROR_LOG_PACKET: the NTSTATUS of the event at byte 12 (its
 * low 16 bits are the event id) and DumpDataSize bytes of dump data from byte 40 — for 15021 the
 * error status, e.g. `5F0000C0` = 0xC000005F. The event parser keeps `<Binary>` as `data.binary`
 * of each representative event of a digest; from pasted text it is read from the evidence excerpt.
 */
import type { EventDigest } from '../parsers/event-xml.js';
import { canonicalEndpoint, parseEndpoint } from '../shared/net.js';
import { hresultInfo } from '../shared/windows-codes.js';
import type { EvidenceRef } from '../shared/evidence.js';
import type { BindingEntity, CertificateEntity, EventGroupEntity } from './model.js';
import type { Patch, View } from './patch.js';

export const HTTPEVENT_SSL_CONFIG_FAILED = 15021;
export const HTTPEVENT_SSL_SETTINGS_DELETED = 15300;

/** Message texts (English) of the HttpEvent ids a rule reads. */
export const HTTPEVENT_EVENTS: Readonly<Record<number, string>> = {
  15021:
    'An error occurred while using SSL configuration for endpoint %2. The error status code is contained within the returned data.',
  15300: 'SSL Certificate Settings deleted for Port : %2.',
};

/** NTSTATUS values HTTP.sys is seen to report in 15021 (names and text from MS-ERREF 2.3.1). */
const NTSTATUS: Readonly<Record<string, string>> = {
  '0xc000005f': 'STATUS_NO_SUCH_LOGON_SESSION',
  '0xc0000022': 'STATUS_ACCESS_DENIED',
  '0xc000000d': 'STATUS_INVALID_PARAMETER',
  '0xc0000034': 'STATUS_OBJECT_NAME_NOT_FOUND',
  '0xc0000225': 'STATUS_NOT_FOUND',
};

export function isHttpEventProvider(provider: string): boolean {
  const p = provider.toLowerCase();
  return p === 'microsoft-windows-httpevent' || p === 'http';
}

/** `0.0.0.0:443`, `[::]:443`, `adfs.contoso.com:443` as net.ts writes them; null when it is none. */
export function canonicalEventEndpoint(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const e = parseEndpoint(raw.replace(/\s*\.$/, ''));
  return e && e.port !== null ? canonicalEndpoint(e) : null;
}

/** The endpoint an HttpEvent event names: `Endpoint` by name, else the second insertion string. */
export function httpEventEndpoint(d: Pick<EventDigest, 'data'>): string | null {
  const named = d.data.named['Endpoint'];
  return canonicalEventEndpoint(named ?? d.data.positional[1]);
}

const BINARY = /<Binary>\s*([0-9A-Fa-f\s]{8,4096}?)\s*<\/Binary>/;

/**
 * The first dump-data ULONG of an HttpEvent's IO_ERROR_LOG_PACKET (hex as wevtutil writes it),
 * when the packet header names this event id and carries at least 4 bytes of dump data.
 */
export function dumpStatus(hex: string, eventId: number): string | null {
  const h = hex.replace(/\s+/g, '');
  if (!/^[0-9a-f]*$/i.test(h) || h.length < 88) return null;
  const le = (byte: number, n: number): number => {
    let v = 0;
    for (let i = n - 1; i >= 0; i--)
      v = v * 256 + parseInt(h.slice((byte + i) * 2, (byte + i) * 2 + 2), 16);
    return v;
  };
  const dumpSize = le(2, 2);
  const errorCode = le(12, 4);
  if ((errorCode & 0xffff) !== eventId || dumpSize < 4) return null;
  return '0x' + le(40, 4).toString(16).padStart(8, '0');
}

/** Status codes of a digest's representative events, each as `0x… NAME` when the name is known. */
export function httpEventStatuses(d: EventDigest): string[] {
  const out: string[] = [];
  for (const s of d.samples) {
    // The parser keeps `<Binary>` as a data field; pasted text keeps it only in the excerpt.
    const hex = s.data.binary ?? BINARY.exec(s.evidence.excerpt ?? '')?.[1];
    const code = hex ? dumpStatus(hex, d.eventId) : null;
    if (code === null) continue;
    const name = NTSTATUS[code] ?? hresultInfo(code)?.name;
    const text = name ? `${code} ${name}` : code;
    if (!out.includes(text)) out.push(text);
  }
  return out;
}

const sameEndpoint = (a: string, b: string): boolean =>
  canonicalEventEndpoint(a)?.toLowerCase() === canonicalEventEndpoint(b)?.toLowerCase();

/**
 * Joins the HttpEvent groups to the bindings of the endpoint they name (exact endpoint: HTTP.sys
 * logs the entry it used) and to those bindings' certificates; the bindings and certificates get
 * the events as evidence, so the certificate rules cite them.
 */
export function linkHttpEvents(
  groups: readonly View<EventGroupEntity>[],
  bindings: readonly View<BindingEntity>[],
  certificates: readonly View<CertificateEntity>[],
  collected: { events: boolean; bindings: boolean },
): HttpEventLinks {
  // What each binding / certificate accumulates over the groups, in the order the fields are set.
  const onBinding = new Map<number, { set: BindingEventFields; evidence: EvidenceRef[] }>();
  const onCertificate = new Map<
    number,
    { set: Pick<CertificateEntity, 'sslConfigErrorEndpoints'>; evidence: EvidenceRef[] }
  >();
  if (collected.events)
    bindings.forEach((_, at) =>
      onBinding.set(at, {
        set: {
          sslConfigErrorEvents: 0,
          sslConfigErrorLastSeen: null,
          sslConfigErrorStatus: [],
          sslSettingsDeletedEvents: 0,
        },
        evidence: [],
      }),
    );
  const out: HttpEventLinks = { groups: [], bindings: [], certificates: [] };
  groups.forEach((g, at) => {
    if (g.source !== 'httpevent' || !g.endpoint) return;
    const bi = bindings.findIndex((b) => b.type !== 'ccs' && sameEndpoint(b.endpoint, g.endpoint!));
    const binding = bindings[bi];
    const cert = binding?.certificateHash
      ? certificates.findIndex((c) => c.thumbprint.toLowerCase() === binding.certificateHash)
      : -1;
    out.groups.push({
      at,
      set: {
        bindingEvidence: collected.bindings,
        bindingFound: binding !== undefined,
        bindingType: binding?.type ?? null,
        bindingStoreName: binding?.suggestedStoreName ?? 'my',
        sslType:
          binding?.type ??
          (parseEndpoint(g.endpoint)?.family === 'name' ? 'hostnameport' : 'ipport'),
        bindingCertificateLookup: binding?.certificateLookup ?? null,
        certificatePrivateKeyState: certificates[cert]?.privateKeyState ?? null,
        ...(binding?.certificateHash && {
          certificateThumbprint: g.certificateThumbprint ?? binding.certificateHash,
        }),
      },
    });
    if (!binding) return;
    const b = onBinding.get(bi) ?? { set: {}, evidence: [] };
    onBinding.set(bi, b);
    const was = <K extends keyof BindingEventFields>(k: K): BindingEntity[K] =>
      (k in b.set ? b.set[k] : binding[k]) as BindingEntity[K];
    const evidence = g.evidence.map((e) => ({ ...e }));
    if (g.eventId === HTTPEVENT_SSL_CONFIG_FAILED) {
      b.set.sslConfigErrorEvents = (was('sslConfigErrorEvents') ?? 0) + g.count;
      const last = was('sslConfigErrorLastSeen');
      if (g.lastSeen && (!last || g.lastSeen > last)) b.set.sslConfigErrorLastSeen = g.lastSeen;
      for (const s of g.statusCodes ?? []) {
        const list = (b.set.sslConfigErrorStatus ??= [...(binding.sslConfigErrorStatus ?? [])]);
        if (!list.includes(s)) list.push(s);
      }
      b.evidence.push(...evidence);
      const c = certificates[cert];
      if (c) {
        const own = onCertificate.get(cert) ?? {
          set: { sslConfigErrorEndpoints: [...(c.sslConfigErrorEndpoints ?? [])] },
          evidence: [],
        };
        onCertificate.set(cert, own);
        const eps = own.set.sslConfigErrorEndpoints!;
        if (!eps.includes(binding.endpoint)) eps.push(binding.endpoint);
        own.evidence.push(...evidence);
      }
    } else if (g.eventId === HTTPEVENT_SSL_SETTINGS_DELETED) {
      b.set.sslSettingsDeletedEvents = (was('sslSettingsDeletedEvents') ?? 0) + g.count;
      b.evidence.push(...evidence);
    }
  });
  for (const [at, { set, evidence }] of onBinding) out.bindings.push({ at, set, evidence });
  for (const [at, { set, evidence }] of onCertificate) out.certificates.push({ at, set, evidence });
  return out;
}

type BindingEventFields = Partial<
  Pick<
    BindingEntity,
    | 'sslConfigErrorEvents'
    | 'sslConfigErrorLastSeen'
    | 'sslConfigErrorStatus'
    | 'sslSettingsDeletedEvents'
  >
>;

/** What linkHttpEvents sets: on the HttpEvent groups, the bindings they name and their certificates. */
export interface HttpEventLinks {
  groups: Patch<
    EventGroupEntity,
    | 'bindingEvidence'
    | 'bindingFound'
    | 'bindingType'
    | 'bindingStoreName'
    | 'sslType'
    | 'bindingCertificateLookup'
    | 'certificatePrivateKeyState'
    | 'certificateThumbprint'
  >[];
  bindings: Patch<BindingEntity, keyof BindingEventFields>[];
  certificates: Patch<CertificateEntity, 'sslConfigErrorEndpoints'>[];
}
