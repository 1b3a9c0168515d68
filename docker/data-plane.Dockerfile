# syntax=docker/dockerfile:1
# A data-plane node (the OpenAI-compatible proxy) as a non-root image.
# Build from the repository root:  docker build -f docker/data-plane.Dockerfile -t portcullis/data-plane .

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: the TypeScript workspaces (the console is not needed here) --------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The whole context (see /.dockerignore): `npm ci` checks the lockfile against every workspace's
# package.json, so copying only some manifests breaks as soon as a workspace is added.
COPY . .
# re2 (libs/redaction) has no reachable prebuilt binary: node-gyp builds it from source.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
RUN npm run build -- --no-console

# ---- prod-deps: the data plane's production dependencies only -----------------------------------
FROM build AS prod-deps
RUN rm -rf node_modules apps/*/node_modules libs/*/node_modules migrations/node_modules
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --workspace @portcullis/data-plane --no-audit --no-fund
# Collect what the runtime needs, keeping the monorepo layout (workspace packages are symlinked
# from node_modules/@portcullis/*).
RUN set -eu; mkdir -p /out; \
    for path in package.json node_modules \
        apps/data-plane/package.json apps/data-plane/dist apps/data-plane/node_modules \
        libs/*/package.json libs/*/dist libs/*/node_modules; do \
      if [ -e "$path" ]; then cp -a --parents "$path" /out/; fi; \
    done; \
    find /out -name '*.tsbuildinfo' -delete

# ---- runtime --------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATA_PLANE_HOST=0.0.0.0 \
    DATA_PLANE_PORT=8081 \
    DATA_PLANE_DATA_DIR=/var/lib/portcullis/data-plane
WORKDIR /app
# Application files stay owned by root (read-only to the process). The state directory holds the
# last good signed config bundle and the usage spool: mount a volume there so both survive restarts.
COPY --from=prod-deps /out/ /app/
RUN mkdir -p /var/lib/portcullis/data-plane && chown -R node:node /var/lib/portcullis
VOLUME ["/var/lib/portcullis"]
USER node
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.DATA_PLANE_PORT || 8081) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/data-plane/dist/main.js"]
