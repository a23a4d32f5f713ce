/**
 * Parsed artifacts → the fact base. Builders run in dependency order: each may read the
 * entities built before it and link to them. To add a kind: write src/facts/<kind>.ts and call
 * it here.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import { listensEverywhere } from '../shared/net.js';
import { buildBindings, confirmListenReach, linkBindingProtocols } from './binding.js';
import { markCertificatesOfOtherOwners, markOtherOwners } from './binding-owner.js';
import { linkLegacyOnlyBindings } from './binding-legacy-only.js';
import { linkCcs } from './ccs.js';
import { buildCertificates } from './certificate.js';
import { markTemplates } from './certificate-template.js';
import { linkClientAuth } from './client-auth.js';
import { buildCipherPolicy, linkBindingCipherSuites } from './cipher-suites.js';
import { buildConnections } from './connection.js';
import {
  buildEventGroups,
  linkChainEvents,
  linkKeyFiles,
  linkProtocolPolicy,
} from './event-group.js';
import { currentGroups, datedEvidence, markEventAge } from './event-age.js';
import { buildEventLog } from './event-log.js';
import { buildHost } from './host.js';
import { linkHttpEvents } from './httpevent.js';
import { buildClock, linkClock } from './host-clock.js';
import { buildOutboundTls } from './outbound-tls.js';
import { markMissingHttpsBindings } from './iis-https-missing.js';
import { buildHttpErr, linkSiteLogs } from './logs.js';
import { buildIisSharedConfig } from './iis-shared-config.js';
import { buildIisVersion } from './iis-version.js';
import { buildMachineKeysFolder } from './key-folder-acl.js';
import { aclHoldsKeyGrant } from './key-acl-grant.js';
import { buildInventory } from './inventory.js';
import { linkLegacySslMetadata } from './legacy-metadata.js';
import { buildListeners, linkListeners, listenerEvidenceComplete } from './listener.js';
import type { Facts } from './model.js';
import { buildProtocolPolicy, buildProtocols } from './protocol-policy.js';
import { buildSites, markSiteProblems } from './site.js';
import { linkSelfSignedReplacements } from './self-signed.js';
import { linkSniOnlyPorts } from './sni-port.js';
import { checkIisSuggestions, suggestCertificates } from './suggest.js';

export function buildFacts(parsed: ParsedBundle, options: { asOf?: string } = {}): Facts {
  const host = buildHost(parsed, options.asOf);
  const { bindings, ipListen } = buildBindings(parsed);
  host.ipListen = ipListen?.addresses ?? [];
  host.ipListenCount = host.ipListen.length;
  host.ipListenEverywhere = listensEverywhere(host.ipListen);
  if (ipListen) host.evidence.push(...ipListen.evidence);
  // IIS sites and their https bindings, joined to HTTP.sys entries; then who listens on their ports.
  const { sites, iisBindings } = buildSites(parsed, bindings, ipListen);
  // Entries of other programs (WMSvc on 8172, another AppId) keep their AppId in every fix.
  markOtherOwners(bindings);
  markMissingHttpsBindings(bindings, sites);
  const listeners = buildListeners(parsed, bindings, iisBindings);
  linkListeners(iisBindings, listeners, listenerEvidenceComplete(parsed));
  // A listed address HTTP.sys could not bind (not this machine's) reaches nothing.
  confirmListenReach(bindings, listeners, listenerEvidenceComplete(parsed));
  markSiteProblems(sites, iisBindings);
  linkCcs(parsed, iisBindings);
  // Certificates after bindings and IIS bindings: links both to their certificate by thumbprint + store.
  const certificates = buildCertificates(parsed, bindings, iisBindings, host.collectedAt);
  markCertificatesOfOtherOwners(certificates, bindings);
  markTemplates(parsed, certificates);
  suggestCertificates(bindings, certificates);
  linkSelfSignedReplacements(certificates);
  checkIisSuggestions(iisBindings, certificates);
  host.clock = buildClock(parsed);
  linkClock(certificates, host.clock);
  const eventGroups = buildEventGroups(parsed);
  // Without a collection time, the newest dated evidence can still show an event is history.
  const httpErr = buildHttpErr(parsed);
  const httpErrLast = { at: httpErr?.last ?? null, path: httpErr?.evidence[0]?.path ?? null };
  markEventAge(
    eventGroups,
    host.collectedAt,
    datedEvidence(eventGroups, certificates, httpErrLast),
  );
  // Only events that are not history are joined to bindings, certificates and settings.
  const current = currentGroups(eventGroups);
  // 36870 fixes name the bound certificate's key file when the certificate evidence has it.
  linkKeyFiles(
    current,
    certificates.map((c) => ({
      thumbprint: c.thumbprint,
      keyFile: c.keyFilePath,
      bound: c.isBound,
      keyFileAclHoldsGrant: c.keyAclOfKeyFile === true && aclHoldsKeyGrant(c.keyAclEntries),
    })),
  );
  linkChainEvents(current, certificates);
  // HttpEvent 15021 / 15300 name an endpoint: joined to its binding and the binding's certificate.
  linkHttpEvents(current, bindings, certificates, {
    events: filesOf(parsed, 'events.httpevent').length > 0,
    bindings:
      filesOf(parsed, 'httpsys.sslcert').length + filesOf(parsed, 'httpsys.registry').length > 0,
  });
  // HttpEvent 15300 (binding deleted) against IIS bindings still missing, and 5506 metadata.
  linkLegacySslMetadata(parsed, sites, iisBindings, current);
  host.outboundTls = buildOutboundTls(parsed, host.osBuild, current);
  // HTTP.sys error logs and the IIS logs of the HTTPS sites (after the outbound TLS defaults,
  // which a site's 502.3 secure failures link to).
  host.httpErr = httpErr;
  linkSiteLogs(parsed, sites, host);
  host.iisVersion = buildIisVersion(parsed);
  host.machineKeysFolder = buildMachineKeysFolder(parsed);
  host.iisSharedConfig = buildIisSharedConfig(parsed);
  const eventLogs = buildEventLog(parsed);
  // Schannel protocol policy (registry over the OS build's defaults), then captured handshakes
  // joined with it, with the HTTP.sys bindings and with the listeners.
  const schannelReg = filesOf(parsed, 'schannel.registry')[0]?.value ?? null;
  const protocols = schannelReg ? buildProtocols(schannelReg, host.osBuild) : [];
  const protocolPolicy = buildProtocolPolicy(parsed, protocols, host.osBuild);
  linkProtocolPolicy(current, protocolPolicy);
  // Client certificates, trust stores and revocation: after chains, protocols and CAPI2 events.
  linkClientAuth(parsed, {
    bindings,
    iisBindings,
    certificates,
    eventGroups: current,
    protocols,
    osBuild: host.osBuild,
  });
  const captured = buildConnections(parsed, {
    protocols,
    protocolPolicy,
    bindings,
    iisBindings,
    listeners,
    osBuild: host.osBuild,
  });
  // Ports with only hostname:port bindings, and the captured ClientHellos without SNI they reset.
  linkSniOnlyPorts(parsed, bindings, captured.connections);
  // Per-binding protocol flags against the server's policy and the captured clients.
  linkBindingProtocols(bindings, protocolPolicy, captured.connections);
  // Bindings left with legacy TLS only, and the server-wide protocol fixes that would end them.
  linkLegacyOnlyBindings(bindings, protocols);
  // Cipher suites, curves and FIPS policy against the bound certificates and captured clients.
  const cipherPolicy = buildCipherPolicy(parsed, {
    osBuild: host.osBuild,
    connections: captured.connections,
    eventGroups: current,
  });
  linkBindingCipherSuites(bindings, {
    policy: cipherPolicy,
    certificates,
    connections: captured.connections,
    protocols,
    osBuild: host.osBuild,
    liveCertificateField: new Map(
      (filesOf(parsed, 'schannel.cipher-suites')[0]?.value.suites ?? []).flatMap((s) =>
        s.certificate === null ? [] : [[s.name, s.certificate] as const],
      ),
    ),
  });
  const facts: Facts = {
    host,
    certificates,
    bindings,
    ipListen,
    listeners,
    sites,
    iisBindings,
    eventGroups,
    eventLogs,
    protocols,
    protocolPolicy,
    ...captured,
    inventory: buildInventory(parsed, { listeners, sites, iisBindings, certificates }),
    cipherPolicy,
  };
  return facts;
}
