#!/usr/bin/env bash
# Records the captures of the wire-certificate samples: real loopback TLS 1.2 handshakes (the
# server's Certificate message is in the clear), seen from the client side.
#   scripts/make-cert-wire-captures.sh      (needs openssl ≥ 1.1.1, tcpdump, root for -i lo)
# Name checks (samples/cert-wire-name-mismatch, cert-wire-name-ok), with no certificate file in the
# bundle:
# 1. the project's CA-issued server-good certificate for www.contoso.com (SAN www.contoso.com,
#    contoso.com) sent with its issuing CA (a self-signed one would itself be a finding: judge6 S13);
# 2. openssl s_server on 127.0.0.1:44310 limited to TLS 1.2;
# 3. s_client asking for shop.contoso.com (SNI not covered by the SAN) → the mismatch sample;
#    s_client asking for www.contoso.com → the healthy twin.
# Chains on the wire (issue 12: intermediates seen on the wire; issue 20 #5: an expired cross
# certificate served), with the project's generated certificates and keys (scripts/gen-certs.ts,
# scripts/certs/), so the thumbprints on the wire are those the samples' certutil text lists:
#   leaf server-good ← issuing-ca ← root-ca (self-signed) / root-ca-cross (the same subject and key
#   signed by legacy-root-ca, expired 2025-06-01). s_server sends -cert and then exactly the
#   -cert_chain file (no chain building):
#   leaf + issuing-ca                  → samples/cert-wire-chain-sent (copied into -no-root-evidence
#                                        and -cross-removed by scripts/build-samples-certutil.py)
#   leaf alone                         → samples/cert-wire-chain-leaf-only
#   leaf + issuing-ca + root-ca-cross  → samples/cert-wire-chain-expired-cross
# tcpdump records each handshake on lo into its own capture; only the captures are kept.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
certs="$here/certs"
# shellcheck source=lib/capture.sh
. "$here/lib/capture.sh"
tmp=$capture_tmp
port=44310
record() { # sni out cert key [chain]
  dump_start lo "tcp port $port"
  local chain=()
  [ -n "${5:-}" ] && chain=(-cert_chain "$5")
  server_start -accept "127.0.0.1:$port" -cert "$3" -key "$4" \
    "${chain[@]}" -tls1_2 -naccept 1
  : >"$tmp/client.log"
  client -connect "127.0.0.1:$port" -servername "$1" -tls1_2 -showcerts
  sleep 1
  servers_stop
  dump_stop "$2"
  echo "  s_client saw $(grep -c 'BEGIN CERTIFICATE' "$tmp/client.log") certificate(s)"
}
leaf=("$certs/out/server-good.pem" "$certs/keys/server.key.pem")
cat "$certs/out/issuing-ca.pem" >"$tmp/chain.pem"
record shop.contoso.com "$capture_samples/cert-wire-name-mismatch/capture/client-shop-contoso.pcap" \
  "${leaf[@]}" "$tmp/chain.pem"
record www.contoso.com "$capture_samples/cert-wire-name-ok/capture/client-www-contoso.pcap" \
  "${leaf[@]}" "$tmp/chain.pem"
cat "$certs/out/issuing-ca.pem" "$certs/out/root-ca-cross.pem" >"$tmp/chain-cross.pem"
record www.contoso.com "$capture_samples/cert-wire-chain-sent/capture/client-www-contoso-chain.pcap" \
  "${leaf[@]}" "$tmp/chain.pem"
record www.contoso.com "$capture_samples/cert-wire-chain-leaf-only/capture/client-www-contoso-leaf-only.pcap" \
  "${leaf[@]}"
record www.contoso.com "$capture_samples/cert-wire-chain-expired-cross/capture/client-www-contoso-expired-cross.pcap" \
  "${leaf[@]}" "$tmp/chain-cross.pem"
