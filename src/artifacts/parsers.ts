/**
 * THE list of parsers, and the value type each artifact id parses to. To add a parser: write
 * src/parsers/<format>.ts (with sample and test), import its parser object here, add it to
 * PARSERS and its value type to ArtifactValues.
 */
import type { ArtifactParser } from '../shared/parse.js';
import { netshIplistenParser, type IpListenValue } from '../parsers/netsh-iplisten.js';
import { netshSslcertParser, type SslcertValue } from '../parsers/netsh-sslcert.js';
import {
  cipherPolicyRegistryParser,
  dotnetRegistryParser,
  httpRegistryParser,
  schannelRegistryParser,
  type RegFile,
} from '../parsers/reg.js';
import { eventTextParser } from '../parsers/event-text.js';
import {
  capi2EventXmlParser,
  httpEventXmlParser,
  schannelEventXmlParser,
  type EventLog,
} from '../parsers/event-xml.js';

import { appcmdSitesParser, type AppcmdSitesValue } from '../parsers/appcmd-sites.js';
import { getWebsiteParser } from '../parsers/get-website.js';
import { applicationHostParser, type AppHostValue } from '../parsers/applicationhost.js';
import { netstatParser, type NetstatValue } from '../parsers/netstat.js';
import { tasklistParser, type TasklistValue } from '../parsers/tasklist.js';
import { tcpListenersParser, type TcpListenersValue } from '../parsers/tcp-listeners.js';
import { certFileParser, type CertFileValue } from '../parsers/cert-file.js';
import { certStoreParser, type CertStoreValue } from '../parsers/cert-store.js';
import { certPowerShellParser } from '../parsers/cert-powershell.js';
import { certutilParser, type CertutilValue } from '../parsers/certutil-store.js';
import { icaclsParser, type IcaclsValue } from '../parsers/icacls.js';
import { captureParser, type CaptureValue } from '../parsers/capture.js';
import { w32tmParser, type W32tmStatus } from '../parsers/w32tm.js';
import { ccsParser, type CcsValue } from '../parsers/ccs.js';
/** Artifact id → parsed value type (one entry per artifact id that has a parser). */
export interface ArtifactValues {
  'httpsys.sslcert': SslcertValue;
  'httpsys.iplisten': IpListenValue;
  'httpsys.registry': RegFile;
  'schannel.registry': RegFile;
  'schannel.cipher-policy': RegFile;
  'dotnet.registry': RegFile;
  'events.schannel': EventLog;
  'events.capi2': EventLog;
  'events.httpevent': EventLog;
  'net.netstat': NetstatValue;
  'net.tcp-listeners': TcpListenersValue;
  'net.processes': TasklistValue;
  'iis.config': AppHostValue;
  'iis.appcmd-sites': AppcmdSitesValue;
  /** store.json, or a pasted PowerShell Get-ChildItem Cert:\… listing (cert-powershell.ts). */
  'cert.store': CertStoreValue;
  /** One value per certificate file. */
  'cert.files': CertFileValue;
  'cert.certutil': CertutilValue;
  'cert.machinekeys-acl': IcaclsValue;
  /** One value per capture file (capture/*.pcap, *.pcapng). */
  'capture.pcap': CaptureValue;
  'time.w32tm': W32tmStatus;
  'iis.ccs': CcsValue;
}

export const PARSERS: readonly ArtifactParser[] = [
  netshSslcertParser,
  netshIplistenParser,
  httpRegistryParser,
  schannelRegistryParser,
  cipherPolicyRegistryParser,
  dotnetRegistryParser,
  schannelEventXmlParser,
  eventTextParser,
  capi2EventXmlParser,
  httpEventXmlParser,
  netstatParser,
  tcpListenersParser,
  tasklistParser,
  applicationHostParser,
  appcmdSitesParser,
  getWebsiteParser,
  certStoreParser,
  certPowerShellParser,
  certFileParser,
  certutilParser,
  icaclsParser,
  captureParser,
  w32tmParser,
  ccsParser,
];
