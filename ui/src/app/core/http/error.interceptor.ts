import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { NzMessageService } from 'ng-zorro-antd/message';
import { catchError, throwError } from 'rxjs';
import { toApiError } from '../api/api-error';
import { SILENT_ERRORS } from './http-context';

/** Refusals that move the user to another page, which explains them; a toast would only repeat it. */
const REDIRECTING_CODES = new Set(['CSRF_FAILED', 'PASSWORD_CHANGE_REQUIRED', 'TOTP_ENROLLMENT_REQUIRED']);

/** Shows the server's Chinese message for failed requests; 401s are left to the auth interceptor. */
export const errorInterceptor: HttpInterceptorFn = (req, next) => {
  const message = inject(NzMessageService);
  return next(req).pipe(
    catchError((error: unknown) => {
      const silent = req.context.get(SILENT_ERRORS);
      const unauthenticated = error instanceof HttpErrorResponse && error.status === 401;
      if (!silent && !unauthenticated) {
        const apiError = toApiError(error);
        if (!REDIRECTING_CODES.has(apiError.code)) message.error(apiError.message);
      }
      return throwError(() => error);
    }),
  );
};
