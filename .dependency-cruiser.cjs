/**
 * Import directions of STYLE.md:
 *   ui ──(HTTP only; `import type` from ops-api contracts)──▶ ops-api
 *   ops-api ─▶ analytics, ai, ingest;  ai ─▶ analytics;  analytics ─▶ warehouse;  ingest ─▶ warehouse
 *   warehouse ─▶ nothing internal
 * and other packages import only a package's src/index.ts.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'warehouse-imports-nothing-internal',
      severity: 'error',
      from: { path: '^warehouse/' },
      to: { path: '^(ingest|analytics|ai|ops-api|ui)/' },
    },
    {
      name: 'analytics-only-warehouse',
      severity: 'error',
      from: { path: '^analytics/' },
      to: { path: '^(ingest|ai|ops-api|ui)/' },
    },
    {
      name: 'ingest-only-warehouse',
      severity: 'error',
      from: { path: '^ingest/' },
      to: { path: '^(analytics|ai|ops-api|ui)/' },
    },
    {
      name: 'ai-only-analytics',
      comment: 'the AI never opens a warehouse connection itself',
      severity: 'error',
      from: { path: '^ai/' },
      to: { path: '^(warehouse|ingest|ops-api|ui)/' },
    },
    {
      name: 'ops-api-not-ui-or-warehouse',
      comment: 'ops-api reaches the warehouse through analytics and ingest',
      severity: 'error',
      from: { path: '^ops-api/' },
      to: { path: '^(ui|warehouse)/' },
    },
    {
      name: 'ui-only-types-from-ops-api',
      comment: 'the UI talks to ops-api over HTTP; it may only `import type` its contracts',
      severity: 'error',
      from: { path: '^ui/' },
      to: { path: '^(ops-api|ingest|warehouse|analytics|ai)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-through-index',
      comment: 'another package is entered through its src/index.ts',
      severity: 'error',
      from: { path: '^(ops-api|ingest|warehouse|analytics|ai|ui)/' },
      to: {
        path: '^(ops-api|ingest|warehouse|analytics|ai)/(?!(src/index\\.ts|dist/src/index\\.(js|d\\.ts))$)',
        pathNot: '^$1/',
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      // a cycle through `import type` only does not exist at run time
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|\\.angular)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
