# syntax=docker/dockerfile:1
# The control plane (admin API, SCIM, console) as a non-root image.
# Build from the repository root:  docker build -f docker/control-plane.Dockerfile -t portcullis/control-plane .

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: every workspace compiled, the console bundled --------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The whole context (see /.dockerignore): `npm ci` checks the lockfile against every workspace's
# package.json, so copying only some manifests breaks as soon as a workspace is added.
COPY . .
# re2 (libs/redaction) has no reachable prebuilt binary: node-gyp builds it from source.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
RUN npm run build

# ---- prod-deps: the control plane's production dependencies only --------------------------------
FROM build AS prod-deps
RUN rm -rf node_modules apps/*/node_modules libs/*/node_modules migrations/node_modules
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --workspace @portcullis/control-plane --no-audit --no-fund
# Collect what the runtime needs, keeping the monorepo layout: workspace packages are symlinked
# from node_modules/@portcullis/*, and the control plane serves the console from apps/console/dist.
RUN set -eu; mkdir -p /out; \
    for path in package.json node_modules \
        apps/control-plane/package.json apps/control-plane/dist apps/control-plane/node_modules \
        apps/console/dist \
        migrations/package.json migrations/dist migrations/node_modules \
        libs/*/package.json libs/*/dist libs/*/node_modules; do \
      if [ -e "$path" ]; then cp -a --parents "$path" /out/; fi; \
    done; \
    find /out -name '*.tsbuildinfo' -delete

# ---- runtime --------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    CONTROL_PLANE_HOST=0.0.0.0 \
    CONTROL_PLANE_PORT=8080 \
    PORTCULLIS_DATA_DIR=/var/lib/portcullis
WORKDIR /app
# Application files stay owned by root (read-only to the process); only the data directory, used
# by the embedded database when DATABASE_URL is unset, is writable.
COPY --from=prod-deps /out/ /app/
RUN mkdir -p /var/lib/portcullis && chown node:node /var/lib/portcullis
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.CONTROL_PLANE_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/control-plane/dist/main.js"]
