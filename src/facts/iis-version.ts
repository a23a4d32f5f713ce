/**
 * The IIS version (iis.version: `reg export HKLM\SOFTWARE\Microsoft\InetStp`). MajorVersion /
 * MinorVersion are DWORDs; when a pasted `reg query … /v VersionString` is all there is, the
 * version is read from `Version 7.5`. IIS 8.0 (Windows Server 2012) introduced SNI and the
 * Centralized Certificate Store: on 7.5 and older neither exists in HTTP.sys or IIS.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import { findKey, getValue } from '../parsers/reg.js';
import type { EvidenceRef } from '../shared/evidence.js';
import type { IisVersion } from './model.js';

const INETSTP = 'HKLM\\SOFTWARE\\Microsoft\\InetStp';

export function buildIisVersion(parsed: ParsedBundle): IisVersion | null {
  const reg = filesOf(parsed, 'iis.version')[0]?.value;
  if (!reg) return null;
  const key = findKey(reg, INETSTP);
  if (!key || key.deleted) return null;
  const evidence: EvidenceRef[] = [];
  const dword = (name: string): number | null => {
    const v = getValue(key, name);
    if (!v || typeof v.data !== 'number') return null;
    evidence.push(v.evidence);
    return v.data;
  };
  const text = (name: string): string | null => {
    const v = getValue(key, name);
    if (!v || typeof v.data !== 'string') return null;
    evidence.push(v.evidence);
    return v.data;
  };
  let major = dword('MajorVersion');
  let minor = dword('MinorVersion');
  const versionString = text('VersionString');
  const setupString = text('SetupString');
  const m = /(\d{1,2})\.(\d{1,2})/.exec(versionString ?? setupString ?? '');
  if (major === null && m) {
    major = Number(m[1]);
    minor = Number(m[2]);
  }
  if (major === null && versionString === null && setupString === null) return null;
  return {
    major,
    minor,
    version: major === null ? null : `${major}.${minor ?? 0}`,
    versionString,
    setupString,
    // SNI and CCS came with IIS 8.0.
    sniSupported: major === null ? null : major >= 8,
    evidence: evidence.length ? evidence : [key.evidence],
  };
}
