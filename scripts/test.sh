#!/usr/bin/env bash
# Installs what the tests need (redis-server, Chromium, Prometheus and promtool, nginx, yamllint,
# redis-benchmark) and runs every check: lint, typecheck, build and all tests with coverage (each
# package keeps its floor, vitest.shared.ts). Ends with one line "N passed, N failed".
# COMPOSE_SPEC_SCHEMA=<compose-spec.json> adds the compose file's schema check (.ci/run sets it).
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
set +e

require_node
ensure_apt_packages redis-server:redis-server redis-tools:redis-benchmark chromium-headless-shell:chromium-headless-shell \
  chromium:chromium fonts-liberation:fc-list \
  prometheus:promtool nginx:nginx yamllint:yamllint openssl:openssl systemd:systemd-analyze
require_kubectl
ensure_pnpm
export TURBO_TELEMETRY_DISABLED=1 CI="${CI:-true}" NUDGE_COVERAGE=1

report_dir="$(mktemp -d)"
export NUDGE_TEST_JSON_DIR="$report_dir"
failed_stages=()

run_stage() {
  local name="$1"
  shift
  echo "==> $name"
  if ! "$@"; then
    failed_stages+=("$name")
  fi
}

run_stage install pnpm install --frozen-lockfile
run_stage lint pnpm lint
run_stage typecheck pnpm typecheck
run_stage build pnpm build
run_stage test pnpm test
node scripts/coverage-report.mjs
if [ -n "${COMPOSE_SPEC_SCHEMA:-}" ]; then
  run_stage compose-spec node deployment/scripts/check-compose-schema.mjs "$COMPOSE_SPEC_SCHEMA"
fi

node scripts/summarize-tests.mjs "$report_dir" "${failed_stages[@]}"
status=$?
rm -rf "$report_dir"
exit $status
