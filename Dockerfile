# syntax=docker/dockerfile:1
# The packager service (packager/, docs/packaging-creatives.md "Running packagers as containers"):
# Node 20 and Debian's ffmpeg (bookworm: ffmpeg 5.1 with libx264, the build the tests run on).
# It needs no port and no volume: it talks to the Worker's packager API and keeps scratch files
# in /tmp. Only the bundle is copied into the image (it imports nothing but Node built-ins).
#
#   docker build -t edge-ssai-packager .
#   docker run --rm -e EDGE_SSAI_URL=https://ssai.example.com -e ADMIN_TOKEN=… edge-ssai-packager
#   docker run --rm edge-ssai-packager --help
#
# Flags after the image name go to the packager (npm run packager -- --help lists them); the
# settings also come from EDGE_SSAI_URL, ADMIN_TOKEN, PACKAGER_CONCURRENCY, PACKAGER_OWNER,
# PACKAGER_WORK_DIR, PACKAGER_ALLOW_PRIVATE_HOSTS.

FROM node:20-bookworm-slim AS build
WORKDIR /src
# esbuild at the version package.json pins (keep the two in step).
RUN npm install --global --no-audit --no-fund esbuild@0.27.3
COPY packager ./packager
COPY src/core ./src/core
RUN esbuild packager/main.ts --bundle --platform=node --format=esm --target=node20 --log-level=warning --outfile=/out/packager.mjs

FROM node:20-bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/packager.mjs /app/packager.mjs
# tini as PID 1 forwards SIGTERM to node (which stops its ffmpeg runs and gives its jobs back to
# the queue) and reaps every process.
ENV NODE_ENV=production PACKAGER_WORK_DIR=/tmp
USER node
WORKDIR /home/node
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/packager.mjs"]
