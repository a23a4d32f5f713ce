/**
 * Every parser's recognizer (`<format>.sniff.ts`) in one module. Parsers import their recognizer
 * from here, not from their own sniff module, so the CLI's bundle keeps all sniffs in one chunk
 * (a chunk per sniff module was ~25 more files for every run to open) and recognition
 * (src/artifacts/recognizers.ts) reads them from here too.
 */
export { appcmdSitesConfigRecognizer } from './appcmd-sites-config.sniff.js';
export { appcmdSitesRecognizer } from './appcmd-sites.sniff.js';
export { applicationHostRecognizer } from './applicationhost.sniff.js';
export { captureRecognizer } from './capture.sniff.js';
export { ccsRecognizer } from './ccs.sniff.js';
export { certFileRecognizer } from './cert-file.sniff.js';
export { certPowerShellRecognizer } from './cert-powershell.sniff.js';
export { certStoreRecognizer } from './cert-store.sniff.js';
export { certutilRecognizer } from './certutil-store.sniff.js';
export { eventTextRecognizer, httpEventTextRecognizer } from './event-text.sniff.js';
export {
  schannelEventXmlRecognizer,
  httpEventXmlRecognizer,
  capi2EventXmlRecognizer,
} from './event-xml.sniff.js';
export { getWebsiteRecognizer } from './get-website.sniff.js';
export { hotfixRecognizer } from './hotfix.sniff.js';
export { icaclsRecognizer } from './icacls.sniff.js';
export { ipconfigRecognizer } from './ipconfig.sniff.js';
export { machineKeysSddlRecognizer } from './machinekeys-sddl.sniff.js';
export { netshIplistenRecognizer } from './netsh-iplisten.sniff.js';
export { netshServicestateRecognizer } from './netsh-servicestate.sniff.js';
export { netshSettingRecognizer } from './netsh-setting.sniff.js';
export { netshSslcertRecognizer } from './netsh-sslcert.sniff.js';
export { netshUrlaclRecognizer } from './netsh-urlacl.sniff.js';
export { netstatRecognizer } from './netstat.sniff.js';
export { redirectionConfigRecognizer } from './redirection-config.sniff.js';
export {
  httpRegistryRecognizer,
  schannelRegistryRecognizer,
  cipherPolicyRegistryRecognizer,
  fipsPolicyRegistryRecognizer,
  dotnetRegistryRecognizer,
  iisVersionRegistryRecognizer,
} from './reg.sniff.js';
export { sClientRecognizer } from './s-client.sniff.js';
export { tasklistRecognizer } from './tasklist.sniff.js';
export { tcpConnectionTableRecognizer } from './tcp-connection-table.sniff.js';
export { tcpListenersRecognizer } from './tcp-listeners.sniff.js';
export { tlsCipherSuiteRecognizer } from './tls-cipher-suite.sniff.js';
export { tlsEccCurveRecognizer } from './tls-ecc-curve.sniff.js';
export { w32tmRecognizer } from './w32tm.sniff.js';
export { httpErrLogRecognizer, iisW3cLogRecognizer } from './w3c-log.sniff.js';
