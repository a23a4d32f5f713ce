/**
 * Renders `netsh http show sslcert` / `show iplisten` text the way Windows Server 2019 prints it
 * (CRLF, 4-space indent, labels padded to column 33). Used to build sample bundles only.
 */
export interface NetshBinding {
  type: 'ipport' | 'hostnameport' | 'ccs';
  endpoint: string;
  hash: string;
  appId: string;
  store: string;
  flags?: Partial<
    Record<
      'Disable Legacy TLS Versions' | 'Disable TLS1.2' | 'Disable TLS1.3' | 'Disable HTTP2',
      'Set' | 'Not Set'
    >
  >;
}

const LABEL = {
  ipport: 'IP:port',
  hostnameport: 'Hostname:port',
  ccs: 'Central Certificate Store',
} as const;

const line = (label: string, value: string): string => `    ${label.padEnd(29)}: ${value}`;

export function renderSslcert(bindings: NetshBinding[]): string {
  const out = ['', 'SSL Certificate bindings:', '-------------------------', ''];
  for (const b of bindings) {
    out.push(
      line(LABEL[b.type], b.endpoint),
      line('Certificate Hash', b.hash),
      line('Application ID', b.appId),
      line('Certificate Store Name', b.store),
      '    Verify Client Certificate Revocation : Enabled',
      '    Verify Revocation Using Cached Client Certificate Only : Disabled',
      line('Usage Check', 'Enabled'),
      line('Revocation Freshness Time', '0'),
      line('URL Retrieval Timeout', '0'),
      line('Ctl Identifier', '(null)'),
      line('Ctl Store Name', '(null)'),
      line('DS Mapper Usage', 'Disabled'),
      line('Negotiate Client Certificate', 'Disabled'),
      line('Reject Connections', 'Disabled'),
      line('Disable HTTP2', b.flags?.['Disable HTTP2'] ?? 'Not Set'),
      line('Disable QUIC', 'Not Set'),
      line('Disable TLS1.2', b.flags?.['Disable TLS1.2'] ?? 'Not Set'),
      line('Disable TLS1.3', b.flags?.['Disable TLS1.3'] ?? 'Not Set'),
      line('Disable OCSP Stapling', 'Not Set'),
      line('Disable Legacy TLS Versions', b.flags?.['Disable Legacy TLS Versions'] ?? 'Not Set'),
      '',
    );
  }
  out.push('');
  return out.join('\r\n');
}

/**
 * `netsh http show iplisten` as in ../shared/real/text/netsh-iplisten/
 * en-list-with-stale-ip-delete-add-trailing-space-lines.txt: header, 43 dashes, entries indented
 * four spaces; `trailingSpaceLines` ends the listing with the two lines of four spaces that
 * sample's second listing has.
 */
export function renderIplisten(addresses: string[], trailingSpaceLines = false): string {
  return [
    '',
    'IP addresses present in the IP listen list:',
    '-------------------------------------------',
    '',
    ...addresses.map((a) => `    ${a}`),
    ...(trailingSpaceLines ? ['    ', '    ', ''] : ['', '']),
  ].join('\r\n');
}
