import type { Request, ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { drillLinks, presentActivity, presentCompare, presentDrill, presentIndicator, presentOverview, presentSpc, presentValues } from '../../presenters/analytics.js';
import { ACTIVITY_KINDS, createActivity, listActivities, type ActivityInput, type ActivityListQuery } from '../../services/activity-service.js';
import { COMPLETION_KINDS, completion, monitor, trackingVisitCorrelation, type CompletionQuery, type MonitorQuery } from '../../services/analytics-activities.js';
import { drillRecords, type DrillRequest } from '../../services/analytics-drill.js';
import { AnalyticsCache, scopeKey } from '../../services/analytics-cache.js';
import { overview } from '../../services/analytics-overview.js';
import type { Actor } from '../../services/context.js';
import { indicatorRanking, indicatorSeries, indicatorValues, type RankingQuery, type ValuesQuery } from '../../services/analytics-values.js';
import { isoDate, paging, text } from '../common.js';
import { withActor, type RouteDeps } from '../deps.js';

const code = Joi.string()
  .trim()
  .max(40)
  .pattern(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { name: '指标代码，如 HQ-01' })
  .label('指标代码');
const codeParam = Joi.object({ code: code.required() });
const orgCode = Joi.string().trim().max(40).pattern(/^[A-Za-z0-9_.-]+$/, { name: '机构代码，如 LZ-H01' }).label('机构');
const month = (label: string) => Joi.string().pattern(/^\d{4}-(0[1-9]|1[0-2])$/, { name: 'YYYY-MM' }).label(label);
const grain = Joi.string().valid('month', 'quarter', 'year').label('粒度');
const period = Joi.string()
  .pattern(/^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$/, { name: '2026-03（月）、2026Q1（季度）或 2026（年）' })
  .label('统计期');
const year = Joi.number().integer().min(2000).max(2100).label('年度');
const valuesQuery = Joi.object({ org: orgCode, from: month('起始月份'), to: month('结束月份'), grain: grain.default('month') });
const tags = ['api', 'analytics'];

/** 统计分析: indicator values (the contract), series with SPC, rankings, dashboard, completion, monitor, correlation, drill-down, activities. */
export function analyticsRoutes(deps: RouteDeps): ServerRoute[] {
  const wh = deps.warehouse;
  const dashboards = new AnalyticsCache<ReturnType<typeof presentOverview>>();
  const answers = new AnalyticsCache<unknown>();
  /** An answer shared by the users of one data scope and organization, for the same route and query. */
  const shared = <T>(request: Request, compute: () => Promise<T>): Promise<T> => {
    const actor = request.auth.credentials as unknown as Actor;
    const key = [request.route.path, scopeKey(actor.scope), actor.orgId, JSON.stringify(request.params), JSON.stringify(request.query)].join('|');
    return answers.get(key, compute) as Promise<T>;
  };
  return [
    {
      method: 'GET',
      path: '/api/analytics/indicators/{code}/values',
      options: {
        tags,
        description: '指标值：按机构（医院、质控中心或全市）与统计期（月、季、年）汇总分子分母后计算；每个数可下钻到病案记录或上报值',
        plugins: { qc: { permission: 'analytics:read' } },
        validate: { params: codeParam, query: valuesQuery },
      },
      handler: (request) =>
        shared(request, async () => {
          const q = { ...(request.query as Omit<ValuesQuery, 'code'>), code: (request.params as { code: string }).code };
          const compute = await withActor(request, deps, ({ trx, actor }) => indicatorValues(trx, actor, q));
          return presentValues(await compute(wh));
        }),
    },
    {
      method: 'GET',
      path: '/api/analytics/indicators/{code}/series',
      options: {
        tags,
        description: '指标时间序列：控制图（p/u/XmR 图的中心线、控制限和判异信号）与同比、环比',
        plugins: { qc: { permission: 'analytics:read' } },
        validate: { params: codeParam, query: valuesQuery },
      },
      handler: (request) =>
        shared(request, async () => {
          const q = { ...(request.query as Omit<ValuesQuery, 'code'>), code: (request.params as { code: string }).code };
          const compute = await withActor(request, deps, ({ trx, actor }) => indicatorSeries(trx, actor, q));
          const s = await compute(wh);
          return { ...presentValues(s), spc: presentSpc(s.spc), compare: presentCompare(s.compare) };
        }),
    },
    {
      method: 'GET',
      path: '/api/analytics/indicators/{code}/ranking',
      options: {
        tags,
        description: '医院排名：按指标方向由好到差，含去年同期值与同比',
        plugins: { qc: { permission: 'analytics:read' } },
        validate: {
          params: codeParam,
          query: Joi.object({
            period: period.required(),
            grain,
            center: orgCode.label('质控中心'),
            tier: text('医院等级', 20),
            type: text('医院类别', 20),
          }),
        },
      },
      handler: (request) =>
        shared(request, async () => {
          const q = { ...(request.query as Omit<RankingQuery, 'code'>), code: (request.params as { code: string }).code };
          const compute = await withActor(request, deps, ({ trx, actor }) => indicatorRanking(trx, actor, q));
          const r = await compute(wh);
          return {
            indicator: presentIndicator(r.indicator),
            period: r.period,
            grain: r.grain,
            rows: r.rows.map((row) => ({
              rank: row.rank,
              org: row.org,
              orgName: row.orgName,
              numerator: row.numerator,
              denominator: row.denominator,
              value: row.value,
              lastYear: row.lastYear,
              yoy: row.yoy,
              drill: drillLinks(r.indicator, row.org, row.period, r.grain, row),
            })),
          };
        }),
    },
    {
      method: 'GET',
      path: '/api/analytics/overview',
      options: {
        tags,
        description: '全市质控看板：重点指标本年与去年同期、逐月出院人次、完成率汇总、逾期与预警数',
        plugins: { qc: { permission: 'analytics:read' } },
        validate: { query: Joi.object({ year }) },
      },
      handler: (request) => {
        const query = request.query as { year?: number };
        const scope = (request.auth.credentials as unknown as Actor).scope;
        return dashboards.get(`${scopeKey(scope)}|${query.year ?? ''}`, () => withActor(request, deps, async ({ trx, actor }) => presentOverview(await overview(trx, wh, actor, query))));
      },
    },
    {
      method: 'GET',
      path: '/api/analytics/completion',
      options: {
        tags,
        description: '工作完成率：各质控中心 × 工作类型的已完成/应完成，与去年同期对比',
        plugins: { qc: { permission: 'analytics:read' } },
        validate: {
          query: Joi.object({
            year: year.required(),
            quarter: Joi.number().integer().min(1).max(4).label('季度'),
            center: orgCode.label('质控中心'),
            kind: Joi.string()
              .valid(...COMPLETION_KINDS)
              .label('工作类型'),
          }),
        },
      },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => completion(trx, actor, request.query as unknown as CompletionQuery)),
    },
    {
      method: 'GET',
      path: '/api/analytics/monitor',
      options: {
        tags,
        description: '未完成监测：临近截止（预警）和已逾期的上报任务与质控活动',
        plugins: { qc: { permission: 'analytics:read' } },
        validate: { query: Joi.object({ period, center: orgCode.label('质控中心'), asOf: isoDate.label('统计日') }) },
      },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => monitor(trx, actor, request.query as MonitorQuery)),
    },
    {
      method: 'GET',
      path: '/api/analytics/correlations/tracking-visits',
      options: {
        tags,
        description: '追踪随访与督导检查通过率变化的相关分析：分组样本量、均值差（Welch 置信区间）、通过率（Wilson 置信区间）',
        plugins: { qc: { permission: 'analytics:read' } },
        validate: { query: Joi.object({ year: year.required(), minVisits: Joi.number().integer().min(1).max(100).default(3).label('随访次数阈值') }) },
      },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => trackingVisitCorrelation(trx, actor, request.query as { year: number; minVisits: number })),
    },
    {
      method: 'GET',
      path: '/api/analytics/drill',
      options: {
        tags,
        description: '下钻：指标某个统计格的分子或分母背后的记录——病案首页指标为病案记录（不含姓名、身份证号），上报指标为审核通过的上报值',
        plugins: { qc: { permission: 'analytics:drill' } },
        validate: {
          query: Joi.object({
            indicator: code.required(),
            org: orgCode,
            period: period.required(),
            grain,
            part: Joi.string().valid('numerator', 'denominator').required().label('分子或分母'),
            ...paging,
          }),
        },
      },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor, audit }) => {
          const q = request.query as unknown as DrillRequest;
          const result = await drillRecords(trx, wh, actor, q);
          audit({ action: 'analytics.drill', objectType: 'indicator', objectId: q.indicator, detail: `${q.org ?? '全市'} ${q.period} ${q.part}：${result.total} 条` });
          return presentDrill(result);
        }),
    },
    {
      method: 'GET',
      path: '/api/analytics/activities',
      options: {
        tags,
        description: '质控活动（基线调查、督导检查、培训、质控报告、追踪随访）',
        plugins: { qc: { permission: 'analytics:read' } },
        validate: {
          query: Joi.object({
            kind: Joi.string()
              .valid(...ACTIVITY_KINDS)
              .label('活动类型'),
            center: orgCode.label('质控中心'),
            hospital: orgCode.label('医院'),
            status: Joi.string().valid('planned', 'done', 'cancelled').label('状态'),
            year,
            ...paging,
          }),
        },
      },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor }) => {
          const q = request.query as unknown as ActivityListQuery;
          const { rows, total } = await listActivities(trx, actor, q);
          return { items: rows.map(presentActivity), total, page: q.page, pageSize: q.pageSize };
        }),
    },
    {
      method: 'POST',
      path: '/api/analytics/activities',
      options: {
        tags,
        description: '登记质控活动',
        plugins: { qc: { permission: 'activity:write' } },
        validate: {
          payload: Joi.object({
            kind: Joi.string()
              .valid(...ACTIVITY_KINDS)
              .required()
              .label('活动类型'),
            center: orgCode.label('质控中心'),
            hospital: orgCode.allow(null, '').label('医院'),
            title: text('标题', 200).min(1).required(),
            dueDate: isoDate.required().disallow(null).label('截止日期'),
            status: Joi.string().valid('planned', 'done', 'cancelled').label('状态'),
            completedAt: Joi.date().iso().allow(null).label('完成时间'),
            passed: Joi.boolean().allow(null).label('是否通过'),
            score: Joi.number().min(0).max(1000).allow(null).label('得分'),
          }).label('ActivityCreate'),
        },
      },
      handler: async (request, h) => {
        const created = await withActor(request, deps, async ({ trx, actor, audit }) => {
          const row = await createActivity(trx, actor, request.payload as ActivityInput);
          const view = presentActivity(row);
          audit({ action: 'activity.create', objectType: 'qc_activity', objectId: view.id, after: view });
          return view;
        });
        return h.response(created).code(201);
      },
    },
  ];
}
