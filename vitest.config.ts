import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./${pkg}/src/index.ts`, import.meta.url));

// Two projects: fast unit tests beside the code, and API integration tests through the real server
// on PGlite (always) and PostgreSQL (when TEST_DATABASE_URL is set).
export default defineConfig({
  // tests run the workspace packages from their sources: no build needed first
  resolve: { alias: { '@qc/warehouse': src('warehouse'), '@qc/ingest': src('ingest'), '@qc/analytics': src('analytics') } },
  test: {
    globals: true,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['ops-api/src/**/*.test.ts', 'ops-api/db/**/*.test.ts', 'ingest/src/**/*.test.ts', 'warehouse/src/**/*.test.ts', 'analytics/src/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
          environment: 'node',
          globals: true,
        },
      },
      {
        extends: true,
        test: {
          name: 'api',
          include: ['ops-api/**/*.integration.test.ts', 'ingest/**/*.integration.test.ts', 'warehouse/**/*.integration.test.ts', 'analytics/**/*.integration.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          environment: 'node',
          globals: true,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
          // runs after the unit project; vitest wants distinct groups when maxWorkers differ
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
