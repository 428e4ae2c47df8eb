# syntax=docker/dockerfile:1.7
# Nudge: one image for every role (ROLE=all | api | worker), amd64 and arm64 (a Raspberry Pi 4).
# Build: docker build -t nudge .   Multi-arch: see .github/workflows/release.yml (buildx).
# docs/deployment.md explains running it; the data volume is /data.

ARG NODE_VERSION=20.19
ARG PNPM_VERSION=10.34.9

# ── build: install with the lockfile, build every package, keep the server's production files ──
FROM node:${NODE_VERSION}-bookworm-slim AS build
ARG PNPM_VERSION
ENV PNPM_HOME=/pnpm \
    PATH=/pnpm:$PATH \
    TURBO_TELEMETRY_DISABLED=1 \
    CI=true
RUN npm install --global --no-fund --no-audit "pnpm@${PNPM_VERSION}"
WORKDIR /src
# The lockfile alone first: the dependency download stays cached while sources change.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm fetch --frozen-lockfile
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm install --frozen-lockfile --offline
RUN pnpm build
# The server and its workspace dependencies with production dependencies only. `--legacy`:
# pnpm 10 deploys injected workspaces otherwise, and this workspace links its packages.
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm --filter=@nudge/server deploy --prod --legacy /prod/server
# The control panel, when the workspace has one.
RUN mkdir -p /prod/web && if [ -d apps/web/dist ]; then cp -R apps/web/dist/. /prod/web/; fi

# ── runtime: Node, Chromium's headless shell, fonts, an init, a non-root user ──────────────
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# chromium-headless-shell: Debian's build for amd64 and arm64, lighter than the full browser.
# tini is PID 1: it reaps Chromium's orphaned helper processes and forwards SIGTERM to Node.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends \
        chromium-headless-shell \
        fonts-liberation \
        fonts-noto-color-emoji \
        tini \
        ca-certificates \
    && rm -rf /var/lib/apt/lists/*

# Sized for a 4 GB Raspberry Pi 4: the V8 heap is capped well below the container's memory
# limit (Chromium runs beside it), bin/nudge-server adds the young-generation and thread flags.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=384 \
    HOST=0.0.0.0 \
    PORT=3000 \
    NUDGE_DATA_DIR=/data \
    NUDGE_WEB_DIR=/app/web \
    CHROMIUM_PATH=/usr/bin/chromium-headless-shell

WORKDIR /app
COPY --from=build --chown=root:root /prod/server /app
COPY --from=build --chown=root:root /prod/web /app/web
# The image's files belong to root and are read-only for the service user; only /data is its.
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
VOLUME ["/data"]
USER node
EXPOSE 3000

# Liveness only (no I/O): readiness is /ready, used by compose and Kubernetes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

ENTRYPOINT ["/usr/bin/tini", "--", "/app/bin/nudge-server"]
CMD ["serve"]
