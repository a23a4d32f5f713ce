#!/usr/bin/env bash
# Records the capture of samples/s5-protocol-mismatch: real loopback TLS traffic for seed
# scenario 5 (the client offers only TLS 1.1/1.2 or TLS 1.2/1.3, the server speaks only TLS 1.0).
#   scripts/make-s5-capture.sh [out.pcap]      (needs openssl ≥ 1.1.1, tcpdump, root for -i lo)
# 1. openssl s_server on 127.0.0.1:44300 limited to TLS 1.0 (-tls1; SECLEVEL=0 lets OpenSSL 3
#    speak TLS 1.0 at all) with a throw-away self-signed certificate (not kept);
# 2. s_client offering TLS 1.1–1.2 (-no_tls1 -no_tls1_3): a TLS 1.2 ClientHello, the server
#    answers TLS 1.0, the client aborts with a protocol_version alert;
# 3. s_client offering TLS 1.2–1.3 (supported_versions 1.3,1.2): the server finds no
#    common version and sends protocol_version itself.
# tcpdump records both handshakes on lo; only the capture is kept.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/capture.sh
. "$here/lib/capture.sh"
tmp=$capture_tmp
out=${1:-$capture_samples/s5-protocol-mismatch/capture/s5-protocol-mismatch.pcap}
port=44300
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=www.contoso.com" \
  -addext "subjectAltName=DNS:www.contoso.com" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
dump_start lo "tcp port $port"
server_start -accept "127.0.0.1:$port" -cert "$tmp/cert.pem" -key "$tmp/key.pem" \
  -tls1 -cipher 'DEFAULT:@SECLEVEL=0' -naccept 2
# Client 1: TLS 1.1/1.2 only (the seed's client).
client -connect "127.0.0.1:$port" -servername www.contoso.com -no_tls1 -no_tls1_3 \
  -cipher 'DEFAULT:@SECLEVEL=0'
# Client 2: TLS 1.2/1.3 (lists its versions in supported_versions).
client -connect "127.0.0.1:$port" -servername www.contoso.com -no_tls1 -no_tls1_1
dump_stop "$out"
