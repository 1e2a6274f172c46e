#!/usr/bin/env bash
# The whole test suite from a fresh machine: system packages, npm packages, build, lint,
# type-check, unit/integration tests (real keychain, real Postgres), e2e in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s (%ss)\n' "$1" "$SECONDS"; }
step "system packages"
bash scripts/ensure-apt.sh chromium libsecret-1-dev gnome-keyring dbus-x11
step "npm packages"
npm ci --no-audit --no-fund
step "build"
npm run build
step "lint"
npm run lint
step "typecheck"
npm run typecheck
step "unit and integration tests (vitest, real keychain)"
bash scripts/with-keyring.sh npx vitest run
step "end-to-end (Playwright, Debian Chromium through the browser host)"
bash scripts/with-keyring.sh npx playwright test
step "done"
