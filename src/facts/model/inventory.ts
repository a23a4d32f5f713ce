/**
 * Inventory (issue 17): every record the parsers read, for `tls-doctor inspect`. Not a rule scope:
 * rules see the entities; these keep what was read, with links to the entities built from it.
 */
import type { LogInventory } from '../inventory-logs.js';
import type { EvidenceRef } from '../../shared/evidence.js';
import type { EntityBase } from './base.js';

/** A process of the tasklist evidence. */
export interface ProcessInventory extends EntityBase {
  imageName: string;
  pid: number;
  /** Hosted services (`/svc`); [] for N/A or when the form has no services column (see servicesShown). */
  services: string[];
  servicesShown: boolean;
  sessionName: string | null;
  sessionNumber: number | null;
  memKb: number | null;
  /** `tasklist /v`: the user name column, when present. */
  user?: string;
  imageTruncated: boolean;
  /** Listener entity keys of this PID. */
  listeners: string[];
}

export interface AclInventoryEntry {
  account: string;
  sid: string | null;
  /** As the listing prints them: `(I)(OI)(CI)(F)`. */
  rights: string;
  /** Rights alone, as a list: `['F']`, `['M', 'DC']`, `['NW']` for an integrity label. */
  rightsList: string[];
  inherited: boolean;
  deny: boolean;
  inheritance: string[];
  /** Integrity level of a `Mandatory Label\…` entry; null for a DACL entry. */
  integrity: string | null;
  evidence: EvidenceRef;
}

/** A path of an icacls listing with every entry. */
export interface AclInventory extends EntityBase {
  path: string;
  kind: string;
  entries: AclInventoryEntry[];
  /** Certificate entity keys whose key file this is. */
  certificates: string[];
}

/** An IIS site as one source printed it, with all its bindings of any protocol. */
export interface SiteInventory extends EntityBase {
  source: 'applicationHost.config' | 'IIS Express applicationhost.config' | 'site list';
  /** null when the source does not give it (a `<binding>` fragment): see unknownFields. */
  name: string | null;
  id: number | null;
  state: string | null;
  unknownFields: string[];
  /** The site entity built from it. */
  site: string | null;
  bindings: {
    protocol: string;
    bindingInformation: string;
    /** http/https parts of bindingInformation (null for other protocols). */
    address: string | null;
    port: number | null;
    host: string | null;
    sslFlags?: number;
    certificateHash?: string | null;
    /** The IIS binding entity (https only). */
    iisBinding: string | null;
    evidence: EvidenceRef;
  }[];
}

/** A registry value read under the SCHANNEL, cipher-suite policy, .NET or HTTP keys. */
export interface RegistryValueInventory extends EntityBase {
  area: 'schannel' | 'cipher-policy' | 'dotnet' | 'http' | 'fips-policy';
  keyPath: string;
  /** '' for the default value; null for a key without values (listed so it is seen). */
  name: string | null;
  type: string | null;
  /** dword as a number, strings as text, multi_sz as a list, binary as hex. */
  value: string | number | string[] | null;
  deleted: boolean;
}

/** A certificate as one source listed it (store.json, certutil, a certificate file). */
export interface CertificateInventory extends EntityBase {
  source: 'store.json' | 'certutil' | 'certificate file';
  store: string | null;
  thumbprint: string | null;
  subject: string | null;
  issuer: string | null;
  serialNumber: string | null;
  notBefore: string | null;
  notAfter: string | null;
  /** Fields printed but not understood (an ambiguous certutil date). */
  unknownFields: string[];
  keyState?: string;
  /** The certificate entity built from it. */
  certificate: string | null;
}

export interface Inventory {
  processes: ProcessInventory[];
  acls: AclInventory[];
  sites: SiteInventory[];
  registryValues: RegistryValueInventory[];
  certificates: CertificateInventory[];
  /** HTTP.sys error logs and IIS W3C logs, file by file with their records (inventory-logs.ts). */
  logs: LogInventory[];
}
