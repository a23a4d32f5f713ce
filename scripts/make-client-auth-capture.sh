#!/usr/bin/env bash
# Records the captures of samples/clientauth-server-rejects-client-cert and its healthy twin
# samples/clientauth-server-accepts-client-cert: real loopback TLS 1.2 traffic (client
# authentication is in the clear only up to TLS 1.2) with a server that requires a client
# certificate.
#   scripts/make-client-auth-capture.sh    (needs openssl ≥ 1.1.1, tcpdump, root for -i lo)
# The project's CA-issued server-good certificate for www.contoso.com, sent with its issuing CA (a
# self-signed one would itself be a finding: judge6 S13). Throw-away certificates (not kept): a client certificate
# (Client Authentication usage) issued by "Contoso Client CA"; a second CA, "Fabrikam Partner CA",
# stands for a CA the server trusts that did not issue it.
# 1. rejects: s_server -Verify 1 trusting only Fabrikam Partner CA; the client presents its
#    Contoso-issued certificate twice: CertificateRequest, client Certificate, server alert
#    unknown_ca.
# 2. accepts (twin): the same server trusting Contoso Client CA: both handshakes complete.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/capture.sh
. "$here/lib/capture.sh"
tmp=$capture_tmp
port=44303
ca() { # ca <name> <CN>
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$tmp/$1.key" -out "$tmp/$1.pem" 2>/dev/null
}
ca client-ca "Contoso Client CA"
ca other-ca "Fabrikam Partner CA"
openssl req -newkey rsa:2048 -nodes -subj "/CN=app01.contoso.com" -keyout "$tmp/client.key" \
  -out "$tmp/client.csr" 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' >"$tmp/client.ext"
openssl x509 -req -in "$tmp/client.csr" -CA "$tmp/client-ca.pem" -CAkey "$tmp/client-ca.key" \
  -CAcreateserial -days 30 -extfile "$tmp/client.ext" -out "$tmp/client.pem" 2>/dev/null
record() { # record <out.pcap> <CA file the server trusts>
  record_twice "$1" $port -no_tls1_3 -Verify 1 -verify_return_error -CAfile "$2" -- \
    -cert "$tmp/client.pem" -key "$tmp/client.key"
}
record "$capture_samples/clientauth-server-rejects-client-cert/capture/client-cert-rejected.pcap" \
  "$tmp/other-ca.pem"
record "$capture_samples/clientauth-server-accepts-client-cert/capture/client-cert-accepted.pcap" \
  "$tmp/client-ca.pem"
