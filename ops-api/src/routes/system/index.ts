import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { overview } from '../../services/stats-service.js';
import { withActor, type RouteDeps } from '../deps.js';

/** Health and home-page statistics. */
export function systemRoutes(deps: RouteDeps): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/health',
      options: {
        auth: false,
        tags: ['api', 'system'],
        description: '健康检查',
        notes: '200 when every dependency answers, 503 with status "degraded" otherwise.',
        response: {
          schema: Joi.object({
            status: Joi.string().valid('ok', 'degraded'),
            db: Joi.string().valid('pglite', 'postgres'),
            warehouse: Joi.string().valid('duckdb', 'clickhouse'),
            version: Joi.string(),
          }).label('Health'),
          failAction: 'log',
        },
      },
      handler: async (_request, h) => {
        let dbOk = true;
        try {
          await deps.knex.raw('select 1');
        } catch {
          dbOk = false;
        }
        const warehouseOk = await deps.warehouse.ping().catch(() => false);
        const healthy = dbOk && warehouseOk;
        const body = {
          status: healthy ? 'ok' : 'degraded',
          db: deps.dbKind,
          warehouse: deps.warehouse.engine,
          version: deps.version,
        };
        return h.response(body).code(healthy ? 200 : 503);
      },
    },
    {
      method: 'GET',
      path: '/api/stats/overview',
      options: {
        tags: ['api', 'system'],
        description: '首页统计：本人数据范围内的质控中心、医疗机构、科室和用户数',
      },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => overview(actor, trx)),
    },
  ];
}
