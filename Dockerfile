# syntax=docker/dockerfile:1
# iamgate in a container, on Node 24: the native modules (bcrypt, better-sqlite3) and dist/ are built in the
# first stage, which has python3, make and g++; the runtime stage is slim, runs as the non-root
# `node` user, keeps the embedded SQLite database in the /data volume and reports /readyz.
#   docker build -t iamgate .
#   docker run -p 8080:8080 -v iamgate-data:/data -e BOOTSTRAP_CREDENTIALS_FILE=/data/bootstrap.json iamgate
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Without scripts first (`prepare` would build before the sources are here), then the two native modules.
RUN npm ci --ignore-scripts --no-audit --no-fund
RUN npm rebuild bcrypt better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY schemas ./schemas
COPY bin ./bin
COPY console ./console
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATABASE_URL=sqlite:/data/iamgate.sqlite
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# /data holds the SQLite database and its idempotency key; /run/iamgate the first-start credentials
# when BOOTSTRAP_CREDENTIALS_FILE points there. Both belong to the user the server runs as.
RUN mkdir -p /data /run/iamgate && chown node:node /data /run/iamgate && chmod 0700 /data /run/iamgate
USER node
VOLUME ["/data"]
EXPOSE 8080
# Ready = the database answers and takes writes (503 otherwise); node's fetch, as the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/server.js"]
