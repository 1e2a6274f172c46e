#!/usr/bin/env bash
# Runs a command with a real OS keychain: a private D-Bus session with gnome-keyring's
# Secret Service unlocked. On a desktop that already has a session bus, runs it as is.
set -euo pipefail
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec dbus-run-session -- "$0" "$@"
fi
if [ -z "${LEADPULSE_KEYRING_STARTED:-}" ] && command -v gnome-keyring-daemon >/dev/null; then
  export LEADPULSE_KEYRING_STARTED=1
  # The login keyring of this throwaway session gets a throwaway password.
  eval "$(printf '%s' "${LEADPULSE_KEYRING_PASSWORD:-leadpulse-dev}" | gnome-keyring-daemon --unlock --components=secrets)"
fi
exec "$@"
