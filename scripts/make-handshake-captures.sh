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
certs="$here/certs"
# shellcheck source=lib/capture.sh
. "$here/lib/capture.sh"
tmp=$capture_tmp
netns_up tlsdoc13 tlsdoc13a tlsdoc13b 10.13.0.2/24 10.13.0.1/24 10.13.0.3/24

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
  dump_start tlsdoc13a "tcp port 443"
  server_start -accept 10.13.0.1:443 -key "$certs/keys/server.key.pem" "${sargs[@]}" -naccept 2
  for _ in 1 2; do
    in_ns openssl s_client -connect 10.13.0.1:443 "${cargs[@]}" \
      </dev/null >>"$tmp/client.log" 2>&1 || true
    sleep 0.3
  done
  sleep 1
  servers_stop
  dump_stop "$out"
}

record "$capture_samples/s2-client-rejects-untrusted-root/capture/client-rejects-untrusted-root.pcap" \
  -cert "$certs/out/server-private-root.pem" -no_tls1_3 -- \
  -servername shop.fabrikam.com -CAfile "$tmp/root.pem" -verify_return_error

record "$capture_samples/s2-client-rejects-name-mismatch/capture/client-rejects-name-mismatch.pcap" \
  -cert "$certs/out/server-good.pem" -cert_chain "$tmp/issuing.pem" -no_tls1_3 -- \
  -servername shop.contoso.com -CAfile "$tmp/root.pem" -verify_hostname shop.contoso.com \
  -verify_return_error

record "$capture_samples/s5-one-client-server-side/capture/s5-one-client.pcap" \
  -cert "$certs/out/server-good.pem" -tls1 -cipher 'DEFAULT:@SECLEVEL=0' -- \
  -servername www.contoso.com -no_tls1 -no_tls1_3 -cipher 'DEFAULT:@SECLEVEL=0'

# 4. Client side: two servers, the capture on the client's interface.
dump_start tlsdoc13b "tcp port 443" in_ns
server_start -accept 10.13.0.1:443 -key "$certs/keys/server.key.pem" \
  -cert "$certs/out/server-good.pem" -tls1 -cipher 'DEFAULT:@SECLEVEL=0' -naccept 2
server_start -accept 10.13.0.3:443 -key "$certs/keys/server.key.pem" \
  -cert "$certs/out/server-private-root.pem" -no_tls1_3 -naccept 2
for _ in 1 2; do
  in_ns openssl s_client -connect 10.13.0.1:443 -servername www.contoso.com \
    -no_tls1 -no_tls1_3 -cipher 'DEFAULT:@SECLEVEL=0' </dev/null >>"$tmp/client.log" 2>&1 || true
  sleep 0.3
  in_ns openssl s_client -connect 10.13.0.3:443 -servername shop.fabrikam.com \
    -CAfile "$tmp/root.pem" -verify_return_error </dev/null >>"$tmp/client.log" 2>&1 || true
  sleep 0.3
done
sleep 1
servers_stop
dump_stop "$capture_samples/s5-client-side-capture/capture/client-side.pcap"
