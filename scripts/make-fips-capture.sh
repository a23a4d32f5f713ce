#!/usr/bin/env bash
# Records the server-side captures of the FIPS samples: real TLS 1.3 traffic between two network
# namespaces joined by a veth pair (server 10.14.0.1, client 10.14.0.2), taken by tcpdump on the
# server's interface, as pktmon on the server would see it.
#   scripts/make-fips-capture.sh      (needs openssl >= 3.0, tcpdump, iproute2, root)
#
# 1. samples/fips-policy-blocks-chacha-client: a client that offers only
#    TLS_CHACHA20_POLY1305_SHA256 (TLS 1.3) connects twice to a server that, like Schannel in FIPS
#    mode, will not use ChaCha20 (OpenSSL server limited to the AES-GCM TLS 1.3 suites): the server
#    answers handshake_failure (alert 40).
# 2. samples/fips-policy-off-chacha-client (healthy twin): the same client, the server also allows
#    TLS_CHACHA20_POLY1305_SHA256 (FIPS mode off): the handshake completes.
# Only the captures are kept; the certificate and key come from scripts/certs (server-good).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
certs="$here/certs"
# shellcheck source=lib/capture.sh
. "$here/lib/capture.sh"
netns_up tlsdocfips tlsdocfipsa tlsdocfipsb 10.14.0.2/24 10.14.0.1/24

# record <out.pcap> <server TLS 1.3 suites>
record() {
  dump_start tlsdocfipsa "tcp port 443"
  server_start -accept 10.14.0.1:443 -key "$certs/keys/server.key.pem" \
    -cert "$certs/out/server-good.pem" -tls1_3 -ciphersuites "$2" -naccept 2
  for _ in 1 2; do
    in_ns openssl s_client -connect 10.14.0.1:443 -servername www.contoso.com \
      -tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256 </dev/null >>"$capture_tmp/client.log" 2>&1 || true
    sleep 0.3
  done
  sleep 1
  servers_stop
  dump_stop "$1"
}

record "$capture_samples/fips-policy-blocks-chacha-client/capture/fips-chacha-client.pcap" \
  TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256
record "$capture_samples/fips-policy-off-chacha-client/capture/chacha-client.pcap" \
  TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256
