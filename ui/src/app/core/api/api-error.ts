import { HttpErrorResponse } from '@angular/common/http';
import { ApiErrorBody, FieldError } from './models';

/** Turns any HTTP failure into the ops-api error shape, with a Chinese message people can act on. */
export function toApiError(error: unknown): ApiErrorBody {
  if (error instanceof HttpErrorResponse) {
    const body = error.error as Partial<ApiErrorBody> | null;
    if (body && typeof body === 'object' && typeof body.message === 'string') {
      return {
        code: body.code ?? `HTTP_${error.status}`,
        message: body.message,
        details: body.details,
        requestId: body.requestId,
      };
    }
    if (error.status === 0) {
      return { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' };
    }
    return {
      code: `HTTP_${error.status}`,
      message: `服务器暂时无法处理请求（HTTP ${error.status}），请稍后重试`,
    };
  }
  return { code: 'UNKNOWN', message: '发生未知错误，请刷新页面后重试' };
}

/** The `details` of a 400 VALIDATION_FAILED, or an empty list. */
export function fieldErrorsOf(error: unknown): FieldError[] {
  const details = toApiError(error).details;
  if (!Array.isArray(details)) return [];
  return details.filter(
    (d): d is FieldError =>
      !!d && typeof d === 'object' && typeof d.field === 'string' && typeof d.message === 'string',
  );
}
