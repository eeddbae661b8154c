import Joi from 'joi';

/** Shared Joi pieces; every key carries its Chinese label for error messages. */
export const idParam = Joi.object({ id: Joi.number().integer().min(1).max(2 ** 53 - 1).required().label('编号') });

export const paging = {
  page: Joi.number().integer().min(1).max(100000).default(1).label('页码'),
  pageSize: Joi.number().integer().min(1).max(200).default(20).label('每页条数'),
};

export const errorSchema = Joi.object({
  code: Joi.string(),
  message: Joi.string(),
  details: Joi.any(),
  requestId: Joi.string(),
}).label('Error');

/** A plain text field: trimmed, no control characters. */
export const text = (label: string, max = 200) =>
  Joi.string()
    .trim()
    .max(max)
    // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
    .pattern(/^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/, { name: '不能包含控制字符' })
    .label(label);

export const optionalText = (label: string, max = 200) => text(label, max).allow(null, '');

export const phone = Joi.string()
  .trim()
  .pattern(/^[0-9+\-() ]{5,20}$/, { name: '只能包含数字、空格和 + - ( )' })
  .allow(null, '')
  .label('电话');

export const email = Joi.string().trim().email({ tlds: false }).max(200).allow(null, '').label('电子邮箱');

export const isoDate = Joi.string()
  .pattern(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { name: 'YYYY-MM-DD' })
  .allow(null)
  .label('日期');
