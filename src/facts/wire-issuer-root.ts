/**
 * The issuer the server did not send, when the bundle's Root store holds it as a self-signed root
 * (judge13 M8). A server never needs to send its root: clients must already trust it. Then the
 * missing issuer is not an intermediate the server lacks, and "import it into LocalMachine\CA"
 * would change nothing; what is left is whether the clients trust that root.
 */
import type { CertificateEntity, HandshakeEndpointEntity } from './model.js';
import type { Patch, View } from './patch.js';

const dn = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

export function linkWireIssuerRoots(
  groups: readonly View<HandshakeEndpointEntity>[],
  certificates: readonly View<CertificateEntity>[],
): Patch<HandshakeEndpointEntity, 'wireIssuerRootInBundle'>[] {
  const roots = new Map<string, string>();
  for (const c of certificates)
    if (c.stores.some((s) => s.toLowerCase() === 'root') && c.selfSigned === true && c.subject)
      roots.set(dn(c.subject), c.thumbprint);
  const out: Patch<HandshakeEndpointEntity, 'wireIssuerRootInBundle'>[] = [];
  groups.forEach((g, at) => {
    const root = g.wireIssuerNotSent ? roots.get(dn(g.wireIssuerNotSent)) : undefined;
    if (root) out.push({ at, set: { wireIssuerRootInBundle: root } });
  });
  return out;
}
