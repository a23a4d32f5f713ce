/**
 * Everything the parsers read, record by record (issue 17 point 4): every process, every ACL path
 * with its entries, every IIS site with all its bindings of any protocol, every registry value
 * under the SCHANNEL / .NET / HTTP keys, every certificate of every store. The rule entities are
 * built for rules and keep only what a rule needs (a process only when it holds a listener, an
 * ACL only for a bound key, IIS bindings only for https); this is what an engineer checks against
 * the file they pasted (`tls-doctor inspect`). Each record keeps its evidence and links to the
 * rule entities built from the same data (listener, site, IIS binding, certificate keys).
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { EvidenceRef } from '../shared/evidence.js';
import type { RegValue } from '../parsers/reg.js';
import { buildLogInventory } from './inventory-logs.js';
import { keyAclPaths } from './key-acl-sources.js';
import type {
  AclInventoryEntry,
  CertificateEntity,
  IisBindingEntity,
  Inventory,
  ListenerEntity,
  SiteEntity,
} from './model.js';
import type { View } from './patch.js';

const lower = (s: string | null | undefined): string => (s ?? '').toLowerCase();

/** A registry value as text a reader can compare with the file: dword in decimal and hex, binary as hex. */
function regValueText(v: RegValue): string | number | string[] | null {
  const d = v.data;
  if (d === null) return null;
  if (typeof d === 'number' || typeof d === 'string') return d;
  if (typeof d === 'bigint') return d.toString();
  if (Array.isArray(d)) return d;
  return Buffer.from(d).toString('hex');
}

export function buildInventory(
  parsed: ParsedBundle,
  linked: {
    listeners: readonly View<ListenerEntity>[];
    sites: readonly View<SiteEntity>[];
    iisBindings: readonly View<IisBindingEntity>[];
    certificates: readonly View<CertificateEntity>[];
  },
): Inventory {
  const inv: Inventory = {
    processes: [],
    acls: [],
    sites: [],
    registryValues: [],
    certificates: [],
    logs: buildLogInventory(parsed),
  };

  for (const f of filesOf(parsed, 'net.processes')) {
    for (const p of f.value.processes) {
      inv.processes.push({
        key: `process/${p.pid}/${lower(p.image)}`,
        evidence: [p.evidence],
        imageName: p.image,
        pid: p.pid,
        services: p.services ?? [],
        servicesShown: p.services !== null,
        sessionName: p.sessionName,
        sessionNumber: p.sessionNumber,
        memKb: p.memKb,
        ...(p.user !== undefined && p.user !== null && { user: p.user }),
        imageTruncated: p.imageTruncated,
        listeners: linked.listeners.filter((l) => l.pid === p.pid).map((l) => l.key),
      });
    }
  }

  // icacls and Get-Acl SDDL merged, one listing per path (src/facts/key-acl-sources.ts).
  for (const p of keyAclPaths(parsed).paths) {
    const entries: AclInventoryEntry[] = p.aces.map((a) => ({
      account: a.account,
      sid: a.sid,
      rights: a.text.slice(a.text.indexOf(':(') + 1),
      rightsList: a.rights,
      inherited: a.inherited,
      deny: a.deny,
      inheritance: a.inheritance,
      integrity: a.integrity ?? null,
      evidence: a.evidence,
    }));
    inv.acls.push({
      key: `acl/${p.path.toLowerCase()}`,
      evidence: [p.evidence],
      path: p.path,
      kind: p.kind,
      entries,
      certificates: linked.certificates
        .filter((c) => c.keyFilePath && lower(c.keyFilePath) === lower(p.path))
        .map((c) => c.key),
    });
  }

  const siteKeyOf = (id: number | null, name: string): string => `site/${id ?? name.toLowerCase()}`;
  const addSite = (
    source: 'applicationHost.config' | 'IIS Express applicationhost.config' | 'site list',
    s: {
      name: string;
      id: number | null;
      state?: string | null;
      unknownFields?: string[];
      bindings: {
        protocol: string;
        bindingInformation: string;
        address: string | null;
        port: number | null;
        host: string | null;
        sslFlags?: number;
        certificateHash?: string | null;
        evidence?: EvidenceRef;
      }[];
      evidence: EvidenceRef;
    },
  ): void => {
    const siteKey = siteKeyOf(s.id, s.name);
    const site = linked.sites.find((x) => x.key === siteKey);
    inv.sites.push({
      key: `${source === 'site list' ? 'sitelist' : 'apphost'}/${siteKey}/${inv.sites.length}`,
      evidence: [s.evidence],
      source,
      name: s.name === '' ? null : s.name,
      id: s.id,
      state: s.state ?? null,
      unknownFields: s.unknownFields ?? [],
      site: site?.key ?? null,
      bindings: s.bindings.map((b) => {
        const iis = linked.iisBindings.find(
          (x) =>
            x.key.startsWith(`${siteKey}/https/`) &&
            b.protocol === 'https' &&
            x.bindingInformation === b.bindingInformation,
        );
        return {
          protocol: b.protocol,
          bindingInformation: b.bindingInformation,
          address: b.address,
          port: b.port,
          host: b.host,
          ...(b.sslFlags !== undefined && { sslFlags: b.sslFlags }),
          ...(b.certificateHash !== undefined && { certificateHash: b.certificateHash }),
          iisBinding: iis?.key ?? null,
          evidence: b.evidence ?? s.evidence,
        };
      }),
    });
  };
  for (const f of filesOf(parsed, 'iis.config'))
    for (const s of f.value.sites)
      addSite(
        f.value.iisExpress ? 'IIS Express applicationhost.config' : 'applicationHost.config',
        s,
      );
  for (const f of filesOf(parsed, 'iis.appcmd-sites'))
    for (const s of f.value.sites) addSite('site list', s);

  const areas = [
    ['schannel.registry', 'schannel'],
    ['schannel.cipher-policy', 'cipher-policy'],
    ['dotnet.registry', 'dotnet'],
    ['httpsys.registry', 'http'],
    ['schannel.fips-policy', 'fips-policy'],
  ] as const;
  for (const [id, area] of areas) {
    for (const f of filesOf(parsed, id)) {
      for (const k of f.value.keys) {
        for (const v of k.values) {
          inv.registryValues.push({
            key: `reg/${k.path.toLowerCase()}/${v.name.toLowerCase()}`,
            evidence: [v.evidence],
            area,
            keyPath: k.path,
            name: v.name,
            type: v.type,
            value: regValueText(v),
            deleted: v.deleted,
          });
        }
        if (k.values.length === 0)
          inv.registryValues.push({
            key: `reg/${k.path.toLowerCase()}/`,
            evidence: [k.evidence],
            area,
            keyPath: k.path,
            name: null,
            type: null,
            value: null,
            deleted: k.deleted,
          });
      }
    }
  }

  const certKey = (thumbprint: string | null): string | null =>
    thumbprint === null
      ? null
      : (linked.certificates.find((c) => lower(c.thumbprint) === lower(thumbprint))?.key ?? null);
  for (const f of filesOf(parsed, 'cert.store')) {
    for (const c of f.value.certificates) {
      inv.certificates.push({
        key: `store/${c.store}/${c.thumbprint}`,
        evidence: [c.evidence],
        source: 'store.json',
        store: c.store,
        thumbprint: c.thumbprint,
        subject: c.subject,
        issuer: c.issuer,
        serialNumber: c.serialNumber,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        unknownFields: [],
        certificate: certKey(c.thumbprint),
      });
    }
  }
  for (const f of filesOf(parsed, 'cert.certutil')) {
    for (const c of f.value.certificates) {
      inv.certificates.push({
        key: `certutil/${f.value.store ?? '-'}/${c.thumbprint ?? c.index ?? inv.certificates.length}`,
        evidence: [c.evidence],
        source: 'certutil',
        store: f.value.store,
        thumbprint: c.thumbprint,
        subject: c.subject,
        issuer: c.issuer,
        serialNumber: c.serialNumber,
        notBefore: c.notBeforeLocal ?? c.notBeforeText,
        notAfter: c.notAfterLocal ?? c.notAfterText,
        unknownFields: c.unknownFields ?? [],
        keyState: c.keyState,
        certificate: certKey(c.thumbprint),
      });
    }
  }
  for (const f of filesOf(parsed, 'cert.files')) {
    for (const c of f.value.certificates) {
      inv.certificates.push({
        key: `file/${f.path}/${c.thumbprint}`,
        evidence: [{ artifactId: 'cert.files', path: f.path }],
        source: 'certificate file',
        store: f.value.store,
        thumbprint: c.thumbprint,
        subject: c.subject,
        issuer: c.issuer,
        serialNumber: c.serialNumber,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        unknownFields: [],
        certificate: certKey(c.thumbprint),
      });
    }
  }
  return inv;
}
