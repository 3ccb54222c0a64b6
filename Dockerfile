# syntax=docker/dockerfile:1
# The image of `stockops serve`. Build: docker build -t stockops-serve .
# Run:   docker run -p 8080:8080 stockops-serve --origin https://github.com/OWNER/REPO.git --dir /var/lib/stockops/repo --host 0.0.0.0
# test/serve/image-recipe.test.ts runs these stages' commands in a clean folder (there is no Docker on the dev machines).

# Stage 1: compile src/ to lib/ (TypeScript is a dev dependency, so it stays in this stage).
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
RUN npm ci --ignore-scripts --omit=optional --no-audit --no-fund
COPY src ./src
RUN npm run build:lib

# Stage 2: production dependencies only. No scripts: the root package's `prepare` would need TypeScript, and the
# optional @tensorflow/tfjs-node downloads libtensorflow at install; neural champions run on the WebAssembly backend.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

# Stage 3: the runtime, as the unprivileged `node` user of the official image.
FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/lib ./lib
COPY package.json ./
COPY bin ./bin
RUN mkdir -p /var/lib/stockops && chown node:node /var/lib/stockops
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/stockops.js", "serve"]
CMD ["--dir", "/var/lib/stockops/repo", "--host", "0.0.0.0", "--port", "8080"]
