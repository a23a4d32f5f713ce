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
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/capture.sh
. "$here/lib/capture.sh"
tmp=$capture_tmp
port=443
backend=44302
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=shop.contoso.com" \
  -addext "subjectAltName=DNS:shop.contoso.com" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null

# 1. resets
server_start -accept "127.0.0.1:$backend" -cert "$tmp/cert.pem" -key "$tmp/key.pem" -naccept 1
python3 "$here/sni-rst-synthetic-server.py" "127.0.0.1:$port" "127.0.0.1:$backend" 3 &
relay=$!
capture_pids+=("$relay")
sleep 1
dump_start lo "tcp port $port"
client -connect "127.0.0.1:$port" -noservername -tls1_2
client -connect "127.0.0.1:$port" -noservername
client -connect "127.0.0.1:$port" -servername shop.contoso.com
dump_stop "$capture_samples/httpsys-sni-only-port-resets/capture/synthetic-server-sni-rst.pcap"
wait "$relay" 2>/dev/null || true
servers_stop

# 2. twin
server_start -accept "127.0.0.1:$port" -cert "$tmp/cert.pem" -key "$tmp/key.pem" -naccept 2
dump_start lo "tcp port $port"
client -connect "127.0.0.1:$port" -noservername
client -connect "127.0.0.1:$port" -servername shop.contoso.com
dump_stop "$capture_samples/httpsys-sni-port-with-fallback/capture/no-sni-answered.pcap"
servers_stop
