/**
 * The ACLs of the machine key folders and key files from both places the collector takes them:
 * icacls (`cert.machinekeys-acl`, localized account names) and Get-Acl SDDL
 * (`cert.machinekeys-sddl`, SIDs on every Windows language). Every key-ACL fact reads this one
 * list, so a path gives one verdict however many sources list it:
 * - only one source lists a path: that one;
 * - both list it and agree (the same SIDs, allow / deny, inheritance and rights): icacls, as
 *   printed;
 * - both list it and disagree (the ACL changed between the two commands, or icacls named an
 *   account we cannot map to its SID): the SDDL, which names SIDs exactly, and the path is listed
 *   in `disagreements` (shown on the host and by `key-acl-sources-disagree`).
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { IcaclsAce, IcaclsPath } from '../parsers/icacls.js';
import type { KeyAclSources } from './model.js';

const norm = (p: string): string => p.replace(/\\+$/, '').toLowerCase();

/** One ACE as a comparable string; null when icacls could not name its SID. */
function aceKey(a: IcaclsAce): string | null {
  if (a.sid === null) return null;
  return [
    a.sid.toUpperCase(),
    a.deny ? 'deny' : 'allow',
    a.inherited ? 'I' : '',
    [...a.inheritance].sort().join(','),
    [...a.rights].sort().join(','),
  ].join('|');
}

/** True when both listings hold the same entries (order does not matter). */
export function aclsAgree(icacls: IcaclsPath, sddl: IcaclsPath): boolean {
  const a = icacls.aces.filter((x) => !x.integrity).map(aceKey);
  const b = sddl.aces.map(aceKey);
  if (a.length !== b.length || a.includes(null)) return false;
  return [...a].sort().join('\n') === [...b].sort().join('\n');
}

export interface KeyAclPaths {
  paths: IcaclsPath[];
  /** Either artifact was collected (an empty listing is still evidence). */
  collected: boolean;
  sources: KeyAclSources;
}

export function keyAclPaths(parsed: ParsedBundle): KeyAclPaths {
  const icaclsFiles = filesOf(parsed, 'cert.machinekeys-acl');
  const sddlFiles = filesOf(parsed, 'cert.machinekeys-sddl');
  const icacls = icaclsFiles.flatMap((f) => f.value.paths);
  const sddl = sddlFiles.flatMap((f) => f.value.paths);
  const bySddl = new Map(sddl.map((p) => [norm(p.path), p]));
  const paths: IcaclsPath[] = [];
  const disagreements: KeyAclSources['disagreements'] = [];
  const taken = new Set<string>();
  for (const p of icacls) {
    const k = norm(p.path);
    if (taken.has(k)) continue;
    taken.add(k);
    const twin = bySddl.get(k);
    if (!twin || aclsAgree(p, twin)) {
      paths.push(p);
      continue;
    }
    paths.push(twin);
    disagreements.push({
      path: p.path,
      icacls: p.aces.map((a) => a.text),
      sddl: twin.aces.map((a) => a.text),
      evidence: [
        { ...p.evidence, label: 'icacls' },
        { ...twin.evidence, label: 'Get-Acl SDDL' },
      ],
    });
  }
  for (const p of sddl) {
    const k = norm(p.path);
    if (taken.has(k)) continue;
    taken.add(k);
    paths.push(p);
  }
  const source =
    icaclsFiles.length > 0 && sddlFiles.length > 0
      ? 'both'
      : icaclsFiles.length > 0
        ? 'icacls'
        : sddlFiles.length > 0
          ? 'sddl'
          : null;
  return {
    paths,
    collected: source !== null,
    sources: {
      source,
      sddlOnlyPaths: sddl
        .filter((p) => !icacls.some((q) => norm(q.path) === norm(p.path)))
        .map((p) => p.path),
      disagreements,
      disagreementCount: disagreements.length,
      disagreePaths: disagreements.map((d) => d.path),
    },
  };
}

/** The host's view of the two sources (host.keyAclSources); null when neither was collected. */
export function buildKeyAclSources(parsed: ParsedBundle): KeyAclSources | null {
  const k = keyAclPaths(parsed);
  return k.sources.source === null ? null : k.sources;
}
