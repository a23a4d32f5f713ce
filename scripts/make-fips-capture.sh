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
samples="$here/../samples"
certs="$here/certs"
ns=tlsdocfips
tmp=$(mktemp -d)
teardown() {
  [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null || true
  [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  ip link del tlsdocfipsa 2>/dev/null || true
}
trap 'teardown; rm -rf "$tmp"' EXIT
teardown
ip netns add "$ns"
ip link add tlsdocfipsa type veth peer name tlsdocfipsb
ip link set tlsdocfipsb netns "$ns"
ip addr add 10.14.0.1/24 dev tlsdocfipsa
ip link set tlsdocfipsa up
ip netns exec "$ns" ip addr add 10.14.0.2/24 dev tlsdocfipsb
ip netns exec "$ns" ip link set tlsdocfipsb up
sleep 1

# record <out.pcap> <server TLS 1.3 suites>
record() {
  local out=$1 suites=$2
  tcpdump -i tlsdocfipsa -U -s 0 -w "$tmp/cap.pcap" "tcp port 443" 2>"$tmp/tcpdump.log" &
  dump=$!
  openssl s_server -accept 10.14.0.1:443 -key "$certs/keys/server.key.pem" \
    -cert "$certs/out/server-good.pem" -tls1_3 -ciphersuites "$suites" -quiet -naccept 2 \
    >"$tmp/server.log" 2>&1 &
  srv=$!
  sleep 1
  for _ in 1 2; do
    ip netns exec "$ns" openssl s_client -connect 10.14.0.1:443 -servername www.contoso.com \
      -tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256 </dev/null >>"$tmp/client.log" 2>&1 || true
    sleep 0.3
  done
  sleep 1
  kill "$srv" 2>/dev/null || true
  wait "$srv" 2>/dev/null || true
  srv=
  kill "$dump"
  wait "$dump" 2>/dev/null || true
  dump=
  mkdir -p "$(dirname "$out")"
  cp "$tmp/cap.pcap" "$out"
  echo "wrote $out ($(stat -c %s "$out") bytes)"
}

record "$samples/fips-policy-blocks-chacha-client/capture/fips-chacha-client.pcap" \
  TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256
record "$samples/fips-policy-off-chacha-client/capture/chacha-client.pcap" \
  TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256
