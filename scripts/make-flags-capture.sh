#!/usr/bin/env bash
# Records the captures of samples/sslcert-flags-refuse-clients and its healthy twin: real
# loopback TLS traffic to a server that, like an HTTP.sys binding with Disable Legacy TLS
# Versions, speaks only TLS 1.2 and 1.3.
#   scripts/make-flags-capture.sh            (needs openssl ≥ 1.1.1, tcpdump, root for -i lo)
# 1. openssl s_server on 127.0.0.1:44301 with -no_tls1 -no_tls1_1 (a throw-away self-signed
#    certificate, not kept);
# 2. refuse: two s_client runs offering only TLS 1.0 (-tls1) and only TLS 1.1 (-tls1_1), with
#    SECLEVEL=0 so OpenSSL 3 sends them at all: the server answers protocol_version;
# 3. twin: one s_client offering TLS 1.2 / 1.3, which completes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/capture.sh
. "$here/lib/capture.sh"
tmp=$capture_tmp
port=44301
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=www.contoso.com" \
  -addext "subjectAltName=DNS:www.contoso.com" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
record() { # record <out.pcap> <client args…>…  (one client per argument string)
  local out=$1 args
  shift
  dump_start lo "tcp port $port"
  server_start -accept "127.0.0.1:$port" -cert "$tmp/cert.pem" -key "$tmp/key.pem" \
    -no_tls1 -no_tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' -naccept "$#"
  for args in "$@"; do
    # shellcheck disable=SC2086
    client -connect "127.0.0.1:$port" -servername www.contoso.com $args -cipher 'DEFAULT:@SECLEVEL=0'
  done
  dump_stop "$out"
  servers_stop
}
record "$capture_samples/sslcert-flags-refuse-clients/capture/legacy-clients.pcap" "-tls1" "-tls1_1"
record "$capture_samples/sslcert-flags-tls12-clients/capture/tls12-clients.pcap" "-no_tls1 -no_tls1_1"
