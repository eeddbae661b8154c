import Joi from 'joi';
import { optionalText, paging, text } from '../common.js';

/** Joi schemas of the reporting routes; every key carries its Chinese label. */
const identifier = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

export const fieldSchema = Joi.object({
  code: Joi.string().trim().pattern(identifier, { name: '以字母开头，只含字母、数字和下划线，最多 40 个字符' }).required().label('字段代码'),
  label: text('字段名称', 100).min(1).required(),
  unit: optionalText('单位', 20),
  type: Joi.string().valid('number', 'integer', 'cases').default('number').label('字段类型'),
  required: Joi.boolean().default(false).label('必填'),
  min: Joi.number().allow(null).label('最小值'),
  max: Joi.number().allow(null).label('最大值'),
  indicatorCode: Joi.string().trim().max(40).pattern(/^[A-Za-z0-9_.-]+$/, { name: '指标编码，如 MRQ-01' }).allow(null, '').label('绑定指标'),
  indicatorVariable: Joi.string().trim().pattern(identifier, { name: '指标变量，如 numerator' }).allow(null, '').label('指标变量'),
  // sent back as read from GET /reporting/forms/{id}; the order of the list decides, the element follows from the binding
  id: Joi.number().integer().strip(),
  sort: Joi.number().integer().strip(),
  element: Joi.string().max(100).strip(),
}).label('字段');

export const ruleSchema = Joi.object({
  expression: text('规则表达式', 500).min(1).required(),
  message: optionalText('提示信息', 200).default(''),
}).label('校验规则');

export const formPayload = Joi.object({
  code: Joi.string().trim().pattern(/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, { name: '2-40 位字母、数字、- 或 _' }).required().label('表单编码'),
  name: text('表单名称', 100).min(1).required(),
  description: optionalText('表单说明', 1000),
  centerId: Joi.number().integer().min(1).max(2 ** 53 - 1).allow(null).label('所属质控中心'),
  periodGrain: Joi.string().valid('month', 'quarter', 'year').required().label('填报周期'),
  deadlineDays: Joi.number().integer().min(0).max(366).default(10).label('截止天数'),
  remindDays: Joi.number().integer().min(0).max(60).default(3).label('提前提醒天数'),
  fields: Joi.array().items(fieldSchema).min(1).max(200).unique('code').required().label('字段'),
  rules: Joi.array().items(ruleSchema).max(50).default([]).label('校验规则'),
  hospitalIds: Joi.array().items(Joi.number().integer().min(1).max(2 ** 53 - 1)).max(1000).unique().label('医疗机构'),
}).label('ReportForm');

export const publishPayload = Joi.object({
  periods: Joi.array().items(Joi.string().trim().max(10).label('期间')).min(1).max(36).unique().required().label('期间'),
}).label('ReportPublish');

const scalarValue = Joi.alternatives(Joi.number(), Joi.string().trim().allow('').max(40));

// a `cases` field's list; the count beyond MAX_CASES is told by the validator, in the field's words
export const valuesSchema = Joi.object()
  .pattern(Joi.string().max(60), Joi.alternatives(scalarValue, Joi.array().items(scalarValue.allow(null)).max(10_000)).allow(null))
  .max(300)
  .label('填报数据');

export const valuesPayload = Joi.object({ values: valuesSchema.required() }).label('ReportValues');

export const reviewPayload = Joi.object({
  decision: Joi.string().valid('approve', 'return').required().label('审核结论'),
  comment: Joi.when('decision', {
    is: 'return',
    then: text('退回意见', 1000).min(1).required(),
    otherwise: optionalText('审核意见', 1000),
  }),
}).label('ReportReview');

export const formListQuery = Joi.object({
  status: Joi.string().valid('draft', 'published', 'archived').label('状态'),
  q: Joi.string().trim().max(50).allow('').label('关键字'),
  ...paging,
});

export const taskListQuery = Joi.object({
  status: Joi.string().valid('pending', 'draft', 'submitted', 'returned', 'approved').label('状态'),
  formId: Joi.number().integer().min(1).max(2 ** 53 - 1).label('表单'),
  period: Joi.string().trim().max(10).label('期间'),
  hospital: Joi.string().trim().max(40).label('医疗机构'),
  overdue: Joi.boolean().label('逾期'),
  ...paging,
});

export const templateQuery = Joi.object({
  period: Joi.string().trim().max(10).allow('').label('期间'),
  hospital: Joi.string().trim().max(40).allow('').label('医疗机构'),
});

export const notificationQuery = Joi.object({ unread: Joi.boolean().label('仅未读'), ...paging });
