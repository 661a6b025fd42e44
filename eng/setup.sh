#!/usr/bin/env bash
# Installs what Vargo needs on Debian/Ubuntu and restores the solution. Idempotent: run it as often as you like.
#   - PostgreSQL, Redis, RabbitMQ (the AppHost runs its own instances of them; no Docker needed)
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
# chromium: the browser the storefront's Playwright tests drive (Playwright cannot download browsers here).
packages=(postgresql redis-server rabbitmq-server chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "Missing ${missing[*]} and no apt-get here: install them with your package manager."
    exit 1
  fi
  say "Installing ${missing[*]}"
  # Keep the packages' own services from starting on install (the AppHost runs its own instances).
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    remove_policy=1
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ "${remove_policy:-0}" = 1 ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
fi

# Stop the system services the packages may have started, so they do not hold the standard ports.
for service in postgresql redis-server rabbitmq-server; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    say "Stopping the system's $service (the AppHost runs its own)"
    $SUDO systemctl stop "$service" || true
    $SUDO systemctl disable "$service" >/dev/null 2>&1 || true
  elif command -v service >/dev/null 2>&1 && service "$service" status >/dev/null 2>&1; then
    $SUDO service "$service" stop >/dev/null 2>&1 || true
  fi
done
# Erlang's port mapper (epmd) is shared by every Erlang node on the machine and outlives them by design. Started here,
# it is the machine's, not a process that the first AppHost or test run to start RabbitMQ leaves behind.
if command -v epmd >/dev/null 2>&1; then
  epmd -daemon
fi
say "PostgreSQL $(ls /usr/lib/postgresql | sort -n | tail -n1), $(redis-server --version | awk '{print $3}'), RabbitMQ $(dpkg-query -W -f='${Version}' rabbitmq-server)"

# --- .NET tools and packages --------------------------------------------------------------------------
if [ -f .config/dotnet-tools.json ]; then
  dotnet tool restore >/dev/null
fi
say "Restoring the solution"
dotnet restore Vargo.sln --verbosity quiet
say "Ready. Run the app:  dotnet run --project Vargo.AppHost      Run the tests:  dotnet test Vargo.sln"
