/**
 * The entities rules see. Facts join parsed artifacts into these shapes; every entity keeps
 * pointers to the evidence it was built from. Rules address fields with plain dot paths
 * (`binding.certificateHash`), so field names here are the public API of the rule files:
 * rename with care and update rules/ in the same change.
 */
import type { EvidenceRef } from '../shared/evidence.js';

/** Every entity: a stable key (unique within its kind) and its evidence. */
export interface EntityBase {
  key: string;
  evidence: EvidenceRef[];
}

/** The bundle as a whole. */
export interface HostEntity extends EntityBase {
  name: string | null;
  osCaption: string | null;
  osVersion: string | null;
  osBuild: number | null;
  uiCulture: string | null;
  elevated: boolean | null;
  collectedAt: string | null;
  collectorVersion: string | null;
  /** Artifact ids that were collected and parsed into something usable. */
  artifacts: string[];
  /** Artifact ids the manifest says failed or were skipped. */
  missingArtifacts: string[];
  redacted: boolean;
  /** HTTP.sys IP listen list (empty = all addresses) and its length, for rules. */
  ipListen: string[];
  ipListenCount: number;
}

export type BindingType = 'ipport' | 'hostnameport' | 'ccs' | 'scopedccs';

/** One HTTP.sys SSL binding, merged from `netsh http show sslcert` and the registry. */
export interface BindingEntity extends EntityBase {
  type: BindingType;
  /** As printed by netsh, e.g. `0.0.0.0:443`, `[::]:443`, `www.contoso.com:443`. */
  endpoint: string;
  /** IP address (ipport), host name (hostnameport) or null (ccs). */
  address: string | null;
  hostname: string | null;
  port: number | null;
  /** SHA-1 thumbprint, lower-case hex without spaces; null when empty or `(null)`. */
  certificateHash: string | null;
  /** True when the hash field is present but holds no usable 40-hex-digit value. */
  certificateHashMalformed: boolean;
  /** The hash field as printed / stored (null when absent). */
  certificateHashRaw: string | null;
  /** `{guid}` lower case; null when absent. */
  applicationId: string | null;
  applicationIdIsZero: boolean;
  certificateStoreName: string | null;
  /** HTTP.sys DefaultFlags names that are set (DISABLE_LEGACY_TLS, DISABLE_TLS13, …). */
  flags: string[];
  /** Which sources show this binding. */
  sources: ('netsh' | 'registry')[];
  /** Fields where netsh and the registry disagree, e.g. `certificateHash`. */
  sourceConflicts: { field: string; netsh: string | null; registry: string | null }[];
  /** Other bindings with the same endpoint (case-insensitive host names, IPv6 forms). */
  duplicateOf: string | null;
  /** True when the IP listen list is non-empty and does not cover this binding's address. */
  notInIpListen: boolean;
  /** The IP listen list in force (empty = listen on all addresses). */
  ipListen: string[];
  ipListenEvidence: EvidenceRef[];
  /** Filled by the certificates stage when present. */
  certificate?: Record<string, unknown> | null;
}

/**
 * The whole fact base for one bundle. Each kind is filled by its own builder in src/facts/;
 * the arrays are empty when the evidence for them is absent (rules that need it are then
 * reported as not evaluated, from their `requires`).
 */
export interface Facts {
  host: HostEntity;
  bindings: BindingEntity[];
  /** IP listen list as HTTP.sys has it (netsh or registry). */
  ipListen: { addresses: string[]; evidence: EvidenceRef[] } | null;
}

/**
 * Rule scopes: the scope name a rule file names → the entities it is evaluated for, once each.
 * To add a kind, add one line here (and its array to Facts).
 */
const SCOPE_ENTITIES = {
  host: (f: Facts): EntityBase[] => [f.host],
  binding: (f: Facts): EntityBase[] => f.bindings,
} satisfies Record<string, (f: Facts) => EntityBase[]>;

export type Scope = keyof typeof SCOPE_ENTITIES;

export const SCOPES = Object.keys(SCOPE_ENTITIES) as Scope[];

export function isScope(s: string): s is Scope {
  return Object.hasOwn(SCOPE_ENTITIES, s);
}

export function entitiesOf(facts: Facts, scope: Scope): EntityBase[] {
  return SCOPE_ENTITIES[scope](facts);
}
