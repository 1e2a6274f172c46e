#!/usr/bin/env bash
# Quick start: install, build and start LeadPulse on its embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-apt.sh libsecret-1-dev gnome-keyring dbus-x11
npm ci --no-audit --no-fund
npm run build
export LEADPULSE_KEYRING_HOME="${LEADPULSE_KEYRING_HOME:-$HOME/.leadpulse/keyring}"
export LEADPULSE_DEMO_LEADS="${LEADPULSE_DEMO_LEADS:-1}"
exec bash scripts/with-keyring.sh node scripts/start-local.mjs
