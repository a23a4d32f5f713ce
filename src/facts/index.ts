/**
 * Parsed artifacts → the fact base, as a pipeline. Builders run in dependency order and return
 * new entities; a step that joins entities built before it reads them as readonly views and
 * returns typed patches (`Patch<Entity, 'field' | …>`, src/facts/patch.ts) that `apply` writes
 * here, so what each step may set is in its type (src/facts/pipeline.test.ts holds it). To add a
 * kind: write src/facts/<kind>.ts and call it here; to add a link, return patches and apply them.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import { listensEverywhere } from '../shared/net.js';
import { buildBindings, confirmListenReach, linkBindingProtocols } from './binding.js';
import { markCertificatesOfOtherOwners, markOtherOwners } from './binding-owner.js';
import { linkLegacyOnlyBindings } from './binding-legacy-only.js';
import { linkNegotiatedProtocols } from './protocol-negotiated.js';
import { linkCcs } from './ccs.js';
import { confirmListenReachByOwnAddresses } from './iplisten-own-addresses.js';
import { buildCertificates } from './certificate.js';
import { markTemplates } from './certificate-template.js';
import { coveringAlternatives } from './certificate/alternatives.js';
import { linkClientAuth } from './client-auth.js';
import {
  buildCipherPolicy,
  linkBindingCipherSuites,
  linkCertificateCurves,
} from './cipher-suites.js';
import { readAlgorithmKeys } from './cipher-suites-left.js';
import { buildConnections } from './connection.js';
import { linkSingleBoundHash } from './event-bound-hash.js';
import {
  buildEventGroups,
  linkChainEvents,
  linkKeyFiles,
  linkProtocolPolicy,
} from './event-group.js';
import { sslcertKeyError } from './sslcert-changes.js';
import { currentGroups, datedEvidence, markEventAge } from './event-age.js';
import { buildEventLog } from './event-log.js';
import { buildHost } from './host.js';
import { linkHttpEvents } from './httpevent.js';
import { buildClock, linkClock } from './host-clock.js';
import { buildOutboundTls } from './outbound-tls.js';
import { markMissingHttpsBindings } from './iis-https-missing.js';
import { buildIisHttpsSummary } from './iis-no-https.js';
import { buildHttpErr, linkSiteLogs } from './logs.js';
import { buildIisSharedConfig } from './iis-shared-config.js';
import { buildIisVersion } from './iis-version.js';
import { buildMachineKeysFolder } from './key-folder-acl.js';
import { buildKeyAclSources } from './key-acl-sources.js';
import { buildHttpSettings, buildHttpsysUrls } from './httpsys-url.js';
import { buildTcpRefused } from './tcp-refused.js';
import { linkWireIssuerRoots } from './wire-issuer-root.js';
import { aclHoldsKeyGrant } from './key-acl-grant.js';
import { buildInventory } from './inventory.js';
import { linkLegacySslMetadata } from './legacy-metadata.js';
import { buildListeners, linkListeners, listenerEvidenceComplete } from './listener.js';
import type { Facts } from './model.js';
import { apply } from './patch.js';
import { buildProtocolPolicy, buildProtocols } from './protocol-policy.js';
import { buildSites, markSiteProblems } from './site.js';
import { linkSelfSignedReplacements } from './self-signed.js';
import { linkSniOnlyPorts } from './sni-port.js';
import { linkUnboundSniNames } from './sni-unbound.js';
import { linkW3svcEvents } from './w3svc-event.js';
import { markSniSpared, markUnusedEndpoints } from './unused-endpoint.js';
import { checkIisSuggestions, pickReplacements, suggestCertificates } from './suggest.js';

export function buildFacts(
  parsed: ParsedBundle,
  options: { asOf?: string; runAt?: string } = {},
): Facts {
  const host = buildHost(parsed, options.asOf);
  const { bindings, ipListen } = buildBindings(parsed);
  host.ipListen = ipListen?.addresses ?? [];
  host.ipListenCount = host.ipListen.length;
  host.ipListenEverywhere = listensEverywhere(host.ipListen);
  if (ipListen) host.evidence.push(...ipListen.evidence);
  // IIS sites and their https bindings, joined to HTTP.sys entries; then who listens on their ports.
  const { sites, iisBindings, bindingLinks } = buildSites(parsed, bindings, ipListen);
  apply(bindings, bindingLinks);
  // Entries of other programs (WMSvc on 8172, another AppId) keep their AppId in every fix.
  apply(bindings, markOtherOwners(bindings));
  apply(bindings, markMissingHttpsBindings(bindings, sites));
  const listeners = buildListeners(parsed, bindings, iisBindings);
  apply(iisBindings, linkListeners(iisBindings, listeners, listenerEvidenceComplete(parsed)));
  // A listed address HTTP.sys could not bind (not this machine's) reaches nothing.
  apply(bindings, confirmListenReach(bindings, listeners, listenerEvidenceComplete(parsed)));
  // Without listener evidence, ipconfig's addresses tell whether the listed ones are this server's.
  apply(bindings, confirmListenReachByOwnAddresses(parsed, bindings));
  apply(sites, markSiteProblems(sites, iisBindings));
  host.iisHttps = buildIisHttpsSummary(parsed, sites, bindings, listeners);
  apply(iisBindings, linkCcs(parsed, iisBindings));
  // Certificates after bindings and IIS bindings: links both to their certificate by thumbprint + store.
  const certs = buildCertificates(parsed, bindings, iisBindings, host.collectedAt);
  const certificates = certs.certificates;
  apply(bindings, certs.links.bindings);
  apply(iisBindings, certs.links.iisBindings);
  apply(certificates, markCertificatesOfOtherOwners(certificates, bindings));
  apply(certificates, markSniSpared(certificates, bindings));
  apply(certificates, markTemplates(parsed, certificates));
  // After the template marks: a certificate that is not for servers is never offered.
  apply(certificates, coveringAlternatives(certificates));
  apply(bindings, suggestCertificates(bindings, certificates));
  apply(bindings, pickReplacements(bindings, certificates));
  apply(certificates, linkSelfSignedReplacements(certificates));
  apply(iisBindings, checkIisSuggestions(iisBindings, certificates));
  host.clock = buildClock(parsed);
  host.sslcertKeyError = sslcertKeyError(parsed);
  apply(certificates, linkClock(certificates, host.clock));
  const eventGroups = buildEventGroups(parsed, host.collectedAt);
  // Without a collection time, the newest dated evidence can still show an event is history.
  const httpErr = buildHttpErr(parsed);
  const httpErrLast = { at: httpErr?.last ?? null, path: httpErr?.evidence[0]?.path ?? null };
  apply(
    eventGroups,
    markEventAge(
      eventGroups,
      host.collectedAt,
      datedEvidence(eventGroups, certificates, httpErrLast),
      {
        runAt: options.runAt ?? null,
        fileTimes: parsed.fileTimes ?? null,
      },
    ),
  );
  // Only events that are not history are joined to bindings, certificates and settings.
  const current = currentGroups(eventGroups);
  // 36870 fixes name the bound certificate's key file when the certificate evidence has it.
  apply(
    current,
    linkKeyFiles(
      current,
      certificates.map((c) => ({
        thumbprint: c.thumbprint,
        keyFile: c.keyFilePath,
        bound: c.isBound,
        keyFileAclHoldsGrant: c.keyAclOfKeyFile === true && aclHoldsKeyGrant(c.keyAclEntries),
        keyFileAclMissingSystem: c.keyAclOfKeyFile === true && c.keyAclMissingSystem === true,
      })),
    ),
  );
  // Without certificate evidence, the one certificate the bindings name (judge6 M6).
  apply(current, linkSingleBoundHash(current, bindings));
  const chainEvents = linkChainEvents(current, certificates);
  apply(current, chainEvents.groups);
  apply(certificates, chainEvents.certificates);
  // HttpEvent 15021 / 15300 name an endpoint: joined to its binding and the binding's certificate.
  const httpEvents = linkHttpEvents(current, bindings, certificates, {
    events: filesOf(parsed, 'events.httpevent').length > 0,
    bindings:
      filesOf(parsed, 'httpsys.sslcert').length + filesOf(parsed, 'httpsys.registry').length > 0,
  });
  apply(current, httpEvents.groups);
  apply(bindings, httpEvents.bindings);
  apply(certificates, httpEvents.certificates);
  // HttpEvent 15300 (binding deleted) against IIS bindings still missing, and 5506 metadata.
  const legacySsl = linkLegacySslMetadata(parsed, sites, iisBindings, current);
  apply(sites, legacySsl.sites);
  apply(current, legacySsl.groups);
  // W3SVC 1003 / 1004 / 1007: the site whose URL prefix was not registered, and its state now.
  apply(current, linkW3svcEvents(current, sites));
  host.outboundTls = buildOutboundTls(parsed, host.osBuild, current);
  // HTTP.sys error logs and the IIS logs of the HTTPS sites (after the outbound TLS defaults,
  // which a site's 502.3 secure failures link to).
  host.httpErr = httpErr;
  apply(sites, linkSiteLogs(parsed, sites, host));
  host.iisVersion = buildIisVersion(parsed);
  host.machineKeysFolder = buildMachineKeysFolder(parsed);
  const keyAclSources = buildKeyAclSources(parsed);
  if (keyAclSources) host.keyAclSources = keyAclSources;
  host.iisSharedConfig = buildIisSharedConfig(parsed);
  const eventLogs = buildEventLog(parsed);
  // Schannel protocol policy (registry over the OS build's defaults), then captured handshakes
  // joined with it, with the HTTP.sys bindings and with the listeners.
  const schannelReg = filesOf(parsed, 'schannel.registry')[0]?.value ?? null;
  const protocols = schannelReg ? buildProtocols(schannelReg, host.osBuild) : [];
  const protocolPolicy = buildProtocolPolicy(parsed, protocols, host.osBuild);
  apply(current, linkProtocolPolicy(current, protocolPolicy));
  // Client certificates, trust stores and revocation: after chains, protocols and CAPI2 events.
  const clientAuth = linkClientAuth(parsed, {
    bindings,
    iisBindings,
    certificates,
    eventGroups: current,
    protocols,
    osBuild: host.osBuild,
  });
  apply(bindings, clientAuth.bindings);
  apply(certificates, clientAuth.certificates);
  apply(current, clientAuth.groups);
  const { protocolLinks, ...captured } = buildConnections(parsed, {
    protocols,
    protocolPolicy,
    bindings,
    iisBindings,
    listeners,
    osBuild: host.osBuild,
  });
  apply(protocols, protocolLinks);
  apply(bindings, markUnusedEndpoints(bindings, iisBindings, captured.connections));
  // A version the policy turns off that a capture shows this server negotiating: evidence disagrees.
  apply(protocols, linkNegotiatedProtocols(protocols, captured.connections));
  // Ports with only hostname:port bindings, and the captured ClientHellos without SNI they reset.
  apply(bindings, linkSniOnlyPorts(parsed, bindings, captured.connections));
  // ClientHellos WITH SNI reset on a port whose binding list has no entry for that name.
  apply(
    captured.handshakeEndpoints,
    linkUnboundSniNames(parsed, bindings, iisBindings, captured.handshakeEndpoints),
  );
  // An issuer the server did not send that the bundle's Root store holds: a root, not a lack.
  apply(
    captured.handshakeEndpoints,
    linkWireIssuerRoots(captured.handshakeEndpoints, certificates),
  );
  // Per-binding protocol flags against the server's policy and the captured clients.
  apply(bindings, linkBindingProtocols(bindings, protocolPolicy, captured.connections));
  // Bindings left with legacy TLS only, and the server-wide protocol fixes that would end them.
  const legacyOnly = linkLegacyOnlyBindings(bindings, protocols);
  apply(bindings, legacyOnly.bindings);
  apply(protocols, legacyOnly.protocols);
  // Cipher suites, curves and FIPS policy against the bound certificates and captured clients.
  const cipherPolicy = buildCipherPolicy(parsed, {
    osBuild: host.osBuild,
    connections: captured.connections,
    eventGroups: current,
  });
  const cipherSuites = linkBindingCipherSuites(bindings, {
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
    algorithmKeys: readAlgorithmKeys(schannelReg),
  });
  apply(bindings, cipherSuites);
  // EC certificate keys against the curve list in force (issue 16).
  apply(certificates, linkCertificateCurves(parsed, certificates));
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
  // HTTP.sys URL reservations / registrations and service settings (issue 16).
  const httpsysUrls = buildHttpsysUrls(parsed, bindings);
  if (httpsysUrls) {
    facts.httpsysUrls = httpsysUrls.urls;
    apply(bindings, httpsysUrls.bindings);
  }
  // Connections refused before any TLS (judge12 T2).
  const tcpRefused = buildTcpRefused(parsed, {
    bindings,
    iisBindings,
    listeners,
    handshakeGroups: captured.handshakeGroups,
    ipListen,
  });
  if (tcpRefused.length > 0) facts.tcpRefused = tcpRefused;
  const httpSettings = buildHttpSettings(parsed);
  if (httpSettings) host.httpSettings = httpSettings;
  return facts;
}
