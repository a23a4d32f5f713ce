#!/usr/bin/env bash
# Records the openssl s_client text samples beside src/parsers/s-client.ts (judge7 M6): what a
# Linux admin pastes after `openssl s_client -connect host:443 -servername host -showcerts`.
#   scripts/make-s-client-samples.sh      (needs openssl 3; no root: loopback only)
# Server: openssl s_server on 127.0.0.1 with the project's CA-issued leaf server-good
# (www.contoso.com, scripts/certs/out) and its key; the client trusts the project's root
# (-CAfile root-ca.pem) unless said otherwise. Stdout and stderr together, as a terminal shows them.
#   leaf alone (no -cert_chain)            → verify error 20 at depth 0, "Verify return code: 21"
#   leaf + issuing-ca (-cert_chain)        → "Verify return code: 0 (ok)"
#   leaf + issuing-ca, client without root → "Verify return code: 20" at depth 1 (TLS 1.3)
# The "-connect 127.0.0.1:port" echo line is the command as typed (bash `set -x` style is not
# used: the file starts with the `$ openssl …` line a person copies along).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
certs="$here/certs"
out="$here/../src/parsers"
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
port=44390
run() { # name server-args... -- client-args...
  local name=$1
  shift
  local sargs=() cargs=()
  while [ "$1" != -- ]; do sargs+=("$1"); shift; done
  shift
  cargs=("$@")
  openssl s_server -accept "127.0.0.1:$port" -cert "$certs/out/server-good.pem" \
    -key "$certs/keys/server.key.pem" "${sargs[@]}" -naccept 1 -quiet >/dev/null 2>&1 &
  sleep 1
  {
    echo "\$ openssl s_client -connect 127.0.0.1:$port -servername www.contoso.com -showcerts ${cargs[*]}"
    openssl s_client -connect "127.0.0.1:$port" -servername www.contoso.com -showcerts "${cargs[@]}" \
      </dev/null 2>&1 || true
  } >"$out/s-client.sample.$name.txt"
  wait || true
  port=$((port + 1))
}
run openssl3-tls12-leaf-only-verify-21 -tls1_2 -- -CAfile "$certs/out/root-ca.pem"
run openssl3-tls12-chain-sent-verify-0 -tls1_2 -cert_chain "$certs/out/issuing-ca.pem" -- \
  -CAfile "$certs/out/root-ca.pem"
run openssl3-tls13-chain-sent-root-unknown-verify-20 -cert_chain "$certs/out/issuing-ca.pem" --
# The -CAfile path is this machine's: keep the file name only.
sed -i "s#$certs/out/##g" "$out"/s-client.sample.openssl3-*.txt
