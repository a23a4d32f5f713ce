#!/usr/bin/env bash
# Records the capture of samples/handshake-reset-after-clienthello (judge9 k20): real loopback
# TCP traffic with real OpenSSL ClientHellos, one with server_name www.contoso.com and one
# without (-noservername), each answered by a TCP RST from a synthetic server
# (scripts/rst-after-clienthello.py, SO_LINGER 0) with no ServerHello: what a client sees when
# HTTP.sys finds no SSL binding for the connection. The RST is made by the script, not HTTP.sys.
#   scripts/make-reset-after-clienthello-capture.sh    (needs openssl, tcpdump, python3, root)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/capture.sh
. "$here/lib/capture.sh"
port=44304
python3 "$here/rst-after-clienthello.py" "127.0.0.1:$port" 2 &
capture_pids+=("$!")
sleep 1
dump_start lo "tcp port $port"
client -connect "127.0.0.1:$port" -servername www.contoso.com
client -connect "127.0.0.1:$port" -noservername
dump_stop "$capture_samples/handshake-reset-after-clienthello/capture/synthetic-server-rst.pcap"
servers_stop
