/** Every error a client may see. `message` is Chinese and says what to fix. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class NotFoundError extends AppError {
  constructor(what = '记录') {
    super(404, 'NOT_FOUND', `${what}不存在或无权访问`);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = '没有执行此操作的权限，请联系管理员') {
    super(403, 'FORBIDDEN', message);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = '未登录或登录已过期，请重新登录') {
    super(401, 'UNAUTHENTICATED', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super(409, 'CONFLICT', message, details);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: { field: string; message: string }[]) {
    super(400, 'VALIDATION_FAILED', message, details);
  }
}
