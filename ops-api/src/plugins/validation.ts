import type { Request, ResponseToolkit } from '@hapi/hapi';
import type Joi from 'joi';
import { ValidationError } from '../errors.js';

/** Joi's messages in Chinese; `{{#label}}` is the field's Chinese label (set with `.label()`). */
export const ZH_MESSAGES: Joi.LanguageMessages = {
  'any.required': '{{#label}} 不能为空',
  'any.unknown': '{{#label}} 是不允许的字段',
  'any.invalid': '{{#label}} 的取值无效',
  'any.only': '{{#label}} 的取值必须是 {{#valids}} 之一',
  'alternatives.match': '{{#label}} 的格式不正确',
  'array.base': '{{#label}} 必须是数组',
  'array.max': '{{#label}} 最多 {{#limit}} 项',
  'array.min': '{{#label}} 至少 {{#limit}} 项',
  'array.unique': '{{#label}} 不能有重复项',
  'array.includes': '{{#label}} 中有无效的项',
  'boolean.base': '{{#label}} 必须是 true 或 false',
  'date.base': '{{#label}} 必须是日期（YYYY-MM-DD）',
  'date.format': '{{#label}} 必须是日期（YYYY-MM-DD）',
  'number.base': '{{#label}} 必须是数字',
  'number.integer': '{{#label}} 必须是整数',
  'number.min': '{{#label}} 不能小于 {{#limit}}',
  'number.max': '{{#label}} 不能大于 {{#limit}}',
  'number.unsafe': '{{#label}} 超出允许的范围',
  'number.infinity': '{{#label}} 超出允许的范围',
  'object.base': '{{#label}} 必须是 JSON 对象',
  'object.unknown': '{{#label}} 是不允许的字段',
  'object.min': '{{#label}} 至少要包含一个字段',
  'string.base': '{{#label}} 必须是文本',
  'string.empty': '{{#label}} 不能为空',
  'string.min': '{{#label}} 长度不能少于 {{#limit}} 个字符',
  'string.max': '{{#label}} 长度不能超过 {{#limit}} 个字符',
  'string.email': '{{#label}} 不是有效的电子邮箱',
  'string.pattern.base': '{{#label}} 的格式不正确',
  'string.pattern.name': '{{#label}} 的格式不正确：{{#name}}',
  'string.isoDate': '{{#label}} 必须是日期（YYYY-MM-DD）',
  'string.alphanum': '{{#label}} 只能包含字母和数字',
  'string.guid': '{{#label}} 不是有效的编号',
};

export const VALIDATE_OPTIONS: Joi.ValidationOptions = {
  abortEarly: false,
  messages: ZH_MESSAGES,
  errors: { wrap: { label: false, array: false } },
};

const SOURCE_LABELS: Record<string, string> = { payload: '请求体', query: '查询参数', params: '路径参数', headers: '请求头' };

/** Turns Joi's failure into a 400 that names each field in Chinese. */
export function validationFailAction(_request: Request, _h: ResponseToolkit, err?: Error): never {
  const joi = err as (Error & { details?: Joi.ValidationErrorItem[]; output?: { payload?: { validation?: { source?: string } } } }) | undefined;
  const source = joi?.output?.payload?.validation?.source ?? 'payload';
  const details = (joi?.details ?? []).map((d) => ({
    field: [source, ...d.path].join('.'),
    message: d.message,
  }));
  if (!details.length) {
    // The payload could not be parsed at all (e.g. a body that is not JSON).
    throw new ValidationError(`${SOURCE_LABELS[source] ?? source} 格式不正确`, [{ field: source, message: '格式不正确' }]);
  }
  const message = `请求参数有误：${details.map((d) => d.message).join('；')}`;
  throw new ValidationError(message, details);
}
