# Shared by scripts/start.sh and scripts/test.sh: system packages and pnpm.
set -euo pipefail

PNPM_VERSION=10.34.9

# Installs Debian packages that are missing, when running as root; otherwise explains what to do.
ensure_apt_packages() {
  local missing=()
  local pkg bin
  for spec in "$@"; do
    pkg="${spec%%:*}"
    bin="${spec#*:}"
    command -v "$bin" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing ${missing[*]} (apt)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "error: missing system packages: ${missing[*]}" >&2
    echo "       install them with: sudo apt-get install -y ${missing[*]}" >&2
    echo "       (or run this script as root on Debian/Ubuntu and it installs them)" >&2
    exit 1
  fi
}

# Makes `pnpm` (the pinned version) available on PATH, without root if need be.
ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    return 0
  fi
  if [ "$(id -u)" -eq 0 ]; then
    npm install -g --silent "pnpm@$PNPM_VERSION" >/dev/null 2>&1 && return 0
  fi
  # Unprivileged fallback: a shim that runs the pinned pnpm through npx.
  local shim_dir="${TMPDIR:-/tmp}/nudge-pnpm-shim"
  mkdir -p "$shim_dir"
  printf '#!/bin/sh\nexec npx -y pnpm@%s "$@"\n' "$PNPM_VERSION" >"$shim_dir/pnpm"
  chmod +x "$shim_dir/pnpm"
  export PATH="$shim_dir:$PATH"
}

require_node() {
  if ! command -v node >/dev/null 2>&1; then
    echo "error: Node.js 20.19+ is required (https://nodejs.org or your distribution's nodejs package)" >&2
    exit 1
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 20 ]; then
    echo "error: Node.js 20.19+ is required, found $(node --version)" >&2
    exit 1
  fi
}

# kubectl renders the Kubernetes manifests (`kubectl kustomize`, offline) for the deployment
# checks. Debian has no current kubectl (its kubernetes-client 1.20 predates the kustomize
# features the manifests use), so it is named rather than installed.
require_kubectl() {
  local version
  version="$("${KUBECTL:-kubectl}" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')"
  if [ -z "$version" ] || [ "$version" -lt 5 ]; then
    echo "error: kubectl with kustomize v5 (kubectl 1.27+) is required for the Kubernetes checks" >&2
    echo "       install it from https://kubernetes.io/docs/tasks/tools/ (or set KUBECTL to its path)" >&2
    exit 1
  fi
}
