/**
 * Which entity fields name a customer's machine, network, people or organisation, per rule scope.
 * `SENSITIVE` is a mapped type over every scope: a scope added to `ScopeEntities` does not compile
 * until its fields are classified here (an empty object says "nothing sensitive", deliberately).
 * Redaction (src/report/redact.ts `sensitiveValues`) registers every value these fields hold;
 * values nested deeper than one field (chain elements, conflicts) are listed in `nestedValues`.
 */
import { entitiesOf, SCOPES, type EntityOf, type Facts, type Scope } from './model.js';

/**
 * host: a host name or SNI; ip: an address; endpoint: `address:port`; thumbprint: a certificate
 * hash; name: a name people gave (IIS site, certificate friendly name); scan: text to run the
 * redaction detectors over (a subject DN, an ACL entry).
 */
export type SensitiveKind = 'host' | 'ip' | 'endpoint' | 'thumbprint' | 'name' | 'scan';

export type SensitiveFields = {
  readonly [S in Scope]: { readonly [F in keyof EntityOf<S>]?: SensitiveKind };
};

export const SENSITIVE: SensitiveFields = {
  host: { name: 'host', ipListen: 'ip' },
  binding: {
    hostname: 'host',
    address: 'ip',
    certificateHash: 'thumbprint',
    sniOnlyPortNames: 'host',
    noSniResetClients: 'ip',
    ipListenOwnUnlisted: 'ip',
  },
  certificate: {
    thumbprint: 'thumbprint',
    chainRootThumbprint: 'thumbprint',
    subject: 'scan',
    issuer: 'scan',
    friendlyName: 'name',
    sanDns: 'host',
    sanIp: 'ip',
    boundNames: 'host',
    fallbackNames: 'host',
    wireServerNames: 'host',
    keyAclEntries: 'scan',
  },
  eventGroup: {
    computers: 'host',
    serverName: 'host',
    subjectName: 'scan',
    certificateThumbprint: 'thumbprint',
    iisSites: 'name',
    legacySslMetadataSites: 'name',
    iisBindingsStillMissing: 'scan',
    urlPrefix: 'scan',
    siteName: 'name',
  },
  eventLog: {},
  listener: { localAddress: 'ip', sites: 'name' },
  site: {
    name: 'name',
    legacySslCertHash: 'thumbprint',
    legacySslMetadataValue: 'scan',
    httpSysCertificateHashes: 'thumbprint',
  },
  iisBinding: {
    siteName: 'name',
    host: 'host',
    address: 'ip',
    configuredCertificateHash: 'thumbprint',
    suggestedCertificateHash: 'thumbprint',
  },
  protocol: {},
  protocolPolicy: {},
  connection: {
    client: 'endpoint',
    server: 'endpoint',
    clientAddress: 'ip',
    serverAddress: 'ip',
    serverName: 'host',
    wireCertificateSubject: 'scan',
    wireCertificateThumbprint: 'thumbprint',
    boundCertificateThumbprint: 'thumbprint',
  },
  handshakeGroup: {
    server: 'endpoint',
    clients: 'ip',
    serverName: 'host',
    wireCertificateThumbprint: 'thumbprint',
  },
  handshakeEndpoint: {
    servers: 'endpoint',
    clients: 'ip',
    serverName: 'host',
    wireCertificateSubject: 'scan',
    wireCertificateIssuer: 'scan',
    wireCertificateThumbprint: 'thumbprint',
    boundCertificateThumbprint: 'thumbprint',
    sniHostPort: 'host',
    sniPortBindings: 'endpoint',
    sniIisSite: 'name',
    sniIisCertificateHash: 'thumbprint',
    sniServingEntry: 'endpoint',
    sniOtherServers: 'ip',
    sniOwnAddresses: 'ip',
    sniOtherPortEntry: 'endpoint',
    sniOtherPortCertificateHash: 'thumbprint',
    sniIdnEntry: 'endpoint',
    sniIdnCertificateHash: 'thumbprint',
  },
  cipherPolicy: { fipsBlockedClients: 'endpoint', fipsBlockedServers: 'endpoint' },
  httpsysUrl: {
    url: 'scan',
    host: 'host',
    boundAddress: 'ip',
    reservedFor: 'scan',
    queueName: 'name',
    sslBindings: 'endpoint',
    suggestedEndpoint: 'endpoint',
  },
  tcpRefused: { endpoint: 'endpoint', clients: 'ip' },
};

export interface SensitiveValue {
  kind: Exclude<SensitiveKind, 'endpoint'>;
  value: string;
}

/** `10.0.0.5:443`, `[2001:db8::5]:443` → the address; anything else as it is. */
function endpointAddress(v: string): string {
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(v) ?? /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/.exec(v);
  return m ? m[1]! : v;
}

function push(out: SensitiveValue[], kind: SensitiveKind, v: unknown): void {
  if (Array.isArray(v)) for (const x of v) push(out, kind, x);
  else if (typeof v === 'string' && v !== '')
    out.push(kind === 'endpoint' ? { kind: 'ip', value: endpointAddress(v) } : { kind, value: v });
}

/** Values below the first level of an entity, and outside the rule scopes. */
function nestedValues(facts: Facts, out: SensitiveValue[]): void {
  // Files that disagree about their host: short host names and the machine's own addresses.
  for (const c of facts.host?.conflicts ?? [])
    for (const v of c.values)
      if (c.aspect === 'name') push(out, 'host', v.value);
      else if (c.aspect === 'address') push(out, 'ip', v.value.split(', '));
  push(out, 'ip', facts.ipListen?.addresses);
  // The CCS folder (a UNC share names a server), its account and the certificate file names.
  for (const b of facts.iisBindings ?? []) {
    if (!b.ccs) continue;
    push(out, 'scan', b.ccs.folder);
    push(out, 'name', b.ccs.userName);
    push(out, 'host', [b.ccs.expectedFile, b.ccs.wildcardFile, b.ccs.foundFile]);
    push(out, 'host', b.ccs.similarFiles);
  }
  // IIS shared configuration: the share (a UNC path names a server) and its account.
  const shared = facts.host?.iisSharedConfig;
  if (shared) {
    push(out, 'scan', shared.path);
    push(out, 'host', shared.server);
    push(out, 'name', shared.userName);
    if (shared.userName?.includes('\\'))
      push(out, 'name', shared.userName.slice(shared.userName.lastIndexOf('\\') + 1));
  }
  // The time source w32tm names (a domain controller, an internal NTP server; `,0x9` flags after it).
  const source = facts.host?.clock?.source?.split(',')[0]?.trim();
  if (source && /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(source)) push(out, 'host', source);
  for (const c of facts.certificates ?? []) {
    for (const x of c.chain ?? []) {
      push(out, 'thumbprint', x.thumbprint);
      push(out, 'scan', x.subject);
    }
    for (const d of c.conflicts ?? [])
      if (d.field === 'subject' || d.field === 'issuer') push(out, 'scan', d.other);
    // A CN that is a host name (the SAN-less certificate of an intranet server).
    if (c.subjectCommonName && /\./.test(c.subjectCommonName))
      push(out, 'host', c.subjectCommonName);
  }
  for (const s of facts.inventory?.sites ?? []) push(out, 'name', s.name);
  // The MachineKeys folder's ACL entries (account names).
  push(out, 'scan', facts.host?.machineKeysFolder?.entries);
  // icacls / SDDL entries of the paths where the two disagree (account names).
  for (const d of facts.host?.keyAclSources?.disagreements ?? []) {
    push(out, 'scan', d.icacls);
    push(out, 'scan', d.sddl);
  }
  // Every record of the logs `inspect` lists (the summaries below cap their address lists).
  for (const l of facts.inventory?.logs ?? [])
    for (const r of l.records) {
      push(out, 'ip', r.clientIp);
      push(out, 'name', r.userName);
      if (r.userName?.includes('\\'))
        push(out, 'name', r.userName.slice(r.userName.lastIndexOf('\\') + 1));
    }
  // The installed-update lines a WinHTTP finding cites: who installed them (issue 16).
  for (const u of facts.host?.outboundTls?.kb3140245?.installedBy ?? []) {
    push(out, 'name', u);
    if (u.includes('\\')) push(out, 'name', u.slice(u.lastIndexOf('\\') + 1));
  }
  // HTTP.sys and IIS logs (issue 16): client addresses and user names of their lines.
  push(out, 'ip', facts.host?.httpErr?.clientAddresses);
  for (const s of facts.sites ?? []) {
    push(out, 'ip', s.w3cLog?.clientAddresses);
    for (const u of s.w3cLog?.userNames ?? []) {
      push(out, 'name', u);
      // DOMAIN\user: the account alone too (it appears without its domain elsewhere)
      if (u.includes('\\')) push(out, 'name', u.slice(u.lastIndexOf('\\') + 1));
    }
  }
}

/**
 * The sensitive values the facts name exactly. Plain data, so a fleet worker can send it to the
 * main thread instead of the facts.
 */
export function sensitiveValues(facts: Facts): SensitiveValue[] {
  const out: SensitiveValue[] = [];
  for (const scope of SCOPES) {
    const fields = Object.entries(SENSITIVE[scope]) as [string, SensitiveKind][];
    if (fields.length === 0) continue;
    // Partial facts (tests, an old worker's message) may lack a kind: nothing to register then.
    const entities = (entitiesOf(facts, scope) ?? []) as unknown as (
      Record<string, unknown> | undefined
    )[];
    for (const e of entities) if (e) for (const [field, kind] of fields) push(out, kind, e[field]);
  }
  nestedValues(facts, out);
  return out;
}
