#!/usr/bin/env bash
# Records the captures of samples/httpsys-sni-host-not-bound (and its healthy twin
# samples/httpsys-sni-host-bound): real loopback TCP/TLS traffic on port 443 with real OpenSSL
# ClientHellos that all send server_name.
#   scripts/make-sni-host-not-bound-capture.sh    (needs openssl >= 1.1.1, tcpdump, python3, root)
# 1. resets (synthetic server): scripts/sni-rst-synthetic-server.py on 127.0.0.1:443 with the
#    bound names shop.contoso.com and api.contoso.com answers a ClientHello for any other name
#    with a TCP RST (SO_LINGER 0), as HTTP.sys does for a name without a hostname:port entry on a
#    port without an ip:port or ccs fallback, and relays the bound names to a real openssl
#    s_server. Clients: two `-servername www.fabrikam.com` (TLS 1.2 only, and default), then one
#    `-servername shop.contoso.com`, which completes.
# 2. twin: openssl s_server itself on 127.0.0.1:443 (the name has its entry): one
#    `-servername www.fabrikam.com` and one `-servername shop.contoso.com` client, both complete.
# The throw-away self-signed certificate is not kept.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/capture.sh
. "$here/lib/capture.sh"
tmp=$capture_tmp
port=443
backend=44302
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=shop.contoso.com" \
  -addext "subjectAltName=DNS:shop.contoso.com,DNS:www.fabrikam.com" \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null

# 1. resets
server_start -accept "127.0.0.1:$backend" -cert "$tmp/cert.pem" -key "$tmp/key.pem" -naccept 1
python3 "$here/sni-rst-synthetic-server.py" "127.0.0.1:$port" "127.0.0.1:$backend" 3 \
  shop.contoso.com,api.contoso.com &
relay=$!
capture_pids+=("$relay")
sleep 1
dump_start lo "tcp port $port"
client -connect "127.0.0.1:$port" -servername www.fabrikam.com -tls1_2
client -connect "127.0.0.1:$port" -servername www.fabrikam.com
client -connect "127.0.0.1:$port" -servername shop.contoso.com
dump_stop "$capture_samples/httpsys-sni-host-not-bound/capture/synthetic-server-sni-name-rst.pcap"
wait "$relay" 2>/dev/null || true
servers_stop

# 2. twin
server_start -accept "127.0.0.1:$port" -cert "$tmp/cert.pem" -key "$tmp/key.pem" -naccept 2
dump_start lo "tcp port $port"
client -connect "127.0.0.1:$port" -servername www.fabrikam.com
client -connect "127.0.0.1:$port" -servername shop.contoso.com
dump_stop "$capture_samples/httpsys-sni-host-bound/capture/sni-name-answered.pcap"
servers_stop

# 3. the same resets between two addresses (server 10.15.0.1, client 10.15.0.2 in a network
#    namespace): the fact test's capture of a server that is not the bundle's (its ipconfig lists
#    other addresses), src/facts/fixtures/sni-name-rst-10-15-0-1.pcap.
netns_up tlsdocsni tlsdocsnia tlsdocsnib 10.15.0.2/24 10.15.0.1/24
python3 "$here/sni-rst-synthetic-server.py" "10.15.0.1:$port" "127.0.0.1:$backend" 1 \
  shop.contoso.com,api.contoso.com &
relay=$!
capture_pids+=("$relay")
sleep 1
dump_start tlsdocsnia "tcp port $port"
in_ns openssl s_client -connect "10.15.0.1:$port" -servername www.fabrikam.com \
  </dev/null >>"$capture_tmp/client.log" 2>&1 || true
sleep 0.3
out_dir=$(cd "$here/.." && pwd)/src/facts/fixtures
[ -n "${SAMPLES_DIR:-}" ] && out_dir=$SAMPLES_DIR
dump_stop "$out_dir/sni-name-rst-10-15-0-1.pcap"
wait "$relay" 2>/dev/null || true
