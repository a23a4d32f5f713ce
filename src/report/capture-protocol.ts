/**
 * Captures of TLS that is not HTTPS (judge9 S4): a POP3 STARTTLS capture on port 110 shows
 * another service's certificate and handshakes, so its findings explain no HTTPS failure and the
 * verdict asks for a capture of the site's port instead.
 */
import type { Facts } from '../facts/model.js';

/** Well-known ports of TLS services other than HTTPS (IANA service names). */
const OTHER_TLS_PORTS: Readonly<Record<number, string>> = {
  21: 'FTP',
  25: 'SMTP',
  110: 'POP3',
  143: 'IMAP',
  389: 'LDAP',
  465: 'SMTPS',
  587: 'SMTP submission',
  636: 'LDAPS',
  853: 'DNS over TLS',
  990: 'FTPS',
  993: 'IMAPS',
  995: 'POP3S',
  1433: 'SQL Server',
  3268: 'LDAP global catalog',
  3269: 'LDAPS global catalog',
  3389: 'RDP',
  5061: 'SIP over TLS',
  5222: 'XMPP',
  6697: 'IRC',
};

export interface OtherProtocolCapture {
  path: string;
  /** `POP3 (port 110)`, joined when the file holds several. */
  services: string;
}

/**
 * Capture files whose every TLS server port is a well-known port of another service, on which
 * no HTTP.sys or IIS binding of the evidence listens: not HTTPS traffic of this server.
 */
export function otherProtocolCaptures(facts: Facts): OtherProtocolCapture[] {
  const httpsPorts = new Set<number>();
  for (const b of facts.bindings) if (b.port !== null) httpsPorts.add(b.port);
  for (const b of facts.iisBindings) if (b.port !== null) httpsPorts.add(b.port);
  return (facts.captureFiles ?? [])
    .filter((f) => {
      const ports = f.serverPorts ?? [];
      return (
        ports.length > 0 &&
        ports.every((p) => OTHER_TLS_PORTS[p] !== undefined && !httpsPorts.has(p))
      );
    })
    .map((f) => ({
      path: f.path,
      services: (f.serverPorts ?? []).map((p) => `${OTHER_TLS_PORTS[p]} (port ${p})`).join(', '),
    }));
}
