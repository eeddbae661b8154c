import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { INDICATOR_DIRECTIONS, INDICATOR_KINDS } from '../../models/indicator.js';
import {
  checkFormulaInput,
  createIndicator,
  getIndicator,
  getIndicatorVersion,
  importLibraryFile,
  listIndicators,
  listLibraryImports,
  reviseIndicator,
  type FormulaCheckInput,
  type IndicatorInput,
  type IndicatorListQuery,
  type NewIndicatorInput,
} from '../../services/indicator-service.js';
import type { LibraryFile } from '../../services/indicator-library.js';
import { optionalText, paging, text } from '../common.js';
import { withActor, type RouteDeps } from '../deps.js';
import { analyticsInputsChanged } from '../../services/analytics-cache.js';

// Codes go inside `[..]` in formulas, so no brackets, colons or spaces.
const CODE_PATTERN = /^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$/;
const CODE_RULE = { name: '以字母开头，由字母、数字和 - _ . 组成' };
const code = Joi.string().trim().max(40).pattern(CODE_PATTERN, CODE_RULE).label('指标编码');
const codeParam = Joi.object({ code: code.required() });
// A variable is a bare name in a formula: letters (Chinese too), digits, underscores.
const VARIABLE_PATTERN = /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_\u4e00-\u9fff]{0,39}$/;

const direction = Joi.string()
  .valid(...INDICATOR_DIRECTIONS)
  .label('指标导向');
const kind = Joi.string()
  .valid(...INDICATOR_KINDS)
  .label('指标类型');
const formula = text('计算公式', 2000).min(1);
const variables = Joi.object()
  .pattern(Joi.string().pattern(VARIABLE_PATTERN), optionalText('变量说明', 500))
  .max(30)
  .messages({ 'object.unknown': '变量名 {{#key}} 的格式不正确：以字母或汉字开头，由字母、汉字、数字和 _ 组成' })
  .label('变量');

const indicatorFields = {
  name: text('指标名称', 100).min(1),
  specialty: text('专业', 50).min(1),
  definition: optionalText('指标定义', 2000),
  numerator: optionalText('分子说明', 1000),
  denominator: optionalText('分母说明', 1000),
  unit: optionalText('单位', 20),
  direction,
  kind,
  formula,
  variables,
  source: optionalText('来源', 1000),
  notes: optionalText('备注', 2000),
  changeNote: optionalText('修订说明', 500),
};

const nullableText = (max: number) => Joi.string().max(max).allow(null, '');
// One row of the national file; its field names are the file's own.
const libraryEntry = Joi.object({
  code: Joi.string().max(40).pattern(CODE_PATTERN, CODE_RULE).required(),
  name: Joi.string().max(200).required(),
  specialty: Joi.string().max(100).required(),
  definition: nullableText(5000),
  numerator: nullableText(2000),
  denominator: nullableText(2000),
  unit: nullableText(40),
  direction: Joi.string()
    .valid(...INDICATOR_DIRECTIONS)
    .required(),
  formula: Joi.string().max(2000).required(),
  variables: Joi.object().pattern(Joi.string().pattern(VARIABLE_PATTERN), nullableText(1000)).max(30).required(),
  kind: Joi.string()
    .valid(...INDICATOR_KINDS)
    .required(),
  source: nullableText(2000),
  official_code: nullableText(100),
  target: Joi.any(),
  notes: nullableText(5000),
  uncertain: Joi.boolean(),
  uncertain_fields: Joi.array().items(Joi.string().max(100)).max(50),
}).unknown(true);

const libraryFile = Joi.object({
  meta: Joi.object({
    generated: Joi.string()
      .pattern(/^\d{4}-\d{2}-\d{2}$/, { name: 'YYYY-MM-DD' })
      .required()
      .label('meta.generated（生成日期）'),
  })
    .unknown(true)
    .required()
    .label('meta'),
  indicators: Joi.array().items(libraryEntry).min(1).max(5000).unique('code').required().label('indicators（指标列表）'),
}).label('LibraryFile');

/** The audited picture of an indicator: its definition without the history. */
function definitionOnly<T extends { versions: unknown }>(detail: T): Omit<T, 'versions'> {
  const copy: Partial<T> = { ...detail };
  delete copy.versions;
  return copy as Omit<T, 'versions'>;
}

/** 指标库: browse, versions, custom indicators, formula check, national library imports. */
export function indicatorRoutes(deps: RouteDeps): ServerRoute[] {
  const tags = ['api', 'indicators'];
  return [
    {
      method: 'GET',
      path: '/api/indicators',
      options: {
        tags,
        description: '指标库列表（按专业、关键字、来源、取数方式筛选）',
        plugins: { qc: { permission: 'indicator:read' } },
        validate: {
          query: Joi.object({
            specialty: Joi.string().trim().max(50).allow('').label('专业'),
            q: Joi.string().trim().max(100).allow('').label('关键字'),
            origin: Joi.string().valid('national', 'custom').label('来源'),
            binding: Joi.string().valid('discharge', 'reported').label('取数方式'),
            ...paging,
          }),
        },
      },
      handler: async (request) => {
        const query = request.query as unknown as IndicatorListQuery;
        const page = await withActor(request, deps, ({ trx }) => listIndicators(query, trx));
        return { ...page, page: query.page, pageSize: query.pageSize };
      },
    },
    {
      method: 'POST',
      path: '/api/indicators/check-formula',
      options: {
        tags,
        description: '检查计算公式（语法、名称、循环引用、除零、单位），返回问题所在的位置',
        plugins: { qc: { permission: 'indicator:read' } },
        validate: {
          payload: Joi.object({
            formula: text('计算公式', 2000).allow('').required(),
            variables: Joi.array().items(Joi.string().pattern(VARIABLE_PATTERN).label('变量名')).max(30).unique().label('变量'),
            unit: optionalText('单位', 20),
            code: code.allow(null, ''),
          }).label('FormulaCheck'),
        },
      },
      handler: (request) => {
        const { code: c, ...input } = request.payload as FormulaCheckInput & { code?: string | null };
        return withActor(request, deps, ({ trx }) => checkFormulaInput(c ? { ...input, code: c } : input, trx));
      },
    },
    {
      method: 'GET',
      path: '/api/indicators/library/imports',
      options: { tags, description: '国家指标库的导入记录', plugins: { qc: { permission: 'indicator:read' } } },
      handler: (request) => withActor(request, deps, ({ trx }) => listLibraryImports(trx)),
    },
    {
      method: 'POST',
      path: '/api/indicators/library/import',
      options: {
        tags,
        description: '导入国家指标库文件（合并：新增指标、更新未本地修订的指标，保留本地修订）',
        plugins: { qc: { permission: 'indicator:manage' } },
        payload: { maxBytes: 8 * 1024 * 1024 },
        validate: { payload: libraryFile },
      },
      handler: async (request) => {
        const answer = await withActor(request, deps, async ({ trx, actor, audit }) => {
          const result = await importLibraryFile(actor, request.payload as LibraryFile, trx);
          const summary = {
            libraryVersion: result.libraryVersion,
            added: result.added,
            updated: result.updated,
            keptLocal: result.keptLocal,
            unchanged: result.unchanged,
          };
          audit({ action: 'indicator.library_import', objectType: 'indicator_library', objectId: result.libraryVersion, after: summary });
          return summary;
        });
        analyticsInputsChanged();
        return answer;
      },
    },
    {
      method: 'GET',
      path: '/api/indicators/{code}',
      options: {
        tags,
        description: '指标详情（当前版本与版本历史）',
        plugins: { qc: { permission: 'indicator:read' } },
        validate: { params: codeParam },
      },
      handler: (request) => withActor(request, deps, ({ trx }) => getIndicator((request.params as { code: string }).code, trx)),
    },
    {
      method: 'GET',
      path: '/api/indicators/{code}/versions/{version}',
      options: {
        tags,
        description: '指标某一版本的完整定义',
        plugins: { qc: { permission: 'indicator:read' } },
        validate: { params: Joi.object({ code: code.required(), version: Joi.number().integer().min(1).max(1_000_000).required().label('版本号') }) },
      },
      handler: (request) => {
        const { code: c, version } = request.params as { code: string; version: number };
        return withActor(request, deps, ({ trx }) => getIndicatorVersion(c, version, trx));
      },
    },
    {
      method: 'POST',
      path: '/api/indicators',
      options: {
        tags,
        description: '新增自定义指标（质控中心用户的指标归属本中心）',
        plugins: { qc: { permission: 'indicator:manage' } },
        validate: {
          payload: Joi.object({
            ...indicatorFields,
            code: code.required(),
            name: indicatorFields.name.required(),
            specialty: indicatorFields.specialty.required(),
            direction: direction.required(),
            kind: kind.required(),
            formula: formula.required(),
            variables: variables.required(),
          }).label('IndicatorCreate'),
        },
      },
      handler: async (request, h) => {
        const created = await withActor(request, deps, async ({ trx, actor, audit }) => {
          const detail = await createIndicator(actor, request.payload as NewIndicatorInput, trx);
          audit({ action: 'indicator.create', objectType: 'indicator', objectId: detail.code, after: detail });
          return detail;
        });
        return h.response(created).code(201);
      },
    },
    {
      method: 'POST',
      path: '/api/indicators/{code}/versions',
      options: {
        tags,
        description: '修订指标：保存为新版本（国家指标仅市卫健委；自定义指标为所属中心或市卫健委）',
        plugins: { qc: { permission: 'indicator:manage' } },
        validate: {
          params: codeParam,
          payload: Joi.object(indicatorFields).or(...Object.keys(indicatorFields).filter((k) => k !== 'changeNote'))
            .messages({ 'object.missing': '请至少填写一个要修订的字段（名称、定义、公式等）' })
            .label('IndicatorRevision'),
        },
      },
      handler: async (request, h) => {
        const c = (request.params as { code: string }).code;
        const revised = await withActor(request, deps, async ({ trx, actor, audit }) => {
          const before = await getIndicator(c, trx);
          const after = await reviseIndicator(actor, c, request.payload as IndicatorInput, trx);
          audit({ action: 'indicator.revise', objectType: 'indicator', objectId: c, before: definitionOnly(before), after: definitionOnly(after) });
          return after;
        });
        // values computed with the previous version are out of date
        analyticsInputsChanged();
        return h.response(revised).code(201);
      },
    },
  ];
}
