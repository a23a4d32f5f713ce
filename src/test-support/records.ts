/**
 * One line of text per record a parser read, per artifact: what samples/pasted/*.expected.json
 * lists, short enough to check by eye against the pasted file beside it.
 */
import type { ParsedFile } from '../artifacts/load.js';
import type { ArtifactValues } from '../artifacts/parsers.js';
import { KEY_PATH_KINDS } from '../parsers/icacls.js';

type V<K extends keyof ArtifactValues> = ArtifactValues[K];

const regValue = (d: unknown): string =>
  d instanceof Uint8Array
    ? Buffer.from(d).toString('hex')
    : typeof d === 'bigint'
      ? d.toString()
      : JSON.stringify(d);

const PROJECT: { [K in keyof ArtifactValues]?: (v: V<K>) => string[] } = {
  'net.netstat': (v) =>
    v.entries.map(
      (e) =>
        `${e.protocol} ${e.ipVersion === 6 ? `[${e.localAddress}]` : e.localAddress}:${e.localPort ?? '*'} ${e.state ?? e.stateRaw ?? '-'} pid=${e.pid ?? '-'}${e.image ? ` ${e.image}` : ''}`,
    ),
  'net.processes': (v) =>
    v.processes.map(
      (p) =>
        `${p.image} ${p.pid}${p.services ? ` [${p.services.join(',')}]` : ''}${p.sessionName ? ` ${p.sessionName}` : ''}`,
    ),
  'cert.machinekeys-acl': (v) => [
    ...v.paths.flatMap((p) =>
      p.aces.map(
        (a) =>
          `${p.path}${KEY_PATH_KINDS.has(p.kind) ? '' : ' [not a key path]'} | ${a.account} ${a.deny ? 'DENY ' : ''}(${a.rights.join(',')})${a.inherited ? ' inherited' : ''}`,
      ),
    ),
    ...v.errors.map((e) => `error: ${e.text}`),
    ...(v.succeeded !== null ? [`summary: ${v.succeeded} ok, ${v.failed} failed`] : []),
  ],
  'cert.certutil': (v) =>
    v.certificates.map(
      (c) =>
        `${c.thumbprint ?? '?'} ${c.subject ?? '?'} notAfter=${c.notAfterLocal ?? (c.notAfterText ? `unknown(${c.notAfterText})` : '-')} key=${c.keyState}`,
    ),
  'iis.config': (v) =>
    v.sites.flatMap((s) =>
      s.bindings.map(
        (b) => `${s.name || '?'} (${s.id ?? '?'}) ${b.protocol} ${b.bindingInformation}`,
      ),
    ),
  'iis.appcmd-sites': (v) =>
    v.sites.flatMap((s) =>
      s.bindings.map((b) => `${s.name} (${s.id ?? '?'}) ${b.protocol} ${b.bindingInformation}`),
    ),
  'httpsys.sslcert': (v) =>
    v.records.map(
      (r) => `${r.endpoint} hash=${r.certificateHash ?? '-'} appid=${r.applicationId ?? '-'}`,
    ),
  'httpsys.iplisten': (v) => v.addresses.map((a) => a),
};
for (const id of [
  'schannel.registry',
  'dotnet.registry',
  'httpsys.registry',
  'schannel.cipher-policy',
] as const) {
  PROJECT[id] = (v) =>
    v.keys.flatMap((k) =>
      k.values.map((x) => `${k.path}\\${x.name} = ${x.type} ${regValue(x.data)}`),
    );
}

/** The records of a parsed file as lines; null when this artifact has no projection. */
export function recordLines(file: Pick<ParsedFile, 'artifactId' | 'value'>): string[] | null {
  const p = PROJECT[file.artifactId as keyof ArtifactValues] as
    ((v: unknown) => string[]) | undefined;
  return p && file.value !== null ? p(file.value) : null;
}
