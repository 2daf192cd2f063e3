# syntax=docker/dockerfile:1
# Production dependencies: better-sqlite3 is a native module, built here if no prebuilt binary fits.
FROM node:20-bookworm-slim AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Build: compile TypeScript and copy the chat page with Web Chat's bundle (a devDependency) into dist/.
FROM deps AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY dialogs ./dialogs
COPY web ./web
COPY scripts ./scripts
RUN npm run build

# Run: production dependencies only, non-root, conversations in a volume.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3978 HOST=0.0.0.0 STORAGE=sqlite DATA_DIR=/app/data
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY knowledge ./knowledge
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3978
# Slim images have no curl: ask /healthz with Node itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--disable-warning=DEP0111", "dist/src/index.js"]
