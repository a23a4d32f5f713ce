#!/usr/bin/env bash
# Records the captures of samples/cert-wire-name-mismatch and samples/cert-wire-name-ok: real
# loopback TLS 1.2 handshakes (the server's Certificate message is in the clear), seen from the
# client side, with no certificate file in the bundle.
#   scripts/make-cert-wire-captures.sh      (needs openssl ≥ 1.1.1, tcpdump, root for -i lo)
# 1. a throw-away certificate for www.contoso.com (SAN www.contoso.com, contoso.com; not kept);
# 2. openssl s_server on 127.0.0.1:44310 limited to TLS 1.2;
# 3. s_client asking for shop.contoso.com (SNI not covered by the SAN) → the mismatch sample;
#    s_client asking for www.contoso.com → the healthy twin.
# tcpdump records each handshake on lo into its own capture; only the captures are kept.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=44310
tmp=$(mktemp -d)
cleanup() {
  [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null || true
  [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/C=US/O=Contoso Ltd/CN=www.contoso.com" \
  -addext "subjectAltName=DNS:www.contoso.com,DNS:contoso.com" \
  -addext "extendedKeyUsage=serverAuth" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
record() { # sni out
  tcpdump -i lo -U -s 0 -w "$tmp/cap.pcap" "tcp port $port" 2>"$tmp/tcpdump.log" &
  dump=$!
  openssl s_server -accept "127.0.0.1:$port" -cert "$tmp/cert.pem" -key "$tmp/key.pem" \
    -tls1_2 -quiet -naccept 1 >"$tmp/server.log" 2>&1 &
  srv=$!
  sleep 1
  openssl s_client -connect "127.0.0.1:$port" -servername "$1" -tls1_2 </dev/null \
    >"$tmp/client.log" 2>&1 || true
  sleep 1
  kill "$srv" 2>/dev/null || true
  wait "$srv" 2>/dev/null || true
  srv=
  kill "$dump"
  wait "$dump" 2>/dev/null || true
  dump=
  mkdir -p "$(dirname "$2")"
  cp "$tmp/cap.pcap" "$2"
  echo "wrote $2 ($(stat -c %s "$2") bytes)"
}
record shop.contoso.com "$root/samples/cert-wire-name-mismatch/capture/client-shop-contoso.pcap"
record www.contoso.com "$root/samples/cert-wire-name-ok/capture/client-www-contoso.pcap"
