import type { Request, Server } from '@hapi/hapi';
import type { Boom } from '@hapi/boom';
import { AppError } from '../errors.js';

interface PgError extends Error {
  code?: string;
  /** Objection wraps driver errors (db-errors); the SQLSTATE sits on the native error. */
  nativeError?: { code?: string };
}

/** Maps any error onto the contract's shape `{code,message,details,requestId}`; no stack or SQL reaches a client. */
export function toAppError(err: Error): AppError {
  if (err instanceof AppError) return err;
  const boom = err as Boom & PgError;
  const sqlState = boom.nativeError?.code ?? boom.code;
  const pgCode = typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState) ? sqlState : undefined;
  if (pgCode) {
    if (pgCode === '23505') return new AppError(409, 'CONFLICT', '数据重复：相同编码或名称的记录已存在');
    if (pgCode === '23503') return new AppError(409, 'CONFLICT', '该记录被其他数据引用或引用的记录不存在，不能执行此操作');
    if (pgCode === '23514') return new AppError(400, 'VALIDATION_FAILED', '数据不符合取值规则，请检查填写的内容');
    if (pgCode.startsWith('22')) return new AppError(400, 'VALIDATION_FAILED', '数据格式不正确，请检查填写的内容');
    if (pgCode === '42501') return new AppError(403, 'FORBIDDEN', '没有访问该数据的权限');
  }
  if (boom.isBoom) {
    const status = boom.output.statusCode;
    if (status === 404) return new AppError(404, 'NOT_FOUND', '请求的地址不存在，请检查路径');
    if (status === 405) return new AppError(405, 'METHOD_NOT_ALLOWED', '不支持该请求方法');
    if (status === 401) return new AppError(401, 'UNAUTHENTICATED', '未登录或登录已过期，请重新登录');
    if (status === 403) return new AppError(403, 'FORBIDDEN', '没有执行此操作的权限，请联系管理员');
    if (status === 413) return new AppError(413, 'PAYLOAD_TOO_LARGE', '请求内容过大，请缩小后重试');
    if (status === 415) return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型，请以 JSON 提交');
    if (status === 400) return new AppError(400, 'BAD_REQUEST', '请求格式不正确，请检查后重试');
    if (status === 408) return new AppError(408, 'TIMEOUT', '请求超时，请重试');
    if (status === 429) return new AppError(429, 'TOO_MANY_REQUESTS', '请求过于频繁，请稍后再试');
    if (status === 503) return new AppError(503, 'UNAVAILABLE', '服务暂时不可用，请稍后再试');
    if (status < 500) return new AppError(status, 'BAD_REQUEST', '请求无法处理，请检查后重试');
  }
  return new AppError(500, 'INTERNAL', '服务器内部错误，请稍后重试；如持续出现请联系管理员并提供请求编号');
}

/**
 * One onPreResponse extension: every error leaves in the contract's shape, 5xx are logged with their
 * cause, and `onError` (the audit) sees each mapped error first.
 */
export function registerErrorMapping(server: Server, onError?: (request: Request, error: AppError) => Promise<void>): void {
  server.ext('onPreResponse', async (request, h) => {
    const response = request.response;
    if (!response || !(response instanceof Error)) return h.continue;
    const appError = toAppError(response);
    if (onError) await onError(request, appError);
    const requestId = (request.app as { requestId?: string }).requestId ?? '';
    if (appError.status >= 500) {
      request.log(['error'], { err: response, requestId });
      (server.app as { logger?: { error: (o: unknown, m: string) => void } }).logger?.error(
        { requestId, err: { message: response.message, stack: response.stack } },
        'request failed',
      );
    }
    const payload: Record<string, unknown> = { code: appError.code, message: appError.message, requestId };
    if (appError.details !== undefined) payload.details = appError.details;
    const out = h.response(payload).code(appError.status);
    if (appError.status === 405) out.header('allow', 'GET, POST, PATCH, PUT, DELETE');
    return out;
  });
}
