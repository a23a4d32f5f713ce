/**
 * What recognising a file without a manifest entry reads of every parser (id, input kind, file
 * name, sniff), without importing any parser: each comes from its light
 * `src/parsers/<format>.sniff.ts`, which the parser spreads into its object, so a sniff has one
 * source. Same ids and order as PARSERS_BY_ID (src/artifacts/parsers.ts; the order breaks ties);
 * src/artifacts/recognizers.test.ts holds the two tables together and keeps this import graph
 * free of parser bodies and heavy packages. Start-up: a loose file costs the sniffs, then only
 * the parsers recognition chose are imported (`parsersNeeded`, docs/benchmarks.md "Start-up").
 */
import type { ArtifactId } from '../shared/artifact-ids.js';
import type { Recognizer } from '../shared/parse.js';
import { appcmdSitesConfigRecognizer } from '../parsers/appcmd-sites-config.sniff.js';
import { appcmdSitesRecognizer } from '../parsers/appcmd-sites.sniff.js';
import { applicationHostRecognizer } from '../parsers/applicationhost.sniff.js';
import { captureRecognizer } from '../parsers/capture.sniff.js';
import { ccsRecognizer } from '../parsers/ccs.sniff.js';
import { certFileRecognizer } from '../parsers/cert-file.sniff.js';
import { certPowerShellRecognizer } from '../parsers/cert-powershell.sniff.js';
import { certStoreRecognizer } from '../parsers/cert-store.sniff.js';
import { certutilRecognizer } from '../parsers/certutil-store.sniff.js';
import { eventTextRecognizer, httpEventTextRecognizer } from '../parsers/event-text.sniff.js';
import {
  capi2EventXmlRecognizer,
  httpEventXmlRecognizer,
  schannelEventXmlRecognizer,
} from '../parsers/event-xml.sniff.js';
import { getWebsiteRecognizer } from '../parsers/get-website.sniff.js';
import { hotfixRecognizer } from '../parsers/hotfix.sniff.js';
import { icaclsRecognizer } from '../parsers/icacls.sniff.js';
import { ipconfigRecognizer } from '../parsers/ipconfig.sniff.js';
import { machineKeysSddlRecognizer } from '../parsers/machinekeys-sddl.sniff.js';
import { netshIplistenRecognizer } from '../parsers/netsh-iplisten.sniff.js';
import { netshServicestateRecognizer } from '../parsers/netsh-servicestate.sniff.js';
import { netshSettingRecognizer } from '../parsers/netsh-setting.sniff.js';
import { netshSslcertRecognizer } from '../parsers/netsh-sslcert.sniff.js';
import { netshUrlaclRecognizer } from '../parsers/netsh-urlacl.sniff.js';
import { netstatRecognizer } from '../parsers/netstat.sniff.js';
import { redirectionConfigRecognizer } from '../parsers/redirection-config.sniff.js';
import {
  cipherPolicyRegistryRecognizer,
  dotnetRegistryRecognizer,
  fipsPolicyRegistryRecognizer,
  httpRegistryRecognizer,
  iisVersionRegistryRecognizer,
  schannelRegistryRecognizer,
} from '../parsers/reg.sniff.js';
import { sClientRecognizer } from '../parsers/s-client.sniff.js';
import { tasklistRecognizer } from '../parsers/tasklist.sniff.js';
import { tcpConnectionTableRecognizer } from '../parsers/tcp-connection-table.sniff.js';
import { tcpListenersRecognizer } from '../parsers/tcp-listeners.sniff.js';
import { tlsCipherSuiteRecognizer } from '../parsers/tls-cipher-suite.sniff.js';
import { tlsEccCurveRecognizer } from '../parsers/tls-ecc-curve.sniff.js';
import { w32tmRecognizer } from '../parsers/w32tm.sniff.js';
import { httpErrLogRecognizer, iisW3cLogRecognizer } from '../parsers/w3c-log.sniff.js';

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
