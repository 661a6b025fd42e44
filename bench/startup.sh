#!/usr/bin/env bash
# Seconds from `dotnet run --project Vargo.AppHost` to every service answering through the gateway and every resource
# healthy (the AppHost's "Vargo is ready" line: a service may answer /info before its broker connection is up).
# Usage: bench/startup.sh [data-dir] [gateway-port]   (default: a fresh temp folder, so the start is cold)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data=${1:-$(mktemp -d /tmp/vargo-startup-XXXXXX)}
port=${2:-8090}
mkdir -p "$data" && chmod 755 "$data"

dotnet build Vargo.AppHost --verbosity quiet > /dev/null
start=$(date +%s%N)
# Its own process group, so the stop below reaches the AppHost (a background job ignores SIGINT; SIGTERM is a graceful stop too).
setsid dotnet run --project Vargo.AppHost --no-build -- --DataDirectory "$data" --Gateway:Port "$port" ${STARTUP_ARGS:-} > "$data.log" 2>&1 &
apphost=$!
trap 'kill -TERM -- -$apphost 2>/dev/null; wait $apphost 2>/dev/null' EXIT

for _ in $(seq 1 600); do
  up=0
  [ -n "${answering:-}" ] || for s in auth catalog inventory orders payments recommendations notifications; do
    [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "localhost:$port/api/$s/info")" = 200 ] && up=$((up + 1))
  done
  if [ $up = 7 ] && [ -z "${answering:-}" ]; then
    answering=$(( ($(date +%s%N) - start) / 1000000 ))
  fi
  if [ -n "${answering:-}" ] && grep -q "Vargo is ready" "$data.log"; then
    echo "all 7 services answering through the gateway after $answering ms; every resource healthy (\"Vargo is ready\") after $(( ($(date +%s%N) - start) / 1000000 )) ms"
    # CPU the start took (utime + stime so far of the AppHost, its servers and services; not Aspire's DCP and dashboard,
    # whose processes other AppHosts on the machine share the path of): less
    # sensitive to what else runs on the machine than the wall clock; on 2 free cores the start needs at least half of it.
    ticks=0
    declare -A per
    for p in /proc/[0-9]*; do
      cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null) || continue
      case "$cmd" in
        *"$PWD/services/"*|*"$data"*|*"$PWD/Vargo.AppHost/"*)
          read -r -a f < <(sed 's/^.*) //' "$p/stat" 2>/dev/null) || continue
          ticks=$((ticks + ${f[11]} + ${f[12]}))
          name=$(echo "$cmd" | grep -oE 'services/[A-Za-z]+/bin|Vargo.AppHost/bin|postgres|redis|rabbit|beam' | head -1 || true)
          # Anything else is named by its program and first argument (e.g. `dotnet run`, erl_child_setup, epmd).
          [ -n "$name" ] || name="other: $(echo "$cmd" | cut -d' ' -f1-2)$(echo "$cmd" | grep -oE ' --project [^ ]+' | sed "s|$PWD/||g" || true)"
          per[$name]=$(( ${per[$name]:-0} + ${f[11]} + ${f[12]} )) ;;
      esac
    done
    echo "CPU used by the app's processes so far: $((ticks * 10)) ms; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    for k in "${!per[@]}"; do echo "  $(( ${per[$k]} * 10 )) ms $k"; done | sort -n -r
    exit 0
  fi
  sleep 0.5
done
echo "not all services answered within 5 minutes; see $data.log" >&2
exit 1
