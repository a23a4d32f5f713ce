#!/usr/bin/env bash
# Records the captures of four samples: real loopback handshakes, tcpdump -i lo, the project's
# CA-issued leaf server-good (www.contoso.com) sent with its issuing CA (-cert_chain), as HTTP.sys
# sends the chain it builds.
#   scripts/make-alpn-plain-http-captures.sh      (needs openssl ≥ 3.0, node, tcpdump, root)
# 1. samples/handshake-http2-cbc-suite: an HTTP/2 server (-alpn h2) that allows only a CBC suite
#    (ECDHE-RSA-AES256-SHA, 0xc014), as a Server 2016 whose suite order puts CBC first; a browser-
#    like client offering h2 and http/1.1 (-alpn h2,http/1.1), TLS 1.2: ServerHello with ALPN h2
#    and 0xc014, the handshake completes (RFC 7540 9.2.2 forbids the pair).
# 2. samples/handshake-http2-gcm-suite (its healthy twin): the same server allowing
#    ECDHE-RSA-AES256-GCM-SHA384 (0xc030): h2 with an AEAD suite.
# 3. samples/handshake-plain-http-reply: a plain HTTP server on the https port (Node's http
#    server, standing in for an http binding on 443): it reads the TLS client's ClientHello as a
#    malformed request and answers "HTTP/1.1 400 Bad Request", no ServerHello.
# 4. samples/handshake-plain-http-fixed (its healthy twin): the same port served by TLS (an SSL
#    binding in place): the handshake completes.
# Each client runs twice (two connections per capture). Only the captures are kept.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/capture.sh
. "$here/lib/capture.sh"
tmp=$capture_tmp
port=44320

# tls <out.pcap> <server args...> -- <client args...>
tls() {
  local out=$1
  shift
  local sargs=() cargs=()
  while [ "$1" != "--" ]; do sargs+=("$1"); shift; done
  shift
  cargs=("$@")
  dump_start lo "tcp port $port"
  server_start -accept "127.0.0.1:$port" "${contoso_leaf[@]}" "${sargs[@]}" -naccept 2
  : >"$tmp/client.log"
  client -connect "127.0.0.1:$port" -servername www.contoso.com "${cargs[@]}"
  client -connect "127.0.0.1:$port" -servername www.contoso.com "${cargs[@]}"
  sleep 1
  servers_stop
  dump_stop "$out"
  grep -E 'ALPN protocol|Cipher is|wrong version' "$tmp/client.log" | sort | uniq -c
  port=$((port + 1))
}

tls "$capture_samples/handshake-http2-cbc-suite/capture/client-h2-ecdhe-rsa-aes256-sha.pcap" \
  -tls1_2 -alpn h2 -cipher ECDHE-RSA-AES256-SHA -- -tls1_2 -alpn h2,http/1.1
tls "$capture_samples/handshake-http2-gcm-suite/capture/client-h2-ecdhe-rsa-aes256-gcm.pcap" \
  -tls1_2 -alpn h2 -cipher ECDHE-RSA-AES256-GCM-SHA384 -- -tls1_2 -alpn h2,http/1.1

# Plain HTTP on the https port.
dump_start lo "tcp port $port"
node -e "require('http').createServer((q, s) => s.end('ok')).listen($port, '127.0.0.1', () => console.log('listening'))" \
  >"$tmp/http.log" 2>&1 &
capture_pids+=("$!")
for _ in $(seq 50); do
  grep -q listening "$tmp/http.log" && break
  sleep 0.1
done
: >"$tmp/client.log"
client -connect "127.0.0.1:$port" -servername www.contoso.com
client -connect "127.0.0.1:$port" -servername www.contoso.com
sleep 1
servers_stop
dump_stop "$capture_samples/handshake-plain-http-reply/capture/client-plain-http-on-https-port.pcap"
grep -E 'wrong version|Cipher is' "$tmp/client.log" | sort | uniq -c
tls "$capture_samples/handshake-plain-http-fixed/capture/client-tls-on-https-port.pcap" -- 
