# The platform image: builds ops-api and the UI, runs one stateless app process.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY ops-api/package.json ops-api/
COPY ui/package.json ui/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p ops-api/tsconfig.build.json && npm run build -w @qc/ui

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 QC_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY ops-api/package.json ops-api/
COPY ui/package.json ui/
RUN npm ci --omit=dev --no-audit --no-fund -w @qc/ops-api
COPY --from=build /app/ops-api/dist ops-api/dist
COPY --from=build /app/ops-api/package.json ops-api/
COPY --from=build /app/ui/dist ui/dist
USER node
EXPOSE 3000
CMD ["node", "ops-api/dist/src/main.js"]
