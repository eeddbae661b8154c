import Boom from '@hapi/boom';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { toAppError } from './errors.js';

describe('toAppError', () => {
  it('keeps AppErrors as they are', () => {
    const e = new AppError(409, 'CONFLICT', '重复');
    expect(toAppError(e)).toBe(e);
  });

  it('maps database errors by SQLSTATE without their text', () => {
    const unique = Object.assign(new Error('duplicate key value violates unique constraint "users_username"'), { code: '23505' });
    const mapped = toAppError(unique);
    expect(mapped.status).toBe(409);
    expect(mapped.message).not.toContain('violates');
    const wrapped = Object.assign(new Error('select * from x - invalid input syntax'), { nativeError: { code: '22P02' } });
    expect(toAppError(wrapped).status).toBe(400);
  });

  it('turns anything unknown into a 500 with a Chinese message and nothing of the cause', () => {
    const mapped = toAppError(new TypeError('Cannot read properties of undefined (reading "x")'));
    expect(mapped.status).toBe(500);
    expect(mapped.message).toMatch(/服务器内部错误/);
    expect(mapped.message).not.toContain('undefined');
  });

  it('maps Boom 404 and 413 to Chinese messages', () => {
    expect(toAppError(Boom.notFound()).message).toMatch(/不存在/);
    expect(toAppError(Boom.entityTooLarge()).status).toBe(413);
  });
});
