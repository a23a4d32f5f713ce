/**
 * What recognising a file without a manifest entry reads of every parser (id, input kind, file
 * name, sniff), without importing any parser: each comes from its light
 * `src/parsers/<format>.sniff.ts` (through src/parsers/sniffs.ts), which the parser spreads into its object, so a sniff has one
 * source. Same ids and order as PARSERS_BY_ID (src/artifacts/parsers.ts; the order breaks ties);
 * src/artifacts/recognizers.test.ts holds the two tables together and keeps this import graph
 * free of parser bodies and heavy packages. Start-up: a loose file costs the sniffs, then only
 * the parsers recognition chose are imported (`parsersNeeded`, docs/benchmarks.md "Start-up").
 */
import type { ArtifactId } from '../shared/artifact-ids.js';
import type { Recognizer } from '../shared/parse.js';
import {
  appcmdSitesConfigRecognizer,
  appcmdSitesRecognizer,
  applicationHostRecognizer,
  capi2EventXmlRecognizer,
  captureRecognizer,
  ccsRecognizer,
  certFileRecognizer,
  certPowerShellRecognizer,
  certStoreRecognizer,
  certutilRecognizer,
  cipherPolicyRegistryRecognizer,
  dotnetRegistryRecognizer,
  eventTextRecognizer,
  fipsPolicyRegistryRecognizer,
  getWebsiteRecognizer,
  hotfixRecognizer,
  httpErrLogRecognizer,
  httpEventTextRecognizer,
  httpEventXmlRecognizer,
  httpRegistryRecognizer,
  icaclsRecognizer,
  iisVersionRegistryRecognizer,
  iisW3cLogRecognizer,
  ipconfigRecognizer,
  machineKeysSddlRecognizer,
  netshIplistenRecognizer,
  netshServicestateRecognizer,
  netshSettingRecognizer,
  netshSslcertRecognizer,
  netshUrlaclRecognizer,
  netstatRecognizer,
  redirectionConfigRecognizer,
  schannelEventXmlRecognizer,
  schannelRegistryRecognizer,
  sClientRecognizer,
  tasklistRecognizer,
  tcpConnectionTableRecognizer,
  tcpListenersRecognizer,
  tlsCipherSuiteRecognizer,
  tlsEccCurveRecognizer,
  w32tmRecognizer,
} from '../parsers/sniffs.js';

/** Artifact id → the recognizers of its parsers, in PARSERS_BY_ID's order. */
export const RECOGNIZERS_BY_ID: { readonly [K in ArtifactId]: readonly Recognizer<K>[] } = {
  'httpsys.sslcert': [netshSslcertRecognizer],
  'httpsys.iplisten': [netshIplistenRecognizer],
  'httpsys.servicestate': [netshServicestateRecognizer],
  'httpsys.urlacl': [netshUrlaclRecognizer],
  'httpsys.setting': [netshSettingRecognizer],
  'httpsys.registry': [httpRegistryRecognizer],
  'schannel.registry': [schannelRegistryRecognizer],
  'schannel.cipher-policy': [cipherPolicyRegistryRecognizer],
  'dotnet.registry': [dotnetRegistryRecognizer],
  'net.netstat': [netstatRecognizer],
  'net.tcp-listeners': [tcpListenersRecognizer, tcpConnectionTableRecognizer],
  'net.ipconfig': [ipconfigRecognizer],
  'net.processes': [tasklistRecognizer],
  'cert.store': [certStoreRecognizer, certPowerShellRecognizer],
  'cert.files': [certFileRecognizer],
  'cert.certutil': [certutilRecognizer],
  'cert.machinekeys-acl': [icaclsRecognizer],
  'cert.machinekeys-sddl': [machineKeysSddlRecognizer],
  'events.schannel': [schannelEventXmlRecognizer, eventTextRecognizer],
  'events.capi2': [capi2EventXmlRecognizer],
  'events.httpevent': [httpEventXmlRecognizer, httpEventTextRecognizer],
  'iis.config': [applicationHostRecognizer],
  'iis.redirection': [redirectionConfigRecognizer],
  'iis.appcmd-sites': [appcmdSitesRecognizer, getWebsiteRecognizer],
  'iis.appcmd-sites-config': [appcmdSitesConfigRecognizer],
  'capture.pcap': [captureRecognizer, sClientRecognizer],
  'schannel.cipher-suites': [tlsCipherSuiteRecognizer],
  'schannel.ecc-curves': [tlsEccCurveRecognizer],
  'schannel.fips-policy': [fipsPolicyRegistryRecognizer],
  'time.w32tm': [w32tmRecognizer],
  'system.hotfixes': [hotfixRecognizer],
  'iis.ccs': [ccsRecognizer],
  'logs.httperr': [httpErrLogRecognizer],
  'logs.iis-w3c': [iisW3cLogRecognizer],
  'iis.version': [iisVersionRegistryRecognizer],
};

/** Every recognizer, in table order (the loader's tie-break order for loose files). */
export const RECOGNIZERS: readonly Recognizer[] = Object.values(RECOGNIZERS_BY_ID).flat();
