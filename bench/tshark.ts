/**
 * The tshark command line both benches time against tls-doctor: read every TLS handshake message
 * and print the fields tls-doctor's capture parser reads, so both tools do the same work.
 */
export function tsharkHandshakeArgs(pcap: string): string[] {
  return [
    '-n',
    '-r',
    pcap,
    '-Y',
    'tls.handshake',
    '-T',
    'fields',
    ...[
      'frame.number',
      'tls.handshake.type',
      'tls.handshake.version',
      'tls.handshake.extensions_server_name',
      'tls.handshake.ciphersuite',
    ].flatMap((f) => ['-e', f]),
  ];
}
