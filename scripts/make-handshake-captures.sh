#!/usr/bin/env bash
# Records the server-side captures of three samples: real TLS traffic between two network
# namespaces joined by a veth pair (server 10.13.0.1, client 10.13.0.2, never loopback), taken
# by tcpdump on the server's interface, as pktmon on the server would see it.
#   scripts/make-handshake-captures.sh      (needs openssl ≥ 3.0, tcpdump, iproute2, root)
#
# 1. samples/s2-client-rejects-untrusted-root: a TLS 1.2 server (no TLS 1.3, as Server 2016/2019)
#    serving shop.fabrikam.com, issued by the Fabrikam private root (scripts/certs, the same
#    certificate as the sample's store); a TLS 1.3-capable client that trusts only the tls-doctor
#    sample root connects twice: ServerHello TLS 1.2, Certificate, client alert unknown_ca.
# 2. samples/s2-client-rejects-name-mismatch: the same TLS 1.2 server serving www.contoso.com
#    (chain: issuing CA) to a client that asks for shop.contoso.com and checks the name:
#    client alert bad_certificate (OpenSSL maps a host name mismatch to bad_certificate).
# 3. samples/s5-one-client-server-side: seed scenario 5 seen on the server with ONE client: a
#    TLS 1.0-only server (SECLEVEL=0 lets OpenSSL 3 speak it) and a TLS 1.1/1.2 client connecting
#    twice: ClientHello TLS 1.2, ServerHello TLS 1.0, client alert protocol_version.
# 4. samples/s5-client-side-capture: the capture taken on the CLIENT (tcpdump inside the client's
#    namespace), which talks to two servers: the TLS 1.0-only server of 3. (10.13.0.1, version
#    mismatch) and the TLS 1.2 server of 1. on 10.13.0.3 (unknown_ca). The servers are elsewhere:
#    the findings must still diagnose them and say the commands are for those servers.
# Only the captures are kept; the certificates and keys come from scripts/certs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
samples="$here/../samples"
certs="$here/certs"
ns=tlsdoc13
tmp=$(mktemp -d)
teardown() {
  [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null || true
  [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  ip link del tlsdoc13a 2>/dev/null || true
}
trap 'teardown; rm -rf "$tmp"' EXIT
teardown
ip netns add "$ns"
ip link add tlsdoc13a type veth peer name tlsdoc13b
ip link set tlsdoc13b netns "$ns"
ip addr add 10.13.0.1/24 dev tlsdoc13a
ip addr add 10.13.0.3/24 dev tlsdoc13a
ip link set tlsdoc13a up
ip netns exec "$ns" ip addr add 10.13.0.2/24 dev tlsdoc13b
ip netns exec "$ns" ip link set tlsdoc13b up
ip netns exec "$ns" ip link set lo up
sleep 1

openssl x509 -inform der -in "$certs/out/private-root-ca.cer" -out "$tmp/private-root.pem"
openssl x509 -inform der -in "$certs/out/root-ca.cer" -out "$tmp/root.pem"
openssl x509 -inform der -in "$certs/out/issuing-ca.cer" -out "$tmp/issuing.pem"

# record <out.pcap> <server args...> -- <client args...> (the client runs twice)
record() {
  local out=$1
  shift
  local sargs=() cargs=()
  while [ "$1" != "--" ]; do
    sargs+=("$1")
    shift
  done
  shift
  cargs=("$@")
  tcpdump -i tlsdoc13a -U -s 0 -w "$tmp/cap.pcap" "tcp port 443" 2>"$tmp/tcpdump.log" &
  dump=$!
  openssl s_server -accept 10.13.0.1:443 -key "$certs/keys/server.key.pem" "${sargs[@]}" \
    -quiet -naccept 2 >"$tmp/server.log" 2>&1 &
  srv=$!
  sleep 1
  for _ in 1 2; do
    ip netns exec "$ns" openssl s_client -connect 10.13.0.1:443 "${cargs[@]}" \
      </dev/null >>"$tmp/client.log" 2>&1 || true
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

record "$samples/s2-client-rejects-untrusted-root/capture/client-rejects-untrusted-root.pcap" \
  -cert "$certs/out/server-private-root.pem" -no_tls1_3 -- \
  -servername shop.fabrikam.com -CAfile "$tmp/root.pem" -verify_return_error

record "$samples/s2-client-rejects-name-mismatch/capture/client-rejects-name-mismatch.pcap" \
  -cert "$certs/out/server-good.pem" -cert_chain "$tmp/issuing.pem" -no_tls1_3 -- \
  -servername shop.contoso.com -CAfile "$tmp/root.pem" -verify_hostname shop.contoso.com \
  -verify_return_error

record "$samples/s5-one-client-server-side/capture/s5-one-client.pcap" \
  -cert "$certs/out/server-good.pem" -tls1 -cipher 'DEFAULT:@SECLEVEL=0' -- \
  -servername www.contoso.com -no_tls1 -no_tls1_3 -cipher 'DEFAULT:@SECLEVEL=0'

# 4. Client side: two servers, the capture on the client's interface.
out="$samples/s5-client-side-capture/capture/client-side.pcap"
ip netns exec "$ns" tcpdump -i tlsdoc13b -U -s 0 -w "$tmp/cap.pcap" "tcp port 443" \
  2>"$tmp/tcpdump.log" &
dump=$!
openssl s_server -accept 10.13.0.1:443 -key "$certs/keys/server.key.pem" \
  -cert "$certs/out/server-good.pem" -tls1 -cipher 'DEFAULT:@SECLEVEL=0' -quiet -naccept 2 \
  >"$tmp/server.log" 2>&1 &
srv=$!
openssl s_server -accept 10.13.0.3:443 -key "$certs/keys/server.key.pem" \
  -cert "$certs/out/server-private-root.pem" -no_tls1_3 -quiet -naccept 2 >"$tmp/server2.log" 2>&1 &
srv2=$!
sleep 1
for _ in 1 2; do
  ip netns exec "$ns" openssl s_client -connect 10.13.0.1:443 -servername www.contoso.com \
    -no_tls1 -no_tls1_3 -cipher 'DEFAULT:@SECLEVEL=0' </dev/null >>"$tmp/client.log" 2>&1 || true
  sleep 0.3
  ip netns exec "$ns" openssl s_client -connect 10.13.0.3:443 -servername shop.fabrikam.com \
    -CAfile "$tmp/root.pem" -verify_return_error </dev/null >>"$tmp/client.log" 2>&1 || true
  sleep 0.3
done
sleep 1
kill "$srv" "$srv2" 2>/dev/null || true
wait "$srv" "$srv2" 2>/dev/null || true
srv=
kill "$dump"
wait "$dump" 2>/dev/null || true
dump=
mkdir -p "$(dirname "$out")"
cp "$tmp/cap.pcap" "$out"
echo "wrote $out ($(stat -c %s "$out") bytes)"
