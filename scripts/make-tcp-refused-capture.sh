#!/usr/bin/env bash
# Records the captures of samples/tcp-connection-refused and its healthy twin
# samples/tcp-connection-accepted: real loopback traffic on port 443.
#   scripts/make-tcp-refused-capture.sh    (needs openssl >= 1.1.1, tcpdump, root)
# 1. refused: nothing listens on 127.0.0.1:443; three `openssl s_client -servername
#    www.contoso.com` connections, each SYN answered by the kernel's RST (what a client sees when
#    HTTP.sys does not listen on the address, or the site or service is stopped).
# 2. twin: openssl s_server with the project's www.contoso.com leaf on 127.0.0.1:443, two clients
#    that complete their handshakes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/capture.sh
. "$here/lib/capture.sh"
port=443

# 1. refused
dump_start lo "tcp port $port"
client -connect "127.0.0.1:$port" -servername www.contoso.com
client -connect "127.0.0.1:$port" -servername www.contoso.com -tls1_2
client -connect "127.0.0.1:$port" -servername www.contoso.com
dump_stop "$capture_samples/tcp-connection-refused/capture/refused-443.pcap"

# 2. twin
server_start -accept "127.0.0.1:$port" "${contoso_leaf[@]}" -naccept 2
dump_start lo "tcp port $port"
client -connect "127.0.0.1:$port" -servername www.contoso.com
client -connect "127.0.0.1:$port" -servername www.contoso.com -tls1_2
dump_stop "$capture_samples/tcp-connection-accepted/capture/accepted-443.pcap"
servers_stop
