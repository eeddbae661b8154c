# The platform image: builds ops-api and the UI, runs one stateless app process.
FROM node:20-bookworm-slim AS build
ENV QC_SKIP_TEST_ENGINE=1
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY ops-api/package.json ops-api/
COPY ingest/package.json ingest/
COPY analytics/package.json analytics/
COPY warehouse/package.json warehouse/
COPY ui/package.json ui/
COPY scripts/setup-python.mjs scripts/
COPY dbt/requirements.txt dbt/
RUN npm ci --no-audit --no-fund --ignore-scripts && node scripts/setup-python.mjs
COPY . .
RUN npx tsc -b ops-api/tsconfig.build.json && npm run build -w @qc/ui

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 QC_DATA_DIR=/data QC_SKIP_TEST_ENGINE=1
RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY ops-api/package.json ops-api/
COPY ingest/package.json ingest/
COPY analytics/package.json analytics/
COPY warehouse/package.json warehouse/
COPY ui/package.json ui/
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts -w @qc/ops-api -w @qc/ingest -w @qc/analytics -w @qc/warehouse
COPY --from=build /app/.venv .venv
COPY --from=build /app/dbt dbt
COPY --from=build /app/warehouse/dist warehouse/dist
COPY --from=build /app/ingest/dist ingest/dist
COPY --from=build /app/analytics/dist analytics/dist
COPY --from=build /app/ops-api/dist ops-api/dist
COPY --from=build /app/ui/dist ui/dist
USER node
EXPOSE 3000
CMD ["node", "ops-api/dist/src/main.js"]
