#!/usr/bin/env bash
# Installs, builds and starts Nudge on the embedded default: one process, a local libsql file in
# ./data, no Redis. Open http://127.0.0.1:3000 ; the first admin API key is printed once.
# With --demo: the same against a local LinkedIn simulator with demo data (./data-demo), so a
# newcomer sees a full birthday run within a minute without a LinkedIn account.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

require_node
# Chromium drives the LinkedIn pages (the headless shell when installed: lighter; the full
# browser as the fallback); fonts keep screenshots readable.
ensure_apt_packages chromium-headless-shell:chromium-headless-shell chromium:chromium fonts-liberation:fc-list
ensure_pnpm
export TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile
pnpm build
if [ "${1:-}" = "--demo" ]; then
  exec apps/server/bin/nudge-server demo
fi
exec pnpm start
