#!/usr/bin/env bash
# Installs what Vargo needs on Debian/Ubuntu and restores the solution. Idempotent: run it as often as you like.
#   - PostgreSQL, Redis, RabbitMQ (the AppHost runs its own instances of them on its own ports; no Docker needed,
#     and the machine's own servers, if any, are left running and untouched)
#   - the .NET tools in .config/dotnet-tools.json
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# --- .NET SDK: the version global.json asks for ------------------------------------------------------
required_sdk=$(sed -n 's/.*"version": *"\([0-9][0-9.]*\)".*/\1/p' global.json | head -n1)
required_major_minor=${required_sdk%.*}
if ! command -v dotnet >/dev/null 2>&1; then
  say "The .NET SDK is missing: install .NET ${required_major_minor} (https://dot.net) and run this again."
  exit 1
fi
if ! dotnet --list-sdks | awk '{print $1}' | grep -q "^${required_major_minor}\."; then
  say "global.json needs a .NET ${required_major_minor}.x SDK; found: $(dotnet --list-sdks | awk '{print $1}' | tr '\n' ' ')"
  exit 1
fi
say ".NET SDK $(dotnet --version)"

# --- OS packages --------------------------------------------------------------------------------------
# The AppHost's local mode runs its own PostgreSQL, Redis and RabbitMQ processes on ports Aspire allocates, so a
# developer's own servers (system services, other projects) are left exactly as they are: nothing here stops,
# disables or reconfigures them.
# chromium: the browser the storefront's Playwright tests drive (Playwright cannot download browsers here).
packages=(postgresql redis-server rabbitmq-server chromium)

installed() {
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
  else
    case "$1" in
      postgresql) command -v initdb >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 ;;
      *) command -v "$1" >/dev/null 2>&1 ;;
    esac
  fi
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ] && ! command -v apt-get >/dev/null 2>&1; then
  # Not Debian/Ubuntu: say what is needed and carry on, so the restore (and containers mode) still works.
  say "Missing ${missing[*]} and no apt-get here; the restore continues. For the app, either:"
  say "  - install Docker (or Podman) and start it: the AppHost then runs PostgreSQL, Redis, RabbitMQ and MongoDB as"
  say "    containers by itself (Infrastructure=auto picks containers mode), nothing else to install; or"
  say "  - on Windows, use WSL with Debian or Ubuntu and run this script there; local mode (no containers) finds"
  say "    the servers where Debian's packages put them (postgresql, redis-server, rabbitmq-server)."
  say "  The browser tests need Chromium (or set their browser path)."
  missing=()
  skipped_os_packages=1
fi

if [ ${#missing[@]} -gt 0 ]; then
  say "Installing ${missing[*]}"
  # Keep the newly installed packages' services from starting on install (the AppHost runs its own instances; an
  # idle server holding the standard ports helps nobody). Services that were already installed are not touched.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    remove_policy=1
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ "${remove_policy:-0}" = 1 ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
fi

# Erlang's port mapper (epmd) is shared by every Erlang node on the machine and outlives them by design. Started here,
# it is the machine's, not a process that the first AppHost or test run to start RabbitMQ leaves behind.
if command -v epmd >/dev/null 2>&1; then
  epmd -daemon
fi
# Every .NET process watches its configuration files with inotify, one instance per watched folder; the whole app (ten
# services, the AppHost, DCP) plus the test hosts of one test run exceed Linux's default of 128 instances per user, and
# then a process fails to start ("The configured user limit (128) on the number of inotify instances has been reached").
# Raised where this user may (root on a VM or a developer's machine); elsewhere said, not failed.
if [ -r /proc/sys/fs/inotify/max_user_instances ] && [ "$(cat /proc/sys/fs/inotify/max_user_instances)" -lt 1024 ]; then
  if [ "$(id -u)" = 0 ] && sysctl -qw fs.inotify.max_user_instances=1024 2>/dev/null; then
    say "inotify instances per user raised to 1024 (was 128; the whole app and its tests watch many config folders)"
  else
    say "note: fs.inotify.max_user_instances is $(cat /proc/sys/fs/inotify/max_user_instances); if a test run reports the inotify limit, raise it: sudo sysctl fs.inotify.max_user_instances=1024"
  fi
fi
if [ "${skipped_os_packages:-0}" != 1 ] && [ -d /usr/lib/postgresql ] && command -v dpkg-query >/dev/null 2>&1; then
  say "PostgreSQL $(ls /usr/lib/postgresql | sort -n | tail -n1), Redis $(redis-server --version | awk '{print $3}' | sed 's/^v=//'), RabbitMQ $(dpkg-query -W -f='${Version}' rabbitmq-server)"
fi

# --- .NET tools and packages --------------------------------------------------------------------------
if [ -f .config/dotnet-tools.json ]; then
  dotnet tool restore >/dev/null
fi
say "Restoring the solution"
dotnet restore Vargo.sln --verbosity quiet
say "Ready. Run the app:  dotnet run --project Vargo.AppHost      Run the tests:  dotnet test Vargo.sln"
