// Generated from collectors/artifacts.json by `npm run collector:catalog`; do not edit by hand.

/** Every artifact id of the catalog, in catalog order. */
export const ARTIFACT_IDS = [
  'httpsys.sslcert',
  'httpsys.iplisten',
  'httpsys.servicestate',
  'httpsys.registry',
  'schannel.registry',
  'schannel.cipher-policy',
  'schannel.cipher-suites',
  'schannel.ecc-curves',
  'schannel.fips-policy',
  'dotnet.registry',
  'time.w32tm',
  'system.hotfixes',
  'iis.ccs',
  'iis.version',
  'net.netstat',
  'net.tcp-listeners',
  'net.processes',
  'cert.store',
  'cert.files',
  'cert.certutil',
  'cert.machinekeys-acl',
  'cert.machinekeys-sddl',
  'events.schannel',
  'events.capi2',
  'events.httpevent',
  'iis.config',
  'iis.redirection',
  'iis.appcmd-sites',
  'iis.appcmd-sites-config',
  'logs.httperr',
  'logs.iis-w3c',
  'capture.pcap',
] as const;

export type ArtifactId = (typeof ARTIFACT_IDS)[number];
