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
import type { BindingEntity, CertificateEntity, EventGroupEntity } from './model.js';

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
  groups: EventGroupEntity[],
  bindings: BindingEntity[],
  certificates: CertificateEntity[],
  collected: { events: boolean; bindings: boolean },
): void {
  if (collected.events) {
    for (const b of bindings) {
      b.sslConfigErrorEvents = 0;
      b.sslConfigErrorLastSeen = null;
      b.sslConfigErrorStatus = [];
      b.sslSettingsDeletedEvents = 0;
    }
  }
  for (const g of groups) {
    if (g.source !== 'httpevent' || !g.endpoint) continue;
    const binding = bindings.find((b) => b.type !== 'ccs' && sameEndpoint(b.endpoint, g.endpoint!));
    g.bindingEvidence = collected.bindings;
    g.bindingFound = binding !== undefined;
    g.bindingType = binding?.type ?? null;
    g.bindingStoreName = binding?.suggestedStoreName ?? 'my';
    g.sslType =
      binding?.type ?? (parseEndpoint(g.endpoint)?.family === 'name' ? 'hostnameport' : 'ipport');
    const cert = binding?.certificateHash
      ? certificates.find((c) => c.thumbprint.toLowerCase() === binding.certificateHash)
      : undefined;
    g.bindingCertificateLookup = binding?.certificateLookup ?? null;
    g.certificatePrivateKeyState = cert?.privateKeyState ?? null;
    if (binding?.certificateHash) g.certificateThumbprint ??= binding.certificateHash;
    if (!binding) continue;
    const evidence = g.evidence.map((e) => ({ ...e }));
    if (g.eventId === HTTPEVENT_SSL_CONFIG_FAILED) {
      binding.sslConfigErrorEvents = (binding.sslConfigErrorEvents ?? 0) + g.count;
      if (
        g.lastSeen &&
        (!binding.sslConfigErrorLastSeen || g.lastSeen > binding.sslConfigErrorLastSeen)
      )
        binding.sslConfigErrorLastSeen = g.lastSeen;
      for (const s of g.statusCodes ?? [])
        if (!(binding.sslConfigErrorStatus ??= []).includes(s))
          binding.sslConfigErrorStatus.push(s);
      binding.evidence.push(...evidence);
      if (cert) {
        const eps = (cert.sslConfigErrorEndpoints ??= []);
        if (!eps.includes(binding.endpoint)) eps.push(binding.endpoint);
        cert.evidence.push(...evidence);
      }
    } else if (g.eventId === HTTPEVENT_SSL_SETTINGS_DELETED) {
      binding.sslSettingsDeletedEvents = (binding.sslSettingsDeletedEvents ?? 0) + g.count;
      binding.evidence.push(...evidence);
    }
  }
}
