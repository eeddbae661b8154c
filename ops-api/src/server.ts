import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Hapi, { type Request, type Server } from '@hapi/hapi';
import Inert from '@hapi/inert';
import Vision from '@hapi/vision';
import HapiSwagger from 'hapi-swagger';
import type { AppConfig } from './config.js';
import type { Database } from './db/database.js';
import { NotFoundError, type AppError } from './errors.js';
import type { Logger } from './logger.js';
import { registerAuth } from './plugins/auth.js';
import { registerErrorMapping } from './plugins/errors.js';
import { VALIDATE_OPTIONS, validationFailAction } from './plugins/validation.js';
import { authRoutes } from './routes/auth/index.js';
import { auditSubject, type RouteDeps } from './routes/deps.js';
import { orgRoutes } from './routes/orgs/index.js';
import { systemRoutes } from './routes/system/index.js';
import { userRoutes } from './routes/users/index.js';
import { securityRoutes } from './routes/security/index.js';
import { ingestRoutes } from './routes/ingest/index.js';
import { indicatorRoutes } from './routes/indicators/index.js';
import { reportingRoutes } from './routes/reporting/index.js';
import { analyticsRoutes } from './routes/analytics/index.js';
import { IngestWorker } from './jobs/ingest-worker.js';
import type { WarehouseClient } from '@qc/ingest';
import type { Actor } from './services/context.js';
import { appendAudit } from './security/audit.js';
import type { DataCipher } from './security/crypto.js';
import type { SecurityPolicy } from './security/policy.js';
import { VERSION } from './version.js';

/**
 * Audits what a signed-in user was refused (403: denied) and every failed change (failure), in its own
 * transaction since the request's own work rolled back.
 */
async function auditRefusal(deps: RouteDeps, request: Request, error: AppError): Promise<void> {
  if (!request.auth?.isAuthenticated) return;
  const mutating = ['post', 'put', 'patch', 'delete'].includes(request.method);
  if (error.status !== 403 && !(mutating && error.status >= 400)) return;
  const actor = request.auth.credentials as unknown as Actor;
  try {
    await deps.knex.transaction((trx) =>
      appendAudit(trx, auditSubject(request, actor), {
        action: error.status === 403 ? 'access.denied' : 'request.failed',
        objectType: 'route',
        objectId: `${request.method.toUpperCase()} ${request.route.path}`,
        result: error.status === 403 ? 'denied' : 'failure',
        detail: `${error.code}：${error.message}`.slice(0, 500),
      }),
    );
  } catch (err) {
    deps.logger.error({ err }, 'audit of a refusal failed');
  }
}

export interface CreateServerOptions {
  config: AppConfig;
  db: Database;
  logger: Logger;
  cipher: DataCipher;
  /** Policy values from configuration, used until the 安全管理员 saves a policy. */
  policyDefaults?: Partial<SecurityPolicy>;
  warehouse: WarehouseClient;
  worker: IngestWorker;
}

/** Content-Security-Policy of the app's pages: only our own scripts; inline styles for ng-zorro. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
// The API documentation page (swagger-ui) runs an inline bootstrap script.
const DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the hapi server with every plugin and route; `start()` is the caller's. */
export async function createServer({ config, db, logger, cipher, policyDefaults = {}, warehouse, worker }: CreateServerOptions): Promise<Server> {
  const tls = config.tlsCert && config.tlsKey ? { cert: fs.readFileSync(config.tlsCert), key: fs.readFileSync(config.tlsKey) } : undefined;
  const server = Hapi.server({
    port: config.port,
    host: config.host,
    ...(tls ? { tls } : {}),
    router: { stripTrailingSlash: true },
    routes: {
      validate: { failAction: validationFailAction, options: VALIDATE_OPTIONS },
      payload: { maxBytes: 1024 * 1024, timeout: 30_000 },
      timeout: { server: 60_000 },
      response: { emptyStatusCode: 204 },
    },
  });
  (server.app as { logger?: Logger }).logger = logger;

  // Request ids: taken from a well-formed x-request-id header, otherwise made here.
  server.ext('onRequest', (request, h) => {
    const given = request.headers['x-request-id'];
    (request.app as { requestId?: string; started?: number }).requestId =
      typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    (request.app as { started?: number }).started = performance.now();
    return h.continue;
  });
  server.ext('onPreResponse', (request, h) => {
    const response = request.response;
    const app = request.app as { requestId?: string };
    if (response && !(response instanceof Error)) {
      response.header('x-request-id', app.requestId ?? '');
      response.header('x-content-type-options', 'nosniff');
      response.header('referrer-policy', 'same-origin');
      response.header('x-frame-options', 'DENY');
      response.header('content-security-policy', request.path.startsWith('/api/docs') || request.path.startsWith('/api/swaggerui') ? DOCS_CSP : CSP);
      response.header('cross-origin-opener-policy', 'same-origin');
      response.header('permissions-policy', 'camera=(self), microphone=(), geolocation=()');
      if (tls) response.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
      if (request.path.startsWith('/api/')) response.header('cache-control', 'no-store');
    }
    return h.continue;
  });
  server.events.on('response', (request) => {
    const app = request.app as { requestId?: string; started?: number };
    const credentials = request.auth?.credentials as { userId?: number; orgId?: number } | null | undefined;
    const status = request.response && 'statusCode' in request.response ? request.response.statusCode : undefined;
    logger.info(
      {
        requestId: app.requestId,
        method: request.method.toUpperCase(),
        path: request.path,
        status,
        durationMs: app.started ? Math.round(performance.now() - app.started) : undefined,
        userId: credentials?.userId,
        orgId: credentials?.orgId,
      },
      'request',
    );
  });

  await server.register([
    Inert,
    Vision,
    {
      plugin: HapiSwagger,
      options: {
        OAS: 'v3.0',
        info: { title: '柳州市医疗质控中心管理平台 API', version: VERSION },
        jsonPath: '/api/openapi.json',
        documentationPath: '/api/docs',
        swaggerUIPath: '/api/swaggerui/',
        jsonRoutePath: '/api/openapi.json',
        grouping: 'tags',
        tags: [
          { name: 'system', description: '系统' },
          { name: 'auth', description: '登录与会话' },
          { name: 'orgs', description: '机构管理' },
          { name: 'users', description: '用户管理' },
          { name: 'security', description: '安全管理：角色、权限、安全策略' },
          { name: 'audit', description: '安全审计' },
          { name: 'ingest', description: '数据接入' },
          { name: 'indicators', description: '指标库' },
          { name: 'reporting', description: '数据上报' },
          { name: 'analytics', description: '统计分析' },
        ],
        securityDefinitions: { session: { type: 'apiKey', name: 'qc_sid', in: 'cookie' } },
        security: [{ session: [] }],
      } as HapiSwagger.RegisterOptions,
    },
  ]);

  const deps: RouteDeps = { knex: db.knex, dbKind: db.kind, config, logger, version: VERSION, cipher, policyDefaults, warehouse };
  registerErrorMapping(server, (request, error) => auditRefusal(deps, request, error));
  registerAuth(server, db.knex, config, policyDefaults);
  server.route([...systemRoutes(deps), ...authRoutes(deps), ...orgRoutes(deps), ...userRoutes(deps), ...securityRoutes(deps),
    ...ingestRoutes(deps, {
      nextRun: IngestWorker.nextRun,
      runQueued: () => void worker.tick(),
      scanDropFolder: (id, by) => worker.scanDropFolder(id, 'manual', by),
      schedulesChanged: () => worker.reschedule(),
    }),
    ...indicatorRoutes(deps),
    ...reportingRoutes(deps),
    ...analyticsRoutes(deps),
  ]);

  // Unknown API paths answer 404 in the error shape, whatever the method (GET has its own route,
  // because hapi tries method-specific routes such as the UI's `GET /{path*}` before wildcard ones).
  const apiNotFound = () => {
    throw new NotFoundError('接口');
  };
  server.route({ method: '*', path: '/api/{any*}', options: { auth: false }, handler: apiNotFound });
  server.route({ method: 'GET', path: '/api/{any*}', options: { auth: false }, handler: apiNotFound });

  registerUi(server, config);
  return server;
}

/** Serves the built Angular app; unknown non-API paths get index.html so client routes work on reload. */
function registerUi(server: Server, config: AppConfig): void {
  const uiDir = config.uiDir ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../ui/dist/ui/browser');
  const index = path.join(uiDir, 'index.html');
  server.route({
    method: 'GET',
    path: '/{path*}',
    options: { auth: false },
    handler: (request, h) => {
      if (!fs.existsSync(index)) {
        return h
          .response('<!doctype html><meta charset="utf-8"><title>柳州市医疗质控中心管理平台</title><p>前端尚未构建：请运行 npm run build。</p>')
          .type('text/html')
          .code(503);
      }
      const rel = path.normalize(String(request.params.path ?? '')).replace(/^(\.\.(\/|\\|$))+/, '');
      const file = path.join(uiDir, rel);
      if (rel && file.startsWith(uiDir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        const immutable = /\.[0-9a-f]{8,}\.|-[A-Z0-9]{8}\.(js|css)$/i.test(rel);
        return h.file(file, { confine: uiDir }).header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      }
      return h.file(index, { confine: uiDir }).header('cache-control', 'no-cache');
    },
  });
}
