#!/bin/sh
# A stand-in for a Windows console tool (netsh.exe, reg.exe, pktmon.exe, ...) in the collector's
# Pester tests. Installed under a fake %SystemRoot%\System32 by Harness.ps1; it logs every call and
# answers with the first recorded response whose shell pattern matches "tool arg1 arg2 ...".
# A response folder holds: pattern, and optionally stdout / stderr (bytes to print), exit (code),
# write + payload (write the payload to the path named by the call: "arg:N", "after:--out",
# "kv:tracefile="), hang (print stdout, then never return: the collector must stop us).
tool=$(basename "$0")
tool=${tool%.exe}
call="$tool $*"
printf '%s\n' "$call" >> "$FAKE_TOOLS_LOG"
for d in "$FAKE_TOOLS_DIR"/responses/*/; do
  [ -f "$d/pattern" ] || continue
  pat=$(cat "$d/pattern")
  # shellcheck disable=SC2254
  case "$call" in
    $pat)
      if [ -f "$d/write" ]; then
        how=$(cat "$d/write")
        target=""
        prev=""
        i=0
        for a in "$@"; do
          i=$((i + 1))
          case "$how" in
            "arg:$i") target="$a" ;;
            after:*) [ "$prev" = "${how#after:}" ] && target="$a" ;;
            kv:*) case "$a" in "${how#kv:}"*) target="${a#"${how#kv:}"}" ;; esac ;;
          esac
          prev="$a"
        done
        [ -n "$target" ] && cat "$d/payload" > "$target"
      fi
      [ -f "$d/stdout" ] && cat "$d/stdout"
      [ -f "$d/stderr" ] && cat "$d/stderr" >&2
      [ -f "$d/hang" ] && exec sleep 3600
      code=0
      [ -f "$d/exit" ] && code=$(cat "$d/exit")
      exit "$code"
      ;;
  esac
done
echo "fake $tool: no recorded output for: $call" >&2
exit 87
