/**
 * THE table of parsers: every artifact id of the catalog (the generated `ArtifactId` union,
 * src/shared/artifact-ids.ts) maps to the parsers that read it, best-known format first. The
 * table `satisfies` a mapped type over `ArtifactId`, so a catalog id without an entry, an entry for
 * an id the catalog lacks, or a parser whose `artifactId` is another id fails `npm run typecheck`.
 * An artifact kept as evidence only maps to `[]`. `ArtifactValues` (id → value type) is derived
 * from the parsers, so `filesOf(parsed, id)` is typed by what the parser returns.
 *
 * To add a parser: write src/parsers/<format>.ts (with sample and test) exporting a
 * `TextParser<Value, '<id>'>` / `BinaryParser<Value, '<id>'>`, and list it under its id here.
 */
import type { ArtifactId } from '../shared/artifact-ids.js';
import type { ArtifactParser, ParserValue } from '../shared/parse.js';
import { netshIplistenParser } from '../parsers/netsh-iplisten.js';
import { netshSslcertParser } from '../parsers/netsh-sslcert.js';
import {
  cipherPolicyRegistryParser,
  dotnetRegistryParser,
  fipsPolicyRegistryParser,
  iisVersionRegistryParser,
  httpRegistryParser,
  schannelRegistryParser,
} from '../parsers/reg.js';
import { eventTextParser } from '../parsers/event-text.js';
import {
  capi2EventXmlParser,
  httpEventXmlParser,
  schannelEventXmlParser,
} from '../parsers/event-xml.js';

import { appcmdSitesParser } from '../parsers/appcmd-sites.js';
import { getWebsiteParser } from '../parsers/get-website.js';
import { applicationHostParser } from '../parsers/applicationhost.js';
import { netstatParser } from '../parsers/netstat.js';
import { tasklistParser } from '../parsers/tasklist.js';
import { tcpListenersParser } from '../parsers/tcp-listeners.js';
import { certFileParser } from '../parsers/cert-file.js';
import { certStoreParser } from '../parsers/cert-store.js';
import { certPowerShellParser } from '../parsers/cert-powershell.js';
import { certutilParser } from '../parsers/certutil-store.js';
import { icaclsParser } from '../parsers/icacls.js';
import { captureParser } from '../parsers/capture.js';
// Cipher suites, curves and FIPS policy (issue 16)
import { tlsCipherSuiteParser } from '../parsers/tls-cipher-suite.js';
import { tlsEccCurveParser } from '../parsers/tls-ecc-curve.js';
// Clock and IIS Centralized Certificate Store (issue 16)
import { w32tmParser } from '../parsers/w32tm.js';
import { ccsParser } from '../parsers/ccs.js';
// HTTP.sys error logs and IIS W3C logs (issue 16)
import { httpErrLogParser, iisW3cLogParser } from '../parsers/w3c-log.js';

/** Parsers for one artifact id: each one's `artifactId` is that id. */
type ParserTable = { readonly [K in ArtifactId]: readonly ArtifactParser<unknown, K>[] };

/**
 * Typed entry of the table: fixes the id, so the parsers listed must be parsers of that id (an
 * `events.capi2` parser under `events.schannel` does not compile).
 */
export function defineParser<K extends ArtifactId>(
  _id: K,
): <P extends readonly ArtifactParser<unknown, K>[]>(...parsers: P) => P {
  return (...parsers) => parsers;
}

export const PARSERS_BY_ID = {
  'httpsys.sslcert': defineParser('httpsys.sslcert')(netshSslcertParser),
  'httpsys.iplisten': defineParser('httpsys.iplisten')(netshIplistenParser),
  /** No parser yet: kept as evidence. */
  'httpsys.servicestate': [],
  'httpsys.registry': defineParser('httpsys.registry')(httpRegistryParser),
  'schannel.registry': defineParser('schannel.registry')(schannelRegistryParser),
  'schannel.cipher-policy': defineParser('schannel.cipher-policy')(cipherPolicyRegistryParser),
  'dotnet.registry': defineParser('dotnet.registry')(dotnetRegistryParser),
  'net.netstat': defineParser('net.netstat')(netstatParser),
  'net.tcp-listeners': defineParser('net.tcp-listeners')(tcpListenersParser),
  'net.processes': defineParser('net.processes')(tasklistParser),
  /** store.json, or a pasted PowerShell Get-ChildItem Cert:\… listing (cert-powershell.ts). */
  'cert.store': defineParser('cert.store')(certStoreParser, certPowerShellParser),
  /** One value per certificate file. */
  'cert.files': defineParser('cert.files')(certFileParser),
  'cert.certutil': defineParser('cert.certutil')(certutilParser),
  'cert.machinekeys-acl': defineParser('cert.machinekeys-acl')(icaclsParser),
  /** No parser yet: kept as evidence. */
  'cert.machinekeys-sddl': [],
  'events.schannel': defineParser('events.schannel')(schannelEventXmlParser, eventTextParser),
  'events.capi2': defineParser('events.capi2')(capi2EventXmlParser),
  'events.httpevent': defineParser('events.httpevent')(httpEventXmlParser),
  'iis.config': defineParser('iis.config')(applicationHostParser),
  /** No parser yet: kept as evidence. */
  'iis.redirection': [],
  'iis.appcmd-sites': defineParser('iis.appcmd-sites')(appcmdSitesParser, getWebsiteParser),
  /** No parser yet: kept as evidence. */
  'iis.appcmd-sites-config': [],
  /** One value per capture file (capture/*.pcap, *.pcapng). */
  'capture.pcap': defineParser('capture.pcap')(captureParser),
  // Cipher suites, curves and FIPS policy (issue 16)
  'schannel.cipher-suites': defineParser('schannel.cipher-suites')(tlsCipherSuiteParser),
  'schannel.ecc-curves': defineParser('schannel.ecc-curves')(tlsEccCurveParser),
  'schannel.fips-policy': defineParser('schannel.fips-policy')(fipsPolicyRegistryParser),
  // Clock and IIS Centralized Certificate Store (issue 16)
  'time.w32tm': defineParser('time.w32tm')(w32tmParser),
  'iis.ccs': defineParser('iis.ccs')(ccsParser),
  // HTTP.sys error logs and IIS W3C logs (issue 16): one value per log file
  'logs.httperr': defineParser('logs.httperr')(httpErrLogParser),
  'logs.iis-w3c': defineParser('logs.iis-w3c')(iisW3cLogParser),
  // IIS version, installed updates, HTTP.sys URL ACLs and settings (issue 16, round 4)
  'iis.version': defineParser('iis.version')(iisVersionRegistryParser),
} as const satisfies ParserTable;

/** Artifact id → parsed value type (`never` for an artifact kept as evidence only). */
export type ArtifactValues = {
  [K in ArtifactId]: ParserValue<(typeof PARSERS_BY_ID)[K][number]>;
};

/** Artifact ids that have a parser. */
export type ParsedArtifactId = {
  [K in ArtifactId]: (typeof PARSERS_BY_ID)[K] extends readonly [] ? never : K;
}[ArtifactId];

/** Every parser, in table order (the loader's tie-break order for loose files). */
export const PARSERS: readonly ArtifactParser[] = Object.values(PARSERS_BY_ID).flat();

/** The parsers of one artifact id (none for an id outside the catalog). */
export function parsersOf(id: string): readonly ArtifactParser[] {
  return (PARSERS_BY_ID as Partial<Record<string, readonly ArtifactParser[]>>)[id] ?? [];
}
