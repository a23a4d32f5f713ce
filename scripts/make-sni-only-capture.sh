#!/usr/bin/env bash
# Records the captures of samples/httpsys-sni-only-port-resets (and its healthy twin
# samples/httpsys-sni-port-with-fallback): real loopback TCP/TLS traffic on port 443 with real
# OpenSSL ClientHellos, with and without server_name.
#   scripts/make-sni-only-capture.sh          (needs openssl >= 1.1.1, tcpdump, python3, root)
# 1. resets (synthetic server): scripts/sni-rst-synthetic-server.py on 127.0.0.1:443 answers a
#    ClientHello without server_name with a TCP RST (SO_LINGER 0), as HTTP.sys does on a port
#    with only hostname:port bindings, and relays one with server_name to a real openssl
#    s_server. Clients: two `openssl s_client -noservername` (TLS 1.2 only, and default), then one
#    `-servername shop.contoso.com`, which completes.
# 2. twin: openssl s_server itself on 127.0.0.1:443 (a port with an ip:port fallback answers
#    every ClientHello): one `-noservername` and one `-servername shop.contoso.com` client.
# The throw-away self-signed certificate is not kept.
set -euo pipefail
here=$(dirname "$0")
port=443
backend=44302
tmp=$(mktemp -d)
cleanup() {
  [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null || true
  [ -n "${back:-}" ] && kill "$back" 2>/dev/null || true
  [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=shop.contoso.com" \
  -addext "subjectAltName=DNS:shop.contoso.com" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
start_dump() {
  tcpdump -i lo -U -s 0 -w "$tmp/cap.pcap" "tcp port $port" 2>"$tmp/tcpdump.log" &
  dump=$!
  sleep 1
}
stop_dump() { # stop_dump <out.pcap>
  sleep 1
  kill "$dump"
  wait "$dump" 2>/dev/null || true
  dump=
  mkdir -p "$(dirname "$1")"
  cp "$tmp/cap.pcap" "$1"
}
client() { # client <args…>
  openssl s_client -connect "127.0.0.1:$port" "$@" </dev/null >"$tmp/client.log" 2>&1 || true
  sleep 0.3
}

# 1. resets
openssl s_server -accept "127.0.0.1:$backend" -cert "$tmp/cert.pem" -key "$tmp/key.pem" \
  -quiet -naccept 1 >"$tmp/backend.log" 2>&1 &
back=$!
python3 "$here/sni-rst-synthetic-server.py" "127.0.0.1:$port" "127.0.0.1:$backend" 3 &
srv=$!
sleep 1
start_dump
client -noservername -tls1_2
client -noservername
client -servername shop.contoso.com
stop_dump "$here/../samples/httpsys-sni-only-port-resets/capture/synthetic-server-sni-rst.pcap"
wait "$srv" 2>/dev/null || true
srv=
kill "$back" 2>/dev/null || true
wait "$back" 2>/dev/null || true
back=

# 2. twin
openssl s_server -accept "127.0.0.1:$port" -cert "$tmp/cert.pem" -key "$tmp/key.pem" \
  -quiet -naccept 2 >"$tmp/server.log" 2>&1 &
srv=$!
sleep 1
start_dump
client -noservername
client -servername shop.contoso.com
stop_dump "$here/../samples/httpsys-sni-port-with-fallback/capture/no-sni-answered.pcap"
