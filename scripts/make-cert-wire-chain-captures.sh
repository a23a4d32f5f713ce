#!/usr/bin/env bash
# Records the captures of the wire-chain samples (issue 12: intermediates seen on the wire; issue 20
# #5: an expired cross certificate served): real loopback TLS 1.2 handshakes seen from the client
# side, the server's Certificate message in the clear.
#   scripts/make-cert-wire-chain-captures.sh   (needs openssl ≥ 1.1.1, tcpdump, root for -i lo)
# The certificates and keys are the project's generated ones (scripts/gen-certs.ts, keys in
# scripts/certs/keys/), so the thumbprints on the wire are those the samples' certutil text lists:
#   leaf server-good (www.contoso.com) ← issuing-ca ← root-ca (self-signed) / root-ca-cross (the same
#   subject and key signed by legacy-root-ca, expired 2025-06-01).
# openssl s_server sends -cert and then exactly the -cert_chain file (no chain building):
#   chain-sent    leaf + issuing-ca              → samples/cert-wire-chain-sent (and -no-root-evidence, -cross-removed)
#   leaf-only     leaf alone                     → samples/cert-wire-chain-leaf-only
#   expired-cross leaf + issuing-ca + root-ca-cross → samples/cert-wire-chain-expired-cross
# tcpdump records each handshake on lo into its own capture; only the captures are kept.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
certs="$root/scripts/certs"
port=44311
tmp=$(mktemp -d)
cleanup() {
  [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null || true
  [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
cat "$certs/out/issuing-ca.pem" >"$tmp/chain.pem"
cat "$certs/out/issuing-ca.pem" "$certs/out/root-ca-cross.pem" >"$tmp/chain-cross.pem"
record() { # out [chain file]
  tcpdump -i lo -U -s 0 -w "$tmp/cap.pcap" "tcp port $port" 2>"$tmp/tcpdump.log" &
  dump=$!
  local chain=()
  [ -n "${2:-}" ] && chain=(-cert_chain "$2")
  openssl s_server -accept "127.0.0.1:$port" -cert "$certs/out/server-good.pem" \
    -key "$certs/keys/server.key.pem" "${chain[@]}" -tls1_2 -quiet -naccept 1 >"$tmp/server.log" 2>&1 &
  srv=$!
  sleep 1
  openssl s_client -connect "127.0.0.1:$port" -servername www.contoso.com -tls1_2 -showcerts \
    </dev/null >"$tmp/client.log" 2>&1 || true
  sleep 1
  kill "$srv" 2>/dev/null || true
  wait "$srv" 2>/dev/null || true
  srv=
  kill "$dump"
  wait "$dump" 2>/dev/null || true
  dump=
  mkdir -p "$(dirname "$1")"
  cp "$tmp/cap.pcap" "$1"
  echo "wrote $1 ($(stat -c %s "$1") bytes); s_client saw: $(grep -c 'BEGIN CERTIFICATE' "$tmp/client.log") certificate(s)"
}
record "$root/samples/cert-wire-chain-sent/capture/client-www-contoso-chain.pcap" "$tmp/chain.pem"
record "$root/samples/cert-wire-chain-leaf-only/capture/client-www-contoso-leaf-only.pcap"
record "$root/samples/cert-wire-chain-expired-cross/capture/client-www-contoso-expired-cross.pcap" "$tmp/chain-cross.pem"
