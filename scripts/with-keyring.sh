#!/usr/bin/env bash
# Runs a command with a real OS keychain: a private D-Bus session with gnome-keyring's
# Secret Service unlocked. On a desktop that already has a session bus, runs it as is.
# The keyring files live in LEADPULSE_KEYRING_HOME (default: a fresh temporary folder, so
# tests never touch a person's own login keyring); `npm run up` passes a lasting folder.
set -euo pipefail
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec dbus-run-session -- "$0" "$@"
fi
if [ -z "${LEADPULSE_KEYRING_STARTED:-}" ] && command -v gnome-keyring-daemon >/dev/null; then
  export LEADPULSE_KEYRING_STARTED=1
  home="${LEADPULSE_KEYRING_HOME:-$(mktemp -d -t leadpulse-keyring.XXXXXX)}"
  mkdir -p "$home" && chmod 700 "$home"
  # The keyring of this throwaway session gets a throwaway password.
  eval "$(printf '%s' "${LEADPULSE_KEYRING_PASSWORD:-leadpulse-dev}" | XDG_DATA_HOME="$home" gnome-keyring-daemon --unlock --components=secrets)"
fi
exec "$@"
