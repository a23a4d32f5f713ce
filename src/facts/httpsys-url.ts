/**
 * HTTP.sys URL prefixes (`httpsysUrl` entities): reservations (`netsh http show urlacl`) and the
 * URLs processes have registered right now (`netsh http show servicestate`), merged by URL, with
 * the process that registered each one and the HTTP.sys SSL entries that can serve it.
 *
 * Owner: a named request queue with a controller process is an IIS application pool (WAS creates
 * it); an unnamed queue belongs to a program that uses the HTTP Server API itself (WinRM, SSRS,
 * an agent) — named from the queue's `Processes:` lines (newer builds) or tasklist by PID. IIS's
 * https registrations are judged by the IIS rules (iisBinding); this scope is for the others.
 *
 * SSL coverage: HTTP.sys picks the certificate for a TLS connection from ip:port, hostname:port
 * (SNI), the Central Certificate Store entry or the 0.0.0.0 / [::] wildcard of the port. An https
 * URL is `missingSslcert` only when none of them can apply: no entry of any kind on its port (for
 * a URL on one address, no ip:port entry covering that address — src/shared/net.ts `covers`).
 * Any entry on the port counts as serving it (some clients at least get a certificate), so the
 * finding stays on the sure side. An elided netsh listing without the registry export leaves it
 * undecided (`sslcertKnown` false).
 *
 * An HTTP.sys entry that src/facts/binding-owner.ts marks as another program's only by its AppId
 * gets that program's name here (`svchost.exe (PID 2688, service NcHostAgent), AppId {…}`), so its
 * fixes name who owns it.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { RegisteredUrl, RequestQueue } from '../parsers/netsh-servicestate.js';
import type { UrlReservation } from '../parsers/netsh-urlacl.js';
import type { EvidenceRef } from '../shared/evidence.js';
import { canonicalEndpoint, covers, parseEndpoint } from '../shared/net.js';
import { ownerLabel } from './listener.js';
import type { BindingEntity, HostEntity, HttpsysUrlEntity } from './model.js';
import type { Patch, View } from './patch.js';

const keyOf = (scheme: string, host: string, port: number, bound: string | null, path: string) =>
  `url/${scheme}://${host}:${port}${bound ? `:${bound}` : ''}${path}`.toLowerCase();

const hostKindOf = (host: string): HttpsysUrlEntity['hostKind'] =>
  host === '+'
    ? 'strong-wildcard'
    : host === '*'
      ? 'weak-wildcard'
      : /^[\d.]+$/.test(host) || host.includes(':')
        ? 'ip'
        : 'name';

function blank(
  key: string,
  u: { url: string; scheme: 'http' | 'https'; host: string; port: number; path: string },
  bound: string | null,
): HttpsysUrlEntity {
  return {
    key,
    evidence: [],
    url: u.url,
    scheme: u.scheme,
    host: u.host,
    hostKind: hostKindOf(u.host),
    port: u.port,
    path: u.path,
    boundAddress: bound,
    reserved: null,
    reservedFor: [],
    registered: null,
    queueName: null,
    processIds: [],
    processNames: [],
    services: [],
    owner: 'unknown',
    ownerName: null,
    sslcertKnown: false,
    sslBindings: [],
    missingSslcert: false,
    suggestedEndpoint: null,
  };
}

/** The HTTP.sys SSL entries that can serve `u` (see the head comment). */
function servingEntries(
  u: HttpsysUrlEntity,
  bindings: readonly View<BindingEntity>[],
): { b: View<BindingEntity>; at: number }[] {
  const onPort = bindings.flatMap((b, at) => (b.port === u.port ? [{ b, at }] : []));
  const address = u.boundAddress ?? (u.hostKind === 'ip' ? u.host : null);
  if (address === null) return onPort;
  const target = parseEndpoint(
    address.includes(':') ? `[${address}]:${u.port}` : `${address}:${u.port}`,
  );
  return onPort.filter(({ b }) => {
    if (b.type !== 'ipport') return true;
    const e = parseEndpoint(b.endpoint);
    return e !== null && target !== null && covers(e, target);
  });
}

export function buildHttpsysUrls(
  parsed: ParsedBundle,
  bindings: readonly View<BindingEntity>[],
): { urls: HttpsysUrlEntity[]; bindings: Patch<BindingEntity, 'otherOwner'>[] } | undefined {
  const urlacl = filesOf(parsed, 'httpsys.urlacl');
  const state = filesOf(parsed, 'httpsys.servicestate');
  if (urlacl.length + state.length === 0) return undefined;
  const byKey = new Map<string, HttpsysUrlEntity>();
  const get = (
    u: { url: string; scheme: 'http' | 'https'; host: string; port: number; path: string },
    bound: string | null,
  ): HttpsysUrlEntity => {
    const key = keyOf(u.scheme, u.host, u.port, bound, u.path);
    let e = byKey.get(key);
    if (!e) {
      e = blank(key, u, bound);
      byKey.set(key, e);
    }
    return e;
  };

  // Process names by PID from tasklist, for queues that print only PIDs.
  const tasklist = new Map<number, { image: string; services: string[] }>();
  for (const f of filesOf(parsed, 'net.processes'))
    for (const p of f.value.processes)
      tasklist.set(p.pid, { image: p.image, services: p.services ?? [] });

  for (const f of urlacl)
    for (const r of f.value.reservations) {
      if (r.scheme === null || r.port === null) continue;
      const e = get(r as UrlReservation & { scheme: 'http' | 'https'; port: number }, null);
      e.reserved = true;
      for (const u of r.users)
        if (!e.reservedFor.includes(u.account)) e.reservedFor.push(u.account);
      e.evidence.push({ ...r.evidence, label: 'netsh http show urlacl' });
    }

  for (const f of state) {
    const v = f.value;
    const register = (u: RegisteredUrl, queue: RequestQueue | null, queueName: string | null) => {
      const e = get(u, u.boundAddress);
      e.registered = true;
      e.queueName = queueName;
      e.evidence.push({ ...u.evidence, label: 'netsh http show servicestate' });
      if (!queue) return;
      e.evidence.push({ ...queue.evidence, label: 'request queue' });
      const names: string[] = [];
      for (const p of queue.processes) {
        if (!e.processIds.includes(p.pid)) e.processIds.push(p.pid);
        const t = tasklist.get(p.pid);
        const image = p.image ?? t?.image ?? null;
        const services = p.services.length > 0 ? p.services : (t?.services ?? []);
        for (const s of services) if (!e.services.includes(s)) e.services.push(s);
        const label = ownerLabel(p.pid, image?.split('\\').pop() ?? null, services);
        names.push(label);
        if (image && !e.processNames.includes(image)) e.processNames.push(image);
      }
      if (queue.name !== null && queue.controllerPid !== null) {
        e.owner = 'iis';
        e.ownerName = `IIS application pool ${queue.name}`;
      } else if (queue.name === null) {
        e.owner = 'other';
        e.ownerName = names.length > 0 ? names.join('; ') : null;
      }
    };
    for (const q of v.queues) for (const u of q.urls) register(u, q, q.name);
    for (const g of v.urlGroups) {
      const q = g.queueIndex !== null ? (v.queues[g.queueIndex] ?? null) : null;
      for (const u of g.urls) register(u, q, g.queueName);
    }
  }

  // What the other evidence says when an entity was not seen there.
  const sslNetsh = filesOf(parsed, 'httpsys.sslcert');
  const sslRegistry = filesOf(parsed, 'httpsys.registry');
  const sslcertKnown =
    sslRegistry.length > 0 ||
    (sslNetsh.length > 0 &&
      !sslNetsh.some((f) => f.value.elided === true || f.value.queriedOnly !== undefined));
  const entities = [...byKey.values()];
  // A binding known only by its AppId gets the name of the program that registered its URL.
  const owners = new Map<number, string>();
  for (const e of entities) {
    if (urlacl.length > 0 && e.reserved === null) e.reserved = false;
    if (state.length > 0 && e.registered === null) e.registered = false;
    e.sslcertKnown = sslcertKnown;
    if (e.scheme !== 'https') continue;
    const address = e.boundAddress ?? (e.hostKind === 'ip' ? e.host : '0.0.0.0');
    const ep = parseEndpoint(
      address.includes(':') ? `[${address}]:${e.port}` : `${address}:${e.port}`,
    );
    e.suggestedEndpoint = ep ? canonicalEndpoint(ep) : null;
    const serving = servingEntries(e, bindings);
    e.sslBindings = serving.map(({ b }) =>
      b.type === 'ccs' || b.type === 'scopedccs' ? `ccs:${b.endpoint}` : b.endpoint,
    );
    e.missingSslcert = sslcertKnown && serving.length === 0;
    // An entry src/facts/binding-owner.ts knows only by its AppId gets the name of the program
    // that registered this URL on its port (never when IIS serves the entry).
    if (e.registered && e.owner === 'other' && e.ownerName !== null)
      for (const { b, at } of serving) {
        const current = owners.get(at) ?? b.otherOwner;
        if (current?.startsWith('the program with AppId ') && (b.iisBindings?.length ?? 0) === 0)
          owners.set(at, `${e.ownerName}, ${current.slice('the program with '.length)}`);
      }
    const ev: EvidenceRef[] = serving.flatMap(({ b }) => b.evidence.slice(0, 1));
    e.evidence.push(...ev);
    if (e.missingSslcert)
      e.evidence.push(
        ...[...sslNetsh, ...sslRegistry].slice(0, 2).map((f) => ({
          artifactId: f.artifactId,
          path: f.path,
          label: `no HTTP.sys SSL entry for port ${e.port}`,
        })),
      );
  }
  return {
    urls: entities,
    bindings: [...owners].map(([at, otherOwner]) => ({ at, set: { otherOwner } })),
  };
}

/** `netsh http show setting`, as read: shown in the inventory only (no setting is known to break HTTPS). */
export function buildHttpSettings(
  parsed: ParsedBundle,
): NonNullable<HostEntity['httpSettings']> | null {
  const files = filesOf(parsed, 'httpsys.setting');
  if (files.length === 0) return null;
  return files.flatMap((f) => f.value.settings);
}
