#!/usr/bin/env bash
# Records the captures of samples/handshake-legacy-client-tls10 and its healthy twin
# samples/handshake-legacy-client-tls12 (judge9 S3): real loopback TLS traffic.
#   scripts/make-legacy-accepted-capture.sh    (needs openssl ≥ 3.0, tcpdump, root for -i lo)
# 1. handshake-legacy-client-tls10: openssl s_server on 127.0.0.1:44303 offering TLS 1.0–1.2 (a
#    server that still has TLS 1.0 on its Server side) and a legacy client that offers only TLS
#    1.0 (-tls1; SECLEVEL=0 lets OpenSSL 3 speak it): both handshakes complete at TLS 1.0 (rule
#    handshake-server-accepts-legacy-protocol, low: turning TLS 1.0 off cuts that client off).
# 2. handshake-legacy-client-tls12: the same server and a client offering TLS 1.2: both
#    handshakes complete at TLS 1.2.
# This openssl (3.0, Debian) has no SSL 3.0 and no RC4 / DES / NULL suites: the SSL 3.0 and RC4
# samples use real public captures instead (samples/handshake-server-accepts-ssl30,
# samples/handshake-server-negotiates-rc4).
# The project's CA-issued server-good certificate for www.contoso.com, sent with its issuing CA;
# only the captures are kept.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/capture.sh
. "$here/lib/capture.sh"
port=44303
# SECLEVEL=0 on both sides lets OpenSSL 3 speak TLS 1.0.
legacy=(-cipher 'DEFAULT:@SECLEVEL=0')
record_twice "$capture_samples/handshake-legacy-client-tls10/capture/client-tls10.pcap" $port \
  -no_tls1_3 "${legacy[@]}" -- "${legacy[@]}" -tls1
record_twice "$capture_samples/handshake-legacy-client-tls12/capture/client-tls12.pcap" $port \
  -no_tls1_3 "${legacy[@]}" -- "${legacy[@]}" -tls1_2
